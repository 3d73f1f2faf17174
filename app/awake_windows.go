//go:build windows

package app

import (
	"fmt"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procQueryUnbiasedInterruptTime = windows.NewLazySystemDLL("kernel32.dll").NewProc("QueryUnbiasedInterruptTime")

// unbiasedInterruptTime is QueryUnbiasedInterruptTime: the interrupt time
// without the time the machine spent asleep or hibernating, in 100 ns
// units since boot.
func unbiasedInterruptTime() (time.Duration, error) {
	var t uint64
	if ok, _, err := procQueryUnbiasedInterruptTime.Call(uintptr(unsafe.Pointer(&t))); ok == 0 {
		return 0, fmt.Errorf("QueryUnbiasedInterruptTime: %w", err)
	}
	return time.Duration(t) * 100, nil
}

// awakeTime is the awake-time source of the engine's clock on Windows.
// Go's monotonic clock there is the interrupt time, which keeps counting
// through sleep: a sleep the power events did not announce (Modern
// Standby machines may send no PBT_APMSUSPEND) would be logged as focus.
// The unbiased interrupt time stops while the machine sleeps. If it
// cannot be read (it exists since Windows 7), Go's clock is used and the
// caller says so.
func awakeTime() (func() time.Duration, error) {
	if _, err := unbiasedInterruptTime(); err != nil {
		return nil, err
	}
	var last atomic.Int64
	return func() time.Duration {
		// It worked once; should a read ever fail, repeating the last
		// reading looks like a short sleep, never like extra focus.
		if d, err := unbiasedInterruptTime(); err == nil {
			last.Store(int64(d))
		}
		return time.Duration(last.Load())
	}, nil
}

//go:build windows

package app

import (
	"testing"
	"time"
)

// The engine's awake time on Windows is QueryUnbiasedInterruptTime: it can
// be called, it advances while the machine is awake, and awakeTime reads
// it (not Go's monotonic clock, the interrupt time, which counts sleep).
func TestAwakeTimeIsTheUnbiasedInterruptTime(t *testing.T) {
	first, err := unbiasedInterruptTime()
	if err != nil {
		t.Fatal(err)
	}
	if first <= 0 {
		t.Fatalf("QueryUnbiasedInterruptTime = %v, want time since boot", first)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		now, err := unbiasedInterruptTime()
		if err != nil {
			t.Fatal(err)
		}
		if now > first {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("QueryUnbiasedInterruptTime stayed at %v for 5 s", first)
		}
		time.Sleep(10 * time.Millisecond)
	}

	awake, err := awakeTime()
	if err != nil || awake == nil {
		t.Fatalf("awakeTime: nil %v, %v", awake == nil, err)
	}
	// A reading of awake lies between two direct readings of the unbiased
	// interrupt time: it is that clock, whatever its origin.
	before, _ := unbiasedInterruptTime()
	got := awake()
	after, _ := unbiasedInterruptTime()
	if got < before || got > after {
		t.Fatalf("awake() = %v, not between QueryUnbiasedInterruptTime readings %v and %v", got, before, after)
	}
}

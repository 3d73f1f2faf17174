//go:build darwin && cgo

package away

// #include <stdint.h>
import "C"

// awayGoEvent is called by the C callbacks of darwin_cgo.go, on the run
// loop's thread; it must not block.
//
//export awayGoEvent
func awayGoEvent(id C.uintptr_t, what C.int, notice C.intptr_t) {
	darwinMu.Lock()
	ch := darwinByID[uintptr(id)]
	darwinMu.Unlock()
	if ch == nil {
		return
	}
	select {
	case ch <- darwinEvent{what: int(what), notice: notice}:
	default:
	}
}

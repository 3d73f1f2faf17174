package away

import (
	"context"
	"testing"
	"time"
)

// On Windows: the hidden window comes up, its sources are listed, and the
// message loop ends when the context does. (Cross-compiled here, run on
// Windows.)
func TestWindowsSourcesAndStop(t *testing.T) {
	m := New(Options{IdleAfter: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(ctx, func(context.Context, Event) {})
	}()
	select {
	case <-m.Probed():
	case <-time.After(10 * time.Second):
		t.Fatal("not probed")
	}
	want := map[string]bool{srcWTS: true, srcPower: true, srcWinIdle: true}
	for _, s := range m.Sources() {
		if !s.Live || !want[s.Name] {
			t.Errorf("source %+v, want live and one of %v", s, want)
		}
		delete(want, s.Name)
	}
	if len(want) > 0 {
		t.Errorf("sources missing: %v", want)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return: the message loop did not end")
	}
}

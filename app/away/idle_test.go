package away

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeIdle is a source that can only say how long ago the last input was,
// like the X server, Windows and macOS.
type fakeIdle struct {
	mu   sync.Mutex
	last time.Time
	err  error
}

func (f *fakeIdle) input(at time.Time) {
	f.mu.Lock()
	f.last = at
	f.mu.Unlock()
}

func (f *fakeIdle) fail(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *fakeIdle) query() (time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Since(f.last), f.err
}

// pollIdle on every OS: Idle dated at the last input, Active at the input
// that ends it, Active when idle detection is turned off, and a source
// that fails is listed as lost.
func TestPollIdle(t *testing.T) {
	m := New(Options{IdleAfter: 100 * time.Millisecond, Log: testLog(t)})
	src := &fakeIdle{}
	first := time.Now()
	src.input(first)
	ctx, cancel := context.WithCancel(context.Background())
	var (
		mu  sync.Mutex
		got []Event
	)
	var wg sync.WaitGroup
	wg.Go(func() {
		m.hub.deliver(ctx, func(_ context.Context, ev Event) {
			mu.Lock()
			got = append(got, ev)
			mu.Unlock()
		})
	})
	wg.Go(func() { m.pollIdle(ctx, "fake-idle", "fake", func() {}, src.query) })
	defer func() {
		cancel()
		wg.Wait()
	}()
	wait := func(n int) []Event {
		t.Helper()
		end := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			evs := append([]Event(nil), got...)
			mu.Unlock()
			if len(evs) >= n {
				return evs
			}
			if time.Now().After(end) {
				t.Fatalf("timed out waiting for event %d; got %v", n, kindsOf(evs))
			}
			time.Sleep(2 * time.Millisecond)
		}
	}

	evs := wait(1)
	if evs[0].Kind != Idle || evs[0].At.Sub(first).Abs() > 20*time.Millisecond {
		t.Fatalf("got %+v, want Idle at the last input %v", evs[0], first)
	}
	second := time.Now()
	src.input(second)
	evs = wait(2)
	if evs[1].Kind != Active || evs[1].At.Sub(second).Abs() > 20*time.Millisecond {
		t.Fatalf("got %+v, want Active at the input %v", evs[1], second)
	}
	wait(3) // idle again
	m.SetIdleAfter(0)
	evs = wait(4)
	if !slices.Equal(kindsOf(evs), []Kind{Idle, Active, Idle, Active}) {
		t.Fatalf("events %v", kindsOf(evs))
	}
	if s := m.Sources(); len(s) != 1 || s[0].Live || s[0].Note != noteIdleOff {
		t.Fatalf("sources %+v, want the idle source off", s)
	}
	m.SetIdleAfter(time.Hour)
	src.fail(errors.New("display gone"))
	end := time.Now().Add(10 * time.Second)
	for s := m.Sources(); len(s) != 1 || s[0].Live || s[0].Note != "lost: display gone"; s = m.Sources() {
		if time.Now().After(end) {
			t.Fatalf("sources %+v, want the idle source lost", s)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

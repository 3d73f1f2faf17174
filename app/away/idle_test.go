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

	// The instant reported is the last input as the source dates it: not
	// before it, and not after the event was seen (no tolerance for a
	// busy machine; the timing is TestIdleTrackerOnAFakeClock's).
	evs := wait(1)
	if evs[0].Kind != Idle || evs[0].At.Before(first) || evs[0].At.After(time.Now()) {
		t.Fatalf("got %+v, want Idle at the last input %v", evs[0], first)
	}
	second := time.Now()
	src.input(second)
	evs = wait(2)
	if evs[1].Kind != Active || evs[1].At.Before(second) || evs[1].At.After(time.Now()) {
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
	// The display goes while idle detection is off; turning it on asks the
	// source at once, and finds it gone. (Failing it after turning it on
	// raced with that first question, which then slept for the hour.)
	src.fail(errors.New("display gone"))
	m.SetIdleAfter(time.Hour)
	end := time.Now().Add(10 * time.Second)
	for s := m.Sources(); len(s) != 1 || s[0].Live || s[0].Note != "lost: display gone"; s = m.Sources() {
		if time.Now().After(end) {
			t.Fatalf("sources %+v, want the idle source lost", s)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// The idle judgement on a fake clock: no wall time, so no tolerance for a
// busy machine. The source answers "the last input was d ago"; the
// monotonic and the caller's clocks move together here.
func TestIdleTrackerOnAFakeClock(t *testing.T) {
	const after = 10 * time.Minute
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	type step struct {
		at     time.Duration // since t0, when the source is asked
		idle   time.Duration // its answer: the last input was this long ago
		report bool
		idleIs bool          // the state reported, when report
		since  time.Duration // since t0, the instant reported
		next   time.Duration
	}
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"active: ask again when the threshold could first be reached", []step{
			{at: 0, idle: 4 * time.Minute, next: 6 * time.Minute},
		}},
		{"idle exactly at the threshold", []step{
			{at: 10 * time.Minute, idle: after, report: true, idleIs: true, since: 0, next: idlePoll},
		}},
		{"a millisecond short of it is not idle", []step{
			{at: 10 * time.Minute, idle: after - time.Millisecond, next: time.Millisecond},
		}},
		{"idle, then no input: stays idle, asked every second", []step{
			{at: 11 * time.Minute, idle: 11 * time.Minute, report: true, idleIs: true, since: 0, next: idlePoll},
			{at: 11*time.Minute + time.Second, idle: 11*time.Minute + time.Second, next: idlePoll},
		}},
		{"idle, then input: active as of that input", []step{
			{at: 10 * time.Minute, idle: after, report: true, idleIs: true, since: 0, next: idlePoll},
			{at: 10*time.Minute + 3*time.Second, idle: 2 * time.Second, report: true, idleIs: false,
				since: 10*time.Minute + time.Second, next: after - 2*time.Second},
		}},
		{"the source's own clock drifting a little is no input", []step{
			{at: 10 * time.Minute, idle: after, report: true, idleIs: true, since: 0, next: idlePoll},
			{at: 10*time.Minute + time.Second, idle: after + time.Second - 200*time.Millisecond, next: idlePoll},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tr idleTracker
			for i, s := range c.steps {
				now := t0.Add(s.at)
				got := tr.check(s.idle, now, now, after)
				want := idleCheck{report: s.report, next: s.next}
				if s.report {
					want.idle, want.at = s.idleIs, t0.Add(s.since)
				}
				if got != want {
					t.Fatalf("step %d: %+v, want %+v", i, got, want)
				}
			}
		})
	}
}

package focus

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func newTestEngine(autoBreak, autoFocus bool) (*Engine, *FakeClock) {
	c := NewFakeClock(t0)
	return NewEngine(c, Settings{Plan: Pomodoro, AutoStartBreak: autoBreak, AutoStartFocus: autoFocus}), c
}

// summary renders events compactly so a whole scenario is one comparison.
func summary(evs []Event) string {
	var parts []string
	for _, ev := range evs {
		parts = append(parts, ev.At.Format("15:04:05")+" "+string(ev.Reason)+" "+string(ev.From)+">"+string(ev.To))
	}
	return strings.Join(parts, "; ")
}

// ok fails the test on a command error: ok(t)(e.Start(0, "")).
func ok(t *testing.T) func([]Event, error) []Event {
	return func(evs []Event, err error) []Event {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return evs
	}
}

func TestFullPomodoroCycle(t *testing.T) {
	e, c := newTestEngine(true, false)
	evs := ok(t)(e.Start(0, "q3-report"))
	if got, want := summary(evs), "09:00:00 started idle>focus"; got != want {
		t.Fatalf("start: got %q want %q", got, want)
	}
	if evs[0].Block.Planned != 25*time.Minute || evs[0].Block.Tag != "q3-report" || evs[0].Block.ID != 1 {
		t.Fatalf("started block = %+v", evs[0].Block)
	}
	c.Advance(24*time.Minute + 59*time.Second)
	if evs := e.Tick(); len(evs) != 0 {
		t.Fatalf("tick before deadline: %s", summary(evs))
	}
	c.Advance(time.Second)
	evs = e.Tick()
	if got, want := summary(evs), "09:25:00 completed focus>idle; 09:25:00 started idle>short_break"; got != want {
		t.Fatalf("completion: got %q want %q", got, want)
	}
	done := evs[0].Block
	if done.Outcome != OutcomeCompleted || done.Active != 25*time.Minute || done.Suspended != 0 || !done.EndedAt.Equal(t0.Add(25*time.Minute)) {
		t.Fatalf("completed block = %+v", done)
	}
	if evs[0].Cycle != 1 {
		t.Fatalf("cycle after first block = %d, want 1", evs[0].Cycle)
	}
	c.Advance(5 * time.Minute)
	evs = e.Tick()
	if got, want := summary(evs), "09:30:00 completed short_break>idle"; got != want {
		t.Fatalf("break end: got %q want %q", got, want)
	}
	if e.Status().State != StateIdle || !e.NextWake().IsZero() {
		t.Fatalf("idle engine should have no wake: %v %v", e.Status().State, e.NextWake())
	}
}

func TestAutoStartFocusAndLongBreak(t *testing.T) {
	e, c := newTestEngine(true, true)
	ok(t)(e.Start(0, "x"))
	var kinds []string
	for range 4 {
		c.Advance(25 * time.Minute)
		evs := e.Tick()
		brk := evs[len(evs)-1].Block
		kinds = append(kinds, string(brk.Kind))
		c.Advance(brk.Planned)
		evs = e.Tick()
		if last := evs[len(evs)-1]; last.Reason != ReasonStarted || last.Block.Kind != KindFocus || last.Block.Tag != "x" {
			t.Fatalf("focus did not auto-start after break: %s", summary(evs))
		}
	}
	if got, want := strings.Join(kinds, ","), "short_break,short_break,short_break,long_break"; got != want {
		t.Fatalf("break kinds %s, want %s", got, want)
	}
	if e.Cycle() != 0 {
		t.Fatalf("cycle after long break = %d, want 0", e.Cycle())
	}
}

func TestPauseResume(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(10 * time.Minute)
	evs := ok(t)(e.Pause())
	if got, want := summary(evs), "09:10:00 paused focus>paused"; got != want {
		t.Fatalf("pause: %q want %q", got, want)
	}
	if b := evs[0].Block; b.Remaining != 15*time.Minute || !b.Deadline.IsZero() || b.Active != 10*time.Minute {
		t.Fatalf("paused block = %+v", b)
	}
	if _, err := e.Pause(); !errors.Is(err, ErrAlreadyPaused) {
		t.Fatalf("second pause: %v", err)
	}
	if !e.NextWake().IsZero() {
		t.Fatal("a paused engine must not need waking")
	}
	c.Advance(7 * time.Minute)
	if st := e.Status(); st.Remaining != 15*time.Minute || st.State != StatePaused {
		t.Fatalf("status while paused: %+v", st)
	}
	evs = ok(t)(e.Resume())
	if got, want := summary(evs), "09:17:00 resumed paused>focus"; got != want {
		t.Fatalf("resume: %q want %q", got, want)
	}
	if !evs[0].Block.Deadline.Equal(t0.Add(32 * time.Minute)) {
		t.Fatalf("deadline after resume = %v", evs[0].Block.Deadline)
	}
	c.Advance(15 * time.Minute)
	evs = e.Tick()
	b := evs[0].Block
	if b.Outcome != OutcomeCompleted || b.Active != 25*time.Minute || b.Paused != 7*time.Minute || b.Pauses != 1 {
		t.Fatalf("completed after pause: %+v", b)
	}
	if _, err := e.Resume(); !errors.Is(err, ErrNotPaused) {
		t.Fatalf("resume when idle: %v", err)
	}
}

func TestStopEarlyIsPartialAndNotCounted(t *testing.T) {
	e, c := newTestEngine(true, false)
	ok(t)(e.Start(50*time.Minute, "deep"))
	c.Advance(12*time.Minute + 30*time.Second)
	evs := ok(t)(e.Stop())
	b := evs[0].Block
	if b.Outcome != OutcomeStopped || b.Active != 12*time.Minute+30*time.Second || b.Planned != 50*time.Minute {
		t.Fatalf("stopped block = %+v", b)
	}
	if len(evs) != 1 || e.Status().State != StateIdle {
		t.Fatalf("stop must not auto-start a break: %s", summary(evs))
	}
	if e.Cycle() != 0 {
		t.Fatalf("an early stop counted towards the long break")
	}
	if _, err := e.Stop(); !errors.Is(err, ErrIdle) {
		t.Fatalf("stop when idle: %v", err)
	}
	if _, err := e.Pause(); !errors.Is(err, ErrIdle) {
		t.Fatalf("pause when idle: %v", err)
	}
}

func TestStopWhilePaused(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(5 * time.Minute)
	ok(t)(e.Pause())
	c.Advance(3 * time.Minute)
	evs := ok(t)(e.Stop())
	b := evs[0].Block
	if b.Active != 5*time.Minute || b.Paused != 3*time.Minute || b.IsPaused() || !b.EndedAt.Equal(t0.Add(8*time.Minute)) {
		t.Fatalf("stopped while paused: %+v", b)
	}
}

func TestStartWhileFocusedIsAnError(t *testing.T) {
	e, _ := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	if _, err := e.Start(0, ""); !errors.Is(err, ErrAlreadyFocused) {
		t.Fatalf("got %v", err)
	}
	ok(t)(e.Pause())
	if _, err := e.Start(0, ""); !errors.Is(err, ErrAlreadyFocused) {
		t.Fatalf("start while a focus block is paused: %v", err)
	}
}

func TestStartDuringBreakEndsTheBreak(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.StartBreak(0))
	c.Advance(2 * time.Minute)
	evs := ok(t)(e.Start(0, ""))
	if got, want := summary(evs), "09:02:00 stopped short_break>idle; 09:02:00 started idle>focus"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

func TestStartBreakDuringFocusStopsIt(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(20 * time.Minute)
	evs := ok(t)(e.StartBreak(10 * time.Minute))
	if got, want := summary(evs), "09:20:00 stopped focus>idle; 09:20:00 started idle>short_break"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	if evs[1].Block.Planned != 10*time.Minute {
		t.Fatalf("break length = %v", evs[1].Block.Planned)
	}
}

func TestSuspendDuringFocusDeadlineAhead(t *testing.T) {
	e, c := newTestEngine(true, false)
	ok(t)(e.Start(0, ""))
	c.Advance(5 * time.Minute)
	c.Suspend(10 * time.Minute)
	c.Advance(30 * time.Second)
	evs := e.Tick()
	if got, want := summary(evs), "09:15:30 woke focus>focus"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	b := evs[0].Block
	if b.Active != 5*time.Minute+30*time.Second || b.Suspended != 10*time.Minute {
		t.Fatalf("sleep counted as focus: %+v", b)
	}
	// The deadline is a wall-clock instant: sleep does not extend it.
	if st := e.Status(); st.Remaining != 9*time.Minute+30*time.Second {
		t.Fatalf("remaining after wake = %v", st.Remaining)
	}
	c.Advance(9*time.Minute + 30*time.Second)
	evs = e.Tick()
	if b := evs[0].Block; b.Outcome != OutcomeCompleted || b.Active != 15*time.Minute || b.Suspended != 10*time.Minute {
		t.Fatalf("completed block = %+v", b)
	}
}

func TestSuspendPastDeadlineClosesAtTrueEnd(t *testing.T) {
	e, c := newTestEngine(true, true)
	ok(t)(e.Start(0, ""))
	c.Advance(10 * time.Minute)
	c.Suspend(time.Hour)
	evs := e.Tick()
	// Focus ends at its deadline, the auto break starts then and also ends
	// in the sleep; focus does not auto-start while the user was away.
	want := "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:30:00 completed short_break>idle; 10:10:00 woke idle>idle"
	if got := summary(evs); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if b := evs[0].Block; b.Active != 10*time.Minute || b.Suspended != 15*time.Minute || !b.EndedAt.Equal(t0.Add(25*time.Minute)) {
		t.Fatalf("focus block = %+v", b)
	}
	if e.Status().State != StateIdle {
		t.Fatalf("state = %v", e.Status().State)
	}
}

func TestSuspendDuringBreak(t *testing.T) {
	e, c := newTestEngine(true, true)
	ok(t)(e.StartBreak(0))
	c.Advance(2 * time.Minute)
	c.Suspend(20 * time.Minute)
	evs := e.Tick()
	want := "09:05:00 completed short_break>idle; 09:22:00 woke idle>idle"
	if got := summary(evs); got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	if b := evs[0].Block; b.Active != 2*time.Minute || b.Suspended != 3*time.Minute {
		t.Fatalf("break block = %+v", b)
	}
}

func TestSuspendWhilePausedChangesNothing(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(time.Minute)
	ok(t)(e.Pause())
	c.Suspend(time.Hour)
	if evs := e.Tick(); len(evs) != 0 {
		t.Fatalf("events while paused: %s", summary(evs))
	}
	if st := e.Status(); st.Remaining != 24*time.Minute {
		t.Fatalf("remaining = %v", st.Remaining)
	}
}

func TestClockSlewIsNotSuspend(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(time.Minute)
	c.Suspend(2 * time.Second) // NTP nudged the wall clock
	if evs := e.Tick(); len(evs) != 0 {
		t.Fatalf("slew reported as sleep: %s", summary(evs))
	}
	if b := e.Current(); b.Suspended != 0 || b.Active != time.Minute+2*time.Second {
		t.Fatalf("block = %+v", b)
	}
}

func TestClockGoingBackwardsNeverGoesNegative(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(3 * time.Minute)
	e.Tick()
	c.Set(c.Now().Add(-10 * time.Minute))
	e.Tick()
	c.Advance(time.Minute)
	e.Tick()
	b := e.Current()
	if b.Active < 0 || b.Suspended < 0 || b.Active != 3*time.Minute {
		t.Fatalf("block after clock went back = %+v", b)
	}
}

func TestRestoreMidBlock(t *testing.T) {
	tests := []struct {
		name         string
		downtime     time.Duration
		paused       bool
		want         string
		wantState    State
		wantActive   time.Duration
		wantSuspend  time.Duration
		wantRemained time.Duration
	}{
		{name: "deadline ahead", downtime: 2 * time.Minute,
			want: "09:12:00 woke focus>focus", wantState: StateFocus,
			wantActive: 10 * time.Minute, wantSuspend: 2 * time.Minute, wantRemained: 13 * time.Minute},
		{name: "deadline passed", downtime: time.Hour,
			want:      "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:30:00 completed short_break>idle; 10:10:00 woke idle>idle",
			wantState: StateIdle, wantActive: 10 * time.Minute, wantSuspend: 15 * time.Minute},
		{name: "paused", downtime: 3 * time.Hour, paused: true,
			wantState: StatePaused, wantActive: 10 * time.Minute, wantRemained: 15 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := newTestEngine(true, true)
			ok(t)(e.Start(0, "tag"))
			c.Advance(10 * time.Minute)
			e.Tick()
			if tt.paused {
				ok(t)(e.Pause())
			}
			saved, cycle, lastID := e.Current(), e.Cycle(), e.LastID()

			// A new process: a fresh monotonic clock, later wall time.
			c2 := NewFakeClock(c.Now().Add(tt.downtime))
			e2 := NewEngine(c2, e.Settings())
			evs := e2.Restore(saved, cycle, lastID)
			if got := summary(evs); got != tt.want {
				t.Fatalf("restore events:\n got %q\nwant %q", got, tt.want)
			}
			if st := e2.Status(); st.State != tt.wantState || st.Remaining != tt.wantRemained {
				t.Fatalf("state %v remaining %v, want %v %v", st.State, st.Remaining, tt.wantState, tt.wantRemained)
			}
			b := e2.Current()
			if b == nil {
				b = &evs[0].Block
			}
			if b.ID != 1 || b.Active != tt.wantActive || b.Suspended != tt.wantSuspend {
				t.Fatalf("block = %+v", b)
			}
			if evs, _ := e2.Start(0, ""); tt.wantState == StateIdle && evs[len(evs)-1].Block.ID <= saved.ID {
				t.Fatalf("restored engine reused block ID %d", evs[len(evs)-1].Block.ID)
			}
		})
	}
}

func TestRestoreNothing(t *testing.T) {
	e, _ := newTestEngine(false, false)
	if evs := e.Restore(nil, 2, 41); len(evs) != 0 || e.Status().State != StateIdle || e.Cycle() != 2 {
		t.Fatalf("restore of nothing: %s", summary(evs))
	}
	evs := ok(t)(e.Start(0, ""))
	if evs[0].Block.ID != 42 {
		t.Fatalf("next ID = %d, want 42", evs[0].Block.ID)
	}
}

func TestEventsComeBackWithErrors(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(30 * time.Minute)
	// The block ended unobserved; Stop catches up, then finds nothing to stop.
	evs, err := e.Stop()
	if !errors.Is(err, ErrIdle) || summary(evs) != "09:25:00 completed focus>idle" {
		t.Fatalf("got %q, %v", summary(evs), err)
	}
}

func TestNextWakeFollowsTheCountdown(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	if got := e.NextWake(); !got.Equal(t0.Add(time.Minute)) {
		t.Fatalf("first wake %v", got)
	}
	c.Advance(24*time.Minute + 10*time.Second)
	if got := e.NextWake(); !got.Equal(t0.Add(24*time.Minute + 15*time.Second)) {
		t.Fatalf("wake in the last minute %v, want 5 s on (45 s left)", got)
	}
	c.Advance(47 * time.Second)
	if got := e.NextWake(); !got.Equal(t0.Add(25 * time.Minute)) {
		t.Fatalf("last wake %v, want the deadline", got)
	}
	ok(t)(e.Pause())
	if got := e.NextWake(); !got.IsZero() {
		t.Fatalf("paused in the last minute: wake %v, want none", got)
	}
}

func TestBadLengths(t *testing.T) {
	e, _ := newTestEngine(false, false)
	for _, d := range []time.Duration{-time.Minute, MaxBlock + time.Second} {
		if _, err := e.Start(d, ""); err == nil {
			t.Errorf("Start(%v) accepted", d)
		}
		if _, err := e.StartBreak(d); err == nil {
			t.Errorf("StartBreak(%v) accepted", d)
		}
	}
	if e.Status().State != StateIdle {
		t.Fatal("a rejected start changed state")
	}
}

func TestPlanValidate(t *testing.T) {
	if err := Pomodoro.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Plan{Focus: 0, ShortBreak: -time.Minute, LongBreak: 13 * time.Hour, LongBreakEvery: -1}
	err := bad.Validate()
	for _, want := range []string{"focus length", "short break length", "long break length", "blocks before a long break"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want mention of %q", err, want)
		}
	}
}

// A 50-minute block, ticked every minute, runs in microseconds.
func BenchmarkDeepWorkBlock(b *testing.B) {
	for b.Loop() {
		c := NewFakeClock(t0)
		e := NewEngine(c, Settings{Plan: DeepWork, AutoStartBreak: true})
		_, _ = e.Start(0, "")
		for range 50 {
			c.Advance(time.Minute)
			e.Tick()
		}
	}
}

func TestSegmentsFollowPausesAndSleep(t *testing.T) {
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	c.Advance(5 * time.Minute)
	e.Tick()
	c.Advance(5 * time.Minute)
	ok(t)(e.Pause())
	c.Advance(3 * time.Minute)
	ok(t)(e.Resume())
	c.Advance(2 * time.Minute)
	c.Suspend(10 * time.Minute)
	c.Advance(time.Minute)
	evs := ok(t)(e.Stop())
	b := evs[len(evs)-1].Block
	want := []Interval{
		{t0, t0.Add(10 * time.Minute)},                       // one stretch despite the tick in between
		{t0.Add(13 * time.Minute), t0.Add(16 * time.Minute)}, // after resume; awake first, then the sleep
	}
	if len(b.Segments) != len(want) {
		t.Fatalf("segments %+v", b.Segments)
	}
	var sum time.Duration
	for i, s := range b.Segments {
		if !s.Start.Equal(want[i].Start) || !s.End.Equal(want[i].End) {
			t.Errorf("segment %d = %v–%v, want %v–%v", i, s.Start.Sub(t0), s.End.Sub(t0), want[i].Start.Sub(t0), want[i].End.Sub(t0))
		}
		sum += s.Duration()
	}
	if sum != b.Active {
		t.Fatalf("segments sum to %v, Active is %v", sum, b.Active)
	}
}

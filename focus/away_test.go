package focus

import (
	"errors"
	"testing"
	"time"
)

// at is t0 plus minutes: at(12) is 09:12.
func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// tickEvery advances the clock a minute at a time for n minutes, ticking
// as the app does, and returns the events.
func tickEvery(e *Engine, c *FakeClock, n int) []Event {
	var evs []Event
	for range n {
		c.Advance(time.Minute)
		evs = append(evs, e.Tick()...)
	}
	return evs
}

func spans(ivs ...Interval) []Interval { return ivs }

func sameSpans(a, b []Interval) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) {
			return false
		}
	}
	return true
}

func sumSpans(ivs []Interval) time.Duration {
	var d time.Duration
	for _, iv := range ivs {
		d += iv.Duration()
	}
	return d
}

// checkBlock compares the accounting that the away work touches.
type wantBlock struct {
	active, paused, away, suspended, remaining time.Duration
	segments, awaySpans                        []Interval
	pausedAt, endedAt                          time.Time
	reason                                     PauseReason
}

func (w wantBlock) check(t *testing.T, b Block) {
	t.Helper()
	if b.Active != w.active || b.Paused != w.paused || b.Away != w.away || b.Suspended != w.suspended || b.Remaining != w.remaining {
		t.Errorf("active %v paused %v away %v suspended %v remaining %v; want %v %v %v %v %v",
			b.Active, b.Paused, b.Away, b.Suspended, b.Remaining, w.active, w.paused, w.away, w.suspended, w.remaining)
	}
	if !sameSpans(b.Segments, w.segments) {
		t.Errorf("segments %v, want %v", b.Segments, w.segments)
	}
	if !sameSpans(b.AwaySpans, w.awaySpans) {
		t.Errorf("away spans %v, want %v", b.AwaySpans, w.awaySpans)
	}
	if !b.PausedAt.Equal(w.pausedAt) || !b.EndedAt.Equal(w.endedAt) || b.PauseReason != w.reason {
		t.Errorf("paused at %v ended at %v reason %q; want %v %v %q", b.PausedAt, b.EndedAt, b.PauseReason, w.pausedAt, w.endedAt, w.reason)
	}
	if sumSpans(b.Segments) != b.Active || sumSpans(b.AwaySpans) != b.Away || b.Away > b.Paused {
		t.Errorf("accounting does not add up: %+v", b)
	}
}

func TestPauseAt(t *testing.T) {
	tests := []struct {
		name string
		auto bool // AutoStartBreak, attendance unknown
		// run drives a 25-minute focus block started at 09:00 and returns
		// the events of the last command and its error.
		run     func(e *Engine, c *FakeClock) ([]Event, error)
		wantErr error
		want    string // summary of those events
		current bool   // check the current block, not the last event's
		block   wantBlock
	}{
		{name: "in the past: active ends at at, after ticks counted past it",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 20) // idle from 09:12, noticed at 09:20
				return e.PauseAt(at(12), PauseAway)
			},
			want:  "09:12:00 paused focus>paused",
			block: wantBlock{active: 12 * time.Minute, remaining: 13 * time.Minute, segments: spans(Interval{at(0), at(12)}), pausedAt: at(12), reason: PauseAway}},
		{name: "at now is Pause",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				return e.PauseAt(c.Now(), PauseManual)
			},
			want:  "09:10:00 paused focus>paused",
			block: wantBlock{active: 10 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(10), reason: PauseManual}},
		{name: "zero at means now",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				return e.PauseAt(time.Time{}, PauseAway)
			},
			want:  "09:10:00 paused focus>paused",
			block: wantBlock{active: 10 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(10), reason: PauseAway}},
		{name: "a future at is clamped to now",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				return e.PauseAt(at(60), PauseAway)
			},
			want:  "09:10:00 paused focus>paused",
			block: wantBlock{active: 10 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(10), reason: PauseAway}},
		{name: "before the last resume: clamped to the stretch's start",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.Pause()
				c.Advance(5 * time.Minute)
				e.Resume() // 09:15
				tickEvery(e, c, 5)
				return e.PauseAt(at(5), PauseAway)
			},
			want:  "09:15:00 paused focus>paused",
			block: wantBlock{active: 10 * time.Minute, paused: 5 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(15), reason: PauseAway}},
		{name: "before a sleep found afterwards: clamped to the wake-up",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				c.Advance(5 * time.Minute)
				c.Suspend(10 * time.Minute)
				e.Tick() // 09:15, woke
				tickEvery(e, c, 3)
				return e.PauseAt(at(2), PauseAway)
			},
			want:  "09:15:00 paused focus>paused",
			block: wantBlock{active: 5 * time.Minute, suspended: 10 * time.Minute, remaining: 10 * time.Minute, segments: spans(Interval{at(0), at(5)}), pausedAt: at(15), reason: PauseAway}},
		{name: "resumed, noticed before any tick: clamped to the resume",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.Pause()
				c.Advance(5 * time.Minute)
				e.Resume() // 09:15, no tick since
				return e.PauseAt(at(5), PauseAway)
			},
			want:  "09:15:00 paused focus>paused",
			block: wantBlock{active: 10 * time.Minute, paused: 5 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(15), reason: PauseAway}},
		{name: "right after a wake-up, before any tick: clamped to it",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				c.Advance(5 * time.Minute)
				c.Suspend(10 * time.Minute)
				e.Tick() // 09:15, woke
				return e.PauseAt(at(2), PauseAway)
			},
			want:  "09:15:00 paused focus>paused",
			block: wantBlock{active: 5 * time.Minute, suspended: 10 * time.Minute, remaining: 10 * time.Minute, segments: spans(Interval{at(0), at(5)}), pausedAt: at(15), reason: PauseAway}},
		{name: "rewind to the very start leaves no segment",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				return e.PauseAt(at(-30), PauseAway)
			},
			want:  "09:00:00 paused focus>paused",
			block: wantBlock{remaining: 25 * time.Minute, pausedAt: at(0), reason: PauseAway}},
		{name: "deadline between at and now, not yet ticked: paused before it",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 20)
				c.Advance(10 * time.Minute) // 09:30, no tick since 09:20
				return e.PauseAt(at(22), PauseAway)
			},
			want:  "09:22:00 paused focus>paused",
			block: wantBlock{active: 22 * time.Minute, remaining: 3 * time.Minute, segments: spans(Interval{at(0), at(22)}), pausedAt: at(22), reason: PauseAway}},
		{name: "deadline before at: completed, then nothing to pause",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				c.Advance(40 * time.Minute)
				return e.PauseAt(at(30), PauseAway)
			},
			wantErr: ErrIdle,
			want:    "09:25:00 completed focus>idle",
			block:   wantBlock{active: 25 * time.Minute, segments: spans(Interval{at(0), at(25)}), endedAt: at(25)}},
		{name: "deadline before at: the break that followed is paused",
			auto: true,
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				c.Advance(40 * time.Minute)
				return e.PauseAt(at(27), PauseAway)
			},
			want:  "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:27:00 paused short_break>paused",
			block: wantBlock{active: 2 * time.Minute, remaining: 3 * time.Minute, segments: spans(Interval{at(25), at(27)}), pausedAt: at(27), reason: PauseAway}},
		{name: "already paused keeps the first reason",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.Pause()
				c.Advance(5 * time.Minute)
				return e.PauseAt(at(12), PauseAway)
			},
			wantErr: ErrAlreadyPaused, current: true,
			block: wantBlock{active: 10 * time.Minute, remaining: 15 * time.Minute, segments: spans(Interval{at(0), at(10)}), pausedAt: at(10), reason: PauseManual}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := newTestEngine(tt.auto, false)
			ok(t)(e.Start(0, ""))
			evs, err := tt.run(e, c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got := summary(evs); got != tt.want {
				t.Fatalf("events %q, want %q", got, tt.want)
			}
			if tt.current {
				tt.block.check(t, *e.Current())
				return
			}
			tt.block.check(t, evs[len(evs)-1].Block)
		})
	}
}

func TestPauseAtThenResume(t *testing.T) {
	// Idle from 09:12, noticed at 09:22, back at 09:30: the 18 minutes are
	// away, and the block still gets its full 25 minutes of focus.
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	tickEvery(e, c, 22)
	ok(t)(e.PauseAt(at(12), PauseAway))
	tickEvery(e, c, 8) // past the old deadline: nothing completes
	if st := e.Status(); st.State != StatePaused || st.Remaining != 13*time.Minute {
		t.Fatalf("status while away %+v", st)
	}
	evs := ok(t)(e.Resume())
	if !evs[0].Block.Deadline.Equal(at(43)) {
		t.Fatalf("deadline after resume %v", evs[0].Block.Deadline)
	}
	evs = tickEvery(e, c, 13)
	if got := summary(evs); got != "09:43:00 completed focus>idle" {
		t.Fatalf("events %q", got)
	}
	wantBlock{active: 25 * time.Minute, paused: 18 * time.Minute, away: 18 * time.Minute,
		segments:  spans(Interval{at(0), at(12)}, Interval{at(30), at(43)}),
		awaySpans: spans(Interval{at(12), at(30)}), endedAt: at(43)}.check(t, evs[0].Block)
}

func TestPauseAtRejectsAnUnknownReason(t *testing.T) {
	e, _ := newTestEngine(false, false)
	ok(t)(e.Start(0, ""))
	if _, err := e.PauseAt(t0, "coffee"); err == nil || e.Current().IsPaused() {
		t.Fatalf("pause with reason coffee: %v", err)
	}
}

func TestStopAt(t *testing.T) {
	tests := []struct {
		name    string
		run     func(e *Engine, c *FakeClock) ([]Event, error)
		wantErr error
		want    string
		block   wantBlock
	}{
		{name: "running, in the past: logged up to at",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 20)
				return e.StopAt(at(12))
			},
			want:  "09:12:00 stopped focus>idle",
			block: wantBlock{active: 12 * time.Minute, segments: spans(Interval{at(0), at(12)}), endedAt: at(12)}},
		{name: "running, at now is Stop",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 20)
				return e.StopAt(c.Now())
			},
			want:  "09:20:00 stopped focus>idle",
			block: wantBlock{active: 20 * time.Minute, segments: spans(Interval{at(0), at(20)}), endedAt: at(20)}},
		{name: "running, deadline passed unticked before at: completed, nothing to stop",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				c.Advance(40 * time.Minute)
				return e.StopAt(at(30))
			},
			wantErr: ErrIdle,
			want:    "09:25:00 completed focus>idle",
			block:   wantBlock{active: 25 * time.Minute, segments: spans(Interval{at(0), at(25)}), endedAt: at(25)}},
		{name: "paused away, stopped at the moment you left",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 20)
				e.PauseAt(at(12), PauseAway)
				c.Advance(2 * time.Hour)
				return e.StopAt(at(12))
			},
			want:  "09:12:00 stopped paused>idle",
			block: wantBlock{active: 12 * time.Minute, segments: spans(Interval{at(0), at(12)}), endedAt: at(12)}},
		{name: "paused away, stopped later: the pause up to at is away",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.PauseAt(c.Now(), PauseAway)
				c.Advance(time.Hour)
				return e.StopAt(at(40))
			},
			want: "09:40:00 stopped paused>idle",
			block: wantBlock{active: 10 * time.Minute, paused: 30 * time.Minute, away: 30 * time.Minute,
				segments: spans(Interval{at(0), at(10)}), awaySpans: spans(Interval{at(10), at(40)}), endedAt: at(40)}},
		{name: "paused by hand, stopped before the pause: focus taken back",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.Pause()
				c.Advance(time.Hour)
				return e.StopAt(at(4))
			},
			want:  "09:04:00 stopped paused>idle",
			block: wantBlock{active: 4 * time.Minute, segments: spans(Interval{at(0), at(4)}), endedAt: at(4)}},
		{name: "paused, at before the last resume: clamped",
			run: func(e *Engine, c *FakeClock) ([]Event, error) {
				tickEvery(e, c, 10)
				e.Pause()
				c.Advance(5 * time.Minute)
				e.Resume()
				tickEvery(e, c, 5)
				e.PauseAt(c.Now(), PauseAway) // 09:20
				c.Advance(time.Hour)
				return e.StopAt(at(1))
			},
			want: "09:15:00 stopped paused>idle",
			block: wantBlock{active: 10 * time.Minute, paused: 5 * time.Minute,
				segments: spans(Interval{at(0), at(10)}), endedAt: at(15)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := newTestEngine(false, false)
			ok(t)(e.Start(0, ""))
			evs, err := tt.run(e, c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got := summary(evs); got != tt.want {
				t.Fatalf("events %q, want %q", got, tt.want)
			}
			b := evs[len(evs)-1].Block
			tt.block.check(t, b)
			if e.Current() != nil || e.Cycle() != map[bool]int{true: 1, false: 0}[b.Outcome == OutcomeCompleted] {
				t.Fatalf("after stop: current %v cycle %d", e.Current(), e.Cycle())
			}
			if b.Outcome == OutcomeStopped && !b.CheckpointAt.Equal(b.EndedAt) {
				t.Fatalf("checkpoint %v, ended %v", b.CheckpointAt, b.EndedAt)
			}
		})
	}
}

func TestAwayAccounting(t *testing.T) {
	// 09:00 start; 09:05 away (lock) until 09:15; 09:20 paused by hand
	// until 09:23; 09:30 away (idle since 09:28, noticed 09:30) until
	// 09:50; 09:52 stopped. Paused counts every pause, Away only the away ones.
	e, c := newTestEngine(false, false)
	ok(t)(e.Start(50*time.Minute, ""))
	tickEvery(e, c, 5)
	evs := ok(t)(e.PauseAt(c.Now(), PauseAway))
	if evs[0].Block.PauseReason != PauseAway || e.Status().Block.PauseReason != PauseAway {
		t.Fatalf("pause reason on the event %q", evs[0].Block.PauseReason)
	}
	c.Advance(10 * time.Minute)
	evs = ok(t)(e.Resume())
	if b := evs[0].Block; b.PauseReason != "" || b.Away != 10*time.Minute {
		t.Fatalf("after resume: %+v", b)
	}
	tickEvery(e, c, 5)
	ok(t)(e.Pause())
	c.Advance(3 * time.Minute)
	ok(t)(e.Resume())
	tickEvery(e, c, 7)
	ok(t)(e.PauseAt(at(28), PauseAway))
	c.Advance(20 * time.Minute)
	ok(t)(e.Resume())
	tickEvery(e, c, 2)
	evs = ok(t)(e.Stop())
	b := evs[0].Block
	wantBlock{active: 5*time.Minute + 5*time.Minute + 5*time.Minute + 2*time.Minute,
		paused: 10*time.Minute + 3*time.Minute + 22*time.Minute, away: 32 * time.Minute,
		segments:  spans(Interval{at(0), at(5)}, Interval{at(15), at(20)}, Interval{at(23), at(28)}, Interval{at(50), at(52)}),
		awaySpans: spans(Interval{at(5), at(15)}, Interval{at(28), at(50)}), endedAt: at(52)}.check(t, b)
	if b.Pauses != 3 {
		t.Fatalf("pauses %d", b.Pauses)
	}
}

func TestAwayPauseSurvivesRestart(t *testing.T) {
	tests := []struct {
		name     string
		reason   PauseReason // as saved; "" is a row from before reasons
		want     PauseReason
		wantAway time.Duration
	}{
		{"away", PauseAway, PauseAway, time.Hour},
		{"manual", PauseManual, PauseManual, 0},
		{"saved before pause reasons", "", PauseManual, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := newTestEngine(false, false)
			ok(t)(e.Start(0, ""))
			tickEvery(e, c, 10)
			ok(t)(e.PauseAt(c.Now(), PauseAway))
			saved := e.Current()
			saved.PauseReason = tt.reason

			c2 := NewFakeClock(c.Now().Add(time.Hour))
			e2 := NewEngine(c2, e.Settings())
			if evs := e2.Restore(saved, 0, 1); len(evs) != 0 || e2.Current().PauseReason != tt.want {
				t.Fatalf("restored: %s, reason %q", summary(evs), e2.Current().PauseReason)
			}
			evs := ok(t)(e2.Resume())
			if b := evs[0].Block; b.Away != tt.wantAway || b.Paused != time.Hour {
				t.Fatalf("after resume: away %v paused %v", b.Away, b.Paused)
			}
		})
	}
}

// autoEngine is an engine with both automatic starts on, attendance known
// unless unknown is set.
func autoEngine(unknown bool) (*Engine, *FakeClock) {
	e, c := newTestEngine(true, true)
	e.SetAttendedUnknown(unknown)
	return e, c
}

func TestAutoStartNeedsInput(t *testing.T) {
	noWait := Wait{}
	tests := []struct {
		name    string
		unknown bool
		// run starts at 09:00 and returns the events of the transition
		// under test.
		run      func(e *Engine, c *FakeClock) []Event
		want     string
		wantWait Wait
	}{
		{name: "focus>break, attendance unknown, no input: starts as before", unknown: true,
			run: func(e *Engine, c *FakeClock) []Event {
				e.Start(0, "")
				return tickEvery(e, c, 25)
			},
			want: "09:25:00 completed focus>idle; 09:25:00 started idle>short_break"},
		{name: "focus>break, no input at all: waits",
			run: func(e *Engine, c *FakeClock) []Event {
				e.Start(0, "")
				return tickEvery(e, c, 25)
			},
			want: "09:25:00 completed focus>idle", wantWait: Wait{KindShortBreak, at(25)}},
		{name: "focus>break, only the start command's own input: waits",
			run: func(e *Engine, c *FakeClock) []Event {
				e.NoteInput(c.Now())
				e.Start(0, "")
				var evs []Event
				for range 25 {
					c.Advance(time.Minute)
					e.NoteInput(at(0)) // the idle time says: last input 09:00
					evs = append(evs, e.Tick()...)
				}
				return evs
			},
			want: "09:25:00 completed focus>idle", wantWait: Wait{KindShortBreak, at(25)}},
		{name: "focus>break, typing to the end: starts",
			run: func(e *Engine, c *FakeClock) []Event {
				e.NoteInput(c.Now())
				e.Start(0, "")
				var evs []Event
				for range 25 {
					c.Advance(time.Minute)
					e.NoteInput(c.Now().Add(-2 * time.Second)) // before each tick
					evs = append(evs, e.Tick()...)
				}
				return evs
			},
			want: "09:25:00 completed focus>idle; 09:25:00 started idle>short_break"},
		{name: "focus>break, input during the block, then locked: starts",
			run: func(e *Engine, c *FakeClock) []Event {
				e.Start(0, "")
				tickEvery(e, c, 5)
				e.NoteInput(c.Now()) // 09:05, then nothing more
				return tickEvery(e, c, 20)
			},
			want: "09:25:00 completed focus>idle; 09:25:00 started idle>short_break"},
		{name: "focus>long break held: the wait names the long break",
			run: func(e *Engine, c *FakeClock) []Event {
				e.Restore(nil, 4, 0)
				e.Start(0, "")
				return tickEvery(e, c, 25)
			},
			want: "09:25:00 completed focus>idle", wantWait: Wait{KindLongBreak, at(25)}},
		{name: "break>focus, walked away at the break: waits",
			run: func(e *Engine, c *FakeClock) []Event {
				e.NoteInput(c.Now())
				e.StartBreak(0)
				return tickEvery(e, c, 5)
			},
			want: "09:05:00 completed short_break>idle", wantWait: Wait{KindFocus, at(5)}},
		{name: "break>focus, back before the end: starts",
			run: func(e *Engine, c *FakeClock) []Event {
				e.NoteInput(c.Now())
				e.StartBreak(0)
				tickEvery(e, c, 4)
				e.NoteInput(c.Now()) // 09:04
				return tickEvery(e, c, 1)
			},
			want: "09:05:00 completed short_break>idle; 09:05:00 started idle>focus"},
		{name: "break>focus, back only after the end, noted before the tick: waits",
			run: func(e *Engine, c *FakeClock) []Event {
				e.StartBreak(0)
				c.Advance(6 * time.Minute)
				e.NoteInput(c.Now()) // 09:06, the loop hears it before it ticks
				return e.Tick()
			},
			want: "09:05:00 completed short_break>idle", wantWait: Wait{KindFocus, at(5)}},
		{name: "break>focus, attendance unknown, no input: starts as before", unknown: true,
			run: func(e *Engine, c *FakeClock) []Event {
				e.StartBreak(0)
				return tickEvery(e, c, 5)
			},
			want: "09:05:00 completed short_break>idle; 09:05:00 started idle>focus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := autoEngine(tt.unknown)
			evs := tt.run(e, c)
			if got := summary(evs); got != tt.want {
				t.Fatalf("events %q, want %q", got, tt.want)
			}
			st := e.Status()
			if tt.wantWait == noWait {
				if st.Waiting != nil || evs[0].Waiting != nil {
					t.Fatalf("waiting %+v / %+v, want none", st.Waiting, evs[0].Waiting)
				}
				return
			}
			if st.Waiting == nil || *st.Waiting != tt.wantWait || st.State != StateIdle {
				t.Fatalf("status %v waiting %+v, want idle waiting %+v", st.State, st.Waiting, tt.wantWait)
			}
			if evs[0].Waiting == nil || *evs[0].Waiting != tt.wantWait {
				t.Fatalf("the completion does not say what waits: %+v", evs[0].Waiting)
			}
		})
	}
}

func TestAWaitEndsWithACommand(t *testing.T) {
	tests := []struct {
		name    string
		command func(e *Engine) ([]Event, error)
		want    string
	}{
		{"start", func(e *Engine) ([]Event, error) { return e.Start(0, "") }, "09:40:00 started idle>focus"},
		{"break", func(e *Engine) ([]Event, error) { return e.StartBreak(0) }, "09:40:00 started idle>short_break"},
		{"stop cancels it", func(e *Engine) ([]Event, error) { return e.Stop() }, ""},
		{"a restore, which saves no wait", func(e *Engine) ([]Event, error) { return e.Restore(nil, 0, 1), nil }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := autoEngine(false)
			e.Start(0, "")
			tickEvery(e, c, 25)
			if e.Status().Waiting == nil {
				t.Fatal("not waiting")
			}
			tickEvery(e, c, 15)
			e.NoteInput(c.Now()) // back: input alone starts nothing
			if evs := e.Tick(); len(evs) != 0 || e.Status().Waiting == nil {
				t.Fatalf("input ended the wait: %s", summary(evs))
			}
			evs := ok(t)(tt.command(e))
			if got := summary(evs); got != tt.want || e.Status().Waiting != nil {
				t.Fatalf("events %q (want %q), waiting %+v", got, tt.want, e.Status().Waiting)
			}
		})
	}
	e, _ := autoEngine(false)
	if _, err := e.Stop(); !errors.Is(err, ErrIdle) {
		t.Fatalf("stop with nothing running or waiting: %v", err)
	}
}

func TestAttendedUnknownSwitch(t *testing.T) {
	// The same unattended hour, with the switch flipped between blocks.
	e, c := autoEngine(true)
	if !NewEngine(c, Settings{}).AttendedUnknown() {
		t.Fatal("a new engine must keep the old behaviour until told it can know")
	}
	run := func() string {
		e.Stop()
		e.Stop() // and any wait
		ok(t)(e.Start(0, ""))
		return summary(tickEvery(e, c, 25))
	}
	if got := run(); got != "09:25:00 completed focus>idle; 09:25:00 started idle>short_break" {
		t.Fatalf("unknown: %q", got)
	}
	e.SetAttendedUnknown(false)
	if got := run(); got != "09:50:00 completed focus>idle" || e.AttendedUnknown() {
		t.Fatalf("known: %q", got)
	}
	e.SetAttendedUnknown(true)
	if got := run(); got != "10:15:00 completed focus>idle; 10:15:00 started idle>short_break" {
		t.Fatalf("unknown again: %q", got)
	}
}

func TestResumeFromSuspendDoesEverythingDue(t *testing.T) {
	type blk struct{ active, suspended, away time.Duration }
	tests := []struct {
		name    string
		unknown bool
		// run gets a focus block started at 09:00 by a command, with input
		// up to 09:05, and sends the machine to sleep until 11:05.
		run      func(e *Engine, c *FakeClock) []Event
		want     string
		blocks   []blk // the block of each event that has one, in order
		wantWait *Wait
		state    State
	}{
		{name: "attendance unknown: focus, break, no focus while asleep", unknown: true,
			run: func(e *Engine, c *FakeClock) []Event {
				c.Suspend(2 * time.Hour)
				return e.Tick()
			},
			want:   "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:30:00 completed short_break>idle; 11:05:00 woke idle>idle",
			blocks: []blk{{5 * time.Minute, 20 * time.Minute, 0}, {0, 0, 0}, {0, 5 * time.Minute, 0}}, state: StateIdle},
		{name: "input before the sleep: the break starts in it, focus waits",
			run: func(e *Engine, c *FakeClock) []Event {
				c.Suspend(2 * time.Hour)
				e.NoteInput(c.Now()) // the loop hears the wake-up before it ticks
				return e.Tick()
			},
			want:     "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:30:00 completed short_break>idle; 11:05:00 woke idle>idle",
			blocks:   []blk{{5 * time.Minute, 20 * time.Minute, 0}, {0, 0, 0}, {0, 5 * time.Minute, 0}},
			wantWait: &Wait{KindFocus, at(30)}, state: StateIdle},
		{name: "paused away before the sleep: resumed, the sleep is away",
			run: func(e *Engine, c *FakeClock) []Event {
				e.PauseAt(c.Now(), PauseAway) // PrepareForSleep at 09:05
				c.Suspend(2 * time.Hour)
				e.NoteInput(c.Now())
				evs := e.Tick()
				r, _ := e.Resume()
				evs = append(evs, r...)
				for range 20 {
					c.Advance(time.Minute)
					e.NoteInput(c.Now())
					evs = append(evs, e.Tick()...)
				}
				return evs
			},
			want:   "11:05:00 resumed paused>focus; 11:25:00 completed focus>idle; 11:25:00 started idle>short_break",
			blocks: []blk{{5 * time.Minute, 0, 2 * time.Hour}, {25 * time.Minute, 0, 2 * time.Hour}, {0, 0, 0}}, state: StateShortBreak},
		{name: "long break, attendance unknown: several blocks end in one sleep", unknown: true,
			run: func(e *Engine, c *FakeClock) []Event {
				e.Stop()
				e.Restore(nil, 3, 1) // a fourth completed block earns the long break
				e.Start(0, "")
				c.Suspend(time.Hour)
				return e.Tick()
			},
			want:   "09:30:00 completed focus>idle; 09:30:00 started idle>long_break; 09:45:00 completed long_break>idle; 10:05:00 woke idle>idle",
			blocks: []blk{{0, 25 * time.Minute, 0}, {0, 0, 0}, {0, 15 * time.Minute, 0}}, state: StateIdle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := autoEngine(tt.unknown)
			e.NoteInput(c.Now())
			ok(t)(e.Start(0, ""))
			tickEvery(e, c, 5)
			e.NoteInput(c.Now())
			evs := tt.run(e, c)
			if got := summary(evs); got != tt.want {
				t.Fatalf("events\n got %q\nwant %q", got, tt.want)
			}
			var i int
			for _, ev := range evs {
				if ev.Block.ID == 0 {
					continue
				}
				if i >= len(tt.blocks) {
					t.Fatalf("unexpected block in %+v", ev)
				}
				w, b := tt.blocks[i], ev.Block
				if b.Active != w.active || b.Suspended != w.suspended || b.Away != w.away {
					t.Errorf("event %d (%s %s): active %v suspended %v away %v, want %+v", i, ev.Reason, b.Kind, b.Active, b.Suspended, b.Away, w)
				}
				i++
			}
			st := e.Status()
			if st.State != tt.state || (st.Waiting == nil) != (tt.wantWait == nil) || (st.Waiting != nil && *st.Waiting != *tt.wantWait) {
				t.Fatalf("state %v waiting %+v, want %v %+v", st.State, st.Waiting, tt.state, tt.wantWait)
			}
		})
	}
}

func TestInputs(t *testing.T) {
	var in inputs
	for _, m := range []int{10, 0, 20, 10, 15} { // out of order, one twice
		in.note(at(m))
	}
	if len(in.at) != 4 {
		t.Fatalf("inputs %v", in.at)
	}
	tests := []struct {
		prev, end int
		want      bool
	}{
		{-10, -5, false}, // before any input
		{-10, 0, true},   // input at the due instant counts
		{0, 9, false},    // input at the transition itself does not
		{0, 10, true},
		{20, 40, false}, // nothing after the last input
		{16, 19, false},
	}
	for _, tt := range tests {
		if got := in.seen(at(tt.prev), at(tt.end)); got != tt.want {
			t.Errorf("seen(%d, %d) = %v, want %v (inputs %v)", tt.prev, tt.end, got, tt.want, in.at)
		}
	}
	in.forgetUpTo(at(15))
	if len(in.at) != 1 || !in.at[0].Equal(at(20)) {
		t.Fatalf("after forgetting up to 09:15: %v", in.at)
	}
	for i := range 3 * maxInputs {
		in.note(at(100 + i))
	}
	if len(in.at) != maxInputs || !in.seen(at(100+3*maxInputs-2), at(1000)) {
		t.Fatalf("a note every minute for hours kept %d inputs", len(in.at))
	}
}

func TestRestoreAfterTheDeadlineFollowsTheRule(t *testing.T) {
	// The app was not running when the block ended: nobody was seen, so
	// with attendance known the break waits; unknown, it starts as before.
	for _, unknown := range []bool{false, true} {
		t.Run(map[bool]string{false: "known", true: "unknown"}[unknown], func(t *testing.T) {
			e, c := autoEngine(unknown)
			e.NoteInput(c.Now())
			ok(t)(e.Start(0, ""))
			tickEvery(e, c, 10)
			e.NoteInput(c.Now())
			saved := e.Current()

			c2 := NewFakeClock(c.Now().Add(18 * time.Minute)) // 09:28
			e2 := NewEngine(c2, e.Settings())
			e2.SetAttendedUnknown(unknown)
			evs := e2.Restore(saved, 0, 1)
			want := "09:25:00 completed focus>idle; 09:25:00 started idle>short_break; 09:28:00 woke short_break>short_break"
			if !unknown {
				want = "09:25:00 completed focus>idle; 09:28:00 woke idle>idle"
			}
			if got := summary(evs); got != want {
				t.Fatalf("events\n got %q\nwant %q", got, want)
			}
			if w := e2.Status().Waiting; unknown != (w == nil) {
				t.Fatalf("waiting %+v", w)
			}
		})
	}
}

// Input the app assumed while the idle source had not spoken yet is taken
// back when it does: a break walked away from does not start the next
// block, though the app noted "input" at each minute before idleness was
// noticed.
func TestNoInputAfterTakesAssumedInputBack(t *testing.T) {
	for _, takeBack := range []bool{false, true} {
		t.Run(map[bool]string{false: "kept: focus starts", true: "taken back: waits"}[takeBack], func(t *testing.T) {
			clock := NewFakeClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
			e := NewEngine(clock, Settings{Plan: Pomodoro, AutoStartFocus: true})
			e.SetAttendedUnknown(false)
			if _, err := e.StartBreak(15 * time.Minute); err != nil {
				t.Fatal(err)
			}
			left := clock.Now()
			for range 10 {
				clock.Advance(time.Minute)
				e.NoteInput(clock.Now())
				e.Tick()
			}
			if takeBack {
				e.NoInputAfter(left)
			}
			clock.Advance(5 * time.Minute)
			e.Tick()
			st := e.Status()
			if takeBack && (st.State != StateIdle || st.Waiting == nil || st.Waiting.Next != KindFocus) {
				t.Fatalf("state %s, waiting %+v; want idle, waiting to start focus", st.State, st.Waiting)
			}
			if !takeBack && st.State != StateFocus {
				t.Fatalf("state %s; want focus started", st.State)
			}
		})
	}
}

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/away"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// fakeDesktop is the desktop's signals as a test sends them.
type fakeDesktop struct {
	mu        sync.Mutex
	emit      func(context.Context, away.Event)
	ctx       context.Context
	running   chan struct{}
	sources   []away.Source
	sleepOK   chan struct{}
	idleAfter time.Duration
	sleptAt   time.Time // when the app said the machine may sleep (real time)
}

func newFakeDesktop(idleLive bool) *fakeDesktop {
	return &fakeDesktop{running: make(chan struct{}), sleepOK: make(chan struct{}, 8), sources: []away.Source{
		{Name: "logind", What: away.WhatLock, Live: true},
		{Name: "logind", What: away.WhatSuspend, Live: true},
		{Name: "mutter-idle", What: away.WhatIdle, Live: idleLive},
	}}
}

func (d *fakeDesktop) Run(ctx context.Context, emit func(context.Context, away.Event)) {
	d.mu.Lock()
	d.emit, d.ctx = emit, ctx
	d.mu.Unlock()
	close(d.running)
	<-ctx.Done()
}

func (d *fakeDesktop) Sources() []away.Source {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]away.Source(nil), d.sources...)
}

func (d *fakeDesktop) SleepReady() {
	d.mu.Lock()
	d.sleptAt = time.Now()
	d.mu.Unlock()
	d.sleepOK <- struct{}{}
}

func (d *fakeDesktop) SetIdleAfter(t time.Duration) { d.mu.Lock(); d.idleAfter = t; d.mu.Unlock() }

// send delivers an event to the app and returns once the loop took it.
func (d *fakeDesktop) send(t *testing.T, kind away.Kind, at time.Time) {
	t.Helper()
	select {
	case <-d.running:
	case <-time.After(10 * time.Second):
		t.Fatal("the desktop driver never started")
	}
	d.mu.Lock()
	emit, ctx := d.emit, d.ctx
	d.mu.Unlock()
	emit(ctx, away.Event{Kind: kind, At: at, Source: "test"})
}

// awayRig is the app with Slack, a fake desktop and a fake clock, on a
// Tuesday at 10:00 with working hours all day.
func awayRig(t *testing.T, idleLive bool, extra string) (*running, *fakeDesktop, *safeClock, *slacktest.Server) {
	t.Helper()
	srv, dir := withSlack(t)
	cfg, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// withSlack's file ends in its [away] table (presence on).
	cfg = append(cfg, []byte("resume_within = \"15m\"\ntext = \"Away since {since}\"\nemoji = \":zzz:\"\n[slack]\noff_hours = false\n"+extra)...)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now) // Slack expires statuses on the same clock
	desk := newFakeDesktop(idleLive)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Desktop: desk})
	waitFor(t, "Slack connected", func() bool { return r.app.Status().Slack.Connection == "connected" })
	return r, desk, clock, srv
}

func (r *running) status(t *testing.T) control.Status {
	t.Helper()
	return r.do(t, control.Request{Cmd: control.CmdStatus})
}

func TestLockPausesFocusAndUnlockResumesIt(t *testing.T) {
	r, desk, clock, srv := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	clock.Advance(5 * time.Minute)
	r.status(t)
	locked := clock.Now()
	desk.send(t, away.Locked, locked)
	st := r.status(t)
	if !st.AFK || st.AwayReason != "lock" || st.AwaySince == nil || !st.AwaySince.Equal(locked) || st.State != "paused" {
		t.Fatalf("after the lock: afk %v, reason %q, since %v, state %s", st.AFK, st.AwayReason, st.AwaySince, st.State)
	}
	waitFor(t, "away on Slack", func() bool {
		return srv.Presence() == "away" && srv.Status().Text == "Away since 10:05" && srv.Status().Emoji == ":zzz:"
	})

	clock.Advance(10 * time.Minute)
	desk.send(t, away.Unlocked, clock.Now())
	st = r.status(t)
	if st.AFK || st.State != "focus" {
		t.Fatalf("after the unlock: afk %v, state %s; want the block running again", st.AFK, st.State)
	}
	if st.RemainingSeconds != 20*60 {
		t.Fatalf("%d s left; the 10 locked minutes must not count", st.RemainingSeconds)
	}
	waitFor(t, "heads down again on Slack", func() bool {
		return srv.Presence() == "auto" && strings.HasPrefix(srv.Status().Text, "Heads down until ")
	})
	r.stop() // the notifier is drained
	for _, n := range r.notes.titles() {
		if n == "Paused" || n == "Resumed" {
			t.Fatalf("going away and coming back notified %q", n)
		}
	}
}

func TestALongLockStopsTheBlockWhenYouLeft(t *testing.T) {
	r, desk, clock, _ := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m", Tag: "essay"})
	clock.Advance(5 * time.Minute)
	locked := clock.Now()
	desk.send(t, away.Locked, locked)
	clock.Advance(40 * time.Minute)
	desk.send(t, away.Unlocked, clock.Now())
	st := r.status(t)
	if st.AFK || st.State == "focus" || st.State == "paused" {
		t.Fatalf("after a 40 min lock: afk %v, state %s", st.AFK, st.State)
	}
	r.stop()
	if titles := r.notes.titles(); !strings.Contains(strings.Join(titles, "|"), "Focus block stopped while you were away") {
		t.Fatalf("notifications %v", titles)
	}
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blocks, err := db.AllBlocks(context.Background())
	if err != nil || len(blocks) == 0 {
		t.Fatalf("blocks %v %v", blocks, err)
	}
	b := blocks[0]
	if b.Outcome != focus.OutcomeStopped || !b.EndedAt.Equal(locked) || b.Active != 5*time.Minute {
		t.Fatalf("block: outcome %s, ended %v (locked %v), active %v", b.Outcome, b.EndedAt, locked, b.Active)
	}
}

func TestIdleMinutesAreNotFocus(t *testing.T) {
	r, desk, clock, _ := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	clock.Advance(2 * time.Minute)
	lastInput := clock.Now()
	clock.Advance(10 * time.Minute)
	r.status(t)
	desk.send(t, away.Idle, lastInput)
	st := r.status(t)
	if st.AwayReason != "idle" || st.State != "paused" || !st.AwaySince.Equal(lastInput) {
		t.Fatalf("idle: reason %q, state %s, since %v", st.AwayReason, st.State, st.AwaySince)
	}
	if st.RemainingSeconds != 48*60 {
		t.Fatalf("%d s left: the idle minutes were counted as focus", st.RemainingSeconds)
	}
	clock.Advance(time.Minute)
	desk.send(t, away.Active, clock.Now())
	if st := r.status(t); st.AFK || st.State != "focus" {
		t.Fatalf("back from idle: afk %v, state %s", st.AFK, st.State)
	}
}

func TestSuspendSetsAwayBeforeTheMachineSleeps(t *testing.T) {
	r, desk, clock, srv := awayRig(t, false, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	waitFor(t, "heads down", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down") })
	desk.send(t, away.Sleeping, clock.Now())
	select {
	case <-desk.sleepOK:
	case <-time.After(10 * time.Second):
		t.Fatal("the app never let the machine sleep")
	}
	// Slack had been told before the app let the machine sleep.
	desk.mu.Lock()
	slept := desk.sleptAt
	desk.mu.Unlock()
	var told time.Time
	for _, c := range srv.Calls() {
		if c.Method == "users.setPresence" && strings.Contains(c.String(), "away") {
			told = c.At
		}
	}
	if told.IsZero() || slept.Before(told) || !strings.HasPrefix(srv.Status().Text, "Away since") {
		t.Fatalf("the machine may sleep at %v, Slack was told away at %v (status %q)", slept, told, srv.Status().Text)
	}
	// Asleep for 50 minutes: the block's end passed; on waking everything
	// due happens at once, and you are back.
	clock.Advance(50 * time.Minute)
	desk.send(t, away.Awake, clock.Now())
	st := r.status(t) // answered after the loop has handled the wake-up
	if st.AFK || st.State == "focus" || st.State == "paused" {
		t.Fatalf("after the resume: afk %v, state %s", st.AFK, st.State)
	}
}

func TestNothingStartsWithNobodyThere(t *testing.T) {
	r, desk, clock, _ := awayRig(t, true, "[focus]\nauto_start_break = true\nauto_start_focus = true\n")
	desk.send(t, away.Active, clock.Now()) // the app learns an idle source is live

	// Present through a break (shorter than the idle time): the next
	// block starts by itself.
	r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "5m"})
	for range 5 {
		clock.Advance(time.Minute)
		r.status(t)
	}
	if st := r.status(t); st.State != "focus" {
		t.Fatalf("present through the break: state %s, waiting %q", st.State, st.Waiting)
	}
	r.do(t, control.Request{Cmd: control.CmdStop})

	// Gone at the start of the break (idle noticed 10 min later): nothing
	// starts; the app waits, and says so.
	r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "15m"})
	start := clock.Now()
	for range 10 {
		clock.Advance(time.Minute)
		r.status(t)
	}
	desk.send(t, away.Idle, start)
	for range 5 {
		clock.Advance(time.Minute)
		r.status(t)
	}
	st := r.status(t)
	if st.State != "idle" || st.Waiting != "focus" {
		t.Fatalf("the break ended with nobody there: state %s, waiting %q", st.State, st.Waiting)
	}
	// Back: nothing starts by itself; the user starts when ready.
	desk.send(t, away.Active, clock.Now())
	if st := r.status(t); st.State != "idle" || st.AFK {
		t.Fatalf("back: state %s, afk %v", st.State, st.AFK)
	}
}

// Away by a lock when the app stopped (a crash, a restart while locked):
// at the next start, once the desktop says nothing is locked, you are back.
func TestAwayFromALockEndsAtRestartWhenNothingIsLocked(t *testing.T) {
	r, desk, clock, _ := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	desk.send(t, away.Locked, clock.Now())
	if st := r.status(t); st.AwayReason != "lock" {
		t.Fatalf("not away: %+v", st)
	}
	r.stop()

	desk2 := newFakeDesktop(true)
	r2 := launchApp(t, r.paths.DataDir, Options{Clock: clock, Location: time.UTC, Desktop: desk2})
	if st := r2.status(t); !st.AFK || st.AwayReason != "lock" {
		t.Fatalf("after the restart, before the desktop said anything: afk %v, reason %q", st.AFK, st.AwayReason)
	}
	desk2.send(t, away.Probed, clock.Now())
	waitFor(t, "back once nothing is locked", func() bool { st := r2.app.Status(); return !st.AFK && st.State == "focus" })
}

// Without any idle source (KDE, sway, idle detection off), a locked
// screen still means nobody is there: no block starts by itself behind it.
func TestNothingStartsBehindALockedScreen(t *testing.T) {
	r, desk, clock, _ := awayRig(t, false, "[focus]\nauto_start_break = true\nauto_start_focus = true\n")
	r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "5m"})
	desk.send(t, away.Locked, clock.Now())
	for range 30 {
		clock.Advance(time.Minute)
		r.status(t)
	}
	st := r.status(t)
	if st.State != "idle" || st.Waiting != "focus" || st.TodayFocusSeconds != 0 {
		t.Fatalf("30 min behind a locked screen: state %s, waiting %q, %d s of focus", st.State, st.Waiting, st.TodayFocusSeconds)
	}
}

// An AFK with a duration that runs out while the screen is locked does
// not bring you back: you stay away, now for the lock, from the same time.
func TestATimedAFKEndingWhileLockedStaysAway(t *testing.T) {
	r, desk, clock, srv := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "10m"})
	since := clock.Now()
	desk.send(t, away.Locked, clock.Now().Add(time.Minute))
	clock.Advance(20 * time.Minute)
	st := r.status(t)
	if !st.AFK || st.AwayReason != "lock" || st.AwaySince == nil || !st.AwaySince.Equal(since) || st.State != "paused" {
		t.Fatalf("AFK ran out while locked: afk %v, reason %q, since %v, state %s", st.AFK, st.AwayReason, st.AwaySince, st.State)
	}
	waitFor(t, "still away on Slack", func() bool { return srv.Presence() == "away" })
}

// A status asked after a timed AFK ran out, before the app's timer woke
// it, says what is true now: away because of the lock that came
// meanwhile, or back. (The loop may take a command before its timer.)
func TestStatusAfterATimedAFKRanOutIsCurrent(t *testing.T) {
	for _, c := range []struct {
		name   string
		locked bool
		afk    bool
		reason string
	}{
		{"locked meanwhile", true, true, "lock"},
		{"nothing meanwhile", false, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, desk, clock, _ := awayRig(t, true, "")
			r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "10m"})
			if c.locked {
				desk.send(t, away.Locked, clock.Now().Add(time.Minute))
			}
			clock.sleep(20 * time.Minute) // the loop is not told: only a command comes
			st := r.status(t)
			if st.AFK != c.afk || st.AwayReason != c.reason {
				t.Fatalf("afk %v, reason %q; want %v, %q", st.AFK, st.AwayReason, c.afk, c.reason)
			}
		})
	}
}

// A restart while the screen is still locked stays away, with the same
// since: the lock found at start comes before Probed.
func TestARestartWhileLockedStaysAway(t *testing.T) {
	r, desk, clock, _ := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	locked := clock.Now()
	desk.send(t, away.Locked, locked)
	r.stop()

	clock.Advance(2 * time.Minute)
	desk2 := newFakeDesktop(true)
	r2 := launchApp(t, r.paths.DataDir, Options{Clock: clock, Location: time.UTC, Desktop: desk2})
	desk2.send(t, away.Locked, clock.Now())
	desk2.send(t, away.Probed, clock.Now())
	st := r2.status(t)
	if !st.AFK || st.AwayReason != "lock" || !st.AwaySince.Equal(locked) || st.State != "paused" {
		t.Fatalf("after a restart while locked: afk %v, reason %q, since %v (locked %v), state %s",
			st.AFK, st.AwayReason, st.AwaySince, locked, st.State)
	}
}

// On resume, everything that fell due while asleep happens at once, not at
// the next tick: a break that ended during the sleep has ended when the
// app hears of the wake-up, with no command to tick the engine.
func TestResumeDoesWhatFellDueAtOnce(t *testing.T) {
	r, desk, clock, _ := awayRig(t, false, "")
	r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "5m"})
	desk.send(t, away.Sleeping, clock.Now())
	clock.sleep(30 * time.Minute) // asleep: no wake-up signal to the loop
	desk.send(t, away.Awake, clock.Now())
	waitFor(t, "the break over at the wake-up", func() bool {
		st := r.app.Status()
		return st.State == "idle" && !st.AFK
	})
}

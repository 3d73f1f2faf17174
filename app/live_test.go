package app

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

// `status` is live: its time-derived figures are worked out when it is
// read, not at the loop's last minute tick. On a fake clock moved without
// telling the loop (so no tick runs), a status read 30 s after the start
// shows 30 s less left and 30 s more focus today, over the socket and
// from the tray's Status alike. Time asleep counts down the block (its
// end is a wall-clock instant) but is never focus.
func TestStatusIsLiveBetweenTicks(t *testing.T) {
	clock := newSafeClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	r := launchApp(t, t.TempDir(), Options{Clock: clock, Location: time.UTC})
	st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	if st.RemainingSeconds != 1500 || st.MinutesLeft != 25 || st.TodayFocusSeconds != 0 {
		t.Fatalf("at the start: %d s left, %d min, %d s today", st.RemainingSeconds, st.MinutesLeft, st.TodayFocusSeconds)
	}
	clock.sleep(30 * time.Second) // moves the clock; the loop is not woken
	for _, c := range []struct {
		name string
		st   control.Status
	}{
		{"the tray's Status", r.app.Status()},
		{"status over the socket", r.do(t, control.Request{Cmd: control.CmdStatus})},
	} {
		if c.st.RemainingSeconds != 1470 || c.st.MinutesLeft != 25 || c.st.TodayFocusSeconds != 30 {
			t.Fatalf("%s 30 s on: %d s left, %d min, %d s today; want 1470, 25, 30",
				c.name, c.st.RemainingSeconds, c.st.MinutesLeft, c.st.TodayFocusSeconds)
		}
	}
	clock.sleep(2 * time.Minute)
	if st := r.app.Status(); st.RemainingSeconds != 1350 || st.MinutesLeft != 23 || st.TodayFocusSeconds != 150 {
		t.Fatalf("2 min 30 s on: %d s left, %d min, %d s today", st.RemainingSeconds, st.MinutesLeft, st.TodayFocusSeconds)
	}
	// Ten minutes asleep: the block's end comes closer, focus does not grow.
	clock.suspend(10 * time.Minute)
	if st := r.app.Status(); st.RemainingSeconds != 750 || st.TodayFocusSeconds != 150 {
		t.Fatalf("after sleeping: %d s left, %d s today; want 750, 150", st.RemainingSeconds, st.TodayFocusSeconds)
	}

	// Paused, nothing moves.
	st = r.do(t, control.Request{Cmd: control.CmdPause})
	clock.sleep(time.Minute)
	if now := r.app.Status(); now.RemainingSeconds != st.RemainingSeconds || now.TodayFocusSeconds != st.TodayFocusSeconds {
		t.Fatalf("paused: %d s left, %d s today; then %d, %d", now.RemainingSeconds, now.TodayFocusSeconds, st.RemainingSeconds, st.TodayFocusSeconds)
	}
}

// The reading at a moment past the block's end says 0 left and counts no
// focus past it, until the loop has ended the block.
func TestLiveStatusStopsAtTheDeadline(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	p := published{st: control.Status{State: "focus", RemainingSeconds: 60, MinutesLeft: 1, TodayFocusSeconds: 600},
		builtAt: at, deadline: at.Add(time.Minute), focusing: true, todayFocus: 10 * time.Minute, anchor: at,
		dayEnd: at.Add(14 * time.Hour)}
	st := p.live(at.Add(5*time.Minute), 5*time.Minute)
	if st.RemainingSeconds != 0 || st.MinutesLeft != 0 || st.TodayFocusSeconds != 660 {
		t.Fatalf("past the end: %d s left, %d min, %d s today; want 0, 0, 660", st.RemainingSeconds, st.MinutesLeft, st.TodayFocusSeconds)
	}
	// Midnight: today's focus stops at the day's end (the loop starts the
	// new day then).
	p.deadline, p.dayEnd = at.Add(time.Hour), at.Add(2*time.Minute)
	if st := p.live(at.Add(5*time.Minute), 5*time.Minute); st.TodayFocusSeconds != 720 {
		t.Fatalf("past midnight: %d s today; want 720", st.TodayFocusSeconds)
	}
}

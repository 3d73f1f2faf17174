package tray

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

func TestMenuFor(t *testing.T) {
	cases := []struct {
		st   control.Status
		want Menu
	}{
		{control.Status{State: "idle"}, Menu{StartEnabled: true, BreakEnabled: true, PauseTitle: "Pause", AwayTitle: "Away", ReviewTitle: "Review pings…"}},
		{control.Status{State: "focus", Kind: "focus"}, Menu{PauseEnabled: true, StopEnabled: true, BreakEnabled: true, PauseTitle: "Pause", AwayTitle: "Away", ReviewTitle: "Review pings…"}},
		{control.Status{State: "short_break", Kind: "short_break"}, Menu{StartEnabled: true, PauseEnabled: true, StopEnabled: true, PauseTitle: "Pause", AwayTitle: "Away", ReviewTitle: "Review pings…"}},
		{control.Status{State: "paused", Kind: "focus"}, Menu{PauseEnabled: true, StopEnabled: true, BreakEnabled: true, PauseTitle: "Resume", AwayTitle: "Away", ReviewTitle: "Review pings…"}},
		{control.Status{State: "paused", Kind: "long_break"}, Menu{StartEnabled: true, PauseEnabled: true, StopEnabled: true, PauseTitle: "Resume", AwayTitle: "Away", ReviewTitle: "Review pings…"}},
	}
	for _, c := range []struct {
		p    control.PingStatus
		want string
	}{
		{control.PingStatus{Held: 1, Delivered: 2, Unreviewed: 3}, "3 pings to review (1 held, 2 delivered) — Review…"},
		{control.PingStatus{Held: 1, Unreviewed: 1}, "1 ping held — Review…"},
		{control.PingStatus{Held: 7, Unreviewed: 7}, "7 pings held — Review…"},
		{control.PingStatus{Delivered: 1, Unreviewed: 1}, "1 ping to review — Review…"},
		{control.PingStatus{Delivered: 2, Unreviewed: 2}, "2 pings to review — Review…"},
	} {
		if m := MenuFor(control.Status{State: "idle", Pings: c.p}); m.ReviewTitle != c.want {
			t.Errorf("pings %+v: %q, want %q", c.p, m.ReviewTitle, c.want)
		}
	}
	if m := MenuFor(control.Status{State: "paused", Kind: "focus", AFK: true}); m.AwayTitle != "I'm back" {
		t.Errorf("AFK menu %+v", m)
	}
	for _, c := range cases {
		if got := MenuFor(c.st); got != c.want {
			t.Errorf("MenuFor(%s/%s) = %+v, want %+v", c.st.State, c.st.Kind, got, c.want)
		}
	}
}

func TestStatusLine(t *testing.T) {
	deadline := time.Date(2026, 11, 23, 11, 30, 0, 0, time.UTC)
	since := time.Date(2026, 11, 23, 12, 4, 0, 0, time.UTC)
	cases := []struct {
		st   control.Status
		want string
	}{
		{control.Status{State: "focus", Kind: "focus", MinutesLeft: 24, RemainingSeconds: 23*60 + 10, Deadline: &deadline}, "Focus — 24 min left (until 11:30)"},
		{control.Status{State: "long_break", Kind: "long_break", MinutesLeft: 1, RemainingSeconds: 40, Deadline: &deadline}, "Long break — 40 s left (until 11:30)"},
		{control.Status{State: "focus", Kind: "focus", MinutesLeft: 90, RemainingSeconds: 89 * 60, Deadline: &deadline}, "Focus — 1 h 30 min left (until 11:30)"},
		{control.Status{State: "paused", Kind: "focus", MinutesLeft: 13, RemainingSeconds: 13 * 60}, "Focus paused — 13 min left"},
		{control.Status{State: "focus", Kind: "focus", Tag: "essay", MinutesLeft: 24, RemainingSeconds: 23*60 + 10, Deadline: &deadline}, "Focus on \u201cessay\u201d — 24 min left (until 11:30)"},
		{control.Status{State: "paused", Kind: "focus", Tag: "essay", MinutesLeft: 13, RemainingSeconds: 13 * 60}, "Focus on \u201cessay\u201d paused — 13 min left"},
		{control.Status{State: "focus", Kind: "focus", Tag: "the quarterly planning document for the board", MinutesLeft: 5, RemainingSeconds: 5 * 60},
			"Focus on \u201cthe quarterly planning document\u2026\u201d — 5 min left"},
		{control.Status{State: "short_break", Kind: "short_break", Tag: "essay", MinutesLeft: 5, RemainingSeconds: 5 * 60}, "Short break — 5 min left"},
		{control.Status{State: "paused", Kind: "focus", AFK: true, AwayReason: "lock", AwaySince: &since}, "Away since 12:04 (screen locked) — focus paused"},
		{control.Status{State: "idle", AFK: true, AwayReason: "suspend", AwaySince: &since}, "Away since 12:04 (suspended)"},
		{control.Status{State: "idle", AFK: true, AwayReason: "idle", AwaySince: &since}, "Away since 12:04 (idle)"},
		{control.Status{State: "idle", AFK: true, AwayReason: "manual", AwaySince: &since, AFKUntil: &deadline}, "Away since 12:04, back 11:30"},
		{control.Status{State: "idle", Waiting: "focus"}, "Break over — waiting for you"},
		{control.Status{State: "idle", Waiting: "short_break"}, "Focus block done — waiting for you"},
	}
	for _, c := range cases {
		if got := StatusLine(c.st, time.UTC); got != c.want {
			t.Errorf("StatusLine = %q, want %q", got, c.want)
		}
	}
}

// When idle, the top line is the day at a glance, each part only when it
// applies.
func TestIdleLine(t *testing.T) {
	review := time.Date(2026, 11, 23, 13, 30, 0, 0, time.UTC)
	const h = 3600
	cases := []struct {
		done, goal   int64
		review       *time.Time
		held, delivd int
		want         string
	}{
		{0, 0, nil, 0, 0, "No focus yet today"},
		{85 * 60, 0, nil, 0, 0, "1 h 25 min focused today"},
		{0, 4 * h, nil, 0, 0, "0 min of 4 h today"},
		{80 * 60, 4 * h, &review, 4, 0, "1 h 20 min of 4 h today · next review 13:30 · 4 pings held"},
		{80 * 60, 4 * h, nil, 0, 1, "1 h 20 min of 4 h today · 1 ping to review"},
		{80 * 60, 4 * h, &review, 6, 1, "1 h 20 min of 4 h today · next review 13:30 · 7 pings to review (6 held, 1 delivered)"},
		{45, 4 * h, &review, 0, 0, "45 s of 4 h today · next review 13:30"},
		{4 * h, 4 * h, nil, 2, 0, "Goal met: 4 h today · 2 pings held"},
		{5*h + 10*60, 4 * h, &review, 0, 0, "Goal met: 5 h 10 min today · next review 13:30"},
		{0, 90 * 60, &review, 0, 0, "0 min of 1 h 30 min today · next review 13:30"},
	}
	for _, c := range cases {
		st := control.Status{State: "idle", TodayFocusSeconds: c.done, DailyGoalSeconds: c.goal,
			Pings: control.PingStatus{Held: c.held, Delivered: c.delivd, Unreviewed: c.held + c.delivd, NextReview: c.review}}
		if got := StatusLine(st, time.UTC); got != c.want {
			t.Errorf("StatusLine(%ds of %ds, review %v, %d/%d pings) = %q, want %q", c.done, c.goal, c.review != nil, c.held, c.delivd, got, c.want)
		}
	}
	// Away and "waiting for you" still win over the day's summary.
	if got := StatusLine(control.Status{State: "idle", Waiting: "focus", DailyGoalSeconds: 4 * h}, time.UTC); got != "Break over — waiting for you" {
		t.Errorf("waiting: %q", got)
	}
}

func TestIconsDifferByStateAndMinute(t *testing.T) {
	seen := map[string]string{}
	for _, st := range []string{"idle", "focus", "short_break", "long_break", "paused"} {
		for _, m := range []int{0, 1, 9, 25, 120} {
			b := drawIcon(Face{State: st, Kind: st, Minutes: m, Goal: NoGoal}, formPNG).png
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s/%d: %v", st, m, err)
			}
			if img.Bounds().Dx() != IconSize || img.Bounds().Dy() != IconSize {
				t.Fatalf("%s/%d: size %v", st, m, img.Bounds())
			}
			key := string(b)
			// Paused draws pause bars, not the minutes; idle draws no minutes.
			if other, dup := seen[key]; dup && m != 0 && st != "paused" {
				t.Errorf("%s/%d draws the same icon as %s", st, m, other)
			}
			seen[key] = st
		}
	}
	// Cached: the same icon comes back, nothing drawn again per minute.
	f := Face{State: "focus", Kind: "focus", Minutes: 25, Goal: NoGoal}
	if iconFor(f) != iconFor(f) {
		t.Error("icon not cached")
	}
}

// The program's pages are let go at every redraw but the countdown's
// minutes of a running block.
func TestReleaseDue(t *testing.T) {
	focus, idle, paused := "focus", "idle", "paused"
	for _, c := range []struct {
		released *string
		state    string
		want     bool
	}{
		{nil, "idle", true},
		{&idle, "idle", true}, // Slack connected, a ping held: rare, and after work
		{&paused, "paused", true},
		{&idle, "focus", true},
		{&focus, "focus", false}, // a minute of the countdown
		{&focus, "long_break", true},
		{&focus, "paused", true},
		{&focus, "idle", true},
	} {
		if got := releaseDue(c.released, control.Status{State: c.state}); got != c.want {
			t.Errorf("released at %v, now %s: %v, want %v", c.released, c.state, got, c.want)
		}
	}
}

func TestCalendarLine(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 35, 0, 0, time.UTC)
	next := &control.Meeting{Start: now.Add(25 * time.Minute), End: now.Add(time.Hour)}
	until := now.Add(10 * time.Minute)
	bad := []control.CalendarFeed{{Name: "work", Problem: "calendar.example.com refused the calendar link (HTTP 403)"}}
	tests := []struct {
		name string
		cal  control.CalendarStatus
		want string
	}{
		{"next meeting", control.CalendarStatus{NextMeeting: next}, "Next meeting 11:00 (in 25 min)"},
		{"in a meeting", control.CalendarStatus{InMeeting: true, MeetingUntil: &until}, "In a meeting until 10:45"},
		{"a meeting beats a problem", control.CalendarStatus{NextMeeting: next, Feeds: bad}, "Next meeting 11:00 (in 25 min)"},
		{"a problem", control.CalendarStatus{Feeds: bad}, "Calendar \u201cwork\u201d: calendar.example.com refused the calendar link (HTTP 403)"},
		{"nothing", control.CalendarStatus{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CalendarLine(control.Status{Calendar: tt.cal}, now, time.UTC); got != tt.want {
				t.Errorf("CalendarLine = %q, want %q", got, tt.want)
			}
		})
	}
}

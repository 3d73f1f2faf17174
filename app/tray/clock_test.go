package tray

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

// The tray writes times on the app's clock (Status.Clock): a US locale
// reads "until 1:30 PM"; an app that says nothing is 24-hour.
func TestStatusLineOnA12HourClock(t *testing.T) {
	deadline := time.Date(2026, 11, 23, 13, 30, 0, 0, time.UTC)
	since := time.Date(2026, 11, 23, 9, 4, 0, 0, time.UTC)
	for _, c := range []struct {
		st   control.Status
		want string
	}{
		{control.Status{Clock: "12h", State: "focus", Kind: "focus", MinutesLeft: 24, RemainingSeconds: 23*60 + 10, Deadline: &deadline},
			"Focus — 24 min left (until 1:30 PM)"},
		{control.Status{Clock: "24h", State: "focus", Kind: "focus", MinutesLeft: 24, RemainingSeconds: 23*60 + 10, Deadline: &deadline},
			"Focus — 24 min left (until 13:30)"},
		{control.Status{State: "focus", Kind: "focus", MinutesLeft: 24, RemainingSeconds: 23*60 + 10, Deadline: &deadline},
			"Focus — 24 min left (until 13:30)"},
		{control.Status{Clock: "12h", State: "idle", AFK: true, AwayReason: "manual", AwaySince: &since, AFKUntil: &deadline},
			"Away since 9:04 AM, back 1:30 PM"},
		{control.Status{Clock: "12h", State: "idle", DailyGoalSeconds: 4 * 3600, Pings: control.PingStatus{NextReview: &deadline}},
			"0 min of 4 h today · next review 1:30 PM"},
	} {
		if got := StatusLine(c.st, time.UTC); got != c.want {
			t.Errorf("StatusLine(clock %q) = %q, want %q", c.st.Clock, got, c.want)
		}
	}
}

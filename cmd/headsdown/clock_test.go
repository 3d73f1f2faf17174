package main

import (
	"strings"
	"testing"
	"time"

	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// `status` writes times on the running app's clock, as the tray and the
// Slack status do: a US locale reads "until 1:30 PM".
func TestStatusOnA12HourClock(t *testing.T) {
	deadline := time.Date(2026, 11, 23, 13, 30, 0, 0, time.UTC)
	review := time.Date(2026, 11, 24, 16, 30, 0, 0, time.UTC)
	since := time.Date(2026, 11, 23, 9, 4, 0, 0, time.UTC)
	st := ctl.Status{Clock: "12h", State: "focus", Kind: "focus", RemainingSeconds: 25 * 60, Deadline: &deadline,
		Pings: ctl.PingStatus{Intake: "socket", Connected: true, Held: 2, NextReview: &review}}
	out := describeStatus(st, time.UTC)
	for _, want := range []string{"Focus: 25 min left, until 1:30 PM.", "Pings: 2 pings held; next review Tue 4:30 PM."} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	st.Clock = "24h"
	if out := describeStatus(st, time.UTC); !strings.Contains(out, "until 13:30.") || !strings.Contains(out, "next review Tue 16:30.") {
		t.Errorf("24-hour status:\n%s", out)
	}
	away := ctl.Status{Clock: "12h", State: "idle", AFK: true, AwayReason: "manual", AwaySince: &since, AFKUntil: &deadline}
	if got, want := awayLine(away, time.UTC), "Away since 9:04 AM, until 1:30 PM."; got != want {
		t.Errorf("away line %q, want %q", got, want)
	}
}

// `pings` writes when each ping came, and its auto-reply, on the clock.
func TestPingsOnA12HourClock(t *testing.T) {
	at := time.Date(2026, 11, 23, 14, 7, 0, 0, time.UTC) // a Monday
	groups := []pinglist.Group{{Conversation: "Bo Chen", Pings: []pinglist.Item{{ID: 7, From: "Bo Chen", Text: "lunch?", ReceivedAt: at,
		AutoReply: &pinglist.Reply{Status: store.ReplySent, At: at.Add(time.Minute)}}}}}
	out := describePings(groups, time.UTC, timefmt.H12)
	for _, want := range []string{"Mon 2:07 PM", "[auto-replied 2:08 PM]"} {
		if !strings.Contains(out, want) {
			t.Errorf("pings lack %q:\n%s", want, out)
		}
	}
}

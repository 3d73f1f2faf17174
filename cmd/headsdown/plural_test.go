package main

import (
	"strings"
	"testing"
	"time"

	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Every count `status`, `pings` and `review` write, for none, one and
// several: "1 block completed", never "1 blocks".
func TestCountsArePlural(t *testing.T) {
	for _, c := range []struct {
		name string
		got  func() string
		want string
	}{
		{"no block today", func() string { return describeStatus(ctl.Status{State: "idle"}, time.UTC) }, "Today: 0 min of deep work, 0 blocks completed."},
		{"one block today", func() string {
			return describeStatus(ctl.Status{State: "idle", TodayBlocks: 1, TodayFocusSeconds: 1500}, time.UTC)
		},
			"Today: 25 min of deep work, 1 block completed."},
		{"two blocks today", func() string {
			return describeStatus(ctl.Status{State: "idle", TodayBlocks: 2, TodayFocusSeconds: 3000}, time.UTC)
		},
			"Today: 50 min of deep work, 2 blocks completed."},
		{"one ping held", func() string {
			return pingsLine(ctl.PingStatus{Intake: "socket", Held: 1, Unreviewed: 1}, time.UTC, timefmt.H24)
		}, "Pings: 1 ping held."},
		{"one delivered", func() string {
			return pingsLine(ctl.PingStatus{Intake: "socket", Delivered: 1, Unreviewed: 1}, time.UTC, timefmt.H24)
		}, "Pings: 1 ping to review."},
		{"held and delivered", func() string {
			return pingsLine(ctl.PingStatus{Intake: "polling", Held: 1, Delivered: 1, Unreviewed: 2}, time.UTC, timefmt.H24)
		}, "Pings: 2 pings to review (1 held, 1 delivered)."},
		{"none waiting", func() string { return pingsLine(ctl.PingStatus{Intake: "socket"}, time.UTC, timefmt.H24) }, "Pings: none waiting."},
		{"intake off, one left", func() string {
			return pingsLine(ctl.PingStatus{Intake: "off", Delivered: 1, Unreviewed: 1}, time.UTC, timefmt.H24)
		},
			"Pings: 1 ping to review (`headsdown pings`)."},
		{"`pings`, one", func() string {
			return describePings([]pinglist.Group{{Conversation: "Bo", Pings: []pinglist.Item{{ID: 1, From: "Bo", Text: "hi"}}}}, time.UTC, timefmt.H24)
		}, "1 ping held:"},
		{"`pings`, held and delivered", func() string {
			return describePings([]pinglist.Group{{Conversation: "Bo", Pings: []pinglist.Item{{ID: 1, From: "Bo", Text: "hi"},
				{ID: 2, From: "Bo", Text: "now", Delivered: true}}}}, time.UTC, timefmt.H24)
		}, "2 pings to review (1 held, 1 delivered):"},
		{"`pings`, none", func() string { return describePings(nil, time.UTC, timefmt.H24) }, "No pings to review."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.got(); !strings.Contains(got, c.want) {
				t.Fatalf("got:\n%s\nwant it to contain %q", got, c.want)
			}
		})
	}
}

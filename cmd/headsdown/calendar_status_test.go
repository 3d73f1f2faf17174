package main

import (
	"strings"
	"testing"
	"time"

	ctl "github.com/headsdown-app/headsdown/app/control"
)

func TestStatusSaysTheMeetingAndCalendarProblems(t *testing.T) {
	until := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
	st := ctl.Status{State: "idle", Slack: ctl.SlackStatus{Line: "Slack: In a meeting until 10:30"},
		Calendar: ctl.CalendarStatus{InMeeting: true, MeetingUntil: &until,
			Feeds: []ctl.CalendarFeed{{Name: "work", Problem: "calendar.example.com has a problem of its own (HTTP 503)"}, {Name: "home", OK: true}}}}
	got := describeStatus(st, time.UTC)
	for _, want := range []string{"In a meeting until 10:30.\n", "Calendar \"work\": calendar.example.com has a problem of its own (HTTP 503).\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "home") {
		t.Errorf("a calendar without a problem is listed:\n%s", got)
	}
}

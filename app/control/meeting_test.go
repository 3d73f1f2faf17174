package control

import (
	"testing"
	"time"
)

func TestMeetingLine(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 35, 0, 0, time.UTC)
	at := func(h, m int) *time.Time { t := time.Date(2026, 11, 23, h, m, 0, 0, time.UTC); return &t }
	next := func(h, m int) *Meeting { return &Meeting{Start: *at(h, m), End: *at(h+1, m)} }
	tests := []struct {
		name string
		cal  CalendarStatus
		now  time.Time
		want string
	}{
		{"in a meeting", CalendarStatus{InMeeting: true, MeetingUntil: at(11, 30), NextMeeting: next(12, 0)}, now, "In a meeting until 11:30"},
		{"next within the hour", CalendarStatus{NextMeeting: next(11, 0)}, now, "Next meeting 11:00 (in 25 min)"},
		{"seconds before the start", CalendarStatus{NextMeeting: next(11, 0)}, now.Add(24*time.Minute + 30*time.Second), "Next meeting 11:00 (in 1 min)"},
		{"exactly an hour", CalendarStatus{NextMeeting: next(11, 35)}, now, "Next meeting 11:35 (in 60 min)"},
		{"later than the hour", CalendarStatus{NextMeeting: next(11, 36)}, now, ""},
		{"none", CalendarStatus{}, now, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MeetingLine(Status{Calendar: tt.cal}, tt.now, time.UTC); got != tt.want {
				t.Errorf("MeetingLine = %q, want %q", got, tt.want)
			}
		})
	}
	twelve := Status{Clock: "12h", Calendar: CalendarStatus{NextMeeting: next(13, 0)}}
	if got := MeetingLine(twelve, time.Date(2026, 11, 23, 12, 30, 0, 0, time.UTC), time.UTC); got != "Next meeting 1:00 PM (in 30 min)" {
		t.Errorf("12-hour clock: %q", got)
	}
}

func TestCalendarProblemLine(t *testing.T) {
	st := Status{Calendar: CalendarStatus{Feeds: []CalendarFeed{{Name: "home", OK: true}, {Name: "work", Problem: "127.0.0.1 has a problem of its own (HTTP 503)"}}}}
	if got := CalendarProblemLine(st); got != "Calendar \u201cwork\u201d: 127.0.0.1 has a problem of its own (HTTP 503)" {
		t.Errorf("line %q", got)
	}
	if got := CalendarProblemLine(Status{}); got != "" {
		t.Errorf("no feeds: %q", got)
	}
}

package focus_test

import (
	"testing"
	"time"

	. "github.com/headsdown-app/headsdown/focus"
)

// officeHours is Mon–Fri 09:00–12:00 and 13:00–17:00 (7 h a day), or with
// touching spans 09:00–12:00 and 12:00–17:00 (one stretch of 8 h).
func officeHours(t *testing.T, loc *time.Location, spans ...string) Schedule {
	t.Helper()
	var ss []Span
	for _, s := range spans {
		sp, err := ParseSpan(s)
		if err != nil {
			t.Fatal(err)
		}
		ss = append(ss, sp)
	}
	var days [7][]Span
	for d := time.Monday; d <= time.Friday; d++ {
		days[d] = ss
	}
	sc, err := NewSchedule(days, loc)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestMeetingsAndFocusAvailable: per day, the time in meetings (overlaps once)
// and the free stretches of an hour or more inside working hours, in the weekly
// and the range report alike.
func TestMeetingsAndFocusAvailable(t *testing.T) {
	loc := zone(t, "Europe/Berlin")
	week := Week{2026, 50} // Mon 7 Dec 2026
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, 7+day, h, m, 0, 0, loc) }
	mtg := func(day, h1, m1, h2, m2 int) Interval { return Interval{at(day, h1, m1), at(day, h2, m2)} }
	lunch := []string{"09:00-12:00", "13:00-17:00"}
	tests := []struct {
		name     string
		spans    []string
		calendar bool
		meetings []Interval
		day      int // the day checked (0 = Monday)
		meet     time.Duration
		avail    time.Duration
		nextMeet time.Duration // the day after's meetings
	}{
		{name: "no meetings: all working hours", spans: lunch, calendar: true, avail: 7 * time.Hour},
		{name: "half an hour splits the morning", spans: lunch, calendar: true, meetings: []Interval{mtg(0, 10, 0, 10, 30)},
			meet: 30 * time.Minute, avail: 6*time.Hour + 30*time.Minute},
		{name: "a gap under an hour is not available", spans: lunch, calendar: true,
			meetings: []Interval{mtg(0, 10, 0, 11, 0), mtg(0, 11, 30, 12, 0)},
			meet:     90 * time.Minute, avail: 5 * time.Hour},
		{name: "overlapping meetings count once", spans: lunch, calendar: true,
			meetings: []Interval{mtg(0, 14, 30, 15, 30), mtg(0, 14, 0, 15, 0)},
			meet:     90 * time.Minute, avail: 5*time.Hour + 30*time.Minute},
		{name: "a meeting after hours takes nothing available", spans: lunch, calendar: true,
			meetings: []Interval{mtg(0, 18, 0, 19, 0)}, meet: time.Hour, avail: 7 * time.Hour},
		{name: "touching spans are one stretch", spans: []string{"09:00-12:00", "12:00-17:00"}, calendar: true,
			meetings: []Interval{mtg(0, 11, 30, 12, 30)}, meet: time.Hour, avail: 7 * time.Hour},
		{name: "a free hour across touching spans counts", spans: []string{"09:00-12:00", "12:00-17:00"}, calendar: true,
			meetings: []Interval{mtg(0, 10, 0, 11, 30), mtg(0, 12, 30, 17, 0)}, meet: 6 * time.Hour, avail: 2 * time.Hour},
		{name: "a meeting across midnight is split", spans: lunch, calendar: true,
			meetings: []Interval{{at(0, 23, 0), at(1, 1, 0)}}, meet: time.Hour, avail: 7 * time.Hour, nextMeet: time.Hour},
		{name: "a meeting all afternoon", spans: lunch, calendar: true,
			meetings: []Interval{mtg(0, 12, 30, 17, 30)}, meet: 5 * time.Hour, avail: 3 * time.Hour},
		{name: "weekend: meetings but no working hours", spans: lunch, calendar: true, day: 5,
			meetings: []Interval{mtg(5, 10, 0, 11, 0)}, meet: time.Hour, avail: 0},
		{name: "no working hours: nothing available", calendar: true, meetings: []Interval{mtg(0, 10, 0, 11, 0)}, meet: time.Hour},
		{name: "no calendar: nothing known", spans: lunch, meetings: []Interval{mtg(0, 10, 0, 11, 0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sched Schedule
			if tc.spans != nil {
				sched = officeHours(t, loc, tc.spans...)
			}
			r := BuildReport(ReportInput{Week: week, Loc: loc, Schedule: sched, Calendar: tc.calendar, Meetings: tc.meetings})
			rr := BuildRange(RangeInput{Period: WeekPeriod(week), Loc: loc, Schedule: sched, Calendar: tc.calendar, Meetings: tc.meetings})
			if r.HasCalendar != tc.calendar || rr.HasCalendar != tc.calendar {
				t.Errorf("HasCalendar = %v, %v; want %v", r.HasCalendar, rr.HasCalendar, tc.calendar)
			}
			for name, days := range map[string][]Day{"week": r.Days[:], "range": rr.Days} {
				d := days[tc.day]
				if d.Meetings != tc.meet || d.FocusAvailable != tc.avail {
					t.Errorf("%s %s: meetings %v, available %v; want %v, %v", name, d.Date.Format("Mon"), d.Meetings, d.FocusAvailable, tc.meet, tc.avail)
				}
				if got := days[tc.day+1].Meetings; got != tc.nextMeet {
					t.Errorf("%s: the next day's meetings %v, want %v", name, got, tc.nextMeet)
				}
			}
			// The week's figures are the days' sums: the other working days
			// (none with a meeting here) are wholly available.
			var wantMeet, wantAvail time.Duration
			for _, d := range r.Days {
				wantMeet += d.Meetings
				wantAvail += d.FocusAvailable
			}
			if r.Meetings != wantMeet || r.FocusAvailable != wantAvail || rr.Meetings != wantMeet || rr.FocusAvailable != wantAvail {
				t.Errorf("totals %v/%v (range %v/%v), want %v/%v", r.Meetings, r.FocusAvailable, rr.Meetings, rr.FocusAvailable, wantMeet, wantAvail)
			}
			if tc.calendar && tc.spans != nil && tc.day == 0 && r.FocusAvailable != tc.avail+4*dayHours(sched, time.Tuesday) {
				t.Errorf("week available %v, want Monday's %v and four whole days", r.FocusAvailable, tc.avail)
			}
			if w := rr.Weeks[0]; w.Meetings != wantMeet || w.FocusAvailable != wantAvail {
				t.Errorf("range's week %v/%v, want %v/%v", w.Meetings, w.FocusAvailable, wantMeet, wantAvail)
			}
		})
	}
}

func dayHours(sc Schedule, d time.Weekday) time.Duration {
	var total time.Duration
	for _, sp := range sc.Days[d] {
		total += time.Duration(sp.End-sp.Start) * time.Minute
	}
	return total
}

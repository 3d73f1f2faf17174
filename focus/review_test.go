package focus

import (
	"testing"
	"time"
)

func TestReviewPlanNext(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("tz database: %v", err)
	}
	var days [7][]Span
	for d := time.Monday; d <= time.Friday; d++ {
		days[d] = []Span{{Start: 9 * 60, End: 12 * 60}, {Start: 13 * 60, End: 17*60 + 30}}
	}
	hours, err := NewSchedule(days, berlin)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	plan := ReviewPlan{Times: []int{10*60 + 30, 12*60 + 30, 16*60 + 30, 17*60 + 30}, Hours: hours}
	for _, c := range []struct{ now, want string }{
		{"2026-11-23 08:00", "2026-11-23 10:30"}, // Monday
		{"2026-11-23 10:30", "2026-11-23 16:30"}, // strictly after; 12:30 is lunch, outside the hours
		{"2026-11-23 16:31", "2026-11-23 17:30"}, // the end of the day counts
		{"2026-11-27 17:31", "2026-11-30 10:30"}, // Friday evening: Monday
	} {
		if got := plan.Next(at(c.now)); !got.Equal(at(c.want)) {
			t.Errorf("Next(%s) = %s, want %s", c.now, got.Format("2006-01-02 15:04"), c.want)
		}
	}
	every := ReviewPlan{Every: 90 * time.Minute, Hours: hours}
	for _, c := range []struct{ now, want string }{
		{"2026-11-23 08:00", "2026-11-23 10:30"},
		{"2026-11-23 10:30", "2026-11-23 12:00"}, // 09:00 + 2×90 is the span's end, which counts
		{"2026-11-23 12:00", "2026-11-23 14:30"}, // counted again from 13:00
		{"2026-11-23 16:00", "2026-11-23 17:30"},
		{"2026-11-23 17:30", "2026-11-24 10:30"},
	} {
		if got := every.Next(at(c.now)); !got.Equal(at(c.want)) {
			t.Errorf("every: Next(%s) = %s, want %s", c.now, got.Format("2006-01-02 15:04"), c.want)
		}
	}
	// DST: on 2026-03-29 Berlin skips 02:00-03:00; a 10:30 review is still
	// 10:30 local, 23 hours after Saturday's.
	anyDay := ReviewPlan{Times: []int{10*60 + 30}}
	anyDay.Hours.Loc = berlin
	sat := at("2026-03-28 10:30")
	if got := anyDay.Next(sat); !got.Equal(at("2026-03-29 10:30")) || got.Sub(sat) != 23*time.Hour {
		t.Errorf("across DST: %s (%s)", got, got.Sub(sat))
	}
	if got := (ReviewPlan{Hours: hours}).Next(at("2026-11-23 08:00")); !got.IsZero() {
		t.Errorf("a plan with no reviews gave %s", got)
	}
}

// Delivery is the time a status promises a sender: a window inside a
// focus block does not count before the block's end, where the digest
// really comes.
func TestReviewPlanDelivery(t *testing.T) {
	var days [7][]Span
	for d := time.Monday; d <= time.Friday; d++ {
		days[d] = []Span{{Start: 9 * 60, End: 17*60 + 30}}
	}
	hours, err := NewSchedule(days, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	plan := ReviewPlan{Times: []int{10*60 + 30, 13*60 + 30, 16*60 + 30}, Hours: hours}
	for _, c := range []struct {
		name     string
		plan     ReviewPlan
		now, end string
		atEnd    bool
		want     string
	}{
		{"the first window after the block", plan, "2026-11-23 10:45", "2026-11-23 11:30", false, "2026-11-23 13:30"},
		{"a window inside the block waits for its end", plan, "2026-11-23 10:00", "2026-11-23 11:30", false, "2026-11-23 11:30"},
		{"a window at the very end of the block", plan, "2026-11-23 10:00", "2026-11-23 10:30", false, "2026-11-23 10:30"},
		{"review at the end of each block", plan, "2026-11-23 10:45", "2026-11-23 11:30", true, "2026-11-23 11:30"},
		{"no block: the next window", plan, "2026-11-23 10:45", "", false, "2026-11-23 13:30"},
		{"a block already over: the next window", plan, "2026-11-23 10:45", "2026-11-23 10:40", true, "2026-11-23 13:30"},
		{"after the last window: tomorrow", plan, "2026-11-23 16:45", "2026-11-23 17:15", false, "2026-11-24 10:30"},
		{"no windows", ReviewPlan{Hours: hours}, "2026-11-23 10:45", "2026-11-23 11:30", false, ""},
		{"no windows, but the block's end", ReviewPlan{Hours: hours}, "2026-11-23 10:45", "2026-11-23 11:30", true, "2026-11-23 11:30"},
	} {
		if got := c.plan.Delivery(at(c.now), at(c.end), c.atEnd); !got.Equal(at(c.want)) {
			t.Errorf("%s: Delivery = %v, want %s", c.name, got, c.want)
		}
	}
}

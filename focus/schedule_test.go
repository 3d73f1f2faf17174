package focus

import (
	"strings"
	"testing"
	"time"
)

func weekdays(spans ...Span) [7][]Span {
	var d [7][]Span
	for wd := time.Monday; wd <= time.Friday; wd++ {
		d[wd] = spans
	}
	return d
}

func TestParseSpan(t *testing.T) {
	if s, err := ParseSpan(" 09:00 - 17:30 "); err != nil || s != (Span{540, 1050}) {
		t.Fatalf("got %v %v", s, err)
	}
	if s, err := ParseSpan("13:00-24:00"); err != nil || s.End != 1440 {
		t.Fatalf("got %v %v", s, err)
	}
	for in, want := range map[string]string{
		"17:00-09:00": "after the start", "25:00-26:00": "not a time of day", "9-17": "not a time of day",
		"0900": "start-end", "09:60-10:00": "not a time of day", "24:30-24:40": "not a time of day",
		"09:00-09:00": "after the start", "ab:cd-10:00": "not a time of day",
	} {
		if _, err := ParseSpan(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSpan(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestScheduleOverlapIsAnError(t *testing.T) {
	var d [7][]Span
	d[time.Monday] = []Span{{540, 720}, {700, 800}}
	if _, err := NewSchedule(d, time.UTC); err == nil || !strings.Contains(err.Error(), "overlaps") {
		t.Fatalf("got %v", err)
	}
}

func TestWorkingAndNextChange(t *testing.T) {
	s, err := NewSchedule(weekdays(Span{540, 720}, Span{780, 1050}), time.UTC) // split day
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, time.UTC) } // 23 Nov 2026 is a Monday
	cases := []struct {
		t       time.Time
		working bool
		next    time.Time
	}{
		{at(23, 8, 0), false, at(23, 9, 0)},
		{at(23, 9, 0), true, at(23, 12, 0)},
		{at(23, 12, 30), false, at(23, 13, 0)},
		{at(23, 17, 29), true, at(23, 17, 30)},
		{at(27, 18, 0), false, at(30, 9, 0)}, // Friday evening to Monday morning
		{at(28, 11, 0), false, at(30, 9, 0)}, // Saturday
	}
	for _, c := range cases {
		if got := s.Working(c.t); got != c.working {
			t.Errorf("Working(%v) = %v", c.t, got)
		}
		if got := s.NextChange(c.t); !got.Equal(c.next) {
			t.Errorf("NextChange(%v) = %v, want %v", c.t, got, c.next)
		}
	}
	if got := s.NextStart(at(23, 10, 0)); !got.Equal(at(23, 10, 0)) {
		t.Errorf("NextStart inside hours = %v", got)
	}
	var empty Schedule
	if !empty.NextChange(at(23, 10, 0)).IsZero() || empty.Working(at(23, 10, 0)) {
		t.Error("an empty schedule is never working and never changes")
	}
}

func TestScheduleAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	var d [7][]Span
	d[time.Sunday] = []Span{{60, 240}} // 01:00-04:00 across the 02:00->03:00 spring jump
	d[time.Monday] = []Span{{540, 1020}}
	s, _ := NewSchedule(d, berlin)
	sat := time.Date(2026, 3, 28, 22, 0, 0, 0, berlin)
	if got, want := s.NextChange(sat), time.Date(2026, 3, 29, 1, 0, 0, 0, berlin); !got.Equal(want) {
		t.Fatalf("next start %v want %v", got, want)
	}
	if got, want := s.NextChange(time.Date(2026, 3, 29, 1, 30, 0, 0, berlin)), time.Date(2026, 3, 29, 4, 0, 0, 0, berlin); !got.Equal(want) {
		t.Fatalf("end on the 23-hour day %v want %v", got, want)
	}
	if got := time.Date(2026, 3, 29, 4, 0, 0, 0, berlin).Sub(time.Date(2026, 3, 29, 1, 0, 0, 0, berlin)); got != 2*time.Hour {
		t.Fatalf("the span lasted %v on the DST day, want 2h", got)
	}
}

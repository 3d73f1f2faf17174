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
	for _, tc := range []struct {
		in   string
		want Span
	}{
		{"9am-5pm", Span{9 * 60, 17 * 60}},
		{"9 AM - 5:30 PM", Span{9 * 60, 17*60 + 30}},
		{"9:00 am-5:30 pm", Span{9 * 60, 17*60 + 30}},
		{"12am-12pm", Span{0, 12 * 60}},      // midnight to noon
		{"12pm-1pm", Span{12 * 60, 13 * 60}}, // noon
		{"12:30am-1am", Span{30, 60}},
		{"11pm-12am", Span{23 * 60, 24 * 60}}, // 12am as an end is midnight
		{"8:15 a.m.-4:45 p.m.", Span{8*60 + 15, 16*60 + 45}},
		{"09:00-5pm", Span{9 * 60, 17 * 60}}, // the two clocks mixed
		{"12am-12am", Span{0, 24 * 60}},      // a whole day
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got, err := ParseSpan(tc.in); err != nil || got != tc.want {
				t.Fatalf("ParseSpan(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for in, want := range map[string]string{
		"13pm-2pm":    `"13pm" is not a time of day: with am or pm the hour is 1 to 12`,
		"0am-1am":     "with am or pm the hour is 1 to 12",
		"9:60am-10am": "the minutes 00 to 59",
		"9:5am-10am":  "not a time of day like 09:00, 17:30, 9am or 5:30 pm",
		"am-5pm":      "not a time of day",
		"9pm-9am":     "after the start",
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

package focus

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Span is a stretch of a working day, in minutes after midnight (local
// time of the schedule's zone). End is exclusive; 24:00 is allowed as End.
type Span struct{ Start, End int }

// String writes the span as "09:00-17:30".
func (s Span) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.Start/60, s.Start%60, s.End/60, s.End%60)
}

// ParseSpan reads "09:00-17:30", and the same on a 12-hour clock as people
// who use one type it: "9am-5:30pm", "9:00 AM - 5:30 PM". A span that
// ends at "12am" ends at midnight. Errors say what is wrong with which
// part.
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Span{}, fmt.Errorf("working hours %q: write them as start-end, e.g. 09:00-17:30 or 9am-5:30pm", s)
	}
	start, err := parseClock(a)
	if err != nil {
		return Span{}, fmt.Errorf("working hours %q: start: %w", s, err)
	}
	end, err := parseClock(b)
	if err != nil {
		return Span{}, fmt.Errorf("working hours %q: end: %w", s, err)
	}
	if _, twelve := cutMeridiem(b); twelve && end == 0 {
		end = 24 * 60 // "10pm-12am": until midnight
	}
	if end <= start {
		return Span{}, fmt.Errorf("working hours %q: the end must be after the start", s)
	}
	return Span{Start: start, End: end}, nil
}

// ClockForms says, for every message about a time typed by hand, what
// would work.
const ClockForms = "like 09:00, 17:30, 9am or 5:30 pm"

// ParseClock reads one time of day, as parseClock.
func ParseClock(s string) (int, error) { return parseClock(s) }

// parseClock reads a time of day as minutes after midnight: 24-hour
// ("09:00", "9:00", "24:00" for the end of a day) or 12-hour ("9am",
// "9 am", "5:30 PM", "5:30 p.m."), where the hour is 1 to 12, 12am is
// midnight and 12pm noon.
func parseClock(in string) (int, error) {
	s := strings.TrimSpace(in)
	body, twelve := cutMeridiem(s)
	if twelve {
		pm := strings.HasPrefix(strings.ToLower(s[len(body):]), "p")
		body = strings.TrimSpace(body)
		h, m, ok := hoursMinutes(body, true)
		if !ok {
			return 0, fmt.Errorf("%q is not a time of day %s", in, ClockForms)
		}
		if h < 1 || h > 12 || m > 59 {
			return 0, fmt.Errorf("%q is not a time of day: with am or pm the hour is 1 to 12 and the minutes 00 to 59", in)
		}
		h %= 12
		if pm {
			h += 12
		}
		return h*60 + m, nil
	}
	h, m, ok := hoursMinutes(s, false)
	if !ok {
		return 0, fmt.Errorf("%q is not a time of day %s", in, ClockForms)
	}
	if h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day (00:00 to 24:00, or 12am to 11:59pm)", in)
	}
	return h*60 + m, nil
}

// cutMeridiem returns s without a trailing am/pm (any case, with or without
// dots) and whether it had one.
func cutMeridiem(s string) (string, bool) {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, m := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasSuffix(lower, m) {
			return s[:len(s)-len(m)], true
		}
	}
	return s, false
}

// hoursMinutes reads "H:MM" or "HH:MM" (one or two digits of hours, two
// of minutes), and when bareHour also "H" or "HH".
func hoursMinutes(s string, bareHour bool) (h, m int, ok bool) {
	num := func(s string) (int, bool) {
		if len(s) == 0 || len(s) > 2 {
			return 0, false
		}
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	hs, ms, colon := strings.Cut(s, ":")
	if h, ok = num(hs); !ok {
		return 0, 0, false
	}
	if !colon {
		return h, 0, bareHour
	}
	if len(ms) != 2 {
		return 0, 0, false
	}
	m, ok = num(ms)
	return h, m, ok
}

// Schedule is a week of working hours. A day may have several spans (a
// split day); a day with none is off.
type Schedule struct {
	Days [7][]Span // indexed by time.Weekday
	Loc  *time.Location
}

// NewSchedule validates and sorts each day's spans: overlaps are errors.
func NewSchedule(days [7][]Span, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.Local
	}
	var errs []error
	for d := range days {
		spans := append([]Span(nil), days[d]...)
		sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
		for i, s := range spans {
			if s.End <= s.Start || s.Start < 0 || s.End > 24*60 {
				errs = append(errs, fmt.Errorf("%s: %s is not a valid span", time.Weekday(d), s))
			}
			if i > 0 && s.Start < spans[i-1].End {
				errs = append(errs, fmt.Errorf("%s: %s overlaps %s", time.Weekday(d), s, spans[i-1]))
			}
		}
		days[d] = spans
	}
	return Schedule{Days: days, Loc: loc}, errors.Join(errs...)
}

// Empty reports whether no day has working hours: then every time is off.
func (s Schedule) Empty() bool {
	for _, d := range s.Days {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

// Working reports whether t falls inside working hours.
func (s Schedule) Working(t time.Time) bool {
	t = t.In(s.loc())
	mins := t.Hour()*60 + t.Minute()
	for _, sp := range s.Days[t.Weekday()] {
		if mins >= sp.Start && mins < sp.End {
			return true
		}
	}
	return false
}

// NextChange is the first instant after t at which Working changes, or zero
// if it never does (an empty schedule). Instants are built with time.Date
// per day, so days of 23 or 25 hours (DST) are right.
func (s Schedule) NextChange(t time.Time) time.Time {
	if s.Empty() {
		return time.Time{}
	}
	loc := s.loc()
	t = t.In(loc)
	now := s.Working(t)
	for day := 0; day <= 8; day++ {
		d := t.AddDate(0, 0, day)
		for _, sp := range s.Days[d.Weekday()] {
			for _, m := range []int{sp.Start, sp.End} {
				at := time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, loc)
				if at.After(t) && s.Working(at) != now {
					return at
				}
			}
		}
	}
	return time.Time{}
}

// NextStart is the next instant at or after t when working hours begin; t
// itself if it is inside working hours; zero for an empty schedule.
func (s Schedule) NextStart(t time.Time) time.Time {
	if s.Working(t) {
		return t
	}
	return s.NextChange(t)
}

func (s Schedule) loc() *time.Location {
	if s.Loc == nil {
		return time.Local
	}
	return s.Loc
}

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

// ParseSpan reads "09:00-17:30". Errors say what is wrong with which part.
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Span{}, fmt.Errorf("working hours %q: write them as start-end, e.g. 09:00-17:30", s)
	}
	start, err := parseClock(strings.TrimSpace(a))
	if err != nil {
		return Span{}, fmt.Errorf("working hours %q: start: %w", s, err)
	}
	end, err := parseClock(strings.TrimSpace(b))
	if err != nil {
		return Span{}, fmt.Errorf("working hours %q: end: %w", s, err)
	}
	if end <= start {
		return Span{}, fmt.Errorf("working hours %q: the end must be after the start", s)
	}
	return Span{Start: start, End: end}, nil
}

func parseClock(s string) (int, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || len(s) < 4 || len(s) > 5 {
		return 0, fmt.Errorf("%q is not a time of day like 09:00", s)
	}
	if h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day (00:00 to 24:00)", s)
	}
	return h*60 + m, nil
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

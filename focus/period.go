package focus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day, with no zone: the days a person names when they
// ask for "November" or "3 to 30 November". Start gives its midnight in a
// zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate reads "2026-11-03".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil || t.Year() < 1970 {
		return Date{}, fmt.Errorf("invalid date %q: write it as 2026-11-03", s)
	}
	return DateOf(t, time.UTC), nil
}

// String is "2026-11-03".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Start is the day's midnight in loc (or the first instant of the day
// where a DST change skips midnight: time.Date's normalisation).
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays is the date n days later (earlier for n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC), time.UTC)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// PeriodKind is what a report covers: "week", "month", "year" or "range".
type PeriodKind string

// The kinds of period, as the JSON's range.kind names them.
const (
	PeriodWeek  PeriodKind = "week"
	PeriodMonth PeriodKind = "month"
	PeriodYear  PeriodKind = "year"
	PeriodRange PeriodKind = "range"
)

// Period is whole calendar days, First to Last inclusive, in whatever zone
// the report is made in.
type Period struct {
	Kind        PeriodKind
	First, Last Date
}

// MaxPeriodDays bounds a range: a century of days, far beyond any history,
// so that a typo (year 2206) is refused rather than computed.
const MaxPeriodDays = 100 * 366

// WeekPeriod is an ISO week.
func WeekPeriod(w Week) Period {
	s := w.Start(time.UTC)
	return Period{PeriodWeek, DateOf(s, time.UTC), DateOf(s.AddDate(0, 0, 6), time.UTC)}
}

// MonthPeriod is a calendar month.
func MonthPeriod(year int, month time.Month) Period {
	last := time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC)
	return Period{PeriodMonth, Date{year, month, 1}, DateOf(last, time.UTC)}
}

// YearPeriod is a calendar year.
func YearPeriod(year int) Period {
	return Period{PeriodYear, Date{year, time.January, 1}, Date{year, time.December, 31}}
}

// RangePeriod is first to last, both included. It refuses a range that
// ends before it starts or spans more than MaxPeriodDays.
func RangePeriod(first, last Date) (Period, error) {
	if last.Before(first) {
		return Period{}, fmt.Errorf("the range ends (%s) before it starts (%s): give --from the earlier date", last, first)
	}
	p := Period{PeriodRange, first, last}
	if p.NumDays() > MaxPeriodDays {
		return Period{}, fmt.Errorf("the range %s to %s spans %d days; at most %d (a century) are allowed", first, last, p.NumDays(), MaxPeriodDays)
	}
	return p, nil
}

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Period, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil || t.Year() < 1970 {
		return Period{}, fmt.Errorf("invalid month %q: write it as 2026-11", s)
	}
	return MonthPeriod(t.Year(), t.Month()), nil
}

// ParseYear reads "2026".
func ParseYear(s string) (Period, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < 1970 || y > 9999 {
		return Period{}, fmt.Errorf("invalid year %q: write it as 2026", s)
	}
	return YearPeriod(y), nil
}

// Start is the period's first midnight in loc.
func (p Period) Start(loc *time.Location) time.Time { return p.First.Start(loc) }

// End is the midnight after its last day in loc (exclusive).
func (p Period) End(loc *time.Location) time.Time { return p.Last.AddDays(1).Start(loc) }

// NumDays is how many calendar days the period has.
func (p Period) NumDays() int {
	a := time.Date(p.First.Year, p.First.Month, p.First.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(p.Last.Year, p.Last.Month, p.Last.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours()/24) + 1
}

// String names the period as a person would: "2026-W47", "November
// 2026", "2026", "3 Nov – 30 Nov 2026".
func (p Period) String() string {
	switch p.Kind {
	case PeriodWeek:
		return WeekOf(p.First.Start(time.UTC), time.UTC).String()
	case PeriodMonth:
		return fmt.Sprintf("%s %d", p.First.Month, p.First.Year)
	case PeriodYear:
		return strconv.Itoa(p.First.Year)
	}
	f, l := p.First.Start(time.UTC), p.Last.Start(time.UTC)
	if p.First.Year == p.Last.Year {
		return f.Format("2 Jan") + " – " + l.Format("2 Jan 2006")
	}
	return f.Format("2 Jan 2006") + " – " + l.Format("2 Jan 2006")
}

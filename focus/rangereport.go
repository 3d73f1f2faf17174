package focus

import (
	"sort"
	"time"
)

// RangeInput is everything a report over any period is computed from.
type RangeInput struct {
	Period Period
	Loc    *time.Location
	// Now: days after it are "future" (no goal verdict, not in streaks).
	Now      time.Time
	Goal     time.Duration
	Schedule Schedule
	// Blocks must include every block with time in the period and the
	// StreakLookback days before it; extra blocks are ignored.
	Blocks []Block
	// Pings must include those received in the period; or, for a long
	// period, PingSummary (when set, Pings is not read) gathers them.
	Pings       []PingMetric
	PingSummary *PingSummary
	// Calendar and Meetings are as in ReportInput, over the period.
	Calendar bool
	Meetings []Interval
}

// PeriodTotal is the figures of one week or month of a range report,
// clipped to the range: a range from a Wednesday has a first week of five
// days.
type PeriodTotal struct {
	Label      string    // "2026-W47", "2026-11"
	Start, End time.Time // [Start, End): the part inside the range
	DaySums              // meetings with a calendar (RangeReport.HasCalendar)
}

// RangeReport is deep work over any period of whole days: a week, a month,
// a year, or any range.
type RangeReport struct {
	Period     Period
	Start, End time.Time // the first midnight and the one after the last day
	Now        time.Time
	Goal       time.Duration
	Days       []Day
	Totals
	Streak int // consecutive goal days up to the period's last past day
	// Longest is the longest uninterrupted stretch of focus, from LongestAt.
	Longest   time.Duration
	LongestAt time.Time
	Hours     [24]time.Duration
	BestHours []int
	// HasSchedule: InsideHours/OutsideHours split focus by working hours.
	HasSchedule               bool
	InsideHours, OutsideHours time.Duration
	Tags                      []TagTotal // every tag, most focus first
	// Weeks (ISO) and Months are the totals of each, clipped to the range.
	Weeks  []PeriodTotal
	Months []PeriodTotal
	// WorkedDays are the days with any focus.
	WorkedDays int
	// BestDay and BestWeek index Days and Weeks (-1: none with focus).
	BestDay, BestWeek int
	// HasCalendar: Meetings and FocusAvailable are known (RangeInput.Calendar).
	HasCalendar bool
}

// AveragePerWorkedDay is focus divided by the days with any focus.
func (r RangeReport) AveragePerWorkedDay() time.Duration {
	if r.WorkedDays == 0 {
		return 0
	}
	return r.Focus / time.Duration(r.WorkedDays)
}

// BuildRange computes the report for in.Period, splitting focus that
// crosses midnight, a month's end or a year's end by the minute, as the
// weekly report does.
func BuildRange(in RangeInput) RangeReport {
	loc := in.Loc
	if loc == nil {
		loc = time.Local
	}
	in.Schedule.Loc = loc
	start, end := in.Period.Start(loc), in.Period.End(loc)
	r := RangeReport{Period: in.Period, Start: start, End: end, Now: in.Now, Goal: in.Goal,
		HasSchedule: !in.Schedule.Empty(), BestDay: -1, BestWeek: -1}

	n := in.Period.NumDays()
	g := newDayGrid(in.Period.First.AddDays(-StreakLookback), StreakLookback+n, loc)
	first := StreakLookback // the period's first day in the grid
	focusByDay := dailyFocus(in.Blocks, g, g.start(), end)
	away := dailyAway(in.Blocks, g, start, end)
	manual := dailyManual(in.Blocks, g, start, end)
	r.Days = make([]Day, n)
	var tomorrow time.Time
	if !in.Now.IsZero() {
		tomorrow = dayStart(in.Now, loc).AddDate(0, 0, 1)
	}
	f := in.Period.First
	for i := range n {
		d := time.Date(f.Year, f.Month, f.Day+i, 0, 0, 0, 0, loc)
		day := Day{Date: d, Focus: dayValue(focusByDay, first+i), Away: dayValue(away, first+i), Manual: dayValue(manual, first+i),
			Working: in.Schedule.Empty() || len(in.Schedule.Days[d.Weekday()]) > 0}
		day.Future = !tomorrow.IsZero() && !d.Before(tomorrow)
		day.GoalMet = !day.Future && in.Goal > 0 && day.Focus >= in.Goal
		r.Days[i] = day
	}
	if r.HasCalendar = in.Calendar; in.Calendar {
		in.Schedule.setMeetings(r.Days, mergeIntervals(in.Meetings), loc)
	}
	t := tallyBlocks(in.Blocks, g, start, end, in.Schedule, r.HasSchedule, func(b Block) {
		if i := g.day(b.StartedAt) - first; i >= 0 && i < n {
			r.Days[i].count(b.Outcome)
		}
	})
	r.Longest, r.LongestAt, r.Hours, r.InsideHours, r.OutsideHours = t.longest, t.longestAt, t.hours, t.inside, t.outside
	tags := t.tags
	for i, d := range r.Days {
		r.addDay(d)
		if d.Focus > 0 {
			r.WorkedDays++
			if r.BestDay < 0 || d.Focus > r.Days[r.BestDay].Focus {
				r.BestDay = i
			}
		}
	}
	r.Weeks = groupDays(r.Days, end, func(d time.Time) int { y, w := d.ISOWeek(); return y*100 + w },
		func(d time.Time) string { return WeekOf(d, loc).String() })
	r.Months = groupDays(r.Days, end, func(d time.Time) int { return d.Year()*100 + int(d.Month()) },
		func(d time.Time) string { return d.Format("2006-01") })
	for i, w := range r.Weeks {
		if w.Focus > 0 && (r.BestWeek < 0 || w.Focus > r.Weeks[r.BestWeek].Focus) {
			r.BestWeek = i
		}
	}
	r.BestHours = bestHours(r.Hours)
	r.Tags = topTags(tags, len(tags))
	if in.PingSummary != nil {
		r.setPings(*in.PingSummary)
	} else {
		r.setPings(SummarizePings(in.Pings, start, end))
	}
	r.Streak = streakUpTo(in.Goal, in.Schedule, in.Now, focusByDay, g, start, end, StreakLookback+n)
	if r.Streak > 0 {
		// The streak's goal days inside the period, counted back from its
		// end as streakUpTo counts them (before the first day: none).
		last := min(streakEnd(in.Goal, in.Now, focusByDay, g, start, end)-first, n-1)
		for i, marked := last, 0; i >= 0 && marked < r.Streak; i-- {
			if r.Days[i].GoalMet {
				r.Days[i].InStreak = true
				marked++
			}
		}
	}
	return r
}

// groupDays sums consecutive days that share a key (a week, a month),
// labelled by label; the label is made once a group, since a ten-year
// range has 3,650 days.
func groupDays(days []Day, end time.Time, key func(time.Time) int, label func(time.Time) string) []PeriodTotal {
	var out []PeriodTotal
	last := 0
	for _, d := range days {
		if k := key(d.Date); len(out) == 0 || k != last {
			if len(out) > 0 {
				out[len(out)-1].End = d.Date
			}
			out = append(out, PeriodTotal{Label: label(d.Date), Start: d.Date})
			last = k
		}
		out[len(out)-1].addDay(d)
	}
	if len(out) > 0 {
		out[len(out)-1].End = end
	}
	return out
}

// Bars are what a chart of the range draws, coarser as the range grows: a
// bar a day up to 31 days, a bar a week up to 26 weeks, else a bar a month.
func (r RangeReport) Bars() []PeriodTotal {
	switch n := len(r.Days); {
	case n <= 31:
		out := make([]PeriodTotal, n)
		for i, d := range r.Days {
			end := r.End
			if i+1 < n {
				end = r.Days[i+1].Date
			}
			out[i] = PeriodTotal{Label: d.Date.Format("2006-01-02"), Start: d.Date, End: end}
			out[i].addDay(d) // a bar of one day
		}
		return out
	case n <= 26*7:
		return r.Weeks
	}
	return r.Months
}

// BestHoursSorted is BestHours in clock order.
func (r RangeReport) BestHoursSorted() []int {
	out := append([]int{}, r.BestHours...)
	sort.Ints(out)
	return out
}

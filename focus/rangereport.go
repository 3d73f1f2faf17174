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
}

// PeriodTotal is the figures of one week or month of a range report,
// clipped to the range: a range from a Wednesday has a first week of five
// days.
type PeriodTotal struct {
	Label      string    // "2026-W47", "2026-11"
	Start, End time.Time // [Start, End): the part inside the range
	Focus      time.Duration
	Manual     time.Duration
	Away       time.Duration
	Completed  int
	Stopped    int
	GoalDays   int
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

	lookback := start.AddDate(0, 0, -StreakLookback)
	focusByDay := dailyFocus(in.Blocks, lookback, end, loc)
	away := dailyAway(in.Blocks, start, end, loc)
	manual := dailyManual(in.Blocks, start, end, loc)
	n := in.Period.NumDays()
	r.Days = make([]Day, n)
	index := make(map[dayID]int, n)
	var tomorrow time.Time
	if !in.Now.IsZero() {
		tomorrow = dayStart(in.Now, loc).AddDate(0, 0, 1)
	}
	f := in.Period.First
	for i := range n {
		d := time.Date(f.Year, f.Month, f.Day+i, 0, 0, 0, 0, loc)
		k := dayKey(d)
		index[k] = i
		day := Day{Date: d, Focus: focusByDay[k], Away: away[k], Manual: manual[k],
			Working: in.Schedule.Empty() || len(in.Schedule.Days[d.Weekday()]) > 0}
		day.Future = !tomorrow.IsZero() && !d.Before(tomorrow)
		day.GoalMet = !day.Future && in.Goal > 0 && day.Focus >= in.Goal
		r.Days[i] = day
	}
	t := tallyBlocks(in.Blocks, start, end, loc, in.Schedule, r.HasSchedule, func(b Block) {
		if i, ok := index[dayKey(b.StartedAt.In(loc))]; ok {
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
	r.Weeks = groupDays(r.Days, end, func(d time.Time) string { return WeekOf(d, loc).String() })
	r.Months = groupDays(r.Days, end, func(d time.Time) string { return d.Format("2006-01") })
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
	r.Streak = streakUpTo(in.Goal, in.Schedule, in.Now, focusByDay, start, end, loc, StreakLookback+n)
	if r.Streak > 0 {
		// The streak's goal days inside the period, counted back from its
		// end as streakUpTo counts them.
		last, ok := index[dayKey(streakEnd(in.Goal, in.Now, focusByDay, start, end, loc))]
		if !ok {
			last = -1 // the streak ends before the period's first day
		}
		for i, marked := last, 0; i >= 0 && marked < r.Streak; i-- {
			if r.Days[i].GoalMet {
				r.Days[i].InStreak = true
				marked++
			}
		}
	}
	return r
}

// groupDays sums consecutive days that share a label (a week, a month).
func groupDays(days []Day, end time.Time, label func(time.Time) string) []PeriodTotal {
	var out []PeriodTotal
	for _, d := range days {
		l := label(d.Date)
		if len(out) == 0 || out[len(out)-1].Label != l {
			if len(out) > 0 {
				out[len(out)-1].End = d.Date
			}
			out = append(out, PeriodTotal{Label: l, Start: d.Date})
		}
		p := &out[len(out)-1]
		p.Focus += d.Focus
		p.Manual += d.Manual
		p.Away += d.Away
		p.Completed += d.Completed
		p.Stopped += d.Stopped
		if d.GoalMet {
			p.GoalDays++
		}
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
			goal := 0
			if d.GoalMet {
				goal = 1
			}
			end := r.End
			if i+1 < n {
				end = r.Days[i+1].Date
			}
			out[i] = PeriodTotal{Label: d.Date.Format("2006-01-02"), Start: d.Date, End: end, Focus: d.Focus, Manual: d.Manual,
				Away: d.Away, Completed: d.Completed, Stopped: d.Stopped, GoalDays: goal}
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

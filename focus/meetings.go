package focus

import (
	"sort"
	"time"
)

// MinFocusStretch is the shortest free stretch that counts as time available for
// focus: Clockwise's measure, as less than an hour between meetings rarely holds
// deep work.
const MinFocusStretch = time.Hour

// mergeIntervals sorts iv and joins overlapping or touching stretches, so that two
// calendars with the same meeting count it once.
func mergeIntervals(iv []Interval) []Interval {
	out := make([]Interval, 0, len(iv))
	for _, i := range iv {
		if i.End.After(i.Start) {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start.Before(out[b].Start) })
	merged := out[:0]
	for _, i := range out {
		if n := len(merged); n > 0 && !i.Start.After(merged[n-1].End) {
			if i.End.After(merged[n-1].End) {
				merged[n-1].End = i.End
			}
			continue
		}
		merged = append(merged, i)
	}
	return merged
}

// busyWithin is how much of [s, e) the merged meetings take.
func busyWithin(merged []Interval, s, e time.Time) time.Duration {
	var total time.Duration
	for _, m := range merged {
		if a, b := maxTime(m.Start, s), minTime(m.End, e); b.After(a) {
			total += b.Sub(a)
		}
	}
	return total
}

// freeStretches is the sum of the gaps of at least MinFocusStretch that the merged
// meetings leave in [s, e).
func freeStretches(merged []Interval, s, e time.Time) time.Duration {
	var total time.Duration
	at := s
	take := func(until time.Time) {
		if gap := until.Sub(at); gap >= MinFocusStretch {
			total += gap
		}
	}
	for _, m := range merged {
		if !m.End.After(at) {
			continue
		}
		if !m.Start.Before(e) {
			break
		}
		take(maxTime(m.Start, at))
		at = m.End
	}
	if e.After(at) {
		take(e)
	}
	return total
}

// focusAvailable is the day's time available for focus: the free stretches of at
// least MinFocusStretch inside its working hours. Spans that touch (09:00–12:00,
// 12:00–17:00) are one stretch. Without working hours nothing is available: the
// measure has no day to stand on.
func (sc Schedule) focusAvailable(merged []Interval, day time.Time) time.Duration {
	loc := sc.loc()
	y, m, d := day.Date()
	var spans []Interval
	for _, sp := range sc.Days[day.Weekday()] {
		ws := time.Date(y, m, d, sp.Start/60, sp.Start%60, 0, 0, loc)
		we := time.Date(y, m, d, sp.End/60, sp.End%60, 0, 0, loc)
		spans = append(spans, Interval{ws, we})
	}
	var total time.Duration
	for _, sp := range mergeIntervals(spans) {
		total += freeStretches(merged, sp.Start, sp.End)
	}
	return total
}

// setMeetings fills each day's Meetings and FocusAvailable from the merged meetings.
func (sc Schedule) setMeetings(days []Day, merged []Interval, loc *time.Location) {
	for i := range days {
		d := days[i].Date
		days[i].Meetings = busyWithin(merged, d, nextMidnight(d, loc))
		days[i].FocusAvailable = sc.focusAvailable(merged, d)
	}
}

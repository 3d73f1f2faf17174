package focus

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Week is an ISO 8601 week: weeks start on Monday, and week 1 is the one
// with the year's first Thursday. A year has 52 or 53 of them.
type Week struct{ Year, Num int }

// WeekOf is the ISO week t falls in, in loc.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, w := t.In(loc).ISOWeek()
	return Week{y, w}
}

// ParseWeek reads "2026-W47" (also "2026w47").
func ParseWeek(s string) (Week, error) {
	in := strings.ToUpper(strings.TrimSpace(s))
	y, w, ok := strings.Cut(strings.ReplaceAll(in, "-", ""), "W")
	year, err1 := strconv.Atoi(y)
	num, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || year < 1970 || year > 9999 {
		return Week{}, fmt.Errorf("invalid week %q: write it as 2026-W47", s)
	}
	if n := WeeksIn(year); num < 1 || num > n {
		return Week{}, fmt.Errorf("invalid week %q: %d has weeks 1 to %d", s, year, n)
	}
	return Week{year, num}, nil
}

// WeeksIn is the number of ISO weeks in a year (52 or 53).
func WeeksIn(year int) int {
	_, w := time.Date(year, 12, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// String is "2026-W47".
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

// Start is the week's Monday 00:00 in loc.
func (w Week) Start(loc *time.Location) time.Time {
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, loc)
	monday1 := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday1.AddDate(0, 0, (w.Num-1)*7)
}

// End is the next week's Monday 00:00 in loc (exclusive). With DST the week
// is 167 or 169 hours long: days are calendar days, not 24-hour spans.
func (w Week) End(loc *time.Location) time.Time { return w.Start(loc).AddDate(0, 0, 7) }

// Prev is the week before.
func (w Week) Prev() Week {
	return WeekOf(w.Start(time.UTC).AddDate(0, 0, -7), time.UTC)
}

// Next is the week after.
func (w Week) Next() Week {
	return WeekOf(w.Start(time.UTC).AddDate(0, 0, 7), time.UTC)
}

// ReportInput is everything a weekly report is computed from.
type ReportInput struct {
	Week Week
	Loc  *time.Location
	// Now: days after it are "future" (no goal verdict, not in streaks).
	Now time.Time
	// Goal is the daily deep-work goal; 0 means none.
	Goal     time.Duration
	Schedule Schedule
	// Blocks must include every block with time in the report week, the
	// week before (for deltas) and the StreakLookback days before (for the
	// streak). Extra blocks are ignored.
	Blocks []Block
	// Pings must include those received in the report week and the week
	// before.
	Pings []PingMetric
	// Calendar: the user has a calendar, so Meetings (its busy stretches
	// over the week, in any order, overlaps allowed) are known and the
	// report shows meeting time and time available for focus. Without one
	// it shows neither, as none is known rather than none happened.
	Calendar bool
	Meetings []Interval
}

// StreakLookback bounds how far back a goal streak is counted.
const StreakLookback = 56

// Day is one day of a report.
type Day struct {
	Date  time.Time // 00:00 local
	Focus time.Duration
	// Away is time paused away (lock, sleep, idle, Away) during focus
	// blocks, split across days where it happened, as focus is.
	Away      time.Duration
	Completed int // focus blocks that started this day and ran to their end
	Stopped   int // ... that were stopped early
	GoalMet   bool
	Working   bool // the schedule has working hours this weekday
	Future    bool
	// Manual is the part of Focus from blocks added or edited by hand.
	Manual time.Duration
	// InStreak: a goal day of the streak that runs up to the period's end
	// (RangeReport; the month grid marks them).
	InStreak bool
	// Meetings is the day's time in meetings (overlaps counted once);
	// FocusAvailable the free stretches of at least MinFocusStretch inside
	// its working hours. Both only when the report has a calendar.
	Meetings       time.Duration
	FocusAvailable time.Duration
}

// TagTotal is focus time under one tag.
type TagTotal struct {
	Tag   string
	Focus time.Duration
}

// Totals are the figures compared week over week.
type Totals struct {
	DaySums
	// Pings, in the words every surface uses: held (waited for a review
	// window) or broke through; delivered (a digest or the breakthrough
	// put it in front of the user), with the median time from arrival;
	// read in Slack before any delivery; reviewed (marked so by the user:
	// nothing else counts as reviewed), with the median time from arrival.
	PingsHeld      int
	PingsBypassed  int
	PingsDelivered int
	MedianDelivery time.Duration
	PingsRead      int
	PingsReviewed  int
	MedianReview   time.Duration
	// PingsWaited is how many held pings (not breakthroughs) have reached
	// the user; MedianWait is the median time they waited, from arrival
	// to the digest (or the reading in Slack, or the review) that put them
	// in front of the user. A breakthrough waits for nothing, so counting
	// it would flatter the wait a sender sees.
	PingsWaited int
	MedianWait  time.Duration
}

// DaySums are the figures that add up day by day, the same for a week's
// or a range's totals and for each week or month of a range.
type DaySums struct {
	Focus time.Duration
	// Manual is the part of Focus from blocks added or edited by hand
	// (Block.Manual): how much of the record is the user's own account.
	Manual    time.Duration
	Away      time.Duration // time away during focus blocks (Block.Away)
	Completed int
	Stopped   int
	GoalDays  int
	// Meetings and FocusAvailable are the days' sums (Day.Meetings,
	// Day.FocusAvailable); set only with a calendar (HasCalendar).
	Meetings       time.Duration
	FocusAvailable time.Duration
}

// Report is a week of deep work.
type Report struct {
	Week       Week
	Start, End time.Time
	// Now is when the report was made (ReportInput.Now): whether its week
	// is this week or a past one.
	Now  time.Time
	Goal time.Duration
	Days [7]Day
	Totals
	// Longest is the longest uninterrupted stretch of focus (no pause,
	// no sleep), starting at LongestAt.
	Longest   time.Duration
	LongestAt time.Time
	Streak    int // consecutive working days up to the week's last day with the goal met
	Hours     [24]time.Duration
	BestHours []int // up to three hours of the day, most focus first
	// HasSchedule: InsideHours/OutsideHours split focus by working hours.
	HasSchedule               bool
	InsideHours, OutsideHours time.Duration
	Tags                      []TagTotal // top five
	// Previous are the week before's figures. For the week under way they
	// cover the same part of it, up to PreviousUntil (the same moment a
	// week before Now: Mon–Wed 14:05 against Mon–Wed 14:05), so that a
	// half-finished week is not set against a whole one. PreviousUntil is
	// zero when Previous is the whole week.
	Previous      Totals
	PreviousUntil time.Time
	// HasCalendar: Meetings and FocusAvailable are known (ReportInput.Calendar).
	HasCalendar bool
}

// BuildReport computes the report for in.Week.
func BuildReport(in ReportInput) Report {
	loc := in.Loc
	if loc == nil {
		loc = time.Local
	}
	in.Loc = loc
	in.Schedule.Loc = loc
	start, end := in.Week.Start(loc), in.Week.End(loc)
	r := Report{Week: in.Week, Start: start, End: end, Goal: in.Goal, HasSchedule: !in.Schedule.Empty()}

	monday := DateOf(in.Week.Start(time.UTC), time.UTC)
	g := newDayGrid(monday.AddDays(-StreakLookback), StreakLookback+7, loc)
	first := StreakLookback // the week's Monday in the grid
	daily := dailyFocus(in.Blocks, g, g.start(), end)
	away := dailyAway(in.Blocks, g, start, end)
	manual := dailyManual(in.Blocks, g, start, end)
	for i := range r.Days {
		d := start.AddDate(0, 0, i)
		day := Day{Date: d, Focus: dayValue(daily, first+i), Away: dayValue(away, first+i), Manual: dayValue(manual, first+i),
			Working: len(in.Schedule.Days[d.Weekday()]) > 0 || in.Schedule.Empty()}
		day.Future = !in.Now.IsZero() && !d.Before(dayStart(in.Now, loc).AddDate(0, 0, 1))
		day.GoalMet = !day.Future && in.Goal > 0 && day.Focus >= in.Goal
		r.Days[i] = day
	}
	if r.HasCalendar = in.Calendar; in.Calendar {
		in.Schedule.setMeetings(r.Days[:], mergeIntervals(in.Meetings), loc)
	}
	t := tallyBlocks(in.Blocks, g, start, end, in.Schedule, r.HasSchedule, func(b Block) {
		if i := g.day(b.StartedAt) - first; i >= 0 && i < len(r.Days) {
			r.Days[i].count(b.Outcome)
		}
	})
	r.Longest, r.LongestAt, r.Hours, r.InsideHours, r.OutsideHours = t.longest, t.longestAt, t.hours, t.inside, t.outside
	tags := t.tags
	for _, d := range r.Days {
		r.addDay(d)
	}
	r.BestHours = bestHours(r.Hours)
	r.Tags = topTags(tags, 5)
	r.pingFigures(in.Pings, start, end)
	r.PingsWaited, r.MedianWait = heldWait(in.Pings, start, end)
	r.Now = in.Now
	r.Streak = streak(in, daily, g, start, end)

	prev := in
	prev.Week = in.Week.Prev()
	if !in.Now.Before(start) && in.Now.Before(end) {
		r.PreviousUntil = in.Now.In(loc).AddDate(0, 0, -7)
	}
	r.Previous = weekTotals(prev, r.PreviousUntil)
	return r
}

// weekTotals is the Totals part of a report, without recursion into the
// week before; a non-zero until ends the week early.
func weekTotals(in ReportInput, until time.Time) Totals {
	start, end := in.Week.Start(in.Loc), in.Week.End(in.Loc)
	if !until.IsZero() && until.Before(end) {
		end = until
	}
	var t Totals
	g := newDayGrid(DateOf(in.Week.Start(time.UTC), time.UTC), 7, in.Loc)
	daily := dailyFocus(in.Blocks, g, start, end)
	away := dailyAway(in.Blocks, g, start, end)
	manual := dailyManual(in.Blocks, g, start, end)
	for i := range 7 {
		d := start.AddDate(0, 0, i)
		if !d.Before(end) {
			break
		}
		f := dayValue(daily, i)
		t.Focus += f
		t.Away += dayValue(away, i)
		t.Manual += dayValue(manual, i)
		if in.Goal > 0 && f >= in.Goal && (in.Now.IsZero() || d.Before(in.Now)) {
			t.GoalDays++
		}
	}
	for _, b := range in.Blocks {
		if b.Kind == KindFocus && !b.StartedAt.Before(start) && b.StartedAt.Before(end) {
			switch b.Outcome {
			case OutcomeCompleted:
				t.Completed++
			case OutcomeStopped:
				t.Stopped++
			}
		}
	}
	t.pingFigures(in.Pings, start, end)
	t.PingsWaited, t.MedianWait = heldWait(in.Pings, start, end)
	return t
}

func dayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// nextMidnight is the start of the day after t's, DST-safe.
func nextMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	n := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	if !n.After(t) { // a zone whose clocks skip midnight itself
		n = t.Add(24 * time.Hour)
	}
	return n
}

// dailyFocus sums focus per local calendar day over [from, to), splitting
// stretches that cross midnight.
func dailyFocus(blocks []Block, g *dayGrid, from, to time.Time) []time.Duration {
	return daily(blocks, g, from, to, func(b Block) []Interval { return b.Segments })
}

// dailyAway is dailyFocus for the time away during focus blocks. Only
// focus blocks: a break is meant for being away. An away pause still in
// progress counts once it ends, as focus counts up to the last checkpoint.
func dailyAway(blocks []Block, g *dayGrid, from, to time.Time) []time.Duration {
	return daily(blocks, g, from, to, func(b Block) []Interval { return b.AwaySpans })
}

// dailyManual is dailyFocus for blocks added or edited by hand.
func dailyManual(blocks []Block, g *dayGrid, from, to time.Time) []time.Duration {
	return daily(blocks, g, from, to, func(b Block) []Interval {
		if b.Manual {
			return b.Segments
		}
		return nil
	})
}

// daily sums the stretches spans picks from each focus block per local
// calendar day of g over [from, to), splitting those that cross midnight.
func daily(blocks []Block, g *dayGrid, from, to time.Time, spans func(Block) []Interval) []time.Duration {
	out := make([]time.Duration, g.days())
	for _, b := range blocks {
		if b.Kind != KindFocus {
			continue
		}
		for _, seg := range spans(b) {
			g.split(maxTime(seg.Start, from), minTime(seg.End, to), func(i int, d time.Duration) { out[i] += d })
		}
	}
	return out
}

// forEachHour splits [s, e) at local hour boundaries.
func forEachHour(s, e time.Time, loc *time.Location, f func(hour int, d time.Duration)) {
	for s.Before(e) {
		l := s.In(loc)
		next := s.Add(time.Hour - time.Duration(l.Minute())*time.Minute - time.Duration(l.Second())*time.Second - time.Duration(l.Nanosecond()))
		cut := minTime(next, e)
		f(l.Hour(), cut.Sub(s))
		s = cut
	}
}

// overlap is how much of [s, e) falls inside working hours.
func (sc Schedule) overlap(s, e time.Time) time.Duration {
	loc := sc.loc()
	var total time.Duration
	for day := dayStart(s, loc); day.Before(e); day = nextMidnight(day, loc) {
		y, m, d := day.Date()
		for _, sp := range sc.Days[day.Weekday()] {
			ws := time.Date(y, m, d, sp.Start/60, sp.Start%60, 0, 0, loc)
			we := time.Date(y, m, d, sp.End/60, sp.End%60, 0, 0, loc)
			if a, b := maxTime(ws, s), minTime(we, e); b.After(a) {
				total += b.Sub(a)
			}
		}
	}
	return total
}

func bestHours(h [24]time.Duration) []int {
	idx := make([]int, 0, 24)
	for i, d := range h {
		if d > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return h[idx[a]] > h[idx[b]] })
	return idx[:min(3, len(idx))]
}

func topTags(m map[string]time.Duration, n int) []TagTotal {
	out := make([]TagTotal, 0, len(m))
	for t, d := range m {
		out = append(out, TagTotal{t, d})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Focus != out[j].Focus {
			return out[i].Focus > out[j].Focus
		}
		return out[i].Tag < out[j].Tag
	})
	return out[:min(n, len(out))]
}

// pingFigures sets the ping counts of t from the pings received in
// [start, end), and the median times from arrival to delivery and to the
// user's review (the mean of the middle two for an even count).
func (t *Totals) pingFigures(pings []PingMetric, start, end time.Time) {
	var delivered, reviewed []time.Duration
	t.PingsHeld, t.PingsBypassed, t.PingsRead = 0, 0, 0
	for _, p := range pings {
		if p.ReceivedAt.Before(start) || !p.ReceivedAt.Before(end) {
			continue
		}
		if p.Bypassed {
			t.PingsBypassed++
		} else {
			t.PingsHeld++
		}
		if !p.DeliveredAt.IsZero() {
			delivered = append(delivered, max(p.DeliveredAt.Sub(p.ReceivedAt), 0))
		} else if !p.ReadAt.IsZero() {
			t.PingsRead++
		}
		if !p.ReviewedAt.IsZero() {
			reviewed = append(reviewed, max(p.ReviewedAt.Sub(p.ReceivedAt), 0))
		}
	}
	t.PingsDelivered, t.PingsReviewed = len(delivered), len(reviewed)
	t.MedianDelivery, t.MedianReview = medianOf(delivered), medianOf(reviewed)
}

// heldWait: how many held pings that did not break through reached the
// user, and the median of their waits.
func heldWait(pings []PingMetric, start, end time.Time) (n int, median time.Duration) {
	var waits []time.Duration
	for _, p := range pings {
		reached := p.ReachedAt()
		if p.ReceivedAt.Before(start) || !p.ReceivedAt.Before(end) || p.Bypassed || reached.IsZero() {
			continue
		}
		waits = append(waits, max(reached.Sub(p.ReceivedAt), 0))
	}
	return len(waits), medianOf(waits)
}

// medianOf returns the middle of waits (the mean of the middle two for an
// even count), reordering waits. It selects rather than sorts: a year's
// pings are 50,000 waits, and sorting them was half of a year's maths.
func medianOf(waits []time.Duration) time.Duration {
	n := len(waits)
	if n == 0 {
		return 0
	}
	hi := nthElement(waits, n/2)
	if n%2 == 1 {
		return hi
	}
	// nthElement left every smaller rank before n/2: the largest of them
	// is the other middle.
	return (slices.Max(waits[:n/2]) + hi) / 2
}

// nthElement reorders a so that a[k] holds what sorting would put there,
// with nothing larger before it and nothing smaller after, and returns
// it: quickselect with three-way partitions (waits repeat, 0 above all).
// Should the pivots keep choosing badly, it sorts what is left, so it is
// never wrong and never quadratic.
func nthElement(a []time.Duration, k int) time.Duration {
	lo, hi := 0, len(a) // a[k] is among a[lo:hi]
	for budget := 64; hi-lo > 16 && budget > 0; budget-- {
		x, y, z := a[lo], a[lo+(hi-lo)/2], a[hi-1]
		p := max(min(x, y), min(max(x, y), z)) // the median of the three
		// a[lo:lt] < p, a[lt:i] == p, a[gt:hi] > p.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch {
			case a[i] < p:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case a[i] > p:
				gt--
				a[i], a[gt] = a[gt], a[i]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return p
		}
	}
	slices.Sort(a[lo:hi])
	return a[k]
}

// streak counts consecutive days with the goal met, backwards from the
// week's last past day (today counts only once met: an unfinished today
// does not break the streak). Days without working hours neither break nor,
// unless the goal was met on them, extend it.
func streak(in ReportInput, daily []time.Duration, g *dayGrid, start, end time.Time) int {
	return streakUpTo(in.Goal, in.Schedule, in.Now, daily, g, start, end, StreakLookback+7)
}

// streakEnd is the day a streak is counted back from: the period's last
// day, or within the period today once its goal is met, else yesterday.
// It is an index of g, whose days daily holds.
func streakEnd(goal time.Duration, now time.Time, daily []time.Duration, g *dayGrid, start, end time.Time) int {
	day := g.day(end.Add(-time.Hour)) // the last day, whatever DST did to its length
	if !now.IsZero() && !now.Before(start) && now.Before(end) {
		day = g.day(now)
		if dayValue(daily, day) < goal {
			day--
		}
	}
	return day
}

// streakUpTo is streak for any period [start, end), looking at most limit
// days back.
func streakUpTo(goal time.Duration, sched Schedule, now time.Time, daily []time.Duration, g *dayGrid, start, end time.Time, limit int) int {
	if goal <= 0 {
		return 0
	}
	day := streakEnd(goal, now, daily, g, start, end)
	n := 0
	for range limit {
		met := dayValue(daily, day) >= goal
		working := sched.Empty() || len(sched.Days[g.weekday(day)]) > 0
		switch {
		case met:
			n++
		case working:
			return n
		}
		day--
	}
	return n
}

// count tallies a block that started on d by its outcome.
func (d *Day) count(o Outcome) {
	switch o {
	case OutcomeCompleted:
		d.Completed++
	case OutcomeStopped:
		d.Stopped++
	}
}

// addDay adds d's figures to t.
func (t *DaySums) addDay(d Day) {
	t.Focus += d.Focus
	t.Away += d.Away
	t.Manual += d.Manual
	t.Meetings += d.Meetings
	t.FocusAvailable += d.FocusAvailable
	t.Completed += d.Completed
	t.Stopped += d.Stopped
	if d.GoalMet {
		t.GoalDays++
	}
}

// tally is what the focus blocks' stretches inside a report's period add
// up to, besides the daily sums.
type tally struct {
	longest         time.Duration
	longestAt       time.Time
	hours           [24]time.Duration
	inside, outside time.Duration // with a schedule
	tags            map[string]time.Duration
}

// tallyBlocks sums the focus blocks' stretches clipped to [start, end):
// the longest, focus by hour of the day, inside and outside working hours
// (when hasSchedule), per tag; started gets each block that started in
// the period, for the day's counts. One piece of code for the week's
// report and any range's, so the two can never disagree.
func tallyBlocks(blocks []Block, g *dayGrid, start, end time.Time, sched Schedule, hasSchedule bool, started func(Block)) tally {
	t := tally{tags: map[string]time.Duration{}}
	for _, b := range blocks {
		if b.Kind != KindFocus {
			continue
		}
		if !b.StartedAt.Before(start) && b.StartedAt.Before(end) {
			started(b)
		}
		for _, seg := range b.Segments {
			s, e := maxTime(seg.Start, start), minTime(seg.End, end)
			if !e.After(s) {
				continue
			}
			if d := e.Sub(s); d > t.longest {
				t.longest, t.longestAt = d, s.In(g.loc)
			}
			if b.Tag != "" {
				t.tags[b.Tag] += e.Sub(s)
			}
			g.hours(s, e, func(h int, d time.Duration) { t.hours[h] += d })
			if hasSchedule {
				inside := g.working(sched, s, e)
				t.inside += inside
				t.outside += e.Sub(s) - inside
			}
		}
	}
	return t
}

package focus

import (
	"sort"
	"time"
)

// dayGrid is the local days from one calendar date on, as the instants
// their midnights fall on. Reports split every stretch of focus by day and
// by hour of the day; done with time.In, time.Date and a map keyed by
// date, that was most of a ten-year report's time (pprof: 60,000 blocks,
// several zone conversions each). The grid converts once per day instead,
// and finds an instant's day by a binary search over integers.
type dayGrid struct {
	loc   *time.Location
	first Date // day 0
	// firstWeekday is day 0's, for weekday's arithmetic.
	firstWeekday int
	// mid[i] is the first instant of day i in Unix nanoseconds; the last
	// entry ends the last day. A date a zone skipped (Samoa's 30 December
	// 2011) is a day of no length.
	mid []int64
	// plain[i]: day i is 24 hours at one UTC offset from a midnight, so its
	// local hour h starts at mid[i] + h hours. Days with a DST change (23
	// or 25 hours), or whose midnight a zone skipped, take the slow path.
	plain []bool
}

// newDayGrid covers the n days from first, in loc.
func newDayGrid(first Date, n int, loc *time.Location) *dayGrid {
	g := &dayGrid{loc: loc, first: first, firstWeekday: int(first.Start(time.UTC).Weekday()),
		mid: make([]int64, n+1), plain: make([]bool, n)}
	for i := range n + 1 {
		g.mid[i] = dayBegins(first.AddDays(i), loc) // never before the day before's
	}
	for i := range g.plain {
		// A day of 24 hours that starts at a midnight ends at one: only a
		// day whose midnight was skipped starts at another time, and the
		// next day is then shorter.
		_, offA := time.Unix(0, g.mid[i]).In(loc).Zone()
		_, offB := time.Unix(0, g.mid[i+1]-1).In(loc).Zone()
		g.plain[i] = g.mid[i+1]-g.mid[i] == int64(24*time.Hour) && offA == offB
	}
	return g
}

// dayBegins is the first instant whose local date is d or later. That is
// d's midnight, except where the clocks skipped it: time.Date then may
// answer an instant of the day before (São Paulo, 4 November 2018, gives
// 23:00 on the 3rd), and the day truly begins at the change.
func dayBegins(d Date, loc *time.Location) int64 {
	t := d.Start(loc)
	if DateOf(t, loc) == d {
		return t.UnixNano()
	}
	// Search the change between t and two days on (ns precision).
	lo, hi := t.UnixNano(), t.Add(48*time.Hour).UnixNano()
	for lo < hi {
		m := lo + (hi-lo)/2
		if DateOf(time.Unix(0, m), loc).Before(d) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// days is how many days the grid holds.
func (g *dayGrid) days() int { return len(g.plain) }

// start is day 0's first instant.
func (g *dayGrid) start() time.Time { return time.Unix(0, g.mid[0]).In(g.loc) }

// day is the index of the day holding t, or -1 when t is outside the grid.
func (g *dayGrid) day(t time.Time) int {
	n := t.UnixNano()
	if n < g.mid[0] || n >= g.mid[len(g.mid)-1] {
		return -1
	}
	return sort.Search(len(g.mid), func(i int) bool { return g.mid[i] > n }) - 1
}

// weekday is day i's weekday; i may fall outside the grid.
func (g *dayGrid) weekday(i int) time.Weekday {
	return time.Weekday(((g.firstWeekday+i)%7 + 7) % 7)
}

// split calls f with each part of [s, e) inside the grid, cut at
// midnights: the day's index and the part's length.
func (g *dayGrid) split(s, e time.Time, f func(day int, d time.Duration)) {
	a, b := max(s.UnixNano(), g.mid[0]), min(e.UnixNano(), g.mid[len(g.mid)-1])
	for i := g.day(time.Unix(0, a)); a < b; i++ {
		cut := min(g.mid[i+1], b)
		if cut > a {
			f(i, time.Duration(cut-a))
		}
		a = cut
	}
}

// hours calls f with each part of [s, e) cut at local hour boundaries: the
// hour of the day and the part's length.
func (g *dayGrid) hours(s, e time.Time, f func(hour int, d time.Duration)) {
	a, b := s.UnixNano(), e.UnixNano()
	for a < b {
		i := g.day(time.Unix(0, a))
		if i < 0 || !g.plain[i] {
			// Up to the day's end (or all of it, outside the grid) the slow way.
			cut := b
			if i >= 0 {
				cut = min(b, g.mid[i+1])
			}
			forEachHour(time.Unix(0, a), time.Unix(0, cut), g.loc, f)
			a = cut
			continue
		}
		h := (a - g.mid[i]) / int64(time.Hour)
		cut := min(g.mid[i]+(h+1)*int64(time.Hour), b)
		f(int(h), time.Duration(cut-a))
		a = cut
	}
}

// working is how much of [s, e) falls inside sc's working hours.
func (g *dayGrid) working(sc Schedule, s, e time.Time) time.Duration {
	a, b := s.UnixNano(), e.UnixNano()
	var total time.Duration
	for a < b {
		i := g.day(time.Unix(0, a))
		if i < 0 {
			return total + sc.overlap(time.Unix(0, a), time.Unix(0, b))
		}
		cut := min(b, g.mid[i+1])
		for _, sp := range sc.Days[g.weekday(i)] {
			var ws, we int64
			if g.plain[i] {
				ws, we = g.mid[i]+int64(sp.Start)*int64(time.Minute), g.mid[i]+int64(sp.End)*int64(time.Minute)
			} else {
				d := g.first.AddDays(i)
				ws = time.Date(d.Year, d.Month, d.Day, sp.Start/60, sp.Start%60, 0, 0, g.loc).UnixNano()
				we = time.Date(d.Year, d.Month, d.Day, sp.End/60, sp.End%60, 0, 0, g.loc).UnixNano()
			}
			if x, y := max(ws, a), min(we, cut); y > x { // a and cut are inside day i
				total += time.Duration(y - x)
			}
		}
		a = cut
	}
	return total
}

// dayValue is v[i], or zero outside v.
func dayValue(v []time.Duration, i int) time.Duration {
	if i < 0 || i >= len(v) {
		return 0
	}
	return v[i]
}

package focus

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The grid's sums must be what each minute's own local date, hour and
// wall clock say, in zones where days are not 24 hours from a midnight:
// DST in both hemispheres, a half-hour DST, a two-hour one, offsets of
// half hours, a zone whose clocks skipped midnight, and one that skipped a
// whole day. The minutes are the truth, counted one by one.
func TestDayGridAgreesWithEachMinute(t *testing.T) {
	zones := []struct {
		name     string
		from, to string // local dates around the zone's oddities
	}{
		{"UTC", "2024-02-20", "2024-03-10"},
		{"Europe/Berlin", "2025-03-25", "2025-04-02"},
		{"Europe/Berlin", "2025-10-22", "2025-10-30"},
		{"America/New_York", "2025-03-05", "2025-03-12"},
		{"Australia/Sydney", "2025-04-01", "2025-04-10"},
		{"Australia/Lord_Howe", "2025-04-03", "2025-04-09"}, // DST of 30 minutes
		{"America/Sao_Paulo", "2018-11-01", "2018-11-08"},   // clocks skipped 00:00 → 01:00 on 4 November
		{"America/Sao_Paulo", "2019-02-14", "2019-02-20"},   // and went back at midnight on 17 February
		{"Pacific/Apia", "2011-12-26", "2012-01-03"},        // 30 December 2011 never happened
		{"Asia/Kolkata", "2025-06-01", "2025-06-06"},        // +05:30
		{"America/St_Johns", "2025-03-06", "2025-03-12"},    // -03:30, DST
		{"Antarctica/Troll", "2025-03-28", "2025-04-01"},    // a two-hour DST change
	}
	sched := Schedule{}
	for d := time.Monday; d <= time.Friday; d++ {
		sched.Days[d] = []Span{{Start: 9 * 60, End: 12*60 + 30}, {Start: 13*60 + 15, End: 17 * 60}}
	}
	sched.Days[time.Saturday] = []Span{{Start: 0, End: 24 * 60}}
	sched.Days[time.Sunday] = []Span{{Start: 0, End: 5 * 60}, {Start: 23 * 60, End: 24 * 60}} // around DST changes
	for _, z := range zones {
		t.Run(z.name+"/"+z.from, func(t *testing.T) {
			loc, err := time.LoadLocation(z.name)
			if err != nil {
				t.Fatalf("no zone data for %s: %v", z.name, err)
			}
			from, _ := ParseDate(z.from)
			to, _ := ParseDate(z.to)
			n := 0
			for d := from; d.Before(to); d = d.AddDays(1) {
				n++
			}
			g := newDayGrid(from, n, loc)
			sc := sched
			sc.Loc = loc
			lo, hi := time.Unix(0, g.mid[0]), time.Unix(0, g.mid[n])
			rng := rand.New(rand.NewPCG(7, uint64(len(z.name)+len(z.from))))
			for k := range 150 {
				// Whole minutes, many of them across a midnight or an hour.
				s := lo.Add(time.Duration(rng.Int64N(int64(hi.Sub(lo)/time.Minute))) * time.Minute)
				e := s.Add(time.Duration(1+rng.IntN(26*60)) * time.Minute)
				if k%2 == 0 {
					s = s.Truncate(time.Hour).Add(-time.Duration(rng.IntN(90)) * time.Minute)
					e = s.Add(time.Duration(1+rng.IntN(240)) * time.Minute)
				}
				s, e = maxTime(s, lo), minTime(e, hi)
				wantDays, gotDays := map[Date]time.Duration{}, map[Date]time.Duration{}
				var wantH, gotH [24]time.Duration
				var wantWork time.Duration
				for m := s; m.Before(e); m = m.Add(time.Minute) {
					l := m.In(loc)
					wantDays[DateOf(l, loc)] += time.Minute
					wantH[l.Hour()] += time.Minute
					at := l.Hour()*60 + l.Minute()
					for _, sp := range sc.Days[l.Weekday()] {
						if at >= sp.Start && at < sp.End {
							wantWork += time.Minute
						}
					}
				}
				g.split(s, e, func(i int, d time.Duration) { gotDays[from.AddDays(i)] += d })
				g.hours(s, e, func(h int, d time.Duration) { gotH[h] += d })
				if !sameDurations(gotDays, wantDays) {
					t.Fatalf("days of %s – %s: got %v, want %v", s.In(loc), e.In(loc), gotDays, wantDays)
				}
				if gotH != wantH {
					t.Fatalf("hours of %s – %s: got %v, want %v", s.In(loc), e.In(loc), gotH, wantH)
				}
				if got := g.working(sc, s, e); got != wantWork {
					t.Fatalf("working hours of %s – %s: got %v, want %v", s.In(loc), e.In(loc), got, wantWork)
				}
			}
			for i := range g.days() {
				if g.mid[i+1] > g.mid[i] && (g.weekday(i) != time.Unix(0, g.mid[i]).In(loc).Weekday() || g.day(time.Unix(0, g.mid[i])) != i) {
					t.Fatalf("day %d (%s): weekday %s, found at %d", i, time.Unix(0, g.mid[i]).In(loc), g.weekday(i), g.day(time.Unix(0, g.mid[i])))
				}
			}
			if g.day(lo.Add(-time.Nanosecond)) != -1 || g.day(hi) != -1 {
				t.Fatal("an instant outside the grid was given a day")
			}
		})
	}
}

func sameDurations(a, b map[Date]time.Duration) bool {
	for k, v := range a {
		if v != 0 && b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if v != 0 && a[k] != v {
			return false
		}
	}
	return true
}

// Days before the grid have weekdays too: a streak walks past its start.
func TestDayGridWeekdayBeforeItsFirstDay(t *testing.T) {
	g := newDayGrid(Date{2026, 12, 7}, 2, time.UTC) // a Monday
	for i, want := range map[int]time.Weekday{0: time.Monday, 1: time.Tuesday, -1: time.Sunday, -7: time.Monday, -8: time.Sunday, 8: time.Tuesday} {
		if got := g.weekday(i); got != want {
			t.Errorf("weekday(%d) = %s, want %s", i, got, want)
		}
	}
	if g.days() != 2 || g.start() != time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) {
		t.Errorf("days %d from %s, want 2 from 7 December", g.days(), g.start())
	}
}

package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// seedHistory writes years of history: about 16 focus blocks a day (with
// segments) and 137 pings a day, as a heavy user would have after a decade.
func seedHistory(b *testing.B, years int) (*store.Store, time.Time) {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(-years, 0, 0)
	var blocks []focus.Block
	var pings []store.Ping
	id := int64(0)
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		t := day.Add(8 * time.Hour)
		for range 16 {
			id++
			d := time.Duration(20+rng.IntN(40)) * time.Minute
			blocks = append(blocks, focus.Block{ID: id, Kind: focus.KindFocus, Plan: "pomodoro", Tag: fmt.Sprintf("t%d", rng.IntN(8)),
				StartedAt: t, Planned: d, Active: d, CheckpointAt: t.Add(d), EndedAt: t.Add(d), Outcome: focus.OutcomeCompleted,
				Segments: []focus.Interval{{Start: t, End: t.Add(d)}}})
			t = t.Add(d + 5*time.Minute)
		}
		for i := range 137 {
			at := day.Add(time.Duration(rng.IntN(86400)) * time.Second)
			pings = append(pings, store.Ping{Channel: fmt.Sprintf("D%d", rng.IntN(50)), TS: fmt.Sprintf("%d.%06d", at.Unix(), i),
				ReceivedAt: at, ReviewedAt: at.Add(time.Duration(rng.IntN(7200)) * time.Second), Bypassed: i%20 == 0})
		}
		if len(pings) > 50000 {
			if _, err := st.AddPings(ctx, pings); err != nil {
				b.Fatal(err)
			}
			pings = pings[:0]
		}
	}
	if err := st.SaveBlocks(ctx, blocks); err != nil {
		b.Fatal(err)
	}
	if _, err := st.AddPings(ctx, pings); err != nil {
		b.Fatal(err)
	}
	// Reports read as `headsdown report` and the report window do: on a
	// read-only connection of their own.
	path := st.Path()
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	return ro, end
}

func benchmarkWeek(b *testing.B, years int) {
	st, end := seedHistory(b, years)
	defer st.Close()
	ctx := context.Background()
	week := focus.WeekOf(end.AddDate(0, 0, -10), time.UTC)
	var sched [7][]focus.Span
	for d := time.Monday; d <= time.Friday; d++ {
		sched[d] = []focus.Span{{Start: 9 * 60, End: 17*60 + 30}}
	}
	s, _ := focus.NewSchedule(sched, time.UTC)
	o := Options{Loc: time.UTC, Goal: 4 * time.Hour, Schedule: s, Now: end}
	b.ResetTimer()
	for b.Loop() {
		r, err := Load(ctx, st, week, o)
		if err != nil || r.Completed == 0 {
			b.Fatalf("report: %v, %+v", err, r.Totals)
		}
	}
}

// One week's report with 1 year and with 10 years of history: the same
// cost, since both queries are index ranges around the week.
func BenchmarkWeeklyReport1Year(b *testing.B)   { benchmarkWeek(b, 1) }
func BenchmarkWeeklyReport10Years(b *testing.B) { benchmarkWeek(b, 10) }

// A year's report and a ten-year range, on ten years of history (about
// 58,000 blocks and 500,000 pings): issue 22's targets are 20 ms and 200
// ms, load from SQLite included.
func benchmarkRange(b *testing.B, p func(end time.Time) focus.Period) {
	st, end := seedHistory(b, 10)
	defer st.Close()
	ctx := context.Background()
	var sched [7][]focus.Span
	for d := time.Monday; d <= time.Friday; d++ {
		sched[d] = []focus.Span{{Start: 9 * 60, End: 17*60 + 30}}
	}
	s, _ := focus.NewSchedule(sched, time.UTC)
	o := Options{Loc: time.UTC, Goal: 4 * time.Hour, Schedule: s, Now: end}
	period := p(end)
	b.ResetTimer()
	for b.Loop() {
		r, err := LoadRange(ctx, st, period, o)
		if err != nil || r.Completed == 0 {
			b.Fatalf("report: %v, %+v", err, r.Totals)
		}
	}
}

func BenchmarkYearReport10Years(b *testing.B) {
	benchmarkRange(b, func(end time.Time) focus.Period { return focus.YearPeriod(end.Year() - 1) })
}

func BenchmarkRange10Years(b *testing.B) {
	benchmarkRange(b, func(end time.Time) focus.Period {
		p, _ := focus.RangePeriod(focus.DateOf(end.AddDate(-10, 0, 0), time.UTC), focus.DateOf(end.AddDate(0, 0, -1), time.UTC))
		return p
	})
}

package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/store/storetest"
)

// seedHistory writes years of history (storetest.SeedHistory) and opens
// it as `headsdown report` and the report window read it: on a read-only
// connection of their own.
func seedHistory(b *testing.B, years int) (*store.Store, time.Time) {
	b.Helper()
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	path := filepath.Join(b.TempDir(), store.FileName)
	storetest.SeedHistory(b, path, years, end)
	ro, err := store.OpenReadOnly(context.Background(), path)
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

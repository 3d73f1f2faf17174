package report

import (
	"context"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// BenchmarkYearParts splits a year report on ten years of history into
// its parts (the two queries and the maths), to see where the time goes.
func BenchmarkYearParts(b *testing.B) {
	st, end := seedHistory(b, 10)
	defer st.Close()
	ctx := context.Background()
	p := focus.YearPeriod(end.Year() - 1)
	start, stop := p.Start(time.UTC), p.End(time.UTC)
	blocks, _ := st.BlocksOverlapping(ctx, start.AddDate(0, 0, -focus.StreakLookback), stop)
	pings, _ := st.PingMetrics(ctx, start, stop)
	b.Logf("%d blocks, %d pings", len(blocks), len(pings))
	b.Run("blocks", func(b *testing.B) {
		for b.Loop() {
			st.ReportBlocks(ctx, start.AddDate(0, 0, -focus.StreakLookback), stop)
		}
	})
	b.Run("pings", func(b *testing.B) {
		for b.Loop() {
			st.PingSummary(ctx, start, stop)
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			focus.BuildRange(focus.RangeInput{Period: p, Loc: time.UTC, Goal: 4 * time.Hour, Blocks: blocks, Pings: pings, Now: end})
		}
	})
}

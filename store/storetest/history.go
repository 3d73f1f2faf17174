// Package storetest fills real SQLite files with history for tests and
// benchmarks of what reads them (reports, the report window).
package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// SeedHistory writes years of history up to end into a new database at
// path, as a heavy user would have after them: about 16 focus blocks a
// day (each with its stretch) and 137 pings a day, reviewed within two
// hours, one in twenty breaking through. Ten years are 58,440 blocks and
// 500,000 pings. The same years give the same history.
func SeedHistory(tb testing.TB, path string, years int, end time.Time) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	fail := func(err error) { st.Close(); tb.Fatal(err) }
	rng := rand.New(rand.NewPCG(1, 2))
	var blocks []focus.Block
	var pings []store.Ping
	id := int64(0)
	for day := end.AddDate(-years, 0, 0); day.Before(end); day = day.AddDate(0, 0, 1) {
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
		if len(pings) > 50000 { // in transactions of a few months each
			if _, err := st.AddPings(ctx, pings); err != nil {
				fail(err)
			}
			pings = pings[:0]
		}
	}
	if err := st.SaveBlocks(ctx, blocks); err != nil {
		fail(err)
	}
	if _, err := st.AddPings(ctx, pings); err != nil {
		fail(err)
	}
	if err := st.Close(); err != nil {
		tb.Fatal(err)
	}
}

package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// BenchmarkReportWindowSwitch10Years drives the real report window (test
// driver) over ten years of history, about 58,000 blocks and 500,000
// pings as a heavy user would have, and times each tab switch: the first
// into Month and into Year (which load and draw their report) and the
// switches after (already drawn). Issue 22's target is under 100 ms each.
func BenchmarkReportWindowSwitch10Years(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db := filepath.Join(dir, store.FileName)
	st, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	var blocks []focus.Block
	var pings []store.Ping
	id := int64(0)
	for day := end.AddDate(-10, 0, 0); day.Before(end); day = day.AddDate(0, 0, 1) {
		t := day.Add(8 * time.Hour)
		for range 16 {
			id++
			d := time.Duration(20+rng.IntN(40)) * time.Minute
			blocks = append(blocks, focus.Block{ID: id, Kind: focus.KindFocus, Tag: fmt.Sprintf("t%d", rng.IntN(8)),
				StartedAt: t, Planned: d, Active: d, CheckpointAt: t.Add(d), EndedAt: t.Add(d), Outcome: focus.OutcomeCompleted,
				Segments: []focus.Interval{{Start: t, End: t.Add(d)}}})
			t = t.Add(d + 5*time.Minute)
		}
		for i := range 137 {
			at := day.Add(time.Duration(rng.IntN(86400)) * time.Second)
			pings = append(pings, store.Ping{Channel: fmt.Sprintf("D%d", rng.IntN(50)), TS: fmt.Sprintf("%d.%06d", at.Unix(), i),
				ReceivedAt: at, ReviewedAt: at.Add(time.Duration(rng.IntN(7200)) * time.Second)})
		}
	}
	if err := st.SaveBlocks(ctx, blocks); err != nil {
		b.Fatal(err)
	}
	if _, err := st.AddPings(ctx, pings); err != nil {
		b.Fatal(err)
	}
	st.Close()
	test.NewTempApp(b)
	now := end.Add(-10 * time.Hour)
	var month, year, again time.Duration
	for b.Loop() {
		w := test.NewWindow(nil) // closed below, each loop
		rs := NewReports(w, Options{ConfigPath: filepath.Join(dir, "none.toml"), DBPath: db, SocketPath: filepath.Join(dir, "no.sock")},
			now, time.UTC)
		w.SetContent(rs.Content)
		w.Resize(ReportSize)
		switchTo := func(i int) time.Duration {
			t := time.Now()
			rs.Tabs.SelectIndex(i)
			w.Canvas().Capture() // drawn, not only laid out
			return time.Since(t)
		}
		month += switchTo(1)
		year += switchTo(2)
		again += switchTo(0) + switchTo(1) + switchTo(2)
		if rs.Year == nil || rs.Year.Report().Completed == 0 {
			b.Fatal("the year shows no blocks")
		}
		rs.Close()
		w.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(month)/1e6/n, "ms/first-month")
	b.ReportMetric(float64(year)/1e6/n, "ms/first-year")
	b.ReportMetric(float64(again)/1e6/n/3, "ms/switch-again")
}

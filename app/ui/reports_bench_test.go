package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/store/storetest"
)

// BenchmarkReportWindowSwitch10Years drives the real report window (test
// driver) over ten years of history, about 58,000 blocks and 500,000
// pings as a heavy user would have, and times each tab switch: the first
// into Month and into Year (which load and draw their report) and the
// switches after (already drawn). Issue 22's target is under 100 ms each.
func BenchmarkReportWindowSwitch10Years(b *testing.B) {
	dir := b.TempDir()
	db := filepath.Join(dir, store.FileName)
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	storetest.SeedHistory(b, db, 10, end)
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

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// tenYears is a scripted history of 2016–2025 in Berlin, with its ground
// truth worked out as it is written: per day, the focus and the manual
// part, in whole seconds. Every day has a morning block of an odd length
// (every fifth one paused for five minutes in the middle, every tenth one
// added by hand); every third day also a block from 23:50 that ends after
// midnight, 600 s on its day and 600 + i%60 s on the next (New Year's Eve
// and month ends among them, and both DST nights of each year).
func tenYears(t *testing.T, berlin *time.Location) (blocks []focus.Block, focusByDay, manualByDay map[string]int64) {
	focusByDay, manualByDay = map[string]int64{}, map[string]int64{}
	id := int64(0)
	day := func(t time.Time) string { return t.In(berlin).Format("2006-01-02") }
	i := 0
	for d := time.Date(2016, 1, 1, 0, 0, 0, 0, berlin); d.Year() < 2026; d = d.AddDate(0, 0, 1) {
		id++
		start := time.Date(d.Year(), d.Month(), d.Day(), 9, i%7, 0, 0, berlin)
		active := time.Duration(1500+(i*37)%900) * time.Second
		a := focus.Block{ID: id, Kind: focus.KindFocus, Plan: "pomodoro", Tag: fmt.Sprintf("t%d", i%3), StartedAt: start,
			Planned: active, Active: active, Outcome: focus.OutcomeCompleted, Manual: i%10 == 0}
		if i%5 == 0 {
			first := 600 * time.Second
			a.Segments = []focus.Interval{{Start: start, End: start.Add(first)}, {Start: start.Add(first + 5*time.Minute), End: start.Add(active + 5*time.Minute)}}
			a.Paused, a.Pauses = 5*time.Minute, 1
		} else {
			a.Segments = []focus.Interval{{Start: start, End: start.Add(active)}}
		}
		a.EndedAt = a.Segments[len(a.Segments)-1].End
		a.CheckpointAt = a.EndedAt
		blocks = append(blocks, a)
		focusByDay[day(start)] += int64(active / time.Second)
		if a.Manual {
			manualByDay[day(start)] += int64(active / time.Second)
		}
		if i%3 == 0 {
			id++
			s := time.Date(d.Year(), d.Month(), d.Day(), 23, 50, 0, 0, berlin)
			next := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, berlin)
			e := next.Add(10*time.Minute + time.Duration(i%60)*time.Second)
			blocks = append(blocks, focus.Block{ID: id, Kind: focus.KindFocus, Plan: "deep-work", StartedAt: s, Planned: e.Sub(s),
				Active: e.Sub(s), EndedAt: e, CheckpointAt: e, Outcome: focus.OutcomeStopped, Segments: []focus.Interval{{Start: s, End: e}}})
			focusByDay[day(s)] += 600
			focusByDay[day(next)] += 600 + int64(i%60)
		}
		i++
	}
	return blocks, focusByDay, manualByDay
}

// seedDir makes a data folder whose database holds blocks.
func seedDir(t *testing.T, blocks []focus.Block) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SaveBlocks(context.Background(), blocks); err != nil {
		t.Fatal(err)
	}
	return dir
}

func envFor(dir string) []string {
	return append(os.Environ(), "HEADSDOWN_DATA_DIR="+dir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=", "TZ=Europe/Berlin")
}

// Ten years exported, imported into an empty history and reported, equal
// their ground truth to the second; the same file again adds nothing;
// another computer's export merges, its overlapping block named and
// skipped.
func TestSmokeImportTenYears(t *testing.T) {
	bin := buildBinary(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	blocks, truth, manual := tenYears(t, berlin)
	src := &instance{bin: bin, env: envFor(seedDir(t, blocks))}
	file := filepath.Join(t.TempDir(), "desktop.json")
	if _, errs, code := src.cli(t, "export", "--format", "json", "-o", file); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	dst := &instance{bin: bin, env: envFor(t.TempDir())}
	out, errs, code := dst.cli(t, "import", file)
	if want := fmt.Sprintf("Imported %s: %d blocks added, 0 blocks here already, 0 skipped.\n", file, len(blocks)); code != 0 || out != want {
		t.Fatalf("import: exit %d %q %q; want %q", code, out, errs, want)
	}
	var total, totalManual int64
	for year := 2016; year <= 2025; year++ {
		out, errs, code := dst.cli(t, "report", "--year", fmt.Sprint(year), "--format", "json")
		var r report.RangeJSON
		if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
			t.Fatalf("report %d: exit %d %v %s", year, code, err, errs)
		}
		var want, wantManual int64
		months := map[string]int64{}
		for _, d := range r.Days {
			if d.FocusSeconds != truth[d.Date] || d.ManualSeconds != manual[d.Date] {
				t.Errorf("%s: %d s (manual %d); the truth is %d s (manual %d)", d.Date, d.FocusSeconds, d.ManualSeconds, truth[d.Date], manual[d.Date])
			}
			want += truth[d.Date]
			wantManual += manual[d.Date]
			months[d.Date[:7]] += truth[d.Date]
		}
		if r.FocusSeconds != want || r.ManualSeconds != wantManual || len(r.Months) != 12 {
			t.Errorf("%d: %d s, manual %d s; the truth is %d, %d", year, r.FocusSeconds, r.ManualSeconds, want, wantManual)
		}
		for _, m := range r.Months {
			if m.FocusSeconds != months[m.Label] {
				t.Errorf("%s: %d s; the truth is %d", m.Label, m.FocusSeconds, months[m.Label])
			}
		}
		total += want
		totalManual += wantManual
	}
	out, _, _ = dst.cli(t, "report", "--from", "2016-01-01", "--to", "2025-12-31", "--format", "json")
	var all report.RangeJSON
	if err := json.Unmarshal([]byte(out), &all); err != nil || all.FocusSeconds != total || all.ManualSeconds != totalManual || len(all.Months) != 120 {
		t.Fatalf("ten years: %v, %d s (manual %d) over %d months; the truth is %d s (manual %d)", err, all.FocusSeconds, all.ManualSeconds,
			len(all.Months), total, totalManual)
	}
	// 2016-01-01 00:10:00+ belongs to 2016: the block from New Year's Eve
	// 2015 is not in the history at all; the one from 31 Dec 2016 splits.
	if truth["2017-01-01"] == 0 {
		t.Fatal("the script has no block across a year end")
	}

	// The same file again adds nothing.
	out, _, code = dst.cli(t, "import", file)
	if want := fmt.Sprintf("Imported %s: 0 blocks added, %d blocks here already, 0 skipped.\n", file, len(blocks)); code != 0 || out != want {
		t.Fatalf("second import: %q, want %q", out, want)
	}

	// A laptop's export: one block overlapping the desktop's morning
	// block of 5 March 2020, one new, one still running there.
	at := func(h, m int) time.Time { return time.Date(2020, 3, 5, h, m, 0, 0, berlin) }
	mk := func(id int64, s, e time.Time) focus.Block {
		b := focus.Block{ID: id, Kind: focus.KindFocus, Plan: "pomodoro", StartedAt: s, CheckpointAt: s, Planned: time.Hour}
		if !e.IsZero() {
			b.EndedAt, b.CheckpointAt, b.Active, b.Outcome = e, e, e.Sub(s), focus.OutcomeCompleted
			b.Segments = []focus.Interval{{Start: s, End: e}}
		} else {
			b.Deadline = s.Add(time.Hour)
		}
		return b
	}
	laptop := &instance{bin: bin, env: envFor(seedDir(t, []focus.Block{mk(1, at(9, 10), at(9, 40)), mk(2, at(14, 0), at(15, 0)),
		mk(3, at(16, 0), time.Time{})}))}
	lfile := filepath.Join(t.TempDir(), "laptop.json")
	if _, errs, code := laptop.cli(t, "export", "-o", lfile); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code = dst.cli(t, "import", lfile)
	if code != 0 || !strings.HasPrefix(out, fmt.Sprintf("Imported %s: 1 block added, 0 blocks here already, 2 skipped.\n", lfile)) ||
		!strings.Contains(out, "skipped Thu 5 Mar 2020 09:10–09:40 (") || !strings.Contains(out, "): overlaps block ") ||
		!strings.Contains(out, "(Thu 5 Mar 09:0") || !strings.Contains(out, "skipped Thu 5 Mar 2020 16:00 (") ||
		!strings.Contains(out, "still running where it was exported") {
		t.Fatalf("laptop import: exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = dst.cli(t, "report", "--from", "2020-03-05", "--to", "2020-03-05", "--format", "json")
	var day report.RangeJSON
	if err := json.Unmarshal([]byte(out), &day); err != nil || day.FocusSeconds != truth["2020-03-05"]+3600 {
		t.Fatalf("5 March 2020 after the merge: %d s, want %d", day.FocusSeconds, truth["2020-03-05"]+3600)
	}
	if _, errs, code := dst.cli(t, "import", filepath.Join(t.TempDir(), "nope.json")); code != 1 || !strings.Contains(errs, "cannot read") {
		t.Fatalf("missing file: %d %q", code, errs)
	}
	notExport := filepath.Join(t.TempDir(), "report.json")
	os.WriteFile(notExport, []byte(`{"week": "2026-W01"}`), 0o600)
	if _, errs, code := dst.cli(t, "import", notExport); code != 1 || !strings.Contains(errs, `not a Heads Down export: it has no "blocks"`) {
		t.Fatalf("a report, not an export: %d %q", code, errs)
	}
}

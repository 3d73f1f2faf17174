package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// withRangeDB holds a few blocks around the end of November 2026 in
// Berlin, the machine's zone for the test.
func withRangeDB(t *testing.T) {
	dir := withReportDB(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	saved := time.Local
	time.Local = berlin
	t.Cleanup(func() { time.Local = saved })
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, berlin) }
	mk := func(id int64, from, to time.Time, manual bool) focus.Block {
		return focus.Block{ID: id, Kind: focus.KindFocus, StartedAt: from, EndedAt: to, CheckpointAt: to, Active: to.Sub(from),
			Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: from, End: to}}, Manual: manual}
	}
	if err := st.SaveBlocks(context.Background(), []focus.Block{
		mk(1, at(11, 2, 9, 0), at(11, 2, 11, 0), false),
		mk(2, at(11, 30, 23, 30), at(12, 1, 0, 15), false), // 30 min in November, 15 in December
		mk(3, at(11, 10, 14, 0), at(11, 10, 15, 0), true),
	}); err != nil {
		t.Fatal(err)
	}
}

func TestReportAnyRange(t *testing.T) {
	withRangeDB(t)
	for _, c := range []struct {
		args                []string
		kind, from, to      string
		focus, manual       int64
		days, weeks, months int
	}{
		{[]string{"--month", "2026-11"}, "month", "2026-11-01", "2026-11-30", 12600, 3600, 30, 6, 0},
		{[]string{"--month=2026-12"}, "month", "2026-12-01", "2026-12-31", 900, 0, 31, 5, 0},
		{[]string{"--year", "2026"}, "year", "2026-01-01", "2026-12-31", 13500, 3600, 365, 53, 12},
		{[]string{"--from", "2026-11-03", "--to", "2026-11-30"}, "range", "2026-11-03", "2026-11-30", 5400, 3600, 28, 5, 0},
		{[]string{"--from", "2026-11-30", "--to", "2026-12-01"}, "range", "2026-11-30", "2026-12-01", 2700, 0, 2, 0, 2},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := runCLI(t, "", append([]string{"report", "--format", "json"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var j report.RangeJSON
			if err := json.Unmarshal([]byte(out), &j); err != nil {
				t.Fatal(err)
			}
			if j.Range != (report.JSONRange{From: c.from, To: c.to, Kind: c.kind}) || j.FocusSeconds != c.focus || j.ManualSeconds != c.manual ||
				len(j.Days) != c.days || len(j.Weeks) != c.weeks || len(j.Months) != c.months || j.TimeZone != "Europe/Berlin" {
				t.Errorf("range %+v focus %d manual %d, %d days, %d weeks, %d months, zone %s", j.Range, j.FocusSeconds, j.ManualSeconds,
					len(j.Days), len(j.Weeks), len(j.Months), j.TimeZone)
			}
			for _, f := range report.Formats {
				out, errs, code := runCLI(t, "", append([]string{"report", "--format", f}, c.args...)...)
				if code != 0 || out == "" {
					t.Errorf("%s: exit %d, %q %s", f, code, out, errs)
				}
			}
		})
	}
	// The week's JSON says it is a week, and how much is manual.
	out, _, code := runCLI(t, "", "report", "--week", "2026-W46", "--format", "json")
	var w report.JSON
	if err := json.Unmarshal([]byte(out), &w); code != 0 || err != nil || w.Range != (report.JSONRange{From: "2026-11-09", To: "2026-11-15", Kind: "week"}) ||
		w.ManualSeconds != 3600 || w.Days[1].ManualSeconds != 3600 {
		t.Errorf("week: exit %d %v %+v manual %d", code, err, w.Range, w.ManualSeconds)
	}
	out, _, _ = runCLI(t, "", "report", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[1], ",") != "2026-11-30..2026-12-01,2026-11-30,Monday,30,1,0,false,0,1800,0,0,," ||
		strings.Join(rows[3], ",") != "2026-11-30..2026-12-01,total,,45,1,0,0,0,2700,0,0,," {
		t.Errorf("csv %v %v", rows, err)
	}
	if out, _, _ := runCLI(t, "", "report", "--month", "2026-11", "--format", "share"); out != "November 2026: 3 h 30 min deep work\n" {
		t.Errorf("share %q", out)
	}
}

func TestReportRangeRefusals(t *testing.T) {
	withRangeDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--month", "2026-13"}, `invalid month "2026-13": write it as 2026-11`},
		{[]string{"--month", "November"}, `invalid month "November"`},
		{[]string{"--year", "26"}, `invalid year "26": write it as 2026`},
		{[]string{"--from", "2026-11-31"}, `invalid date "2026-11-31": write it as 2026-11-03`},
		{[]string{"--from", "2026-11-30", "--to", "2026-11-01"}, "the range ends (2026-11-01) before it starts (2026-11-30)"},
		{[]string{"--to", "2026-11-30"}, "--to needs --from"},
		{[]string{"--month", "2026-11", "--year", "2026"}, "choose one of --month and --year, not both"},
		{[]string{"--week", "2026-W47", "--from", "2026-11-01"}, "choose one of --week and --from"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			f := userFile(t)
			out, errs, code := runCLI(t, "", append(append([]string{"report"}, c.args...), "-o", f)...)
			if code == 0 || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errs, c.want)
			}
			assertKept(t, f)
		})
	}
}

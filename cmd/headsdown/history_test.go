package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

func TestHistoryList(t *testing.T) {
	withRangeDB(t) // blocks 1 (2 Nov), 3 (10 Nov, manual), 2 (30 Nov to 1 Dec), in Berlin
	for _, c := range []struct {
		args []string
		ids  []int64
	}{
		{nil, []int64{2, 3, 1}},
		{[]string{"--from", "2026-11-10"}, []int64{2, 3}},
		{[]string{"--to", "2026-11-10"}, []int64{3, 1}},
		{[]string{"--from", "2026-11-03", "--to", "2026-11-29"}, []int64{3}},
		{[]string{"--from", "2026-12-01"}, []int64{}}, // block 2 started on 30 Nov
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := runCLI(t, "", append([]string{"history", "--json"}, c.args...)...)
			var got []HistoryEntry
			if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
				t.Fatalf("exit %d %v: %s %s", code, err, out, errs)
			}
			if len(got) != len(c.ids) {
				t.Fatalf("got %+v, want ids %v", got, c.ids)
			}
			for i, e := range got {
				if e.ID != c.ids[i] || len(e.UID) != 32 || (e.ID == 3) != e.Manual {
					t.Errorf("entry %d: %+v", i, e)
				}
			}
		})
	}
	out, _, code := runCLI(t, "", "history")
	if code != 0 || !strings.Contains(out, "ID  START") || !strings.Contains(out, "Tue 10 Nov 2026 14:00  15:00") ||
		!strings.Contains(out, "manual") || !strings.Contains(out, "Mon 30 Nov 2026 23:30  Tue 1 Dec 00:15  45 min") {
		t.Errorf("text:\n%s", out)
	}
	if _, errs, code := runCLI(t, "", "history", "--from", "2026-11-30", "--to", "2026-11-01"); code != 1 || !strings.Contains(errs, "ends (2026-11-01) before it starts") {
		t.Errorf("backwards: %d %s", code, errs)
	}
}

func TestHistoryTagAndRunningBlock(t *testing.T) {
	d := withReportDB(t)
	st, err := store.Open(context.Background(), filepath.Join(d, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	done := focus.Block{ID: 1, Kind: focus.KindFocus, Tag: "essay", StartedAt: t0, EndedAt: t0.Add(time.Hour), CheckpointAt: t0.Add(time.Hour),
		Active: time.Hour, Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: t0, End: t0.Add(time.Hour)}}}
	running := focus.Block{ID: 2, Kind: focus.KindFocus, Tag: "q3", StartedAt: t0.Add(2 * time.Hour), CheckpointAt: t0.Add(2 * time.Hour),
		Deadline: t0.Add(3 * time.Hour)}
	brk := focus.Block{ID: 3, Kind: focus.KindShortBreak, StartedAt: t0.Add(time.Hour), EndedAt: t0.Add(65 * time.Minute),
		CheckpointAt: t0.Add(65 * time.Minute), Outcome: focus.OutcomeCompleted}
	if err := st.SaveBlocks(context.Background(), []focus.Block{done, running, brk}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, _, _ := runCLI(t, "", "history", "--json")
	var got []HistoryEntry
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 2 || got[0].Outcome != "running" || got[0].End != "" ||
		got[1].FocusSeconds != 3600 || got[1].End != "2026-11-02T10:00:00Z" {
		t.Fatalf("%v %+v", err, got)
	}
	out, _, _ = runCLI(t, "", "history", "--json", "--tag", "essay")
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 || got[0].Tag != "essay" {
		t.Fatalf("by tag: %v %+v", err, got)
	}
}

// With no app running, a correction is made under the instance lock in
// this process (on every OS: the smoke tests cover the running app).
func TestCorrectionsWithoutTheApp(t *testing.T) {
	withRangeDB(t) // blocks 1 (2 Nov 09–11), 2 (30 Nov 23:30–00:15), 3 (10 Nov 14–15, manual), Berlin
	out, errs, code := runCLI(t, "", "add", "--start", "2026-11-02 10:30", "--end", "2026-11-02 12:00")
	if code != 1 || !strings.Contains(errs, "it overlaps block 1 (Mon 2 Nov 09:00–11:00)") {
		t.Fatalf("overlap: exit %d %q %q", code, out, errs)
	}
	out, errs, code = runCLI(t, "", "add", "--start", "2026-11-02 11:00", "--end", "2026-11-02 12:00", "--tag", "train")
	if code != 0 || out != "Added block 4: Mon 2 Nov 2026 11:00–12:00 (1 h), tag train, marked manual.\n" {
		t.Fatalf("add: exit %d %q %q", code, out, errs)
	}
	if out, _, code := runCLI(t, "", "edit", "4", "--tag", "plane"); code != 0 || !strings.HasPrefix(out, "Block 4 is now Mon 2 Nov 2026 11:00–12:00 (1 h), tag plane") {
		t.Fatalf("edit: %d %q", code, out)
	}
	if out, _, code := runCLI(t, "", "delete", "4"); code != 0 || !strings.Contains(out, "Undo with `headsdown restore 4`") {
		t.Fatalf("delete: %d %q", code, out)
	}
	if out, _, code := runCLI(t, "", "restore", "4"); code != 0 || !strings.HasPrefix(out, "Restored block 4") {
		t.Fatalf("restore: %d %q", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"edit", "4"}, 2, "edit needs what to change"},
		{[]string{"delete"}, 2, "delete needs one block ID"},
		{[]string{"delete", "x"}, 2, `"x" is not a block ID`},
		{[]string{"add", "--start", "2026-11-03 09:00"}, 2, "add needs --start and --end"},
		{[]string{"add", "--start", "9am", "--end", "2026-11-03 10:00"}, 1, `--start: "9am" is not a time`},
		{[]string{"import"}, 2, "import needs one FILE"},
	} {
		if _, errs, code := runCLI(t, "", c.args...); code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d %q; want %d saying %q", c.args, code, errs, c.code, c.want)
		}
	}
}

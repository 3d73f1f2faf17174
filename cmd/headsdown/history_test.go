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

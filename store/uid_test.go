package store

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// Migration 8 gives every older block a uid of its own; a block keeps its
// uid and manual mark through the engine's later writes.
func TestBlockUIDsAndManualMark(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.migrateTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	fillBlocks(t, s, 3)
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	blocks, err := s.AllBlocks(ctx)
	if err != nil || len(blocks) != 3 {
		t.Fatalf("%d blocks, %v", len(blocks), err)
	}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for _, b := range blocks {
		if !hex32.MatchString(b.UID) || seen[b.UID] || b.Manual {
			t.Fatalf("block %d: uid %q (seen %v), manual %v", b.ID, b.UID, seen[b.UID], b.Manual)
		}
		seen[b.UID] = true
	}
	// A new block gets one; the engine's next write keeps it and the mark.
	b := focus.Block{ID: 9, Kind: focus.KindFocus, StartedAt: t0, CheckpointAt: t0, Deadline: t0.Add(time.Hour), Manual: true}
	if err := s.Checkpoint(ctx, b); err != nil {
		t.Fatal(err)
	}
	st, _ := s.LoadEngineState(ctx)
	first := st.Current.UID
	if !hex32.MatchString(first) || seen[first] || !st.Current.Manual {
		t.Fatalf("new block uid %q manual %v", first, st.Current.Manual)
	}
	b.UID, b.Manual, b.Active = NewUID(), false, time.Minute
	if err := s.Checkpoint(ctx, b); err != nil {
		t.Fatal(err)
	}
	st, _ = s.LoadEngineState(ctx)
	if st.Current.UID != first || !st.Current.Manual || st.Current.Active != time.Minute {
		t.Fatalf("after a checkpoint: uid %q (was %q), manual %v, active %v", st.Current.UID, first, st.Current.Manual, st.Current.Active)
	}
}

// ReportBlocks reads what BlocksOverlapping does, in the fields reports use.
func TestReportBlocksMatchBlocksOverlapping(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	fillBlocks(t, s, 50)
	legacy := focus.Block{ID: 99, Kind: focus.KindFocus, Tag: "x", StartedAt: t0.Add(3 * time.Hour), EndedAt: t0.Add(4 * time.Hour),
		CheckpointAt: t0.Add(4 * time.Hour), Active: 40 * time.Minute, Outcome: focus.OutcomeStopped, Manual: true,
		Segments:  []focus.Interval{{Start: t0.Add(3 * time.Hour), End: t0.Add(3*time.Hour + 40*time.Minute)}},
		AwaySpans: []focus.Interval{{Start: t0.Add(3*time.Hour + 40*time.Minute), End: t0.Add(4 * time.Hour)}}}
	// Tags that hold the string's own separators, and a running block
	// (no end, no outcome) and a break.
	odd := focus.Block{ID: 100, Kind: focus.KindFocus, Tag: "a,b:3:x[]é", StartedAt: t0.Add(5 * time.Hour), EndedAt: t0.Add(6 * time.Hour),
		CheckpointAt: t0.Add(6 * time.Hour), Active: time.Hour, Outcome: focus.OutcomeCompleted,
		Segments: []focus.Interval{{Start: t0.Add(5 * time.Hour), End: t0.Add(6 * time.Hour)}}}
	running := focus.Block{ID: 101, Kind: focus.KindFocus, Tag: "12:", StartedAt: t0.Add(29 * time.Hour), CheckpointAt: t0.Add(29*time.Hour + time.Minute),
		Active: time.Minute, Segments: []focus.Interval{{Start: t0.Add(29 * time.Hour), End: t0.Add(29*time.Hour + time.Minute)}}}
	pause := focus.Block{ID: 102, Kind: focus.KindShortBreak, StartedAt: t0.Add(7 * time.Hour), EndedAt: t0.Add(7*time.Hour + 5*time.Minute),
		CheckpointAt: t0.Add(7*time.Hour + 5*time.Minute), Active: 5 * time.Minute, Outcome: focus.OutcomeCompleted}
	if err := s.SaveBlocks(ctx, []focus.Block{legacy, odd, running, pause}); err != nil {
		t.Fatal(err)
	}
	// A day, and all of time (which SQLite may read from the table, in id
	// order, rather than through the index: the blocks added last start
	// earlier, and the order must still be by start).
	for _, r := range [][2]time.Time{{t0.Add(2 * time.Hour), t0.Add(30 * time.Hour)}, {time.UnixMilli(0), t0.AddDate(100, 0, 0)}} {
		from, to := r[0], r[1]
		full, err1 := s.BlocksOverlapping(ctx, from, to)
		lean, err2 := s.ReportBlocks(ctx, from, to)
		if err1 != nil || err2 != nil || len(full) != len(lean) || len(full) < 20 {
			t.Fatalf("%d and %d blocks: %v %v", len(full), len(lean), err1, err2)
		}
		for i := range full {
			f, l := full[i], lean[i]
			if f.ID != l.ID || f.Kind != l.Kind || f.Tag != l.Tag || !f.StartedAt.Equal(l.StartedAt) || !f.EndedAt.Equal(l.EndedAt) ||
				f.Outcome != l.Outcome || f.Manual != l.Manual || f.Active != l.Active ||
				fmt.Sprint(f.Segments) != fmt.Sprint(l.Segments) || fmt.Sprint(f.AwaySpans) != fmt.Sprint(l.AwaySpans) {
				t.Fatalf("block %d differs:\n%+v\n%+v", f.ID, f, l)
			}
		}
	}
}

// parseReportBlocks refuses what ReportBlocks' query never writes, rather
// than reading garbage into a report.
func TestParseReportBlocksRefusesDamage(t *testing.T) {
	good := "1,focus,1000,60000,61000,completed,0,1:x14:[[1000,61000]]2:[]"
	if got, err := parseReportBlocks(good + good); err != nil || len(got) != 2 || got[1].Tag != "x" || len(got[0].Segments) != 1 {
		t.Fatalf("good: %+v, %v", got, err)
	}
	for _, bad := range []string{
		"1,focus,1000",                        // cut short
		"1,focus,10x0,60000,,,0,0:2:[]2:[]",   // not a number
		"1,focus,1000,60000,,,0,9:x2:[]2:[]",  // a length past the end
		"1,focus,1000,60000,,,0,1x2:[]2:[]",   // no ':'
		"1,focus,1000,60000,6x,,0,0:2:[]2:[]", // a bad end
	} {
		if got, err := parseReportBlocks(bad); err == nil {
			t.Errorf("%q: read %+v", bad, got)
		}
	}
}

func TestDecodeIntervals(t *testing.T) {
	iv := func(a, z int64) focus.Interval {
		return focus.Interval{Start: time.UnixMilli(a), End: time.UnixMilli(z)}
	}
	for _, c := range []struct {
		in   string
		want []focus.Interval
	}{
		{"", nil},
		{"[]", nil},
		{"[[1700000000000,1700000060000]]", []focus.Interval{iv(1700000000000, 1700000060000)}},
		{"[[1,2],[3,4]]", []focus.Interval{iv(1, 2), iv(3, 4)}},
		{"[[-5,10]]", []focus.Interval{iv(-5, 10)}},
		{"[[1,x]]", nil},
	} {
		if got := decodeIntervals(c.in); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.in, got, c.want)
		}
		if c.want != nil && encodeSegments(c.want) != c.in {
			t.Errorf("round trip of %q: %q", c.in, encodeSegments(c.want))
		}
	}
}

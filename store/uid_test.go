package store

import (
	"context"
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

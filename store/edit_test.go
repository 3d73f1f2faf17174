package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

func TestAddEditDeleteRestoreRules(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	loc := time.UTC
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	now := at(7, 18, 0)
	// An engine block, 1 Dec 09:00–10:00, with a pause: two stretches.
	engine := focus.Block{ID: 5, Kind: focus.KindFocus, Plan: "pomodoro", Tag: "q3", StartedAt: at(1, 9, 0), EndedAt: at(1, 10, 0),
		CheckpointAt: at(1, 10, 0), Active: 50 * time.Minute, Paused: 10 * time.Minute, Pauses: 1, Outcome: focus.OutcomeCompleted,
		Segments: []focus.Interval{{Start: at(1, 9, 0), End: at(1, 9, 20)}, {Start: at(1, 9, 30), End: at(1, 10, 0)}}}
	if err := s.SaveBlocks(ctx, []focus.Block{engine}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"end before start", at(2, 10, 0), at(2, 9, 0), "the end (Wed 2 Dec 09:00) is not after the start (Wed 2 Dec 10:00)"},
		{"no length", at(2, 10, 0), at(2, 10, 0), "is not after the start"},
		{"future end", at(7, 17, 0), at(7, 19, 0), "the end (Mon 7 Dec 19:00) is in the future"},
		{"longer than 12 h", at(2, 6, 0), at(2, 18, 1), "12 h 1 min is longer than 12 h"},
		{"overlap at the start", at(1, 8, 30), at(1, 9, 1), "it overlaps block 5 (Tue 1 Dec 09:00–10:00)"},
		{"overlap inside", at(1, 9, 21), at(1, 9, 29), "it overlaps block 5"},
		{"overlap around", at(1, 8, 0), at(1, 11, 0), "it overlaps block 5"},
	} {
		t.Run("add: "+c.name, func(t *testing.T) {
			_, err := s.AddBlock(ctx, BlockTimes{c.start, c.end}, "", now, 0, loc)
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a refusal saying %q", err, c.want)
			}
		})
	}
	// Touching ends are not an overlap; exactly 12 h is allowed.
	a, err := s.AddBlock(ctx, BlockTimes{at(1, 10, 0), at(1, 10, 30)}, "essay", now, 0, loc)
	if err != nil || a.ID != 6 || !a.Manual || len(a.UID) != 32 || a.Active != 30*time.Minute {
		t.Fatalf("add: %+v %v", a, err)
	}
	long, err := s.AddBlock(ctx, BlockTimes{at(3, 6, 0), at(3, 18, 0)}, "", now, 40, loc)
	if err != nil || long.ID != 41 {
		t.Fatalf("12 h, above the engine's last id 40: %+v %v", long, err)
	}
	// Edit the engine block: one stretch, marked manual, originals kept.
	newEnd := at(1, 9, 45)
	e, err := s.EditBlock(ctx, 5, Edit{End: &newEnd}, now, loc)
	if err != nil || !e.Manual || e.Active != 45*time.Minute || len(e.Segments) != 1 || e.UID != mustUID(t, s, 5) {
		t.Fatalf("edit: %+v %v", e, err)
	}
	if orig, ok, err := s.OriginalTimes(ctx, 5); err != nil || !ok || !orig.Start.Equal(at(1, 9, 0)) || !orig.End.Equal(at(1, 10, 0)) {
		t.Fatalf("original times %+v %v %v", orig, ok, err)
	}
	// A second edit keeps the first originals.
	newStart := at(1, 8, 0)
	if _, err := s.EditBlock(ctx, 5, Edit{Start: &newStart}, now, loc); err != nil {
		t.Fatal(err)
	}
	if orig, _, _ := s.OriginalTimes(ctx, 5); !orig.Start.Equal(at(1, 9, 0)) || !orig.End.Equal(at(1, 10, 0)) {
		t.Fatalf("originals moved to %+v", orig)
	}
	got := blocksBetween(t, s, at(1, 0, 0), at(2, 0, 0))
	if len(got) != 2 || !got[0].StartedAt.Equal(at(1, 8, 0)) || got[0].Active != 105*time.Minute || got[0].Paused != 0 {
		t.Fatalf("after edits: %+v", got)
	}
	// Editing into another block names it; a tag alone keeps the mark as is.
	into := at(1, 10, 15)
	if _, err := s.EditBlock(ctx, 5, Edit{End: &into}, now, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "overlaps block 6") {
		t.Fatalf("edit into block 6: %v", err)
	}
	tag := "retagged"
	if b, err := s.EditBlock(ctx, 6, Edit{Tag: &tag}, now, loc); err != nil || b.Tag != "retagged" || b.Active != 30*time.Minute {
		t.Fatalf("tag edit: %+v %v", b, err)
	}
	// Delete hides the block from reports and frees its time; restore
	// brings it back unless something took its place.
	if _, err := s.DeleteBlock(ctx, 6, now, loc); err != nil {
		t.Fatal(err)
	}
	if got := blocksBetween(t, s, at(1, 0, 0), at(2, 0, 0)); len(got) != 1 {
		t.Fatalf("after delete: %d blocks", len(got))
	}
	if _, err := s.DeleteBlock(ctx, 6, now, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "deleted already") {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := s.EditBlock(ctx, 6, Edit{Tag: &tag}, now, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "restore 6") {
		t.Fatalf("edit of a deleted block: %v", err)
	}
	filler, err := s.AddBlock(ctx, BlockTimes{at(1, 10, 10), at(1, 10, 20)}, "", now, 0, loc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RestoreBlock(ctx, 6, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "overlaps block 42") {
		t.Fatalf("restore over block %d: %v", filler.ID, err)
	}
	if _, err := s.DeleteBlock(ctx, filler.ID, now, loc); err != nil {
		t.Fatal(err)
	}
	if b, err := s.RestoreBlock(ctx, 6, loc); err != nil || b.ID != 6 {
		t.Fatalf("restore: %+v %v", b, err)
	}
	if _, err := s.RestoreBlock(ctx, 6, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "not deleted") {
		t.Fatalf("restore twice: %v", err)
	}
	// The running block: neither edited nor deleted; a new block may not
	// reach into it.
	running := focus.Block{ID: 50, Kind: focus.KindFocus, StartedAt: at(7, 17, 0), CheckpointAt: at(7, 17, 30), Deadline: at(7, 17, 50)}
	if err := s.Checkpoint(ctx, running); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"edit":   func() error { _, err := s.EditBlock(ctx, 50, Edit{Tag: &tag}, now, loc); return err }(),
		"delete": func() error { _, err := s.DeleteBlock(ctx, 50, now, loc); return err }(),
		"add": func() error {
			_, err := s.AddBlock(ctx, BlockTimes{at(7, 16, 30), at(7, 17, 5)}, "", now, 0, loc)
			return err
		}(),
	} {
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "block 50 (Mon 7 Dec 17:00, still running)") {
			t.Errorf("%s of the running block: %v", name, err)
		}
	}
	if _, err := s.EditBlock(ctx, 99, Edit{Tag: &tag}, now, loc); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "no block 99") {
		t.Fatalf("unknown block: %v", err)
	}
}

func mustUID(t *testing.T, s *Store, id int64) string {
	t.Helper()
	var uid string
	if err := s.db.QueryRow(`SELECT uid FROM blocks WHERE id = ?`, id).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	return uid
}

func blocksBetween(t *testing.T, s *Store, from, to time.Time) []focus.Block {
	t.Helper()
	b, err := s.BlocksOverlapping(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An import is one transaction: when the database refuses a block half
// way, nothing of the file is added, and the history is as it was.
func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	var blocks []focus.Block
	for i := range 100 {
		at := t0.Add(time.Duration(i) * time.Hour)
		blocks = append(blocks, focus.Block{Kind: focus.KindFocus, StartedAt: at, EndedAt: at.Add(30 * time.Minute),
			CheckpointAt: at.Add(30 * time.Minute), Active: 30 * time.Minute, Outcome: focus.OutcomeCompleted, UID: NewUID()})
	}
	blocks[60].Kind = "nap" // the schema's CHECK refuses it
	if _, err := s.ImportBlocks(ctx, blocks, 0, time.UTC); err == nil {
		t.Fatal("a refused block went unnoticed")
	}
	if all, err := s.AllBlocks(ctx); err != nil || len(all) != 0 {
		t.Fatalf("after a failed import: %d blocks, %v", len(all), err)
	}
	blocks[60].Kind = focus.KindFocus
	r, err := s.ImportBlocks(ctx, blocks, 0, time.UTC)
	if err != nil || r.Added != 100 || r.LastID != 100 {
		t.Fatalf("import: %+v %v", r, err)
	}
}

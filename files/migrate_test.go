package files

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/headsdown-app/headsdown/store"
)

var errKilled = errors.New("killed")

// A move from the old layout killed at any point (a crash, a logout, a dead
// battery): meanwhile readers are told to try again rather than open a
// half-moved database, and the next start finishes the move by itself
// with every row, across file systems too, even when a reader of an older
// version left an empty log in the old folder. Nobody is asked to pick a
// file.
func TestInterruptedMoveFinishesAtTheNextStart(t *testing.T) {
	for _, tc := range []struct {
		point      string
		cross      bool
		checkpoint bool // the log folded in first (no reader held it)
		readerWAL  bool // an older reader then opened the old database
	}{
		{point: "marked", checkpoint: true},
		{point: "moved-wal"},
		{point: "moved-wal", readerWAL: true},
		{point: "moved-shm"},
		{point: "moved", checkpoint: true},
		{point: "copied headsdown.db-wal", cross: true},
		{point: "copied headsdown.db-wal", cross: true, readerWAL: true},
		{point: "copied headsdown.db", cross: true},
		{point: "copied headsdown.db", cross: true, checkpoint: true},
	} {
		name := fmt.Sprintf("%s cross=%v checkpoint=%v reader=%v", tc.point, tc.cross, tc.checkpoint, tc.readerWAL)
		t.Run(name, func(t *testing.T) {
			home := xdgEnv(t)
			old := filepath.Join(home, ".config/headsdown")
			liveWALInOldLayout(t, old)
			if tc.cross {
				renameFile = func(string, string) error { return &os.LinkError{Op: "rename", Err: syscall.EXDEV} }
				t.Cleanup(func() { renameFile = os.Rename })
			}
			if !tc.checkpoint {
				checkpointDB = func(context.Context, string) error { return errors.New("a reader holds it") }
				t.Cleanup(func() { checkpointDB = store.Checkpoint })
			}
			hit := false
			killPoint = func(p string) error {
				if p == tc.point {
					hit = true
					return errKilled
				}
				return nil
			}
			t.Cleanup(func() { killPoint = nil })

			p, _ := Default()
			if _, _, err := MigrateOldLayout(p); !errors.Is(err, errKilled) || !hit {
				t.Fatalf("the move was not killed at %q: %v", tc.point, err)
			}
			killPoint = nil

			// Meanwhile: readers wait, plainly.
			if _, err := ForReaders(); !errors.Is(err, ErrMoving) {
				t.Fatalf("a reader during the interrupted move: %v, want ErrMoving", err)
			}
			if tc.readerWAL {
				// A reader that does not know the marker opened the old
				// database: SQLite left an empty log beside it.
				writeFile(t, filepath.Join(old, store.FileName+"-wal"), "")
			}

			// The next start finishes, with everything.
			p, _ = Default()
			p, notes, err := MigrateOldLayout(p)
			if err != nil {
				t.Fatalf("the next start: %v", err)
			}
			t.Logf("notes: %q", notes)
			for _, f := range []string{store.FileName, store.FileName + "-wal", store.FileName + "-shm", movingName} {
				if exists(filepath.Join(old, f)) {
					t.Errorf("%s is still in the old folder", f)
				}
			}
			if n := countRows(t, p.DB); n != walRows {
				t.Fatalf("%d of %d rows after the finished move", n, walRows)
			}
			if q, err := ForReaders(); err != nil || q.DB != p.DB {
				t.Fatalf("readers after the move: %v, %s", err, q.DB)
			}
		})
	}
}

// What an earlier version left: its move killed after the log moved, then
// a reader's empty log in the old folder; every start failed with "…-wal
// already exists (move one of them aside)". Now the next start finishes.
func TestMoveLeftHalfDoneByAnEarlierVersion(t *testing.T) {
	home := xdgEnv(t)
	old := filepath.Join(home, ".config/headsdown")
	liveWALInOldLayout(t, old)
	p, _ := Default()
	p = p.proper()
	if err := os.MkdirAll(p.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(old, store.FileName+"-wal"), p.DB+"-wal"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(old, store.FileName+"-wal"), "")
	p, notes, err := MigrateOldLayout(p)
	if err != nil {
		t.Fatalf("%v (%q)", err, notes)
	}
	if n := countRows(t, p.DB); n != walRows {
		t.Fatalf("%d of %d rows (%q)", n, walRows, notes)
	}
}

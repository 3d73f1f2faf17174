package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fillBlocks writes n finished blocks, each tagged "marker-NNN", straight
// into the table: enough rows to span many pages.
func fillBlocks(t testing.TB, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i := 1; i <= n; i++ {
			at := t0.Add(time.Duration(i) * time.Hour).UnixMilli()
			if _, err := tx.ExecContext(ctx, `INSERT INTO blocks (id, kind, plan, tag, started_at, planned_ms, active_ms,
				checkpoint_at, ended_at, outcome) VALUES (?, 'focus', 'pomodoro', ?, ?, 1500000, 1500000, ?, ?, 'completed')`,
				i, fmt.Sprintf("marker-%03d", i), at, at+1500000, at+1500000); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// damagePage zeroes 64 bytes in the middle of the page holding the row
// tagged marker: the kind of damage a bad sector or a stray write leaves.
func damagePage(t *testing.T, path, marker string) {
	t.Helper()
	b := readFile(t, path)
	const pageSize = 4096 // SQLite's default, which the store keeps
	at := bytes.Index(b, []byte(marker))
	if at < 0 {
		t.Fatalf("%s is not in the main file", marker)
	}
	mid := at/pageSize*pageSize + pageSize/2
	copy(b[mid:mid+64], make([]byte, 64))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// snapshot is every file in dir with its bytes and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = fmt.Sprintf("%x %s", readFile(t, filepath.Join(dir, e.Name())), fi.ModTime())
	}
	return m
}

func TestDamagedDatabaseIsRefusedAndLeftUntouched(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		// make returns a damaged database's path, and the files next to
		// it that must not change (-shm holds only an index SQLite may
		// rebuild, so after a crash it is not compared).
		make func(t *testing.T) (path string, ignore []string)
	}{
		{"after a clean shutdown", func(t *testing.T) (string, []string) {
			s, path := openTemp(t)
			fillBlocks(t, s, 300)
			s.Close() // checkpoints and removes -wal and -shm
			if exists(path+"-wal") || exists(path+"-shm") {
				t.Fatal("a clean close left -wal or -shm")
			}
			damagePage(t, path, "marker-150")
			return path, nil
		}},
		{"after a crash, with a -wal to recover", func(t *testing.T) (string, []string) {
			s, path := openTemp(t)
			fillBlocks(t, s, 300)
			s.Close()
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.PutJSON(ctx, "after", "the last checkpoint"); err != nil {
				t.Fatal(err)
			}
			// The files as a crash leaves them: the kv write only in the -wal.
			crashed := filepath.Join(t.TempDir(), FileName)
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if err := os.WriteFile(crashed+suffix, readFile(t, path+suffix), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if fi, err := os.Stat(crashed + "-wal"); err != nil || fi.Size() == 0 {
				t.Fatalf("no -wal to recover: %v", err)
			}
			damagePage(t, crashed, "marker-150")
			return crashed, []string{FileName + "-shm"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, ignore := c.make(t)
			dir := filepath.Dir(path)
			before := snapshot(t, dir)
			_, err := Open(ctx, path)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open of a damaged database: %v", err)
			}
			for _, want := range []string{path, "left untouched", "backup", "move it aside", ".recover", "malformed"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
			after := snapshot(t, dir)
			for _, name := range ignore {
				delete(before, name)
				delete(after, name)
			}
			for name := range before {
				if before[name] != after[name] {
					t.Errorf("%s was modified", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok {
					t.Errorf("%s was created", name)
				}
			}
		})
	}
}

func TestIntactDatabaseWithAWALOpens(t *testing.T) {
	// The check must read through the -wal, or data written since the last
	// checkpoint would look missing (and a checkpoint half done, damaged).
	ctx := context.Background()
	s, path := openTemp(t)
	fillBlocks(t, s, 300)
	if err := s.PutJSON(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(t.TempDir(), FileName)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.WriteFile(crashed+suffix, readFile(t, path+suffix), 0o600)
	}
	r, err := Open(ctx, crashed)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var v string
	if found, err := r.GetJSON(ctx, "k", &v); !found || err != nil || v != "v" {
		t.Fatalf("the -wal's write was lost: %v %v %q", found, err, v)
	}
}

// BenchmarkIntegrityCheck measures the check Open runs on a heavy five-year
// history: 10 blocks and 40 pings a working day.
func BenchmarkIntegrityCheck(b *testing.B) {
	ctx := context.Background()
	s, path := openTemp(b)
	start := time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for d := 0; d < 5*250; d++ {
			day := start.AddDate(0, 0, d)
			for i := 0; i < 10; i++ {
				at := day.Add(time.Duration(i) * 40 * time.Minute).UnixMilli()
				if _, err := tx.ExecContext(ctx, `INSERT INTO blocks (kind, plan, tag, started_at, planned_ms, active_ms,
					checkpoint_at, ended_at, outcome, segments) VALUES ('focus', 'pomodoro', 'q3-report', ?, 1500000, 1500000, ?, ?, 'completed', ?)`,
					at, at+1500000, at+1500000, fmt.Sprintf("[[%d,%d]]", at, at+1500000)); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO transitions (at, reason, from_state, to_state) VALUES (?, 'start', 'idle', 'focus')`, at); err != nil {
					return err
				}
			}
			for i := 0; i < 40; i++ {
				at := day.Add(time.Duration(i) * 7 * time.Minute).UnixMilli()
				if _, err := tx.ExecContext(ctx, `INSERT INTO pings (channel, ts, user_id, text, received_at, reviewed_at)
					VALUES (?, ?, 'U123', 'could you have a look at the draft when you have a minute?', ?, ?)`,
					fmt.Sprintf("D%02d", i), fmt.Sprintf("%d.%06d", at/1000, i), at, at+3600000); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	if fi, err := os.Stat(path); err == nil {
		b.Logf("database: %.1f MB", float64(fi.Size())/(1<<20))
	}
	for _, pragma := range []string{"quick_check", "integrity_check"} {
		b.Run(pragma, func(b *testing.B) {
			r, err := OpenReadOnly(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			for b.Loop() {
				var res string
				if err := r.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&res); err != nil || res != "ok" {
					b.Fatal(res, err)
				}
			}
		})
	}
	b.Run("Open", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
}

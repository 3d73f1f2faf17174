package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const lockHolderEnv = "HEADSDOWN_TEST_HOLD_WRITE_LOCK"

// TestWriteLockHolder is not a test: holdWriteLock runs the test binary
// with only this function, as another process that takes the database's
// write lock, says "locked", and holds it until its stdin is closed.
func TestWriteLockHolder(t *testing.T) {
	path := os.Getenv(lockHolderEnv)
	if path == "" {
		t.Skip("the lock-holding process of TestLockHeldByAnotherProcess")
	}
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	conn.ExecContext(ctx, "ROLLBACK")
}

// holdWriteLock has another process take the write lock on path and
// returns once it holds it; the lock is released when the test ends.
func holdWriteLock(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteLockHolder$", "-test.count=1")
	cmd.Env = append(os.Environ(), lockHolderEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the lock holder said %q, %v", line, err)
	}
}

// A lock another program holds for good (a sqlite3 shell in a transaction,
// a backup tool) must become a clear error after busy_timeout, not a hang.
func TestLockHeldByAnotherProcess(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		// run opens the database at path, whose write lock is held
		// elsewhere, and returns the error the user would see.
		run func(t *testing.T, path string) error
	}{
		{"a write after Open", func(t *testing.T, path string) error {
			s, err := Open(ctx, path)
			if err != nil {
				return fmt.Errorf("Open needs no write lock on a current database, got: %w", err)
			}
			defer s.Close()
			return s.PutJSON(ctx, "k", "v")
		}},
		{"Open with a migration to run", func(t *testing.T, path string) error {
			_, err := Open(ctx, path)
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each waits busyTimeout
			path := filepath.Join(t.TempDir(), FileName)
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(c.name, "Open with a migration") {
				if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()-1)); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			holdWriteLock(t, path)
			start := time.Now()
			err = c.run(t, path)
			t.Logf("failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
			if !IsBusy(err) {
				t.Fatalf("IsBusy(%v) = false", err)
			}
			for _, want := range []string{path, "another process held a lock", busyTimeout.String(), "try again"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
		})
	}
}

func TestIsBusy(t *testing.T) {
	// An error that is not SQLite's: the database's folder is a file. (This
	// once opened a database in a new folder "file" and never closed it, a
	// leak that only Windows noticed: the open file held up the removal of
	// the test's folder.)
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), filepath.Join(notADir, FileName))
	if err == nil {
		s.Close()
		t.Fatal("Open under a file, not a folder: no error")
	}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain error", errors.New("database is locked"), false},
		{"not SQLite", err, false},
		{"corrupt", fmt.Errorf("wrapped: %w", ErrCorrupt), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsBusy(c.err); got != c.want {
				t.Fatalf("IsBusy(%v) = %v", c.err, got)
			}
		})
	}
}

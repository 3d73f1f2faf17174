// Package store keeps Heads Down's history in one SQLite file (modernc.org/sqlite,
// pure Go): focus blocks, the transitions between them and the engine's
// cycle. It owns the schema and its versioned migrations.
//
// The running app is the only writer. Windows and offline commands open the
// same file read-only. A file that cannot be opened or migrated is never
// deleted, rewritten or "repaired": the error names it and the user decides.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database's name inside the data directory.
const FileName = "headsdown.db"

// Store is an open database.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
	// pingDays: the schema has ping_days (version 9), whose stale days
	// each write transaction sums again before it commits.
	pingDays bool
}

// Open opens (creating it if needed, with owner-only permissions) the
// database at path for writing and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory for %s: %w", path, err)
	}
	// Create the file ourselves so SQLite inherits 0600 for it and for its
	// -wal and -shm companions; never truncate an existing one.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Check before the writable connection exists: opening it already
	// writes (journal mode, migrations, the checkpoint on close), and a
	// damaged file must be left exactly as it was for the user to rescue.
	if fi.Size() > 0 {
		if err := checkIntegrity(ctx, path); err != nil {
			return nil, err
		}
	}
	s, err := open(ctx, path, false)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("database %s: %w (the file was left as it was)", path, err)
	}
	return s, nil
}

// OpenReadOnly opens an existing database for reading, as window processes
// and offline commands do while the app may be writing.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w (has Heads Down run yet?)", path, err)
	}
	s, err := open(ctx, path, true)
	if err != nil {
		return nil, err
	}
	v, err := s.version(ctx)
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	if v != len(migrations) {
		s.db.Close()
		return nil, fmt.Errorf("database %s has schema version %d, this Heads Down expects %d: start the app once to migrate it, or upgrade Heads Down", path, v, len(migrations))
	}
	return s, nil
}

// Check is `headsdown doctor`'s look at a database, writing nothing: it
// runs the integrity check and reads the schema version. Version is the
// file's schema version and Want this program's; an older file is
// migrated at the next start, a newer one needs a newer Heads Down.
func Check(ctx context.Context, path string) (version, want int, err error) {
	if err := checkIntegrity(ctx, path); err != nil {
		return 0, len(migrations), err
	}
	s, err := open(ctx, path, true)
	if err != nil {
		return 0, len(migrations), err
	}
	defer s.db.Close()
	v, err := s.version(ctx)
	if err != nil {
		return 0, len(migrations), fmt.Errorf("database %s: %w", path, err)
	}
	return v, len(migrations), nil
}

// ErrCorrupt marks a database file that failed its integrity check.
var ErrCorrupt = errors.New("failed its integrity check")

// checkIntegrity runs PRAGMA quick_check on a connection that cannot write.
//
// quick_check, not integrity_check: on a heavy five-year history (10.9 MB:
// 12,500 blocks, 50,000 pings; BenchmarkIntegrityCheck) it takes 17 ms
// against integrity_check's 72 ms (warm cache, measured here), and Open as a
// whole 20 ms, paid at every start. It verifies every page of
// every b-tree, cell bounds, record formats and NOT NULL/CHECK constraints,
// which is the damage that makes reads fail or return garbage; what it
// skips (that each index matches its table) is repaired by REINDEX and
// loses no data.
//
// Without a -wal or -journal file no other connection has the database
// open and there is nothing to recover, so the check opens it immutable:
// no locks, and no -wal or -shm file is created. Otherwise it reads
// through the log as any reader does (SQLite may rebuild the -shm index,
// which holds no data); the database and the -wal are not written.
func checkIntegrity(ctx context.Context, path string) error {
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("_pragma", "busy_timeout(5000)")
	if !exists(path+"-wal") && !exists(path+"-journal") {
		q.Add("immutable", "1")
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("check database %s: %w", path, err)
	}
	defer db.Close()
	var problems []string
	// At most a few problems: one is enough to refuse, and the message
	// should fit on a screen.
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check(3)")
	if err == nil {
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				rows.Close()
				return fmt.Errorf("check database %s: %w", path, err)
			}
			if line != "ok" {
				problems = append(problems, strings.ReplaceAll(strings.TrimPrefix(line, "*** in database main ***\n"), "\n", "; "))
			}
		}
		err = errors.Join(rows.Err(), rows.Close())
	}
	if err != nil {
		if !isCode(err, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) {
			return fmt.Errorf("check database %s: %w%s", path, err, hint(err))
		}
		problems = append(problems, err.Error())
	}
	if len(problems) == 0 {
		return nil
	}
	if !strings.Contains(problems[0], "malformed") {
		// quick_check's own lines ("Rowid 164 out of order") in SQLite's
		// word for a damaged file, as its errors say it.
		problems[0] = "the file is malformed: " + problems[0]
	}
	return fmt.Errorf("database %s %w (%s): it was left untouched. Keep it; to go on, restore it from a backup, "+
		"or move it aside (rename it, say to %s.damaged) and start Heads Down again with an empty history. "+
		"`sqlite3 %s .recover` can often rescue the data from the damaged file",
		path, ErrCorrupt, strings.Join(problems, "; "), filepath.Base(path), filepath.Base(path))
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// IsBusy reports whether err is SQLite giving up on a lock another
// connection holds (SQLITE_BUSY or SQLITE_LOCKED): typically another
// program writing to the file, a sqlite3 shell or a backup tool. The
// caller can say so, and retry later, rather than treat the file as bad.
func IsBusy(err error) bool {
	return isCode(err, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
}

// isCode reports whether err carries one of the SQLite primary result codes.
func isCode(err error, codes ...int) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return slices.Contains(codes, se.Code()&0xff) // the low byte is the primary code
}

// busyTimeout is how long a statement waits for a lock another connection
// holds before failing with SQLITE_BUSY. Long enough to outlast a
// checkpoint or a reader's brief lock, short enough that a lock held for
// good (another program in a transaction) becomes a clear error within
// seconds instead of a hang; the app loop waits on writes, so it is also
// the longest a write can stall it.
const busyTimeout = 5 * time.Second

func open(ctx context.Context, path string, readOnly bool) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		// Statement journals (each write to pings runs ping_days' triggers
		// inside it) in memory, not a temporary file per statement: intake
		// 34,000 pings/s instead of 22,000 (BenchmarkIntake).
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_txlock", "immediate")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !readOnly {
		// One connection: the app is the only writer, and a single
		// connection makes every write strictly ordered.
		db.SetMaxOpenConns(1)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w%s", path, err, hint(err))
	}
	return &Store{db: db, path: path, readOnly: readOnly}, nil
}

// hint turns SQLite's terse errors into advice.
func hint(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a database"), strings.Contains(msg, "malformed"):
		return " (the file is not a usable Heads Down database; it was left untouched: move it aside to start with an empty one)"
	case strings.Contains(msg, "locked"), strings.Contains(msg, "busy"):
		return fmt.Sprintf(" (another process held a lock on the database for over %s: is Heads Down already running, or is a sqlite3 shell or backup tool using the file? Close it and try again)", busyTimeout)
	}
	return ""
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// tx runs fn in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction on %s: %w%s", s.path, err, hint(err))
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if s.pingDays {
		if err := sumStaleDays(ctx, tx); err != nil {
			return errors.Join(err, tx.Rollback())
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit to %s: %w%s", s.path, err, hint(err))
	}
	return nil
}

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
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's name inside the data directory.
const FileName = "headsdown.db"

// Store is an open database.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
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
	f.Close()
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

func open(ctx context.Context, path string, readOnly bool) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
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
		return " (another process holds the database; is Heads Down already running?)"
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
		return fmt.Errorf("begin transaction: %w%s", err, hint(err))
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w%s", err, hint(err))
	}
	return nil
}

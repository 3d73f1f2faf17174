package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// Checkpoint folds the database's write-ahead log into the database file
// and empties it (PRAGMA wal_checkpoint(TRUNCATE)), writing nothing else:
// no schema, no migration. After it the database file alone holds every
// committed transaction, so it can be moved as one file. A reader holding
// a transaction open keeps it from finishing (busy): the caller then moves
// the log along with the file.
func Checkpoint(ctx context.Context, path string) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(1000)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	defer db.Close()
	var busy, logged, done int
	if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	if busy != 0 {
		return fmt.Errorf("checkpoint %s: another program is reading it", path)
	}
	return nil
}

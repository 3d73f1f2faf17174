package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// ImportResult says what an import did: blocks added, blocks already here
// (the same uid: the same file imported twice, or this computer's own
// export), and blocks skipped with the reason.
type ImportResult struct {
	Added   int
	Present int
	Skipped []ImportSkip
	// LastID is the highest ID an added block took (0: none added).
	LastID int64
}

// ImportSkip is one block not imported, and why.
type ImportSkip struct {
	UID        string
	Start, End time.Time
	Reason     string
}

// span is a block's wall-clock span, for the overlap check.
type span struct {
	start, end int64 // Unix ms; end is max for a running block
	id         int64
}

// ImportBlocks merges blocks from another export into the history, in one
// transaction: all of it or, on an error, nothing. A block whose uid is
// here already is not added again; one still running (on the other
// computer) or overlapping a block kept here (or one added before it from
// the same import) is reported and skipped, never doubled. Each added
// block takes a new ID above lastID (the running engine's) and keeps its
// uid, times, stretches and manual mark. Times in reasons are in loc.
func (s *Store) ImportBlocks(ctx context.Context, blocks []focus.Block, lastID int64, loc *time.Location) (ImportResult, error) {
	var res ImportResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		uids := map[string]bool{}
		var spans []span
		rows, err := tx.QueryContext(ctx, `SELECT uid, id, started_at, ended_at, deleted_at IS NOT NULL FROM blocks`)
		if err != nil {
			return fmt.Errorf("read the history to merge into: %w", err)
		}
		for rows.Next() {
			var uid string
			var id, start int64
			var end sql.NullInt64
			var deleted bool
			if err := rows.Scan(&uid, &id, &start, &end, &deleted); err != nil {
				rows.Close()
				return fmt.Errorf("read the history to merge into: %w", err)
			}
			uids[uid] = true // a deleted block stays deleted: importing it again does not bring it back
			if !deleted {
				e := end.Int64
				if !end.Valid {
					e = 1<<63 - 1
				}
				spans = append(spans, span{start, e, id})
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("read the history to merge into: %w", err)
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		id, err := nextID(ctx, tx, lastID)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			switch {
			case b.UID != "" && uids[b.UID]:
				res.Present++
				continue
			case b.EndedAt.IsZero():
				res.Skipped = append(res.Skipped, ImportSkip{b.UID, b.StartedAt, b.EndedAt, "still running where it was exported"})
				continue
			case !b.EndedAt.After(b.StartedAt):
				res.Skipped = append(res.Skipped, ImportSkip{b.UID, b.StartedAt, b.EndedAt, "its end is not after its start"})
				continue
			}
			if o, ok := overlapping(spans, b.StartedAt.UnixMilli(), b.EndedAt.UnixMilli()); ok {
				res.Skipped = append(res.Skipped, ImportSkip{b.UID, b.StartedAt, b.EndedAt,
					"overlaps " + describe(o.id, time.UnixMilli(o.start), endOf(o.end), loc) + " here"})
				continue
			}
			if b.UID == "" {
				b.UID = NewUID() // an export from before uids
			}
			b.ID = id
			id++
			if err := upsertBlock(ctx, tx, b); err != nil {
				return err
			}
			uids[b.UID] = true
			at := sort.Search(len(spans), func(i int) bool { return spans[i].start >= b.StartedAt.UnixMilli() })
			spans = append(spans, span{})
			copy(spans[at+1:], spans[at:])
			spans[at] = span{b.StartedAt.UnixMilli(), b.EndedAt.UnixMilli(), b.ID}
			res.Added++
			res.LastID = b.ID
		}
		return nil
	})
	return res, err
}

func endOf(ms int64) time.Time {
	if ms == 1<<63-1 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// overlapping finds a span with time in [start, end). spans are sorted by
// start and, being one person's blocks, do not overlap each other, so only
// the last one starting before end can reach into [start, end).
func overlapping(spans []span, start, end int64) (span, bool) {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].start >= end })
	if i == 0 {
		return span{}, false
	}
	if s := spans[i-1]; s.end > start {
		return s, true
	}
	return span{}, false
}

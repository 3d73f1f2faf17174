package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// The user's corrections to their history: a block added by hand, one
// edited or deleted, a delete undone. Each is one transaction that checks
// the rules and writes, so a crash mid-edit leaves the history as it was
// before or after, never between. Only one process writes the file: the
// running app (the CLI asks it over the control channel) or, when it is
// not running, the CLI under the app's instance lock.

// MaxManualBlock is the longest block a person may add or edit to: longer
// is almost surely a typo (a day for an hour, PM for AM).
const MaxManualBlock = 12 * time.Hour

// ErrRefused marks an edit refused by a rule of the history: the message
// says which and what to do.
var ErrRefused = errors.New("refused")

type refusal struct{ msg string }

func (r refusal) Error() string        { return r.msg }
func (r refusal) Is(target error) bool { return target == ErrRefused }

func refuse(format string, args ...any) error { return refusal{fmt.Sprintf(format, args...)} }

// BlockTimes are a block's start and end as the user gives them.
type BlockTimes struct {
	Start, End time.Time
}

// Edit is a change to a block: nil fields stay as they are.
type Edit struct {
	Start, End *time.Time
	Tag        *string
}

// describe names a block for a message: "block 12 (Tue 1 Dec 09:00–10:30)".
func describe(id int64, start, end time.Time, loc *time.Location) string {
	if end.IsZero() {
		return fmt.Sprintf("block %d (%s, still running)", id, start.In(loc).Format("Mon 2 Jan 15:04"))
	}
	layout := "15:04"
	if focus.DateOf(start, loc) != focus.DateOf(end, loc) {
		layout = "Mon 2 Jan 15:04"
	}
	return fmt.Sprintf("block %d (%s–%s)", id, start.In(loc).Format("Mon 2 Jan 15:04"), end.In(loc).Format(layout))
}

// checkTimes applies the rules every added or edited block obeys, and
// refuses an overlap with any other block kept in the history, naming it.
func checkTimes(ctx context.Context, tx *sql.Tx, self int64, t BlockTimes, now time.Time, loc *time.Location) error {
	switch {
	case !t.End.After(t.Start):
		return refuse("the end (%s) is not after the start (%s): give an end later than the start",
			t.End.In(loc).Format("Mon 2 Jan 15:04"), t.Start.In(loc).Format("Mon 2 Jan 15:04"))
	case t.End.After(now):
		return refuse("the end (%s) is in the future: a block can be added once it is over (or start a timer with `headsdown start`)",
			t.End.In(loc).Format("Mon 2 Jan 15:04"))
	case t.End.Sub(t.Start) > MaxManualBlock:
		return refuse("%s is longer than %s: split it into blocks of at most 12 h, or check the dates",
			focus.FormatDuration(t.End.Sub(t.Start)), focus.FormatDuration(MaxManualBlock))
	}
	return checkOverlap(ctx, tx, self, t, loc)
}

// checkOverlap refuses [t.Start, t.End) if another block kept in the
// history has time in it, naming that block.
func checkOverlap(ctx context.Context, tx *sql.Tx, self int64, t BlockTimes, loc *time.Location) error {
	// Any block (focus or break) whose span meets [start, end); one still
	// running spans to now and beyond.
	row := tx.QueryRowContext(ctx, `SELECT id, started_at, ended_at FROM blocks
		WHERE id != ? AND `+live+` AND started_at < ? AND (ended_at IS NULL OR ended_at > ?)
		ORDER BY started_at LIMIT 1`, self, t.End.UnixMilli(), t.Start.UnixMilli())
	var id, started int64
	var ended sql.NullInt64
	switch err := row.Scan(&id, &started, &ended); {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check for overlapping blocks: %w", err)
	}
	return refuse("it overlaps %s: change the times, or edit or delete that block first",
		describe(id, time.UnixMilli(started), fromNull(ended), loc))
}

// nextID is the ID a new block takes: above every block on record, every
// auto-reply's block, and at least above minID (the running engine's last).
func nextID(ctx context.Context, tx *sql.Tx, minID int64) (int64, error) {
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(id) FROM blocks), 0),
		COALESCE((SELECT MAX(block_id) FROM auto_replies), 0))`).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("find a new block id: %w", err)
	}
	return max(last, minID) + 1, nil
}

// manualBlock is a completed focus block of one stretch, marked manual.
func manualBlock(id int64, t BlockTimes, tag string) focus.Block {
	d := t.End.Sub(t.Start)
	return focus.Block{ID: id, Kind: focus.KindFocus, Plan: "manual", Tag: tag, StartedAt: t.Start, Planned: d,
		Active: d, CheckpointAt: t.End, EndedAt: t.End, Outcome: focus.OutcomeCompleted,
		Segments: []focus.Interval{{Start: t.Start, End: t.End}}, Manual: true}
}

// AddBlock adds a focus block the timer missed. minID is the highest ID
// the running engine has issued (0 when none runs), so the two never
// give one ID twice. Times in messages are written in loc.
func (s *Store) AddBlock(ctx context.Context, t BlockTimes, tag string, now time.Time, minID int64, loc *time.Location) (focus.Block, error) {
	var b focus.Block
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkTimes(ctx, tx, 0, t, now, loc); err != nil {
			return err
		}
		id, err := nextID(ctx, tx, minID)
		if err != nil {
			return err
		}
		b = manualBlock(id, t, tag)
		b.UID = NewUID()
		return upsertBlock(ctx, tx, b)
	})
	if err != nil {
		return focus.Block{}, err
	}
	return b, nil
}

// getBlock reads one block with its edit columns, deleted or not.
func getBlock(ctx context.Context, tx *sql.Tx, id int64) (b focus.Block, origStart, origEnd, deleted sql.NullInt64, err error) {
	row := tx.QueryRowContext(ctx, `SELECT `+blockColumns+`, original_start, original_end, deleted_at FROM blocks WHERE id = ?`, id)
	b, err = scanBlock(extra{row, []any{&origStart, &origEnd, &deleted}})
	if errors.Is(err, sql.ErrNoRows) {
		err = refuse("there is no block %d: see `headsdown history` for the ids", id)
	}
	return
}

// extra scans a row's block columns followed by more.
type extra struct {
	row  scanner
	more []any
}

func (e extra) Scan(dest ...any) error { return e.row.Scan(append(dest, e.more...)...) }

// EditBlock changes a finished block's times or tag. New times obey the
// rules of AddBlock; the block becomes one stretch from start to end,
// marked manual, and its times from before its first edit are kept. A
// change of tag alone keeps its times, stretches and mark.
func (s *Store) EditBlock(ctx context.Context, id int64, e Edit, now time.Time, loc *time.Location) (focus.Block, error) {
	var out focus.Block
	err := s.tx(ctx, func(tx *sql.Tx) error {
		b, origStart, _, deleted, err := getBlock(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case deleted.Valid:
			return refuse("block %d is deleted: `headsdown restore %d` brings it back first", id, id)
		case b.EndedAt.IsZero():
			return refuse("%s: stop it first (`headsdown stop`), then edit it", describe(id, b.StartedAt, time.Time{}, loc))
		case b.Kind != focus.KindFocus:
			return refuse("block %d is a break: only focus blocks can be edited", id)
		}
		if e.Tag != nil {
			b.Tag = *e.Tag
		}
		if e.Start != nil || e.End != nil {
			t := BlockTimes{b.StartedAt, b.EndedAt}
			if e.Start != nil {
				t.Start = *e.Start
			}
			if e.End != nil {
				t.End = *e.End
			}
			if err := checkTimes(ctx, tx, id, t, now, loc); err != nil {
				return err
			}
			if !origStart.Valid {
				if _, err := tx.ExecContext(ctx, `UPDATE blocks SET original_start = started_at, original_end = ended_at WHERE id = ?`, id); err != nil {
					return fmt.Errorf("keep block %d's original times: %w", id, err)
				}
			}
			edited := manualBlock(id, t, b.Tag)
			edited.Plan, edited.UID = b.Plan, b.UID
			b = edited
			// started_at is not among the columns an upsert updates (the
			// engine never moves a start): set it here.
			if _, err := tx.ExecContext(ctx, `UPDATE blocks SET started_at = ?, planned_ms = ?, manual = 1, paused_ms = 0,
				suspended_ms = 0, pauses = 0, away_ms = 0, away_segments = '' WHERE id = ?`,
				t.Start.UnixMilli(), b.Planned.Milliseconds(), id); err != nil {
				return fmt.Errorf("edit block %d: %w", id, err)
			}
		}
		out = b
		return upsertBlock(ctx, tx, b)
	})
	return out, err
}

// DeleteBlock deletes a finished block, undoably: RestoreBlock brings it
// back. Reports, lists and exports leave it out meanwhile.
func (s *Store) DeleteBlock(ctx context.Context, id int64, now time.Time, loc *time.Location) (focus.Block, error) {
	var out focus.Block
	err := s.tx(ctx, func(tx *sql.Tx) error {
		b, _, _, deleted, err := getBlock(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case deleted.Valid:
			return refuse("block %d is deleted already (`headsdown restore %d` brings it back)", id, id)
		case b.EndedAt.IsZero():
			return refuse("%s: stop it first (`headsdown stop`), then delete it", describe(id, b.StartedAt, time.Time{}, loc))
		}
		out = b
		_, err = tx.ExecContext(ctx, `UPDATE blocks SET deleted_at = ? WHERE id = ?`, now.UnixMilli(), id)
		return err
	})
	return out, err
}

// RestoreBlock undoes DeleteBlock, unless a block added since overlaps it.
func (s *Store) RestoreBlock(ctx context.Context, id int64, loc *time.Location) (focus.Block, error) {
	var out focus.Block
	err := s.tx(ctx, func(tx *sql.Tx) error {
		b, _, _, deleted, err := getBlock(ctx, tx, id)
		if err != nil {
			return err
		}
		if !deleted.Valid {
			return refuse("block %d is not deleted: nothing to restore", id)
		}
		// Its times were fine when it was deleted (a block the timer
		// recorded may well be longer than 12 h); only an overlap with a
		// block added since can be new.
		if err := checkOverlap(ctx, tx, id, BlockTimes{b.StartedAt, b.EndedAt}, loc); err != nil {
			return err
		}
		out = b
		_, err = tx.ExecContext(ctx, `UPDATE blocks SET deleted_at = NULL WHERE id = ?`, id)
		return err
	})
	return out, err
}

// OriginalTimes are a block's times from before its first edit; ok is
// false for a block never edited.
func (s *Store) OriginalTimes(ctx context.Context, id int64) (t BlockTimes, ok bool, err error) {
	var a, z sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT original_start, original_end FROM blocks WHERE id = ?`, id).Scan(&a, &z)
	if err != nil {
		return t, false, fmt.Errorf("read block %d: %w", id, err)
	}
	if !a.Valid {
		return t, false, nil
	}
	return BlockTimes{time.UnixMilli(a.Int64), fromNull(z)}, true, nil
}

package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// Record makes a batch of engine events durable in one transaction: each
// event's block snapshot, the transition itself and the engine's cycle.
func (s *Store) Record(ctx context.Context, evs []focus.Event) error {
	if len(evs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, ev := range evs {
			var blockID any
			if ev.Block.ID != 0 {
				if err := upsertBlock(ctx, tx, ev.Block); err != nil {
					return err
				}
				blockID = ev.Block.ID
			}
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO transitions (at, reason, from_state, to_state, block_id) VALUES (?, ?, ?, ?, ?)`,
				ev.At.UnixMilli(), string(ev.Reason), string(ev.From), string(ev.To), blockID); err != nil {
				return fmt.Errorf("record transition %s: %w", ev.Reason, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE engine SET cycle = ? WHERE id = 1`, evs[len(evs)-1].Cycle); err != nil {
			return fmt.Errorf("record cycle: %w", err)
		}
		return nil
	})
}

// Checkpoint saves the in-flight block's accounting, so a crash loses at
// most the time since the last checkpoint.
func (s *Store) Checkpoint(ctx context.Context, b focus.Block) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return upsertBlock(ctx, tx, b) })
}

const blockColumns = `id, kind, plan, tag, started_at, planned_ms, deadline, remaining_ms, paused_at,
	active_ms, paused_ms, suspended_ms, pauses, checkpoint_at, ended_at, outcome, segments,
	away_ms, away_segments, pause_reason, uid, manual`

// live is the condition for a block that was not deleted.
const live = `deleted_at IS NULL`

// NewUID is a fresh block uid: 16 random bytes in hex, as migration 8
// gives the older rows.
func NewUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("no randomness for a block id: %v", err)) // crypto/rand never fails on supported systems
	}
	return hex.EncodeToString(b[:])
}

// upsertBlock writes b. A new row gets b.UID (a fresh one when empty);
// an existing row keeps its uid and manual mark: the engine updates its
// accounting, never who made it.
func upsertBlock(ctx context.Context, tx *sql.Tx, b focus.Block) error {
	if b.UID == "" {
		b.UID = NewUID()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO blocks (`+blockColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			tag = excluded.tag, deadline = excluded.deadline, remaining_ms = excluded.remaining_ms,
			paused_at = excluded.paused_at, active_ms = excluded.active_ms, paused_ms = excluded.paused_ms,
			suspended_ms = excluded.suspended_ms, pauses = excluded.pauses,
			checkpoint_at = excluded.checkpoint_at, ended_at = excluded.ended_at, outcome = excluded.outcome,
			segments = excluded.segments, away_ms = excluded.away_ms,
			away_segments = excluded.away_segments, pause_reason = excluded.pause_reason`,
		b.ID, string(b.Kind), b.Plan, b.Tag, b.StartedAt.UnixMilli(), b.Planned.Milliseconds(),
		nullTime(b.Deadline), b.Remaining.Milliseconds(), nullTime(b.PausedAt),
		b.Active.Milliseconds(), b.Paused.Milliseconds(), b.Suspended.Milliseconds(), b.Pauses,
		b.CheckpointAt.UnixMilli(), nullTime(b.EndedAt), nullString(string(b.Outcome)), encodeSegments(b.Segments),
		b.Away.Milliseconds(), encodeSegments(b.AwaySpans), string(b.PauseReason), b.UID, b.Manual)
	if err != nil {
		return fmt.Errorf("save block %d: %w", b.ID, err)
	}
	return nil
}

// EngineState is what the engine needs to resume after a restart.
type EngineState struct {
	Current *focus.Block // the block in flight, nil when idle
	Cycle   int
	LastID  int64
}

// LoadEngineState reads the in-flight block, the cycle and the highest ID.
func (s *Store) LoadEngineState(ctx context.Context) (EngineState, error) {
	var st EngineState
	if err := s.db.QueryRowContext(ctx, `SELECT cycle FROM engine WHERE id = 1`).Scan(&st.Cycle); err != nil {
		return st, fmt.Errorf("load engine state: %w", err)
	}
	// The highest ID anything refers to, not only the blocks on record: a
	// block whose history was not saved before a quit may still have
	// auto-replies queued for it, and a new block must never take its ID
	// (its queued replies would go out as the new block's).
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(id) FROM blocks), 0),
		COALESCE((SELECT MAX(block_id) FROM auto_replies), 0))`).Scan(&st.LastID); err != nil {
		return st, fmt.Errorf("load last block id: %w", err)
	}
	row := s.db.QueryRowContext(ctx, `SELECT `+blockColumns+` FROM blocks WHERE ended_at IS NULL`)
	b, err := scanBlock(row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return st, fmt.Errorf("load block in flight: %w", err)
	default:
		st.Current = &b
	}
	return st, nil
}

// maxBlockSpan bounds how long before a period a block that reaches into
// it can have started (a long block, paused over a weekend). It keeps the
// report query an index range of about two weeks whatever the history.
const maxBlockSpan = 14 * 24 * time.Hour

// BlocksOverlapping returns the blocks with any time in [from, to): those
// that started in it, and those started up to two weeks before that ended
// (or are still running) after from. Oldest first.
func (s *Store) BlocksOverlapping(ctx context.Context, from, to time.Time) ([]focus.Block, error) {
	return s.queryBlocks(ctx, `SELECT `+blockColumns+` FROM blocks
		WHERE started_at >= ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?) AND `+live+`
		ORDER BY started_at, id`, from.Add(-maxBlockSpan).UnixMilli(), to.UnixMilli(), from.UnixMilli())
}

// AllBlocks returns every block, oldest first, for export.
func (s *Store) AllBlocks(ctx context.Context) ([]focus.Block, error) {
	return s.queryBlocks(ctx, `SELECT `+blockColumns+` FROM blocks WHERE `+live+` ORDER BY started_at, id`)
}

func (s *Store) queryBlocks(ctx context.Context, q string, args ...any) ([]focus.Block, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query blocks: %w", err)
	}
	defer rows.Close()
	var out []focus.Block
	for rows.Next() {
		b, err := scanBlock(rows)
		if err != nil {
			return nil, fmt.Errorf("read block: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Blocks returns the blocks that started in [from, to), oldest first.
func (s *Store) Blocks(ctx context.Context, from, to time.Time) ([]focus.Block, error) {
	return s.queryBlocks(ctx, `SELECT `+blockColumns+` FROM blocks
		WHERE started_at >= ? AND started_at < ? AND `+live+` ORDER BY started_at, id`, from.UnixMilli(), to.UnixMilli())
}

type scanner interface{ Scan(...any) error }

func scanBlock(r scanner) (focus.Block, error) {
	var (
		b                                         focus.Block
		kind, outcome                             string
		started, checkpoint                       int64
		planned, remaining, active, paused, slept int64
		deadline, pausedAt, ended                 sql.NullInt64
		nullOutcome                               sql.NullString
		segments, awaySegments, reason            string
		away                                      int64
	)
	err := r.Scan(&b.ID, &kind, &b.Plan, &b.Tag, &started, &planned, &deadline, &remaining, &pausedAt,
		&active, &paused, &slept, &b.Pauses, &checkpoint, &ended, &nullOutcome, &segments,
		&away, &awaySegments, &reason, &b.UID, &b.Manual)
	if err != nil {
		return b, err
	}
	outcome = nullOutcome.String
	b.Kind, b.Outcome = focus.Kind(kind), focus.Outcome(outcome)
	b.StartedAt, b.CheckpointAt = time.UnixMilli(started), time.UnixMilli(checkpoint)
	b.Deadline, b.PausedAt, b.EndedAt = fromNull(deadline), fromNull(pausedAt), fromNull(ended)
	b.Planned, b.Remaining = ms(planned), ms(remaining)
	b.Active, b.Paused, b.Suspended = ms(active), ms(paused), ms(slept)
	b.Segments = decodeSegments(segments, b)
	b.Away, b.AwaySpans = ms(away), decodeIntervals(awaySegments)
	b.PauseReason = focus.PauseReason(reason)
	if b.IsPaused() && b.PauseReason == "" {
		// Paused before schema version 5, when every pause was manual.
		b.PauseReason = focus.PauseManual
	}
	return b, nil
}

// encodeSegments writes [[start_ms,end_ms],...]: compact, and read back
// without reflection on the hot path of a report.
func encodeSegments(segs []focus.Interval) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, s := range segs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('[')
		sb.WriteString(strconv.FormatInt(s.Start.UnixMilli(), 10))
		sb.WriteByte(',')
		sb.WriteString(strconv.FormatInt(s.End.UnixMilli(), 10))
		sb.WriteByte(']')
	}
	sb.WriteByte(']')
	return sb.String()
}

// decodeSegments reads encodeSegments' form. Rows from before schema
// version 3 have none: their active time counts as one stretch from the
// block's start, the best that can be said of them.
func decodeSegments(s string, b focus.Block) []focus.Interval {
	if s == "" {
		if b.Active <= 0 {
			return nil
		}
		return []focus.Interval{{Start: b.StartedAt, End: b.StartedAt.Add(b.Active)}}
	}
	return decodeIntervals(s)
}

// decodeIntervals reads encodeSegments' form; "" is none.
//
// It reads the digits by hand, with no string per number: a year's report
// decodes thousands of these.
func decodeIntervals(s string) []focus.Interval {
	var out []focus.Interval
	var nums [2]int64
	n, digits, neg := 0, 0, false
	for i := 0; i <= len(s); i++ {
		c := byte(',')
		if i < len(s) {
			c = s[i]
		}
		switch {
		case c >= '0' && c <= '9':
			nums[n] = nums[n]*10 + int64(c-'0')
			digits++
		case c == '-' && digits == 0:
			neg = true
		case c == '[' || c == ']' || c == ',' || c == ' ':
			if digits == 0 {
				continue
			}
			if neg {
				nums[n] = -nums[n]
			}
			digits, neg = 0, false
			if n++; n == 2 {
				out = append(out, focus.Interval{Start: time.UnixMilli(nums[0]), End: time.UnixMilli(nums[1])})
				n, nums = 0, [2]int64{}
			}
		default:
			return nil // not encodeSegments' form
		}
	}
	return out
}

func ms(v int64) time.Duration { return time.Duration(v) * time.Millisecond }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func fromNull(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// SaveBlocks writes many blocks in one transaction (imports, benchmarks).
func (s *Store) SaveBlocks(ctx context.Context, blocks []focus.Block) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, b := range blocks {
			if err := upsertBlock(ctx, tx, b); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecentTags are the tags of past focus blocks, most recently used first,
// each once, at most n: what the Custom window offers to pick from.
func (s *Store) RecentTags(ctx context.Context, n int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tag FROM blocks WHERE kind = 'focus' AND tag != '' AND `+live+`
		GROUP BY tag ORDER BY MAX(started_at) DESC, tag LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("read recent tags: %w", err)
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("read recent tags: %w", err)
		}
		tags = append(tags, t)
	}
	return tags, rows.Err()
}

// HistoryFilter picks blocks for the history list: started in [From, To)
// (zero: unbounded), and under Tag when it is not empty.
type HistoryFilter struct {
	From, To time.Time
	Tag      string
}

// History returns the focus blocks f picks, newest first, deleted ones
// left out.
func (s *Store) History(ctx context.Context, f HistoryFilter) ([]focus.Block, error) {
	q := `SELECT ` + blockColumns + ` FROM blocks WHERE kind = 'focus' AND ` + live
	var args []any
	if !f.From.IsZero() {
		q += ` AND started_at >= ?`
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		q += ` AND started_at < ?`
		args = append(args, f.To.UnixMilli())
	}
	if f.Tag != "" {
		q += ` AND tag = ?`
		args = append(args, f.Tag)
	}
	return s.queryBlocks(ctx, q+` ORDER BY started_at DESC, id DESC`, args...)
}

// ReportBlocks is BlocksOverlapping with only what reports read (kind,
// tag, times, outcome, stretches, the manual mark); the other fields are
// zero. A year's report reads 7,000 blocks, and a row each through
// database/sql cost 3.5 µs (pprof: the driver's per-row and per-column
// work, not SQLite's), so SQLite joins them into one string that
// parseReportBlocks reads: a third of the time.
func (s *Store) ReportBlocks(ctx context.Context, from, to time.Time) ([]focus.Block, error) {
	var all sql.NullString
	// format() writes each block in one pass (a chain of || copies the
	// growing string at every step). group_concat keeps the order rows
	// come in, the index's, as SQLite reads blocks_by_start for these
	// ranges (even all of time: TestReportBlocksMatchBlocksOverlapping).
	// Should a future planner read the table instead, rows would come in
	// id order (a block added by hand has a newer id than the blocks
	// after it), so the order is checked, for one pass.
	err := s.db.QueryRowContext(ctx, `SELECT group_concat(format('%d,%s,%d,%d,%s,%s,%d,%d:%s%d:%s%d:%s',
			id, kind, started_at, active_ms, COALESCE(ended_at, ''), COALESCE(outcome, ''), manual,
			length(CAST(tag AS BLOB)), tag, length(CAST(segments AS BLOB)), segments,
			length(CAST(away_segments AS BLOB)), away_segments), '')
		FROM blocks WHERE started_at >= ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?) AND `+live,
		from.Add(-maxBlockSpan).UnixMilli(), to.UnixMilli(), from.UnixMilli()).Scan(&all)
	if err != nil {
		return nil, fmt.Errorf("query blocks: %w", err)
	}
	out, err := parseReportBlocks(all.String)
	if err != nil {
		return nil, fmt.Errorf("read blocks: %w", err)
	}
	byStart := func(a, b focus.Block) int { return cmp.Or(a.StartedAt.Compare(b.StartedAt), cmp.Compare(a.ID, b.ID)) }
	if !slices.IsSortedFunc(out, byStart) {
		slices.SortFunc(out, byStart)
	}
	return out, nil
}

// parseReportBlocks reads ReportBlocks' string: per block
// "id,kind,started,active,ended,outcome,manual," then tag, segments and
// away segments, each as its length in bytes, ':' and itself (a tag may
// hold any character). Numbers are read by hand, as in decodeIntervals.
func parseReportBlocks(s string) ([]focus.Block, error) {
	out := make([]focus.Block, 0, strings.Count(s, ":")/3+1) // three sized fields a block
	i := 0
	bad := func(what string) error { return fmt.Errorf("malformed block %s near byte %d", what, i) }
	field := func() (string, bool) { // up to the next ','
		j := strings.IndexByte(s[i:], ',')
		if j < 0 {
			return "", false
		}
		f := s[i : i+j]
		i += j + 1
		return f, true
	}
	number := func(f string) (int64, bool) {
		if f == "" {
			return 0, false
		}
		var n int64
		neg := f[0] == '-'
		if neg {
			f = f[1:]
		}
		for k := 0; k < len(f); k++ {
			if f[k] < '0' || f[k] > '9' {
				return 0, false
			}
			n = n*10 + int64(f[k]-'0')
		}
		if neg {
			n = -n
		}
		return n, true
	}
	sized := func() (string, bool) { // "len:bytes"
		j := strings.IndexByte(s[i:], ':')
		if j < 0 {
			return "", false
		}
		n, ok := number(s[i : i+j])
		if !ok || n < 0 || i+j+1+int(n) > len(s) {
			return "", false
		}
		v := s[i+j+1 : i+j+1+int(n)]
		i += j + 1 + int(n)
		return v, true
	}
	for i < len(s) {
		var f [7]string
		for k := range f {
			var ok bool
			if f[k], ok = field(); !ok {
				return nil, bad("fields")
			}
		}
		id, ok1 := number(f[0])
		started, ok2 := number(f[2])
		active, ok3 := number(f[3])
		if !ok1 || !ok2 || !ok3 {
			return nil, bad("numbers")
		}
		b := focus.Block{ID: id, Kind: focus.Kind(f[1]), StartedAt: time.UnixMilli(started), Active: ms(active),
			Outcome: focus.Outcome(f[5]), Manual: f[6] == "1"}
		if f[4] != "" {
			ended, ok := number(f[4])
			if !ok {
				return nil, bad("end")
			}
			b.EndedAt = time.UnixMilli(ended)
		}
		tag, ok1 := sized()
		segments, ok2 := sized()
		away, ok3 := sized()
		if !ok1 || !ok2 || !ok3 {
			return nil, bad("tag or stretches")
		}
		b.Tag = tag
		b.Segments, b.AwaySpans = decodeSegments(segments, b), decodeIntervals(away)
		out = append(out, b)
	}
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Auto-reply statuses (see migration 6).
const (
	ReplyQueued  = "queued"
	ReplySending = "sending"
	ReplySent    = "sent"
	ReplyUnknown = "unknown"
	ReplyFailed  = "failed"
	ReplySkipped = "skipped"
)

// AutoReply is one automatic reply to a sender, from the moment it is
// decided (queued) to its end (sent, unknown, failed or skipped).
type AutoReply struct {
	ID         int64
	BlockID    int64
	BlockStart time.Time
	UserID     string
	Channel    string
	TS         string // the message answered
	// ThreadTS is the thread the reply goes to: the parent of a message
	// posted inside a thread; empty for TS's own thread (as rows written
	// before threads were kept read).
	ThreadTS string
	Text     string
	QueuedAt time.Time
	Status   string
	Attempts int
	SentAt   time.Time
	ReplyTS  string // Slack's ts of the reply, once sent
	Error    string
}

const replyColumns = `id, block_id, block_start, user_id, channel, ts, text, queued_at, status, attempts, sent_at, reply_ts, error, thread_ts`

func scanReply(sc interface{ Scan(...any) error }) (AutoReply, error) {
	var r AutoReply
	var start, queued int64
	var sent sql.NullInt64
	if err := sc.Scan(&r.ID, &r.BlockID, &start, &r.UserID, &r.Channel, &r.TS, &r.Text, &queued, &r.Status, &r.Attempts,
		&sent, &r.ReplyTS, &r.Error, &r.ThreadTS); err != nil {
		return AutoReply{}, fmt.Errorf("read auto-reply: %w", err)
	}
	r.BlockStart, r.QueuedAt, r.SentAt = time.UnixMilli(start), time.UnixMilli(queued), fromNull(sent)
	return r, nil
}

func (s *Store) queryReplies(ctx context.Context, q string, args ...any) ([]AutoReply, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+replyColumns+` FROM auto_replies `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("query auto-replies: %w", err)
	}
	defer rows.Close()
	var out []AutoReply
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertReplies queues replies in tx; a sender already answered in the
// same block is skipped (UNIQUE (block_id, user_id)). It returns the
// replies it queued, with their IDs.
func insertReplies(ctx context.Context, tx *sql.Tx, rs []AutoReply) ([]AutoReply, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO auto_replies (block_id, block_start, user_id, channel, ts, text, queued_at, status, thread_ts)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT (block_id, user_id) DO NOTHING RETURNING id`)
	if err != nil {
		return nil, fmt.Errorf("prepare auto-reply insert: %w", err)
	}
	defer stmt.Close()
	var out []AutoReply
	for _, r := range rs {
		err := stmt.QueryRowContext(ctx, r.BlockID, r.BlockStart.UnixMilli(), r.UserID, r.Channel, r.TS, r.Text,
			r.QueuedAt.UnixMilli(), r.ThreadTS).Scan(&r.ID)
		if err == sql.ErrNoRows {
			continue // this sender was already answered in this block
		}
		if err != nil {
			return nil, fmt.Errorf("queue auto-reply to %s in %s: %w", r.UserID, r.Channel, err)
		}
		r.Status = ReplyQueued
		out = append(out, r)
	}
	return out, nil
}

// QueueReplies queues replies in one transaction (see insertReplies).
func (s *Store) QueueReplies(ctx context.Context, rs []AutoReply) ([]AutoReply, error) {
	var out []AutoReply
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = insertReplies(ctx, tx, rs)
		return err
	})
	return out, err
}

// RepliedSenders are the senders a reply was queued for (whatever became
// of it) in a focus block: none of them gets another in that block.
func (s *Store) RepliedSenders(ctx context.Context, blockID int64) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM auto_replies WHERE block_id = ?`, blockID)
	if err != nil {
		return nil, fmt.Errorf("query auto-replied senders: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("read auto-replied sender: %w", err)
		}
		out[u] = true
	}
	return out, rows.Err()
}

// QueuedReplies are the replies not tried yet, oldest first.
func (s *Store) QueuedReplies(ctx context.Context) ([]AutoReply, error) {
	return s.queryReplies(ctx, `WHERE status = 'queued' ORDER BY id`)
}

// ClaimReply marks a queued reply as being sent, counting the attempt,
// and reports whether it was still queued. It is written before the call
// to Slack: a crash or a lost answer after it leaves the row "sending",
// which is never sent again (see AbandonSending).
func (s *Store) ClaimReply(ctx context.Context, id int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE auto_replies SET status = 'sending', attempts = attempts + 1
		WHERE id = ? AND status = 'queued'`, id)
	if err != nil {
		return false, fmt.Errorf("claim auto-reply %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RequeueReply puts a reply being sent back in the queue: only when Slack
// certainly did not post it (it said so: rate limited).
func (s *Store) RequeueReply(ctx context.Context, id int64, why string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE auto_replies SET status = 'queued', error = ? WHERE id = ? AND status = 'sending'`,
		why, id); err != nil {
		return fmt.Errorf("requeue auto-reply %d: %w", id, err)
	}
	return nil
}

// FinishReply records how a reply ended: sent (with Slack's ts and the
// time), unknown, failed or skipped (with why).
func (s *Store) FinishReply(ctx context.Context, id int64, status string, at time.Time, replyTS, why string) error {
	var sent any
	if status == ReplySent {
		sent = at.UnixMilli()
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE auto_replies SET status = ?, sent_at = ?, reply_ts = ?, error = ? WHERE id = ?`,
		status, sent, replyTS, why, id); err != nil {
		return fmt.Errorf("record auto-reply %d as %s: %w", id, status, err)
	}
	return nil
}

// AbandonSending marks every reply left "sending" (by a crash, a quit or
// a token change mid-call) as unknown: it may have reached Slack, and a
// reply sent twice is worse than one lost. It returns how many.
func (s *Store) AbandonSending(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE auto_replies SET status = 'unknown',
		error = 'the answer from Slack was lost; not sent again' WHERE status = 'sending'`)
	if err != nil {
		return 0, fmt.Errorf("close interrupted auto-replies: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// RepliesTo returns every auto-reply to the given messages' threads, by
// channel and ts ("C1/1700000000.000100"), for showing next to the pings.
func (s *Store) RepliesTo(ctx context.Context, since time.Time) (map[string]AutoReply, error) {
	rs, err := s.queryReplies(ctx, `WHERE queued_at >= ? ORDER BY id`, since.UnixMilli())
	if err != nil {
		return nil, err
	}
	out := make(map[string]AutoReply, len(rs))
	for _, r := range rs {
		out[r.Channel+"/"+r.TS] = r
	}
	return out, nil
}

// AutoReplies returns every auto-reply, oldest first.
func (s *Store) AutoReplies(ctx context.Context) ([]AutoReply, error) {
	return s.queryReplies(ctx, `ORDER BY id`)
}

// Thread is the ts of the thread the reply goes to.
func (r AutoReply) Thread() string {
	if r.ThreadTS != "" {
		return r.ThreadTS
	}
	return r.TS
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Intake is what one batch of incoming messages changes: the new pings
// and, per conversation, the newest message seen (ts), so a reconnect
// backfills from there. Both are written in one transaction, before Slack
// is acknowledged.
type Intake struct {
	Pings  []Ping
	Cursor map[string]string // conversation ID -> newest ts seen
}

// AddIntake stores a batch and returns the pings that were new (a
// redelivered or backfilled message already stored is skipped).
func (s *Store) AddIntake(ctx context.Context, in Intake) ([]Ping, error) {
	var added []Ping
	err := s.tx(ctx, func(tx *sql.Tx) error {
		added = added[:0]
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO pings (channel, ts, user_id, kind, text, received_at, bypassed, reason, held, thread_ts)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (channel, ts) DO NOTHING RETURNING id`)
		if err != nil {
			return fmt.Errorf("prepare ping insert: %w", err)
		}
		defer stmt.Close()
		for _, p := range in.Pings {
			kind := p.Kind
			if kind == "" {
				kind = "im"
			}
			var id int64
			err := stmt.QueryRowContext(ctx, p.Channel, p.TS, p.UserID, kind, nullString(p.Text),
				p.ReceivedAt.UnixMilli(), p.Bypassed, p.Reason, p.ThreadTS).Scan(&id)
			if err == sql.ErrNoRows {
				continue // already stored
			}
			if err != nil {
				return fmt.Errorf("store ping %s/%s: %w", p.Channel, p.TS, err)
			}
			p.ID = id
			added = append(added, p)
		}
		for ch, ts := range in.Cursor {
			// Slack timestamps are fixed-width decimals, but compare them
			// as numbers to be safe: the cursor only ever moves forward.
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversations (id, last_ts) VALUES (?, ?)
				ON CONFLICT (id) DO UPDATE SET last_ts = excluded.last_ts
				WHERE CAST(excluded.last_ts AS REAL) > CAST(conversations.last_ts AS REAL) OR conversations.last_ts = ''`, ch, ts); err != nil {
				return fmt.Errorf("store cursor of %s: %w", ch, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// Conversation is a DM, group DM or channel Heads Down has seen.
type Conversation struct {
	ID, Kind, Name string
	LastTS         string // newest message seen; backfill starts after it
}

// Conversations returns every known conversation.
func (s *Store) Conversations(ctx context.Context) (map[string]Conversation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, name, last_ts FROM conversations`)
	if err != nil {
		return nil, fmt.Errorf("query conversations: %w", err)
	}
	defer rows.Close()
	out := map[string]Conversation{}
	for rows.Next() {
		var c Conversation
		if err := rows.Scan(&c.ID, &c.Kind, &c.Name, &c.LastTS); err != nil {
			return nil, fmt.Errorf("read conversation: %w", err)
		}
		out[c.ID] = c
	}
	return out, rows.Err()
}

// SetConversation records a conversation's kind and name, keeping its cursor.
func (s *Store) SetConversation(ctx context.Context, c Conversation) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO conversations (id, kind, name, last_ts) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name`, c.ID, c.Kind, c.Name, c.LastTS)
	if err != nil {
		return fmt.Errorf("store conversation %s: %w", c.ID, err)
	}
	return nil
}

// User is a cached Slack user.
type User struct {
	ID, Name, RealName string
	FetchedAt          time.Time
}

// Users returns the cached users.
func (s *Store) Users(ctx context.Context) (map[string]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, real_name, fetched_at FROM slack_users`)
	if err != nil {
		return nil, fmt.Errorf("query users: %w", err)
	}
	defer rows.Close()
	out := map[string]User{}
	for rows.Next() {
		var u User
		var at int64
		if err := rows.Scan(&u.ID, &u.Name, &u.RealName, &at); err != nil {
			return nil, fmt.Errorf("read user: %w", err)
		}
		u.FetchedAt = time.UnixMilli(at)
		out[u.ID] = u
	}
	return out, rows.Err()
}

// PutUser caches a user.
func (s *Store) PutUser(ctx context.Context, u User) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO slack_users (id, name, real_name, fetched_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, real_name = excluded.real_name, fetched_at = excluded.fetched_at`,
		u.ID, u.Name, u.RealName, u.FetchedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("store user %s: %w", u.ID, err)
	}
	return nil
}

// PingFilter selects pings.
type PingFilter struct {
	Undelivered bool // not yet told to the user
	Unreviewed  bool // not yet marked reviewed
	HeldOnly    bool // only pings that waited for a review window
	// Waiting: held for review and still waiting: not marked reviewed,
	// not read in Slack, not expired. What "to review" counts.
	Waiting bool
}

// waiting is the condition of a ping that still waits for review (the
// partial index pings_waiting).
const waiting = "held = 1 AND reviewed_at IS NULL AND read_at IS NULL AND expired_at IS NULL"

const pingColumns = `id, channel, ts, user_id, kind, COALESCE(text, ''), received_at, bypassed, reason, held, delivered_at, reviewed_at,
	thread_ts, read_at, expired_at`

// Pings returns pings matching f, oldest first.
func (s *Store) Pings(ctx context.Context, f PingFilter) ([]Ping, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+pingColumns+` FROM pings`+f.where()+` ORDER BY received_at, id`)
	if err != nil {
		return nil, fmt.Errorf("query pings: %w", err)
	}
	defer rows.Close()
	var out []Ping
	for rows.Next() {
		var p Ping
		var received int64
		var delivered, reviewed, read, expired sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Channel, &p.TS, &p.UserID, &p.Kind, &p.Text, &received, &p.Bypassed, &p.Reason,
			&p.Held, &delivered, &reviewed, &p.ThreadTS, &read, &expired); err != nil {
			return nil, fmt.Errorf("read ping: %w", err)
		}
		p.ReceivedAt, p.DeliveredAt, p.ReviewedAt = time.UnixMilli(received), fromNull(delivered), fromNull(reviewed)
		p.ReadAt, p.ExpiredAt = fromNull(read), fromNull(expired)
		out = append(out, p)
	}
	return out, rows.Err()
}

func (f PingFilter) where() string {
	var where []string
	if f.Undelivered {
		where = append(where, "delivered_at IS NULL")
	}
	if f.Unreviewed {
		where = append(where, "reviewed_at IS NULL")
	}
	if f.HeldOnly {
		where = append(where, "held = 1")
	}
	if f.Waiting {
		where = append(where, waiting)
	}
	if len(where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(where, " AND ")
}

// CountPings counts pings matching f.
func (s *Store) CountPings(ctx context.Context, f PingFilter) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pings`+f.where()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count pings: %w", err)
	}
	return n, nil
}

// MarkDelivered records that the user was told of these pings. held=false
// records that they did not wait (you were free and Slack showed them).
// Pings already delivered keep their first time, so nothing is told twice.
func (s *Store) MarkDelivered(ctx context.Context, ids []int64, at time.Time, held bool) (int, error) {
	return s.markPings(ctx, `UPDATE pings SET delivered_at = ?, held = ? WHERE id = ? AND delivered_at IS NULL`, ids, at.UnixMilli(), held)
}

// HoldAgain undoes the delivery of held pings still waiting (a digest's
// Snooze), so the next digest delivers them again, and returns how many
// it put back.
func (s *Store) HoldAgain(ctx context.Context, ids []int64) (int, error) {
	return s.markPings(ctx, `UPDATE pings SET delivered_at = NULL
		WHERE id = ? AND `+waiting+` AND delivered_at IS NOT NULL`, ids)
}

// MarkReviewed marks pings reviewed (and delivered, if they were not).
func (s *Store) MarkReviewed(ctx context.Context, ids []int64, at time.Time) (int, error) {
	return s.markPings(ctx, `UPDATE pings SET reviewed_at = ?, delivered_at = COALESCE(delivered_at, ?) WHERE id = ? AND reviewed_at IS NULL`,
		ids, at.UnixMilli(), at.UnixMilli())
}

func (s *Store) markPings(ctx context.Context, q string, ids []int64, args ...any) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer stmt.Close()
		for _, id := range ids {
			res, err := stmt.ExecContext(ctx, append(append([]any{}, args...), id)...)
			if err != nil {
				return fmt.Errorf("update ping %d: %w", id, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}

// PurgeTexts removes the text of pings received before cutoff, keeping
// everything the reports count, and returns how many texts it removed.
func (s *Store) PurgeTexts(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE pings SET text = NULL WHERE received_at < ? AND text IS NOT NULL`, cutoff.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("purge ping texts: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Decided is the app's decision on new pings: free ones were not held
// (Slack showed them), through ones broke through a focus block. Held ones
// need no write: a ping is stored held. Replies are the auto-replies to
// queue for some of the held ones.
type Decided struct {
	Free, Through []int64
	Replies       []AutoReply
	At            time.Time
}

// MarkDecided records a batch of decisions and queues its replies in one
// transaction, and returns the replies queued (a sender already answered
// in the block is not queued again).
func (s *Store) MarkDecided(ctx context.Context, d Decided) ([]AutoReply, error) {
	if len(d.Free) == 0 && len(d.Through) == 0 && len(d.Replies) == 0 {
		return nil, nil
	}
	var queued []AutoReply
	err := s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE pings SET delivered_at = ?, held = ? WHERE id = ? AND delivered_at IS NULL`)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer stmt.Close()
		for held, ids := range map[bool][]int64{false: d.Free, true: d.Through} {
			for _, id := range ids {
				if _, err := stmt.ExecContext(ctx, d.At.UnixMilli(), held, id); err != nil {
					return fmt.Errorf("update ping %d: %w", id, err)
				}
			}
		}
		queued, err = insertReplies(ctx, tx, d.Replies)
		return err
	})
	if err != nil {
		return nil, err
	}
	return queued, nil
}

// PingCounts are the figures every surface shows of the pings still
// waiting for review: the tray, `status`, `pings` and the review window.
type PingCounts struct {
	Held      int // not yet delivered: the next review window has them
	Delivered int // delivered (a digest, a breakthrough), not yet reviewed
}

// ToReview is every ping still waiting: held and delivered.
func (c PingCounts) ToReview() int { return c.Held + c.Delivered }

// CountHeld counts the pings still waiting, held and delivered, in one
// query.
func (s *Store) CountHeld(ctx context.Context) (PingCounts, error) {
	var c PingCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(delivered_at IS NULL), 0), COALESCE(SUM(delivered_at IS NOT NULL), 0)
		FROM pings WHERE `+waiting).Scan(&c.Held, &c.Delivered)
	if err != nil {
		return PingCounts{}, fmt.Errorf("count waiting pings: %w", err)
	}
	return c, nil
}

// WaitAtMost is how long a ping waits for review at the longest: after
// it, it stops waiting by itself (ExpireWaiting), so "to review" never
// grows without end. Slack still has every message.
const WaitAtMost = 7 * 24 * time.Hour

// ExpireWaiting ends the wait of pings received before cutoff (see
// WaitAtMost), recording when, and returns how many.
func (s *Store) ExpireWaiting(ctx context.Context, cutoff, at time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE pings SET expired_at = ? WHERE `+waiting+` AND received_at < ?`,
		at.UnixMilli(), cutoff.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("end the wait of old pings: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ReadCheckChannels are the conversations with pings still waiting whose
// reading Slack can tell: those not inside a thread (a conversation's
// last_read says nothing of its threads).
func (s *Store) ReadCheckChannels(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT channel FROM pings
		WHERE `+waiting+` AND (thread_ts = '' OR thread_ts = ts) ORDER BY channel`)
	if err != nil {
		return nil, fmt.Errorf("query conversations with waiting pings: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ch string
		if err := rows.Scan(&ch); err != nil {
			return nil, fmt.Errorf("read conversation: %w", err)
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// MarkRead ends the wait of the pings the user has read in Slack: in each
// conversation (channel -> its last_read ts), the waiting pings up to
// last_read, except thread replies (last_read does not cover threads). It
// returns how many.
func (s *Store) MarkRead(ctx context.Context, lastRead map[string]string, at time.Time) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		stmt, err := tx.PrepareContext(ctx, `UPDATE pings SET read_at = ?
			WHERE channel = ? AND `+waiting+` AND (thread_ts = '' OR thread_ts = ts)
			AND CAST(ts AS REAL) <= CAST(? AS REAL)`)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer stmt.Close()
		for ch, ts := range lastRead {
			if ts == "" || ts == "0000000000.000000" {
				continue // nothing read there
			}
			res, err := stmt.ExecContext(ctx, at.UnixMilli(), ch, ts)
			if err != nil {
				return fmt.Errorf("mark pings in %s read: %w", ch, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}

// SetBypass records that a stored ping breaks through after all (its
// sender turned out to be a VIP named by handle).
func (s *Store) SetBypass(ctx context.Context, id int64, reason string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE pings SET bypassed = 1, reason = ? WHERE id = ?`, reason, id); err != nil {
		return fmt.Errorf("mark ping %d as breaking through: %w", id, err)
	}
	return nil
}

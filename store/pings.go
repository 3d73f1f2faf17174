package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// Ping is one Slack DM or mention in the inbox.
type Ping struct {
	ID         int64
	Channel    string
	TS         string // Slack's message timestamp, unique within a channel
	UserID     string
	Kind       string // im, mpim, mention
	Text       string // empty once purged
	ReceivedAt time.Time
	Bypassed   bool   // a VIP or keyword rule let it through at once
	Reason     string // why it broke through: "VIP @ana", "keyword \"urgent\""
	// ThreadTS is the parent message of a ping posted inside a thread
	// (empty when it is not a thread reply): replies go to that thread.
	ThreadTS string
	// Held is whether it waited for a review window.
	Held        bool
	DeliveredAt time.Time // when you were told (digest or breakthrough)
	ReviewedAt  time.Time // when you marked it reviewed (only you do)
	// ReadAt is when Heads Down noticed that you had read it in Slack;
	// ExpiredAt when it stopped waiting because it had waited too long
	// (see WaitAtMost). Either ends the wait without a review.
	ReadAt    time.Time
	ExpiredAt time.Time
}

// InThread reports whether the ping is a reply inside a thread (not the
// thread's first message).
func (p Ping) InThread() bool { return p.ThreadTS != "" && p.ThreadTS != p.TS }

// ReplyThread is the thread a reply to the ping belongs in: its parent's
// for a thread reply, else its own.
func (p Ping) ReplyThread() string {
	if p.ThreadTS != "" {
		return p.ThreadTS
	}
	return p.TS
}

// AddPings stores pings in one transaction, as they are (delivered,
// reviewed, read), ignoring ones already stored (same channel and ts),
// and returns how many were new. Reports' tests and benchmarks fill a
// history with it.
func (s *Store) AddPings(ctx context.Context, pings []Ping) (int, error) {
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO pings (channel, ts, user_id, kind, text, received_at, bypassed,
			reviewed_at, thread_ts, delivered_at, read_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, ts) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("prepare ping insert: %w", err)
		}
		defer stmt.Close()
		for _, p := range pings {
			kind := p.Kind
			if kind == "" {
				kind = "im"
			}
			res, err := stmt.ExecContext(ctx, p.Channel, p.TS, p.UserID, kind, nullString(p.Text),
				p.ReceivedAt.UnixMilli(), p.Bypassed, nullTime(p.ReviewedAt), p.ThreadTS, nullTime(p.DeliveredAt), nullTime(p.ReadAt))
			if err != nil {
				return fmt.Errorf("store ping %s/%s: %w", p.Channel, p.TS, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		return nil
	})
	return added, err
}

// metricColumns are a ping's report figures: no message text, which never
// needs to leave the inbox. delivered_at is when a digest or a
// breakthrough put it in front of you, reviewed_at when you marked it
// reviewed, read_at when Heads Down saw you had read it in Slack first.
// Pings that came while you were free (held = 0) were shown by Slack
// itself and are not counted; a breakthrough during focus is held = 1 and
// bypassed = 1.
const metricColumns = `SELECT received_at, bypassed, delivered_at, reviewed_at, read_at FROM pings
	WHERE held = 1`

// PingMetrics returns the report figures of pings received in [from, to).
func (s *Store) PingMetrics(ctx context.Context, from, to time.Time) ([]focus.PingMetric, error) {
	return s.queryPings(ctx, metricColumns+` AND received_at >= ? AND received_at < ? ORDER BY received_at`, from.UnixMilli(), to.UnixMilli())
}

// AllPingMetrics returns every ping's figures, for export.
func (s *Store) AllPingMetrics(ctx context.Context) ([]focus.PingMetric, error) {
	return s.queryPings(ctx, metricColumns+` ORDER BY received_at`)
}

func (s *Store) queryPings(ctx context.Context, q string, args ...any) ([]focus.PingMetric, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query pings: %w", err)
	}
	defer rows.Close()
	var out []focus.PingMetric
	for rows.Next() {
		var (
			received                  int64
			bypassed                  bool
			delivered, reviewed, read sql.NullInt64
		)
		if err := rows.Scan(&received, &bypassed, &delivered, &reviewed, &read); err != nil {
			return nil, fmt.Errorf("read ping: %w", err)
		}
		out = append(out, focus.PingMetric{ReceivedAt: time.UnixMilli(received), Bypassed: bypassed,
			DeliveredAt: fromNull(delivered), ReviewedAt: fromNull(reviewed), ReadAt: fromNull(read)})
	}
	return out, rows.Err()
}

// PingSummary gathers the ping figures of [from, to) in one statement
// inside SQLite: the counts, and each wait as one comma-separated list, so
// a year of pings costs one row, not a row each. The whole UTC days inside
// the range come from ping_days (schema version 9), what the triggers
// keep per day; the parts of a day at either end from pings itself, so
// any zone's midnight is exact. It equals focus.SummarizePings of
// PingMetrics(from, to).
func (s *Store) PingSummary(ctx context.Context, from, to time.Time) (focus.PingSummary, error) {
	var out focus.PingSummary
	f, t := from.UnixMilli(), to.UnixMilli()
	// [f, t) = [f, d0·day) + whole days [d0, d1) + [d1·day, t).
	d0, d1 := (f+dayMillis-1)/dayMillis, t/dayMillis
	if f < 0 || d1 <= d0 {
		d0, d1 = 0, 0 // no whole day: every ping from pings
	}
	headEnd, tailStart := t, t
	if d1 > d0 {
		headEnd, tailStart = d0*dayMillis, d1*dayMillis
	}
	var held, bypassed, read sql.NullInt64
	var delivered, reviewed, waits sql.NullString
	// A stale day (written since its sums were made, in a transaction
	// not yet committed or by a write outside Store.tx) comes from pings.
	err := s.db.QueryRowContext(ctx, `SELECT sum(h), sum(b), sum(r), group_concat(d), group_concat(v), group_concat(w) FROM (
			SELECT held AS h, bypassed AS b, read AS r, NULLIF(delivered, '') AS d, NULLIF(reviewed, '') AS v, NULLIF(waits, '') AS w
			FROM ping_days WHERE day >= ? AND day < ? AND stale = 0
			UNION ALL SELECT `+pingFigures+` FROM ping_days AS s JOIN pings AS p
				ON p.received_at >= s.day * 86400000 AND p.received_at < (s.day + 1) * 86400000
				WHERE s.stale = 1 AND s.day >= ? AND s.day < ? AND p.held = 1
			UNION ALL `+pingRows+` AND received_at >= ? AND received_at < ?
			UNION ALL `+pingRows+` AND received_at >= ? AND received_at < ?)`,
		d0, d1, d0, d1, f, headEnd, tailStart, t).
		Scan(&held, &bypassed, &read, &delivered, &reviewed, &waits)
	if err != nil {
		return out, fmt.Errorf("sum up pings: %w", err)
	}
	out.Held, out.Bypassed, out.Read = int(held.Int64), int(bypassed.Int64), int(read.Int64)
	for _, l := range []struct {
		s  sql.NullString
		to *[]int64
	}{{delivered, &out.Delivered}, {reviewed, &out.Reviewed}, {waits, &out.Waits}} {
		if *l.to, err = parseInts(l.s.String); err != nil {
			return out, fmt.Errorf("sum up pings: %w", err)
		}
	}
	return out, nil
}

// dayMillis is one UTC day of ping_days.
const dayMillis = 86400000

// pingFigures is a held ping p's figures, as ping_days sums them.
const pingFigures = `p.bypassed = 0, p.bypassed != 0, p.delivered_at IS NULL AND p.read_at IS NOT NULL,
		max(p.delivered_at - p.received_at, 0), max(p.reviewed_at - p.received_at, 0),
		CASE WHEN p.bypassed = 0 THEN max(COALESCE(p.delivered_at, p.read_at, p.reviewed_at) - p.received_at, 0) END`

// pingRows is each held ping's figures; the caller adds the range.
const pingRows = `SELECT ` + pingFigures + ` FROM pings AS p WHERE p.held = 1`

// sumStaleDays sums again, once each, the days of ping_days that writes
// in tx marked stale (see migration 9): one digest that delivers 3,000
// pings of a day sums that day once, not 3,000 times.
func sumStaleDays(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT day FROM ping_days WHERE stale = 1`)
	if err != nil {
		return fmt.Errorf("find the ping days to sum again: %w", err)
	}
	var days []int64
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return fmt.Errorf("find the ping days to sum again: %w", err)
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find the ping days to sum again: %w", err)
	}
	for _, d := range days {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ping_days WHERE day = ?`, d); err != nil {
			return fmt.Errorf("sum the pings of day %d again: %w", d, err)
		}
		// No held ping left that day: no row, as if it never had one.
		if _, err := tx.ExecContext(ctx, `INSERT INTO ping_days (day, held, bypassed, read, delivered, reviewed, waits) `+pingDaySums+`
			WHERE held = 1 AND received_at >= ? AND received_at < ? GROUP BY received_at / 86400000`, d*dayMillis, (d+1)*dayMillis); err != nil {
			return fmt.Errorf("sum the pings of day %d again: %w", d, err)
		}
	}
	return nil
}

// parseInts reads "12,0,345" without a string per number.
func parseInts(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	var n int64
	neg, digits := false, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if digits == 0 {
				return nil, fmt.Errorf("bad number list near byte %d", i)
			}
			if neg {
				n = -n
			}
			out = append(out, n)
			n, neg, digits = 0, false, 0
			continue
		}
		c := s[i]
		switch {
		case c == '-' && digits == 0 && !neg:
			neg = true
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
		default:
			return nil, fmt.Errorf("bad number list near byte %d", i)
		}
	}
	return out, nil
}

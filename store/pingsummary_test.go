package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// The summary SQLite gathers equals the one Go makes from every ping.
func TestPingSummaryEqualsThePings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(7, 8))
	var ps []Ping
	maybe := func(at time.Time) time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		// Now and then before arrival (clock skew): waits never go below 0.
		return at.Add(time.Duration(rng.IntN(7200)-300) * time.Second)
	}
	for i := range 3000 {
		at := t0.Add(time.Duration(rng.IntN(60*86400)) * time.Second).Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
		ps = append(ps, Ping{Channel: fmt.Sprintf("D%d", i%40), TS: fmt.Sprintf("%d.%06d", at.Unix(), i), ReceivedAt: at,
			Bypassed: rng.IntN(10) == 0, DeliveredAt: maybe(at), ReviewedAt: maybe(at), ReadAt: maybe(at)})
	}
	if _, err := s.AddPings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
	}{
		{"all", t0.Add(-time.Hour), t0.AddDate(0, 3, 0)},
		{"a week", t0.AddDate(0, 0, 10), t0.AddDate(0, 0, 17)},
		{"none", t0.AddDate(1, 0, 0), t0.AddDate(2, 0, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.PingSummary(ctx, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			metrics, err := s.PingMetrics(ctx, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			want := focus.SummarizePings(metrics, c.from, c.to)
			for _, l := range [][]int64{got.Delivered, got.Reviewed, got.Waits, want.Delivered, want.Reviewed, want.Waits} {
				slices.Sort(l)
			}
			if got.Held != want.Held || got.Bypassed != want.Bypassed || got.Read != want.Read ||
				!slices.Equal(got.Delivered, want.Delivered) || !slices.Equal(got.Reviewed, want.Reviewed) || !slices.Equal(got.Waits, want.Waits) {
				t.Errorf("SQLite: %d held %d through %d read, %d/%d/%d waits; Go: %d %d %d, %d/%d/%d", got.Held, got.Bypassed, got.Read,
					len(got.Delivered), len(got.Reviewed), len(got.Waits), want.Held, want.Bypassed, want.Read, len(want.Delivered), len(want.Reviewed), len(want.Waits))
			}
			if c.name != "none" && (len(want.Waits) == 0 || want.Read == 0) {
				t.Fatal("the script made no waits or no reads")
			}
		})
	}
}

// sameSummary fails t unless PingSummary over [from, to) equals what Go
// sums from every ping.
func sameSummary(t *testing.T, s *Store, from, to time.Time) {
	t.Helper()
	ctx := context.Background()
	got, err := s.PingSummary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := s.PingMetrics(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := focus.SummarizePings(metrics, from, to)
	for _, l := range [][]int64{got.Delivered, got.Reviewed, got.Waits, want.Delivered, want.Reviewed, want.Waits} {
		slices.Sort(l)
	}
	if got.Held != want.Held || got.Bypassed != want.Bypassed || got.Read != want.Read ||
		!slices.Equal(got.Delivered, want.Delivered) || !slices.Equal(got.Reviewed, want.Reviewed) || !slices.Equal(got.Waits, want.Waits) {
		t.Errorf("[%s, %s): summary %d held %d through %d read, %d/%d/%d waits; every ping %d %d %d, %d/%d/%d",
			from.Format(time.RFC3339), to.Format(time.RFC3339), got.Held, got.Bypassed, got.Read,
			len(got.Delivered), len(got.Reviewed), len(got.Waits), want.Held, want.Bypassed, want.Read,
			len(want.Delivered), len(want.Reviewed), len(want.Waits))
	}
}

// samePingDays fails t unless ping_days holds what summing pings afresh
// gives: the triggers missed no write.
func samePingDays(t *testing.T, s *Store) {
	t.Helper()
	q := func(query string) string {
		rows, err := s.db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var day, held, bypassed, read int64
			var d, r, w string
			if err := rows.Scan(&day, &held, &bypassed, &read, &d, &r, &w); err != nil {
				t.Fatal(err)
			}
			sorted := func(s string) string {
				l, _ := parseInts(s)
				slices.Sort(l)
				return fmt.Sprint(l)
			}
			out = append(out, fmt.Sprint(day, held, bypassed, read, sorted(d), sorted(r), sorted(w)))
		}
		return fmt.Sprint(out)
	}
	// A stale day is read from pings (see sameSummary); every other must
	// hold what its pings sum to.
	kept := q(`SELECT day, held, bypassed, read, delivered, reviewed, waits FROM ping_days WHERE stale = 0 ORDER BY day`)
	afresh := q(pingDaySums + ` WHERE held = 1 AND received_at / 86400000 NOT IN (SELECT day FROM ping_days WHERE stale = 1)
		GROUP BY received_at / 86400000 ORDER BY 1`)
	if kept != afresh {
		t.Errorf("ping_days drifted from the pings:\nkept   %.400s\nafresh %.400s", kept, afresh)
	}
}

// staleDays counts the days of ping_days waiting to be summed again.
func staleDays(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ping_days WHERE stale = 1`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The per-day summary follows every kind of write to pings (insert,
// delivery, review, hold again, bypass, read, delete), and reports over
// ranges that start and end anywhere in a UTC day, in zones east and west
// of UTC and off the hour, equal the sum of every ping.
func TestPingDaysFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(9, 10))
	var ps []Ping
	for i := range 2000 {
		at := t0.Add(time.Duration(rng.IntN(40*86400)) * time.Second)
		p := Ping{Channel: fmt.Sprintf("D%d", i%30), TS: fmt.Sprintf("%d.%06d", at.Unix(), i), ReceivedAt: at, Bypassed: rng.IntN(10) == 0}
		if rng.IntN(2) == 0 {
			p.DeliveredAt = at.Add(time.Duration(rng.IntN(7200)) * time.Second)
		}
		ps = append(ps, p)
	}
	if _, err := s.AddPings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	in, err := s.AddIntake(ctx, Intake{Pings: []Ping{{Channel: "C1", TS: "1.000001", ReceivedAt: t0.Add(30 * time.Hour)}}})
	if err != nil || len(in) != 1 {
		t.Fatalf("intake: %v, %d", err, len(in))
	}
	var ids []int64
	if err := func() error {
		rows, err := s.db.Query(`SELECT id FROM pings ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	}(); err != nil {
		t.Fatal(err)
	}
	zones := []*time.Location{time.UTC, time.FixedZone("+05:45", 5*3600+45*60), time.FixedZone("-03:30", -(3*3600 + 30*60))}
	check := func(t *testing.T) {
		samePingDays(t, s)
		for _, loc := range zones {
			day := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
			sameSummary(t, s, day, day.AddDate(0, 0, 30))                   // a month from a local midnight
			sameSummary(t, s, day.Add(5*time.Hour), day.Add(19*time.Hour))  // inside one day
			sameSummary(t, s, day.AddDate(0, 0, -10), day.AddDate(1, 0, 0)) // all, and then some
		}
	}
	for _, w := range []struct {
		name  string
		write func() error
		// outside: a write not made through Store.tx, which leaves its
		// days stale until the next write transaction.
		outside bool
	}{
		{"inserted", func() error { return nil }, false},
		{"delivered", func() error { _, err := s.MarkDelivered(ctx, ids[:300], t0.AddDate(0, 0, 50), true); return err }, false},
		{"delivered unheld", func() error { _, err := s.MarkDelivered(ctx, ids[1000:1100], t0.AddDate(0, 0, 50), false); return err }, false},
		{"held again", func() error { _, err := s.HoldAgain(ctx, ids[:100]); return err }, false},
		{"reviewed", func() error { _, err := s.MarkReviewed(ctx, ids[200:900], t0.AddDate(0, 0, 45)); return err }, false},
		{"bypassed", func() error { return s.SetBypass(ctx, ids[5], "urgent") }, true},
		{"moved a day", func() error {
			_, err := s.db.Exec(`UPDATE pings SET received_at = received_at + 86400000 WHERE id IN (?, ?)`, ids[7], ids[8])
			return err
		}, true},
		{"held after all", func() error {
			_, err := s.db.Exec(`UPDATE pings SET held = 1 WHERE id BETWEEN ? AND ?`, ids[1000], ids[1049])
			return err
		}, true},
		{"deleted", func() error { _, err := s.db.Exec(`DELETE FROM pings WHERE id % 7 = 0`); return err }, true},
	} {
		t.Run(w.name, func(t *testing.T) {
			if err := w.write(); err != nil {
				t.Fatal(err)
			}
			if n := staleDays(t, s); (n > 0) != w.outside {
				t.Fatalf("%d stale days after the write (outside a transaction of the store: %v)", n, w.outside)
			}
			check(t) // stale days read from pings
			if err := s.tx(ctx, func(*sql.Tx) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if n := staleDays(t, s); n > 0 {
				t.Fatalf("%d stale days after a write transaction", n)
			}
			check(t)
		})
	}
}

// A write that fails part way leaves the summary as it was: the triggers
// run inside the write's own transaction, so they roll back with it.
func TestPingDaysRollBackWithTheWrite(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, err := s.AddPings(ctx, []Ping{{Channel: "D1", TS: "1.1", ReceivedAt: t0, DeliveredAt: t0.Add(time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	before, err := s.PingSummary(ctx, t0.AddDate(0, 0, -1), t0.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO pings (channel, ts, user_id, kind, received_at) VALUES ('D2', '2.2', '', 'im', ?)`, t0.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE pings SET reviewed_at = ? WHERE ts = '1.1'`, t0.Add(time.Hour).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	// The crash: the transaction never commits.
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	after, err := s.PingSummary(ctx, t0.AddDate(0, 0, -1), t0.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("a rolled-back write changed the summary: %+v, then %+v", before, after)
	}
	samePingDays(t, s)
}

// Migration 9 sums the pings a file already holds into ping_days.
func TestPingDaysMigrationSumsOlderPings(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.migrateTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	var ps []Ping
	for i := range 500 {
		at := t0.Add(time.Duration(i) * 37 * time.Minute)
		ps = append(ps, Ping{Channel: "D1", TS: fmt.Sprintf("%d.%d", at.Unix(), i), ReceivedAt: at, ReviewedAt: at.Add(time.Hour), Bypassed: i%9 == 0})
	}
	if _, err := s.AddPings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	samePingDays(t, s)
	var days int
	if err := s.db.QueryRow(`SELECT count(*) FROM ping_days`).Scan(&days); err != nil || days < 10 {
		t.Fatalf("%d days summed, %v", days, err)
	}
	sameSummary(t, s, t0.Add(-time.Hour), t0.AddDate(0, 0, 20))
}

// BenchmarkDigestOfABusyDay is what ping_days' triggers cost where they
// cost most: a day away leaves 3,000 held pings in one day, and one digest
// delivers them all, then one "mark all reviewed". Each op is both.
func BenchmarkDigestOfABusyDay(b *testing.B) {
	st, _ := openTemp(b)
	ctx := context.Background()
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for k := 0; b.Loop(); k++ {
		b.StopTimer()
		pings := make([]Ping, 3000)
		for i := range pings {
			pings[i] = Ping{Channel: "D1", TS: fmt.Sprintf("%d.%06d", 1700000000+k, i), UserID: "U1", Kind: "im", Held: true,
				ReceivedAt: day.Add(time.Duration(i) * 20 * time.Second)}
		}
		added, err := st.AddPings(ctx, pings)
		if err != nil || added != len(pings) {
			b.Fatalf("add: %d, %v", added, err)
		}
		ids := make([]int64, len(pings)) // the table's ids, in order
		for i := range ids {
			ids[i] = int64(k*len(pings) + i + 1)
		}
		b.StartTimer()
		if n, err := st.MarkDelivered(ctx, ids, day.Add(20*time.Hour), true); err != nil || n != len(ids) {
			b.Fatalf("deliver: %d, %v", n, err)
		}
		if n, err := st.MarkReviewed(ctx, ids, day.Add(21*time.Hour)); err != nil || n != len(ids) {
			b.Fatalf("review: %d, %v", n, err)
		}
		day = day.AddDate(0, 0, 1)
	}
}

package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestInboxIntakeDeliveryReviewAndPurge(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ping := func(ch, ts string, min int) Ping {
		return Ping{Channel: ch, TS: ts, UserID: "U1", Kind: "im", Text: "hi " + ts, ReceivedAt: t0.Add(time.Duration(min) * time.Minute)}
	}
	added, err := st.AddIntake(ctx, Intake{Pings: []Ping{ping("D1", "100.000001", 0), ping("D1", "100.000002", 1)},
		Cursor: map[string]string{"D1": "100.000002"}})
	if err != nil || len(added) != 2 || added[0].ID == 0 || added[1].ID == added[0].ID {
		t.Fatalf("first intake: %+v %v", added, err)
	}
	// A redelivery and an older cursor change nothing.
	added, err = st.AddIntake(ctx, Intake{Pings: []Ping{ping("D1", "100.000002", 1), ping("C9", "200.5", 2)},
		Cursor: map[string]string{"D1": "99.000000", "C9": "200.5"}})
	if err != nil || len(added) != 1 || added[0].Channel != "C9" {
		t.Fatalf("second intake: %+v %v", added, err)
	}
	convs, err := st.Conversations(ctx)
	if err != nil || convs["D1"].LastTS != "100.000002" || convs["C9"].LastTS != "200.5" {
		t.Fatalf("cursors %+v %v", convs, err)
	}
	if err := st.SetConversation(ctx, Conversation{ID: "C9", Kind: "channel", Name: "ops"}); err != nil {
		t.Fatal(err)
	}
	if convs, _ = st.Conversations(ctx); convs["C9"].Name != "ops" || convs["C9"].LastTS != "200.5" {
		t.Fatalf("conversation name lost its cursor: %+v", convs["C9"])
	}

	held, _ := st.Pings(ctx, PingFilter{Undelivered: true})
	if len(held) != 3 {
		t.Fatalf("undelivered %d", len(held))
	}
	at := t0.Add(time.Hour)
	if n, err := st.MarkDelivered(ctx, []int64{held[0].ID, held[1].ID}, at, true); n != 2 || err != nil {
		t.Fatalf("delivered %d %v", n, err)
	}
	if n, _ := st.MarkDelivered(ctx, []int64{held[0].ID}, at.Add(time.Hour), true); n != 0 {
		t.Fatal("a ping was delivered twice")
	}
	if n, _ := st.MarkReviewed(ctx, []int64{held[2].ID}, at); n != 1 {
		t.Fatal("not reviewed")
	}
	if n, _ := st.CountPings(ctx, PingFilter{Undelivered: true}); n != 0 {
		t.Fatalf("%d still undelivered (reviewing delivers)", n)
	}
	if n, _ := st.CountPings(ctx, PingFilter{Unreviewed: true}); n != 2 {
		t.Fatalf("unreviewed %d", n)
	}
	// A digest's Snooze puts delivered, unreviewed pings back on hold; a
	// reviewed one stays reviewed.
	if n, err := st.HoldAgain(ctx, []int64{held[0].ID, held[2].ID}); n != 1 || err != nil {
		t.Fatalf("held again %d %v", n, err)
	}
	if again, _ := st.Pings(ctx, PingFilter{Undelivered: true}); len(again) != 1 || again[0].ID != held[0].ID {
		t.Fatalf("undelivered after snooze: %+v", again)
	}
	if n, _ := st.MarkDelivered(ctx, []int64{held[0].ID}, at, true); n != 1 {
		t.Fatal("a snoozed ping was not delivered again")
	}

	if n, err := st.PurgeTexts(ctx, t0.Add(90*time.Second)); n != 2 || err != nil {
		t.Fatalf("purged %d %v", n, err)
	}
	all, _ := st.Pings(ctx, PingFilter{})
	if all[0].Text != "" || all[1].Text != "" || all[2].Text == "" {
		t.Fatalf("texts after purge: %q %q %q", all[0].Text, all[1].Text, all[2].Text)
	}
	m, err := st.AllPingMetrics(ctx)
	// Delivered is the digest; reviewed only what was marked so.
	if err != nil || len(m) != 3 || !m[0].DeliveredAt.Equal(at) || !m[0].ReviewedAt.IsZero() || !m[2].ReviewedAt.Equal(at) {
		t.Fatalf("metrics after purge: %+v %v", m, err)
	}

	if err := st.PutUser(ctx, User{ID: "U1", Name: "ana", RealName: "Ana Ruiz", FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	if us, _ := st.Users(ctx); us["U1"].RealName != "Ana Ruiz" {
		t.Fatalf("users %+v", us)
	}
}

// BenchmarkIntake is the durable-store half of intake throughput: batches
// of 64 pings, as the intake loop writes them, each batch one transaction.
func BenchmarkIntake(b *testing.B) {
	st, _ := openTemp(b)
	ctx := context.Background()
	now := time.Now()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		batch := make([]Ping, 64)
		for j := range batch {
			n++
			batch[j] = Ping{Channel: "D1", TS: fmt.Sprintf("%d.%06d", 1700000000+n/1000000, n%1000000), UserID: "U1",
				Kind: "im", Text: "can you look at the deploy?", ReceivedAt: now}
		}
		if _, err := st.AddIntake(ctx, Intake{Pings: batch, Cursor: map[string]string{"D1": batch[63].TS}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pings/s")
}

// What waits for review, in numbers that add up: held (not delivered) and
// delivered (not reviewed). A ping read in Slack (up to the conversation's
// last_read, thread replies excepted) and one that waited too long no
// longer wait; reviewed stays what the user marked.
func TestWaitingPingsReadInSlackAndExpired(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	add := func(ch, ts, thread string, at time.Time) Ping {
		t.Helper()
		added, err := st.AddIntake(ctx, Intake{Pings: []Ping{{Channel: ch, TS: ts, ThreadTS: thread, UserID: "U1", Kind: "im",
			Text: "hi", ReceivedAt: at}}})
		if err != nil || len(added) != 1 {
			t.Fatalf("add %s/%s: %v %v", ch, ts, added, err)
		}
		return added[0]
	}
	old := add("D1", "1700000000.000100", "", t0.Add(-8*24*time.Hour))     // older than a week
	a := add("D1", "1700000100.000100", "", t0)                            // read in Slack below
	b := add("D1", "1700000200.000100", "", t0.Add(time.Minute))           // after last_read
	inThread := add("D1", "1700000150.000100", "1700000000.000100", t0)    // a reply in a thread
	parent := add("C1", "1700000300.000100", "1700000300.000100", t0)      // a thread's first message
	delivered := add("C2", "1700000400.000100", "", t0.Add(2*time.Minute)) // a breakthrough
	reviewed := add("C2", "1700000500.000100", "", t0.Add(3*time.Minute))  // marked reviewed
	if _, err := st.MarkDecided(ctx, Decided{Through: []int64{delivered.ID}, At: t0.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkReviewed(ctx, []int64{reviewed.ID}, t0.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	count := func(want PingCounts) {
		t.Helper()
		c, err := st.CountHeld(ctx)
		if err != nil || c != want {
			t.Fatalf("counts %+v %v, want %+v", c, err, want)
		}
		if n, _ := st.CountPings(ctx, PingFilter{Waiting: true}); n != c.ToReview() {
			t.Fatalf("%d waiting, but held %d + delivered %d", n, c.Held, c.Delivered)
		}
	}
	count(PingCounts{Held: 5, Delivered: 1})
	threads := map[int64]Ping{}
	waitingNow, _ := st.Pings(ctx, PingFilter{Waiting: true})
	for _, p := range waitingNow {
		threads[p.ID] = p
	}
	if p := threads[inThread.ID]; !p.InThread() || p.ReplyThread() != "1700000000.000100" {
		t.Fatalf("a thread reply read back: %+v", p)
	}
	if p := threads[parent.ID]; p.InThread() || p.ReplyThread() != parent.TS {
		t.Fatalf("a thread's parent read back: %+v", p)
	}
	if p := threads[a.ID]; p.InThread() || p.ReplyThread() != a.TS {
		t.Fatalf("a plain message read back: %+v", p)
	}

	now := t0.Add(time.Hour)
	if n, err := st.ExpireWaiting(ctx, now.Add(-WaitAtMost), now); n != 1 || err != nil {
		t.Fatalf("expired %d %v", n, err)
	}
	count(PingCounts{Held: 4, Delivered: 1})

	chans, err := st.ReadCheckChannels(ctx)
	if err != nil || strings.Join(chans, ",") != "C1,C2,D1" {
		t.Fatalf("channels to check %v %v", chans, err)
	}
	// D1 read up to a (after the thread reply's ts too); C1 never read.
	n, err := st.MarkRead(ctx, map[string]string{"D1": a.TS, "C1": "0000000000.000000"}, now)
	if n != 1 || err != nil {
		t.Fatalf("read %d %v", n, err)
	}
	count(PingCounts{Held: 3, Delivered: 1})
	ps, _ := st.Pings(ctx, PingFilter{})
	byID := map[int64]Ping{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	switch {
	case byID[a.ID].ReadAt.IsZero() || !byID[a.ID].ReviewedAt.IsZero():
		t.Fatalf("read in Slack: %+v (read, not reviewed)", byID[a.ID])
	case !byID[b.ID].ReadAt.IsZero():
		t.Fatal("a ping after last_read was taken as read")
	case !byID[inThread.ID].ReadAt.IsZero():
		t.Fatal("a thread reply was taken as read by the conversation's last_read")
	case byID[old.ID].ExpiredAt.IsZero() || !byID[old.ID].ReadAt.IsZero():
		t.Fatalf("expired: %+v", byID[old.ID])
	}
	// Neither a read nor an expired ping is snoozed back into waiting.
	if n, _ := st.HoldAgain(ctx, []int64{a.ID, old.ID, delivered.ID}); n != 1 {
		t.Fatalf("held again %d, want only the delivered one", n)
	}
	count(PingCounts{Held: 4})
	// The report's figures: reviewed only the one marked.
	m, _ := st.AllPingMetrics(ctx)
	reviewedN, readN := 0, 0
	for _, p := range m {
		if !p.ReviewedAt.IsZero() {
			reviewedN++
		}
		if !p.ReadAt.IsZero() {
			readN++
		}
	}
	if reviewedN != 1 || readN != 1 {
		t.Fatalf("metrics: %d reviewed, %d read", reviewedN, readN)
	}
}

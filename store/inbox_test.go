package store

import (
	"context"
	"fmt"
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
	if err != nil || len(m) != 3 || !m[0].ReviewedAt.Equal(at) {
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

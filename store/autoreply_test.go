package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The auto-reply memory: at most one reply per sender per block, kept on
// disk across a reopen; a reply left "sending" is never sent again.
func TestAutoRepliesOncePerSenderPerBlockAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	reply := func(block int64, user, ch, ts string) AutoReply {
		return AutoReply{BlockID: block, BlockStart: t0, UserID: user, Channel: ch, TS: ts, Text: "(auto) later", QueuedAt: t0}
	}
	q, err := st.MarkDecided(ctx, Decided{At: t0, Replies: []AutoReply{reply(7, "U1", "D1", "1.1"), reply(7, "U1", "D1", "1.2"), reply(7, "U2", "D2", "1.3")}})
	if err != nil || len(q) != 2 || q[0].ID == 0 || q[0].UserID != "U1" || q[1].UserID != "U2" {
		t.Fatalf("queued %+v, %v", q, err)
	}
	st.Close()

	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	senders, err := st.RepliedSenders(ctx, 7)
	if err != nil || len(senders) != 2 || !senders["U1"] || !senders["U2"] {
		t.Fatalf("senders after reopen %v, %v", senders, err)
	}
	// The same sender in the same block: refused by the file itself.
	if q, err := st.QueueReplies(ctx, []AutoReply{reply(7, "U1", "D1", "1.4"), reply(8, "U1", "D1", "1.5")}); err != nil || len(q) != 1 || q[0].BlockID != 8 {
		t.Fatalf("second block: %+v, %v", q, err)
	}
	queued, err := st.QueuedReplies(ctx)
	if err != nil || len(queued) != 3 {
		t.Fatalf("queued %+v, %v", queued, err)
	}
	// Claimed once only.
	if ok, err := st.ClaimReply(ctx, queued[0].ID); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ok, _ := st.ClaimReply(ctx, queued[0].ID); ok {
		t.Fatal("claimed twice")
	}
	if err := st.FinishReply(ctx, queued[0].ID, ReplySent, t0.Add(time.Minute), "9.9", ""); err != nil {
		t.Fatal(err)
	}
	// Rate limited: back in the queue, the attempt counted.
	st.ClaimReply(ctx, queued[1].ID)
	if err := st.RequeueReply(ctx, queued[1].ID, "ratelimited"); err != nil {
		t.Fatal(err)
	}
	// Interrupted mid-call: unknown, never queued again.
	st.ClaimReply(ctx, queued[2].ID)
	if n, err := st.AbandonSending(ctx); n != 1 || err != nil {
		t.Fatalf("abandoned %d, %v", n, err)
	}
	queued, _ = st.QueuedReplies(ctx)
	if len(queued) != 1 || queued[0].Attempts != 1 || queued[0].Error != "ratelimited" {
		t.Fatalf("still queued %+v", queued)
	}
	by, err := st.RepliesTo(ctx, t0)
	if err != nil || by["D1/1.1"].Status != ReplySent || !by["D1/1.1"].SentAt.Equal(t0.Add(time.Minute)) ||
		by["D1/1.1"].ReplyTS != "9.9" || by["D1/1.5"].Status != ReplyUnknown {
		t.Fatalf("replies by message %+v, %v", by, err)
	}
}

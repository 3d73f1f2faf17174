package inbox

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

func countCalls(methods []string, method string) int {
	n := 0
	for _, m := range methods {
		if m == method {
			n++
		}
	}
	return n
}

// Slack is acknowledged as soon as a batch is on disk: a sender whose
// name takes Slack a long time to give (users.info held) delays neither
// that ping's ack nor the next ones'.
func TestAckComesBeforeNameLookups(t *testing.T) {
	srv := fakeWorkspace(t)
	arrived, release := srv.HoldAnswer("users.info")
	defer release()
	log := newPingLog()
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), testAppToken, log, PingRules{})
	eventually(t, "Socket Mode", 10*time.Second, func() bool { return run.in.State().Connected })

	srv.Post("D0BO", "U0BO", "first")
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the sender was never looked up")
	}
	for _, text := range []string{"second", "third", "fourth"} {
		srv.Post("D0BO", "U0BO", text)
	}
	// Well inside the lookup's own 10 s timeout, which would otherwise
	// let a lookup-first intake ack late and pass.
	eventually(t, "every envelope acked while users.info hangs", 5*time.Second, func() bool {
		return srv.Acked() == 4 && srv.Unacked() == 0
	})
	if n := log.count(); n != 0 {
		t.Fatalf("%d pings handed over before their sender was named", n)
	}
	release()
	eventually(t, "the handover", 10*time.Second, func() bool { return log.count() == 4 })
}

// An envelope is acknowledged only once its ping is written: when the
// inbox cannot be written, nothing is acked and Slack keeps it.
func TestNothingAckedWhenTheWriteFails(t *testing.T) {
	srv := fakeWorkspace(t)
	dbPath := filepath.Join(t.TempDir(), store.FileName)
	// A first run leaves the inbox ready; the second gets the same file
	// read-only, so every write fails.
	first := startIntake(t, srv, dbPath, testAppToken, newPingLog(), PingRules{})
	eventually(t, "Socket Mode", 10*time.Second, func() bool { return first.in.State().Connected })
	first.stop()
	acked := srv.Acked()

	st, err := store.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, AppToken: testAppToken, APIURL: srv.APIURL, Store: st,
		Log: slog.New(slog.DiscardHandler), Backoff: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "Socket Mode", 10*time.Second, func() bool { return in.State().Connected })

	srv.Post("D0BO", "U0BO", "cannot be written")
	eventually(t, "the write to fail", 10*time.Second, func() bool {
		return strings.Contains(in.State().Problem, "inbox not saved")
	})
	if srv.Acked() != acked || srv.Unacked() == 0 {
		t.Fatalf("acked %d envelopes (before: %d), %d unacked: an envelope was acked without being written",
			srv.Acked(), acked, srv.Unacked())
	}
}

// A backfill that began before a newer connection leaves the gap open,
// since the new connection's events may have moved the cursors past
// messages this backfill did not read; the next backfill closes it.
func TestGapStaysOpenWhenANewerConnectionBeganDuringTheBackfill(t *testing.T) {
	srv := fakeWorkspace(t)
	srv.PostQuietly("D0BO", "U0BO", "sent while away")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var reconnect atomic.Bool
	var in *Intake
	in = NewIntake(IntakeOptions{UserToken: testUserToken, APIURL: srv.APIURL, Store: st, Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return time.Unix(1, 0) },
		Rules: func() PingRules {
			// Called as the backfill writes what it read: a connection
			// begins right then.
			if reconnect.CompareAndSwap(true, false) {
				if _, err := in.openGap(ctx, true); err != nil {
					t.Error(err)
				}
			}
			return PingRules{}
		}})
	gapOpen := func() bool {
		var g gap
		ok, err := st.GetJSON(ctx, kvInboxGap, &g)
		if err != nil {
			t.Fatal(err)
		}
		return ok && g.Cursors != nil
	}
	g, err := in.openGap(ctx, true)
	if err != nil || !gapOpen() {
		t.Fatalf("openGap: %v", err)
	}
	reconnect.Store(true)
	if _, err := in.backfill(ctx, g); err != nil {
		t.Fatal(err)
	}
	if !gapOpen() {
		t.Fatal("the gap was closed although a newer connection began during the backfill")
	}
	// Only what was read before the newer connection began is read again:
	// D0BO (DMs come first; the connection began as its message was
	// written), not the three read after.
	n, err := in.backfill(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("the second backfill read %d conversations, want 1 (the one read before the reconnect)", n)
	}
	if gapOpen() {
		t.Fatal("a backfill with no newer connection left the gap open")
	}
}

// N reconnects while a backfill is wanted cost one backfill, not N.
func TestReconnectsDoNotQueueBackfills(t *testing.T) {
	srv := fakeWorkspace(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, APIURL: srv.APIURL, Store: st, Log: slog.New(slog.DiscardHandler), Pacer: noPacing()})
	for range 10 {
		in.connected(ctx)
	}
	done := make(chan struct{})
	go func() { in.backfiller(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "the backfill", 10*time.Second, func() bool {
		var g gap
		ok, _ := st.GetJSON(ctx, kvInboxGap, &g)
		return ok && g.Cursors == nil
	})
	// The backfiller is idle once nothing more is asked of it; ask once
	// more and wait for that one, so a queued extra backfill would have run.
	in.connected(ctx)
	eventually(t, "the last backfill", 10*time.Second, func() bool {
		return countCalls(srv.Methods(), "users.conversations") >= 2 && len(in.wantBackfill) == 0
	})
	eventually(t, "the gap closed", 10*time.Second, func() bool {
		var g gap
		ok, _ := st.GetJSON(ctx, kvInboxGap, &g)
		return ok && g.Cursors == nil
	})
	if n := countCalls(srv.Methods(), "users.conversations"); n != 2 {
		t.Fatalf("%d backfills for 11 connects in two bursts, want 2: %v", n, slices.Compact(srv.Methods()))
	}
}

// While Slack is down, polling says so once, not every few seconds: the
// first failure is a warning, the next ones are debug lines with growing
// waits, and the recovery is noted.
func TestPollingWarnsOnceAnOutage(t *testing.T) {
	srv := fakeWorkspace(t)
	var logs syncLog
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, APIURL: srv.APIURL, Store: st,
		Log:       slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		PollEvery: 20 * time.Millisecond, DMEvery: 20 * time.Millisecond, ChannelEvery: 20 * time.Millisecond, PollBudget: 10, Pacer: noPacing(), Backoff: 2 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "polling", 10*time.Second, func() bool { return in.State().Connected })
	srv.SetDown(true)
	eventually(t, "four failed polls", 10*time.Second, func() bool { return strings.Contains(logs.String(), "failures=4") })
	srv.SetDown(false)
	eventually(t, "the recovery", 10*time.Second, func() bool { return strings.Contains(logs.String(), "polling works again") })
	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 {
		t.Fatalf("%d warnings for one outage:\n%s", n, out)
	}
	if !strings.Contains(out, "in=40ms") || !strings.Contains(out, "in=80ms") {
		t.Fatalf("the waits do not grow:\n%s", out)
	}
}

type syncLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

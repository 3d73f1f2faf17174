package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

const (
	testUserToken = "xoxp-4242-4242-4242-usertokenuser"
	testAppToken  = "xapp-1-A0001-4242-apptokenapptoken"
)

// fakeWorkspace is a fake Slack with a few conversations: DMs from Bo and
// Cy, a group DM, and #eng, where only mentions of Ana (U0001) are pings.
func fakeWorkspace(t *testing.T) *slacktest.Server {
	t.Helper()
	srv := slacktest.New(testUserToken)
	t.Cleanup(srv.Close)
	srv.SetAppToken(testAppToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddConversation("D0CY", "im", "U0CY")
	srv.AddConversation("G0MP", "mpim", "mpdm-ana--bo--cy-1")
	srv.AddConversation("C0ENG", "channel", "eng")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	srv.AddUser("U0CY", "cy", "Cy Park")
	srv.AddUser("U0BOSS", "boss", "Dee Boss")
	return srv
}

// pingLog collects what OnPings reported, to catch duplicates.
type pingLog struct {
	mu    sync.Mutex
	seen  map[string]int
	pings []store.Ping
}

func newPingLog() *pingLog { return &pingLog{seen: map[string]int{}} }

func (l *pingLog) add(ps []store.Ping) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range ps {
		l.seen[p.Channel+"/"+p.TS]++
		l.pings = append(l.pings, p)
	}
}

func (l *pingLog) count() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.pings) }

// noPacing is a pacer that never waits, for tests on the real clock that
// make many calls quickly (the pacer has tests of its own, and the
// polling tests run it on a fake clock).
func noPacing() *slackapi.Pacer {
	return slackapi.NewPacer(nil, func(ctx context.Context, _ time.Duration) bool { return ctx.Err() == nil })
}

type intakeRun struct {
	in     *Intake
	st     *store.Store
	cancel context.CancelFunc
	done   chan struct{}
}

func startIntake(t *testing.T, srv *slacktest.Server, dbPath, appToken string, log *pingLog, rules PingRules) *intakeRun {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	in := NewIntake(IntakeOptions{UserToken: testUserToken, AppToken: appToken, APIURL: srv.APIURL, Store: st,
		Rules: func() PingRules { return rules }, OnPings: func(_ context.Context, ps []store.Ping) { log.add(ps) }, Log: slog.New(slog.DiscardHandler),
		PollEvery: 50 * time.Millisecond, DMEvery: 50 * time.Millisecond, ChannelEvery: 50 * time.Millisecond, PollBudget: 10, Pacer: noPacing(), Backoff: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	r := &intakeRun{in: in, st: st, cancel: cancel, done: make(chan struct{})}
	go func() { in.Run(ctx); close(r.done) }()
	t.Cleanup(r.stop)
	return r
}

func (r *intakeRun) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	r.st.Close()
	r.cancel = nil
}

func eventually(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The proof: 10,000 pings across 20 restarts and 20 forced
// reconnects, some sent while no client was connected (queued by Slack,
// or only in history), some while the app was closed: 0 lost, 0 twice.
func TestIntake10000PingsAcrossRestartsAndReconnects(t *testing.T) {
	if testing.Short() {
		t.Skip("long: 10,000 pings")
	}
	srv := fakeWorkspace(t)
	dbPath := filepath.Join(t.TempDir(), store.FileName)
	log := newPingLog()
	want := map[string]bool{}
	var wantMu sync.Mutex
	post := func(i int, quiet bool) {
		ch, user, text := "D0BO", "U0BO", fmt.Sprintf("question %d", i)
		switch i % 4 {
		case 1:
			ch, user = "D0CY", "U0CY"
		case 2:
			ch = "G0MP"
		case 3:
			ch, text = "C0ENG", fmt.Sprintf("<@U0001> review %d please", i)
		}
		var ts string
		if quiet {
			ts = srv.PostQuietly(ch, user, text)
		} else {
			ts = srv.Post(ch, user, text)
		}
		wantMu.Lock()
		want[ch+"/"+ts] = true
		wantMu.Unlock()
	}
	const restarts, perRun = 20, 500
	i := 0
	for r := 0; r < restarts; r++ {
		connects := srv.Connects()
		run := startIntake(t, srv, dbPath, testAppToken, log, PingRules{})
		eventually(t, "this run's socket", 10*time.Second, func() bool { return srv.Connects() > connects })
		for k := 0; k < perRun; k++ {
			if k == perRun/2 { // a forced reconnect mid-stream: dropped, or Slack's disconnect
				before := srv.Connects()
				if r%2 == 0 {
					srv.DropConnections()
				} else {
					srv.RequestDisconnect()
				}
				post(i, true) // sent while the socket was down: only backfill finds it
				i++
				k++
				eventually(t, "the reconnect", 10*time.Second, func() bool { return srv.Connects() > before })
			}
			post(i, false)
			// Chatter that is not a ping must not count.
			if k%50 == 0 {
				srv.Post("C0ENG", "U0BO", "lunch anyone?")
			}
			i++
		}
		run.stop() // mid-flight: some envelopes may be unacknowledged
		// Sent while the app is closed: queued for the next socket.
		post(i, false)
		i++
	}
	if srv.Connects() < 2*restarts {
		t.Fatalf("only %d connections for %d restarts and %d forced reconnects", srv.Connects(), restarts, restarts)
	}
	run := startIntake(t, srv, dbPath, testAppToken, log, PingRules{})
	stored := 0
	deadline := time.Now().Add(60 * time.Second)
	for {
		stored, _ = run.st.CountPings(context.Background(), store.PingFilter{})
		if srv.Unacked() == 0 && stored == len(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 60 s: %d of %d pings stored, %d envelopes unacknowledged, intake %+v",
				stored, len(want), srv.Unacked(), run.in.State())
		}
		time.Sleep(20 * time.Millisecond)
	}
	run.stop()

	st, err := store.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.Pings(context.Background(), store.PingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range all {
		got[p.Channel+"/"+p.TS] = true
	}
	lost := 0
	for k := range want {
		if !got[k] {
			lost++
		}
	}
	dup := 0
	for _, n := range log.seen {
		if n > 1 {
			dup++
		}
	}
	// Every ping is stored, once. The handover is told of each at most
	// once; one stored just as a run stopped is not told at all (it stays
	// held in the inbox for the next review), so reported <= stored.
	unknown := 0
	log.mu.Lock()
	for k := range log.seen {
		if !got[k] {
			unknown++
		}
	}
	log.mu.Unlock()
	if len(want) < 10000 || lost != 0 || len(got) != len(want) || dup != 0 || unknown != 0 || log.count() > len(want) {
		t.Fatalf("posted %d pings: %d stored, %d lost, %d reported twice, %d reported, %d reported but not stored",
			len(want), len(got), lost, dup, log.count(), unknown)
	}
	t.Logf("%d pings, %d socket connections, %d acks: 0 lost, 0 duplicated", len(want), srv.Connects(), srv.Acked())
}

func TestIntakeBypassRulesAndNames(t *testing.T) {
	srv := fakeWorkspace(t)
	log := newPingLog()
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), testAppToken, log,
		PingRules{VIPs: []string{"@boss"}, Keywords: []string{"prod down"}})
	eventually(t, "a socket", 5*time.Second, func() bool { return srv.Connected() == 1 })
	srv.AddConversation("D0BOSS", "im", "U0BOSS")
	srv.FailUsersInfo(1) // the first lookup fails: logged, ID-only matching, retried later
	srv.Post("D0BO", "U0BO", "PROD DOWN in eu-west")
	srv.Post("D0BOSS", "U0BOSS", "got a minute?")
	srv.Post("D0CY", "U0CY", "no rush")
	srv.PostMessage("D0CY", slacktest.Message{User: "U0CY", SubType: "message_changed", Text: "edit"})
	srv.PostMessage("D0CY", slacktest.Message{User: "U0CY", BotID: "B1", Text: "bot"})
	eventually(t, "three pings", 5*time.Second, func() bool { return log.count() == 3 })
	reasons := map[string]string{}
	for _, p := range log.pings {
		reasons[p.UserID] = p.Reason
	}
	if reasons["U0BO"] != `keyword "prod down"` || reasons["U0CY"] != "" {
		t.Fatalf("reasons %v", reasons)
	}
	// users.info failed for the first sender looked up (Bo); Boss's handle
	// was then found and matched.
	if reasons["U0BOSS"] != "VIP @boss" {
		t.Fatalf("VIP by handle: %q", reasons["U0BOSS"])
	}
	if n := run.in.Users.Name(context.Background(), "U0CY"); n != "Cy Park" {
		t.Fatalf("name %q", n)
	}
	// You, from auth.test, are in the cache the review window reads, so a
	// mention of you reads "@ana", not "<@U0001>".
	if users, err := run.in.opts.Store.Users(context.Background()); err != nil || users["U0001"].Name != "ana" {
		t.Fatalf("self not cached: %+v, %v", users["U0001"], err)
	}
	eventually(t, "every envelope acknowledged", 5*time.Second, func() bool { return srv.Unacked() == 0 })
}

func TestIntakeSurvivesMalformedAndUnknownEvents(t *testing.T) {
	srv := fakeWorkspace(t)
	log := newPingLog()
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), testAppToken, log, PingRules{})
	eventually(t, "a socket", 5*time.Second, func() bool { return srv.Connected() == 1 })
	srv.SendRaw(`{"envelope_id":"bad-1","type":"events_api","payload":{"event":`) // cut short
	srv.SendRaw(`not json at all`)
	srv.SendEvent(map[string]any{"type": "event_callback", "event": map[string]any{"type": "reaction_added", "user": "U0BO"}})
	srv.SendEvent(map[string]any{"type": "event_callback", "event": map[string]any{"type": "message", "channel": "D0BO"}}) // no ts
	srv.SendRaw(`{"envelope_id":"odd-1","type":"who_knows"}`)
	ts := srv.Post("D0BO", "U0BO", "still there?")
	eventually(t, "the good ping", 5*time.Second, func() bool { return log.count() == 1 })
	if log.pings[0].TS != ts {
		t.Fatalf("got %+v", log.pings[0])
	}
	eventually(t, "every envelope acknowledged", 5*time.Second, func() bool { return srv.Unacked() == 0 })
	if s := run.in.State(); !s.Connected || s.Mode != "socket" {
		t.Fatalf("state %+v", s)
	}
}

func TestIntakeRevokedAppTokenFallsBackToPolling(t *testing.T) {
	srv := fakeWorkspace(t)
	log := newPingLog()
	var states []IntakeState
	var mu sync.Mutex
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, AppToken: testAppToken, APIURL: srv.APIURL, Store: st,
		OnPings: func(_ context.Context, ps []store.Ping) { log.add(ps) }, Log: slog.New(slog.DiscardHandler), PollEvery: 50 * time.Millisecond, Backoff: 20 * time.Millisecond,
		ChannelEvery: 50 * time.Millisecond, Pacer: noPacing(),
		OnState: func(s IntakeState) { mu.Lock(); states = append(states, s); mu.Unlock() }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	eventually(t, "a socket", 5*time.Second, func() bool { return srv.Connected() == 1 })
	srv.Post("D0BO", "U0BO", "one")
	eventually(t, "the first ping", 5*time.Second, func() bool { return log.count() == 1 })
	srv.RevokeApp()
	srv.Post("D0CY", "U0CY", "two, while the app token is dead")
	eventually(t, "polling to find the second ping", 10*time.Second, func() bool { return log.count() == 2 })
	s := in.State()
	if s.Mode != "polling" || !strings.Contains(s.Problem, "app-level token") {
		t.Fatalf("state %+v", s)
	}
}

func TestIntakePollingWithoutAppTokenAndRateLimits(t *testing.T) {
	srv := fakeWorkspace(t)
	srv.Fail("conversations.history", slacktest.Fault{HTTPStatus: 429, RetryAfter: 1})
	srv.Fail("users.conversations", slacktest.Fault{HTTPStatus: 503})
	log := newPingLog()
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), "", log, PingRules{})
	// Posted once the inbox has started (and recorded its start time).
	eventually(t, "the first poll", 10*time.Second, func() bool { return run.in.State().Connected })
	srv.PostQuietly("D0BO", "U0BO", "polled")
	srv.PostQuietly("C0ENG", "U0CY", "<@U0001> polled mention")
	srv.PostQuietly("C0ENG", "U0CY", "not for ana")
	eventually(t, "two polled pings", 10*time.Second, func() bool { return log.count() == 2 })
	polls := countCalls(srv.Methods(), "users.conversations")
	eventually(t, "two more polls", 10*time.Second, func() bool { return countCalls(srv.Methods(), "users.conversations") >= polls+2 })
	if log.count() != 2 || srv.Connects() != 0 {
		t.Fatalf("%d pings, %d sockets", log.count(), srv.Connects())
	}
	if s := run.in.State(); s.Mode != "polling" || !s.Connected {
		t.Fatalf("state %+v", s)
	}
}

// BenchmarkIntakeSocketMode is intake throughput end to end: events over
// the fake Socket Mode websocket, classified, written to SQLite and
// acknowledged. pings/s counts pings durably stored.
func BenchmarkIntakeSocketMode(b *testing.B) {
	srv := slacktest.New(testUserToken)
	defer srv.Close()
	srv.SetAppToken(testAppToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	dir := b.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var stored atomic.Int64
	in := NewIntake(IntakeOptions{UserToken: testUserToken, AppToken: testAppToken, APIURL: srv.APIURL, Store: st,
		OnPings: func(_ context.Context, ps []store.Ping) { stored.Add(int64(len(ps))) }, Log: slog.New(slog.DiscardHandler)})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	for srv.Connected() == 0 || !in.State().Connected {
		time.Sleep(5 * time.Millisecond)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv.Post("D0BO", "U0BO", "can you look at the deploy when you have a minute?")
	}
	for stored.Load() < int64(b.N) || srv.Unacked() > 0 {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pings/s")
}

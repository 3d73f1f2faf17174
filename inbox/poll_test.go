package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

func TestPlanPoll(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	policy := pollPolicy{VIPEvery: time.Minute, DMEvery: 2 * time.Minute, ChannelEvery: 10 * time.Minute, Budget: 4}
	cases := []struct {
		name  string
		convs []pollConv
		want  string
	}{
		{"nothing due", []pollConv{
			{ID: "D1", Kind: "im", Polled: ago(90 * time.Second)},
			{ID: "DV", Kind: "im", VIP: true, Polled: ago(30 * time.Second)},
			{ID: "C1", Kind: "channel", Polled: ago(5 * time.Minute)},
		}, ""},
		{"VIP DMs every minute, DMs every two, channels every ten", []pollConv{
			{ID: "DV", Kind: "im", VIP: true, Polled: ago(time.Minute)},
			{ID: "D1", Kind: "im", Polled: ago(2 * time.Minute)},
			{ID: "G1", Kind: "mpim", Polled: ago(3 * time.Minute)},
			{ID: "C1", Kind: "channel", Polled: ago(9 * time.Minute)},
			{ID: "C2", Kind: "group", Polled: ago(10 * time.Minute)},
		}, "DV,G1,D1,C2"},
		{"never read comes first; then the most recently active", []pollConv{
			{ID: "D1", Kind: "im", Polled: ago(2 * time.Minute)},
			{ID: "D2", Kind: "im", LastTS: "1600000000.000100"},
			{ID: "D3", Kind: "im", LastTS: "1690000000.000100"},
		}, "D3,D2,D1"},
		{"VIP DMs first, over budget", []pollConv{
			{ID: "D1", Kind: "im"}, {ID: "D2", Kind: "im"}, {ID: "D3", Kind: "im"}, {ID: "D4", Kind: "im"},
			{ID: "DV", Kind: "im", VIP: true, Polled: ago(time.Minute)},
		}, "DV,D1,D2,D3"},
		{"a quarter of the budget kept for channels", []pollConv{
			{ID: "D1", Kind: "im"}, {ID: "D2", Kind: "im"}, {ID: "D3", Kind: "im"}, {ID: "D4", Kind: "im"},
			{ID: "C1", Kind: "channel"}, {ID: "C2", Kind: "channel"},
		}, "D1,D2,D3,C1"},
		{"unused channel share goes to DMs", []pollConv{
			{ID: "D1", Kind: "im"}, {ID: "D2", Kind: "im"}, {ID: "D3", Kind: "im"}, {ID: "D4", Kind: "im"},
			{ID: "C1", Kind: "channel", Polled: ago(time.Minute)},
		}, "D1,D2,D3,D4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(planPoll(tc.convs, now, policy), ","); got != tc.want {
				t.Fatalf("planned %q, want %q", got, tc.want)
			}
		})
	}
}

// virtualClock is the intake's clock in the polling tests: every Sleep
// moves it on at once, so an hour of polling runs in a second. at runs a
// function once the clock passes an instant (a message arriving then);
// past end, Sleep blocks until the test stops the intake.
type virtualClock struct {
	mu     sync.Mutex
	t      time.Time
	events []clockEvent
	end    time.Time
	ended  chan struct{}
	once   sync.Once
}

type clockEvent struct {
	at time.Time
	fn func()
}

func newVirtualClock(start time.Time, run time.Duration) *virtualClock {
	return &virtualClock{t: start, end: start.Add(run), ended: make(chan struct{})}
}

func (c *virtualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *virtualClock) at(t time.Time, fn func()) {
	c.mu.Lock()
	c.events = append(c.events, clockEvent{t, fn})
	c.mu.Unlock()
}

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	next := c.t.Add(d)
	if next.After(c.end) {
		c.mu.Unlock()
		c.once.Do(func() { close(c.ended) })
		<-ctx.Done()
		return false
	}
	var due []func()
	kept := c.events[:0]
	for _, e := range c.events {
		if !e.at.After(next) {
			due = append(due, e.fn)
		} else {
			kept = append(kept, e)
		}
	}
	c.events = kept
	c.t = next
	c.mu.Unlock()
	for _, fn := range due {
		fn()
	}
	return ctx.Err() == nil
}

// bigWorkspace is a fake Slack with channels channels and dms DMs (D000…,
// from U000…), on clock.
func bigWorkspace(t *testing.T, clock *virtualClock, channels, dms int) *slacktest.Server {
	srv := slacktest.New(testUserToken)
	t.Cleanup(srv.Close)
	srv.SetNow(clock.Now)
	for i := range channels {
		srv.AddConversation(fmt.Sprintf("C%03d", i), "channel", fmt.Sprintf("chan-%d", i))
	}
	for i := range dms {
		srv.AddConversation(fmt.Sprintf("D%03d", i), "im", fmt.Sprintf("U%03d", i))
		srv.AddUser(fmt.Sprintf("U%03d", i), fmt.Sprintf("user%d", i), fmt.Sprintf("User %d", i))
	}
	srv.AddConversation("DVIP", "im", "U0BOSS")
	srv.AddUser("U0BOSS", "boss", "Dee Boss")
	return srv
}

// runVirtual runs a polling intake (no app token) on clock until the
// clock's end, and returns when it has stopped.
func runVirtual(t *testing.T, srv *slacktest.Server, clock *virtualClock, rules PingRules, onPings func([]store.Ping)) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, APIURL: srv.APIURL, Store: st, Log: slog.New(slog.DiscardHandler),
		Rules: func() PingRules { return rules }, Now: clock.Now, Sleep: clock.Sleep,
		OnPings: func(_ context.Context, ps []store.Ping) { onPings(ps) }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	select {
	case <-clock.ended:
	case <-time.After(2 * time.Minute):
		t.Error("the virtual hour did not pass within two real minutes")
	}
	cancel()
	<-done
}

// perMinute is the most calls of each method in any 60 s of the fake's
// clock.
func perMinute(calls []slacktest.Call) map[string]int {
	by := map[string][]time.Time{}
	for _, c := range calls {
		by[c.Method] = append(by[c.Method], c.Clock)
	}
	out := map[string]int{}
	for m, at := range by {
		slices.SortFunc(at, time.Time.Compare)
		for i := range at {
			n := 0
			for j := i; j < len(at) && at[j].Sub(at[i]) < time.Minute; j++ {
				n++
			}
			out[m] = max(out[m], n)
		}
	}
	return out
}

// 300 channels and 20 or 100 DMs, polled for an hour: no minute holds
// more calls of a method than its tier; each poll reads a bounded number
// of conversations; every channel is still read within the hour, and the
// VIP's DM every minute.
func TestPollingIsPacedWithinTheTiers(t *testing.T) {
	for _, dms := range []int{20, 100} {
		t.Run(fmt.Sprintf("300 channels, %d DMs", dms), func(t *testing.T) {
			start := time.Unix(1_800_000_000, 0)
			clock := newVirtualClock(start, time.Hour)
			srv := bigWorkspace(t, clock, 300, dms)
			runVirtual(t, srv, clock, PingRules{VIPs: []string{"@boss"}}, func([]store.Ping) {})
			checkPacedPolling(t, srv.Calls())
		})
	}
}

func checkPacedPolling(t *testing.T, calls []slacktest.Call) {
	t.Helper()
	for method, n := range perMinute(calls) {
		tier := slackapi.MethodTier[method]
		if tier == 0 {
			tier = slackapi.Tier3
		}
		t.Logf("%s: at most %d calls a minute (tier %d)", method, n, tier)
		if n > tier {
			t.Errorf("%s: %d calls in one minute, over its tier of %d", method, n, tier)
		}
	}
	polls, lists, history := 0, 0, map[string]int{}
	for _, c := range calls {
		switch c.Method {
		case "users.conversations":
			lists++
			if c.Params.Get("cursor") == "" {
				polls++
			}
		case "conversations.history":
			history[c.Params.Get("channel")]++
		}
	}
	reads, chanReads, least := 0, 0, 1<<30
	for id, n := range history {
		reads += n
		if strings.HasPrefix(id, "C") {
			chanReads += n
			least = min(least, n)
		}
	}
	t.Logf("an hour: %d polls, %d users.conversations, %d conversations.history (%.1f a poll); each channel read %d–%.1f times",
		polls, lists, reads, float64(reads)/float64(polls), least, float64(chanReads)/300)
	if polls < 55 {
		t.Errorf("only %d polls in an hour; want one a minute", polls)
	}
	if per := reads / polls; per > 40 {
		t.Errorf("%d history reads a poll, want at most 40", per)
	}
	for i := range 300 {
		if id := fmt.Sprintf("C%03d", i); history[id] == 0 {
			t.Fatalf("channel %s never read in an hour", id)
		}
	}
	if history["DVIP"] < 55 {
		t.Errorf("the VIP's DM was read %d times in an hour, want every minute", history["DVIP"])
	}
}

// A VIP's DM arriving while polling (300 channels, 100 DMs: more than one
// poll reads) breaks through within two minutes, wherever it falls.
func TestPollingVIPBreaksThroughWithinTwoMinutes(t *testing.T) {
	start := time.Unix(1_800_000_000, 0)
	clock := newVirtualClock(start, 40*time.Minute)
	srv := bigWorkspace(t, clock, 300, 100)
	var mu sync.Mutex
	sent := map[string]time.Time{}
	seen := map[string]time.Time{}
	for i := range 7 {
		at := start.Add(10*time.Minute + time.Duration(i)*(3*time.Minute+17*time.Second))
		clock.at(at, func() {
			ts := srv.PostQuietly("DVIP", "U0BOSS", fmt.Sprintf("prod is down, call me (%d)", i))
			mu.Lock()
			sent[ts] = clock.Now()
			mu.Unlock()
		})
	}
	runVirtual(t, srv, clock, PingRules{VIPs: []string{"@boss"}}, func(ps []store.Ping) {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range ps {
			if p.Channel == "DVIP" && p.Bypassed {
				seen[p.TS] = clock.Now()
			}
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if len(sent) != 7 {
		t.Fatalf("%d VIP messages sent, want 7", len(sent))
	}
	for ts, at := range sent {
		got, ok := seen[ts]
		if !ok {
			t.Fatalf("the VIP message %s (sent at +%v) never broke through", ts, at.Sub(start))
		}
		if took := got.Sub(at); took > 2*time.Minute {
			t.Errorf("the VIP message sent at +%v broke through after %v, want within 2 min", at.Sub(start), took)
		}
	}
}

// A 429 from Slack holds conversations.history for its Retry-After: the
// next call of it comes no sooner, by the fake's clock.
func TestPollingHonoursRetryAfter(t *testing.T) {
	start := time.Unix(1_800_000_000, 0)
	clock := newVirtualClock(start, 10*time.Minute)
	srv := bigWorkspace(t, clock, 20, 5)
	clock.at(start.Add(3*time.Minute), func() {
		srv.Fail("conversations.history", slacktest.Fault{HTTPStatus: 429, RetryAfter: 30})
	})
	runVirtual(t, srv, clock, PingRules{}, func([]store.Ping) {})
	var history []slacktest.Call
	for _, c := range srv.Calls() {
		if c.Method == "conversations.history" {
			history = append(history, c)
		}
	}
	limited := -1
	for i, c := range history {
		if !c.Clock.Before(start.Add(3 * time.Minute)) {
			limited = i
			break
		}
	}
	if limited < 0 || limited+1 >= len(history) {
		t.Fatalf("no call after the 429 (%d history calls)", len(history))
	}
	if gap := history[limited+1].Clock.Sub(history[limited].Clock); gap < 30*time.Second {
		t.Fatalf("the call after a 429 with Retry-After 30 came %v later", gap)
	}
}

// A reconnect while the backfill of the last one is under way does not
// make the next backfill read every conversation again: only the one read
// before it began (300 channels, 10 DMs: 311 reads or so, not 620).
func TestReconnectDuringABackfillRereadsOnlyWhatItMust(t *testing.T) {
	srv := slacktest.New(testUserToken)
	t.Cleanup(srv.Close)
	srv.SetAppToken(testAppToken)
	const n = 310
	for i := range 300 {
		srv.AddConversation(fmt.Sprintf("C%03d", i), "channel", fmt.Sprintf("chan-%d", i))
	}
	for i := range 10 {
		srv.AddConversation(fmt.Sprintf("D%03d", i), "im", fmt.Sprintf("U%03d", i))
	}
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), testAppToken, newPingLog(), PingRules{})
	ctx := context.Background()
	gapClosed := func() bool {
		var g gap
		ok, err := run.st.GetJSON(ctx, kvInboxGap, &g)
		return err == nil && ok && g.Cursors == nil
	}
	eventually(t, "the first backfill", 20*time.Second, gapClosed)
	// Wait for the first backfill's end to be recorded before counting.
	eventually(t, "the backfiller idle", 10*time.Second, func() bool { return run.in.State().Connected && gapClosed() })
	srv.Reset()
	arrived, release := srv.HoldAnswer("conversations.history")
	defer release()
	connects := srv.Connects()
	srv.DropConnections()
	select {
	case <-arrived:
	case <-time.After(20 * time.Second):
		t.Fatal("no backfill after the reconnect")
	}
	eventually(t, "the reconnect", 10*time.Second, func() bool { return srv.Connects() > connects })
	connects = srv.Connects()
	srv.DropConnections() // a second reconnect while the backfill is held
	eventually(t, "the second reconnect", 10*time.Second, func() bool {
		var g gap
		ok, err := run.st.GetJSON(ctx, kvInboxGap, &g)
		return srv.Connects() > connects && err == nil && ok && g.Conn >= 2
	})
	release()
	eventually(t, "the gap closed", 30*time.Second, gapClosed)
	reads := countCalls(srv.Methods(), "conversations.history")
	t.Logf("two reconnects, the second during the first's backfill: %d history reads for %d conversations", reads, n)
	if reads > n+3 {
		t.Fatalf("%d history reads for %d conversations: the second backfill read everything again", reads, n)
	}
}

// A read check (a digest waits for it) asks about MaxReadChecks
// conversations at once: the pacer lets that run out without spacing it,
// and still keeps conversations.info within its tier over a minute.
func TestReadCheckIsNotSpacedOut(t *testing.T) {
	start := time.Unix(1_800_000_000, 0)
	clock := newVirtualClock(start, time.Hour)
	srv := bigWorkspace(t, clock, MaxReadChecks, 0)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := NewIntake(IntakeOptions{UserToken: testUserToken, APIURL: srv.APIURL, Store: st, Log: slog.New(slog.DiscardHandler),
		Now: clock.Now, Sleep: clock.Sleep})
	var chans []string
	for i := range MaxReadChecks {
		chans = append(chans, fmt.Sprintf("C%03d", i))
	}
	if got := in.LastRead(context.Background(), chans); len(got) != MaxReadChecks {
		t.Fatalf("%d answers for %d conversations", len(got), MaxReadChecks)
	}
	if waited := clock.Now().Sub(start); waited > 0 {
		t.Fatalf("a read check of %d conversations waited %v for the pacer", MaxReadChecks, waited)
	}
}

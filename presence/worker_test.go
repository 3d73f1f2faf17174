package presence

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/timefmt"
)

const testToken = "xoxp-1111-2222-3333-abcdefabcdef"

// clock is a settable time shared by the worker and the fake Slack.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// memStore keeps Applied as the app does, as JSON, so what one worker
// saves is what the next one (after a crash) loads.
type memStore struct {
	mu   sync.Mutex
	json []byte
}

func (m *memStore) LoadPresence(context.Context) (Applied, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var a Applied
	if m.json == nil {
		return a, nil
	}
	err := json.Unmarshal(m.json, &a)
	return a, err
}

func (m *memStore) SavePresence(_ context.Context, a Applied) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.json = b
	return nil
}

func (m *memStore) applied() Applied { a, _ := m.LoadPresence(context.Background()); return a }

type harness struct {
	t      *testing.T
	srv    *slacktest.Server
	clk    *clock
	store  *memStore
	w      *Worker
	cancel context.CancelFunc
	done   chan struct{}
	logs   *syncBuf
	rules  Rules
	opts   []func(*Options) // changes to the test defaults, for every start
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var original = slacktest.Status{Text: "Working from Lisbon", Emoji: ":flag-pt:"}

func newHarness(t *testing.T, opts ...func(*Options)) *harness {
	t.Helper()
	srv := slacktest.New(testToken)
	t.Cleanup(srv.Close)
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	srv.SetNow(clk.Now)
	srv.SetStatus(original)
	h := &harness{t: t, srv: srv, clk: clk, store: &memStore{}, logs: &syncBuf{}, opts: opts}
	h.rules = Rules{Texts: Texts{FocusText: "Heads down until {until}", FocusEmoji: ":headphones:",
		AFKText: "Away until {until}", AFKEmoji: ":walking:", OffHoursText: "Off for the day, back {until}", OffHoursEmoji: ":crescent_moon:"},
		FocusDND: true, OffHours: true, Loc: time.UTC, Presence: true}
	h.start(testToken)
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start(token string) {
	o := Options{Token: token, APIURL: h.srv.APIURL, Store: h.store, Now: h.clk.Now,
		Debounce: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond,
		Backoff: func(int) time.Duration { return 20 * time.Millisecond },
		Log:     slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, f := range h.opts {
		f(&o)
	}
	h.w = NewWorker(o)
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan struct{})
	go func() { h.w.Run(ctx); close(h.done) }()
}

func (h *harness) stop() {
	h.cancel()
	<-h.done
	if strings.Contains(h.logs.String(), testToken) {
		h.t.Errorf("the token reached the log:\n%s", h.logs.String())
	}
}

// apply sets the desired state for the inputs and waits until it is handled.
func (h *harness) apply(in Inputs) {
	h.t.Helper()
	in.Now = h.clk.Now()
	h.w.Set(Desire(h.rules, in))
	h.settle()
}

func (h *harness) settle() {
	h.t.Helper()
	h.eventually("the worker to settle", func() bool { return h.w.Settled() && h.w.State().Conn != ConnConnecting })
}

// eventually waits for cond, polling; the deadline only bounds a failure.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; state %+v", what, h.w.State())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// arrived waits for a held call to reach the fake Slack.
func (h *harness) arrived(ch <-chan struct{}, what string) {
	h.t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		h.t.Fatalf("%s never reached Slack; calls %v", what, h.srv.Methods())
	}
}

// want sets the desired state for the inputs without waiting.
func (h *harness) want(in Inputs) {
	in.Now = h.clk.Now()
	h.w.Set(Desire(h.rules, in))
}

// calls are the calls of method so far.
func (h *harness) calls(method string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range h.srv.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// take renders the calls since the last take, dropping auth.test.
func (h *harness) take() []string {
	var out []string
	for _, c := range h.srv.Calls() {
		if c.Method != "auth.test" {
			out = append(out, c.String())
		}
	}
	h.srv.Reset()
	return out
}

func (h *harness) expect(want ...string) {
	h.t.Helper()
	got := h.take()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("calls:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func profileSet(text, emoji string, exp int64) string {
	// The wire form slack-go sends: its struct's field order.
	return fmt.Sprintf(`users.profile.set profile={"status_text":%q,"status_emoji":%q,"status_expiration":%d}`, text, emoji, exp)
}

func (h *harness) at(d time.Duration) time.Time { return h.clk.Now().Add(d) }

func TestFullBlockAndNaturalEnd(t *testing.T) {
	h := newHarness(t)
	end := h.at(25 * time.Minute)
	h.apply(Inputs{FocusUntil: end})
	h.expect("users.profile.get", profileSet("Heads down until 10:25", ":headphones:", end.Unix()), "dnd.setSnooze num_minutes=25")
	if st := h.srv.Status(); st.Text != "Heads down until 10:25" || st.Expiration != end.Unix() {
		t.Fatalf("status during focus: %+v", st)
	}
	if on, until := h.srv.Snoozed(); !on || !until.Equal(end) {
		t.Fatalf("snooze %v %v", on, until)
	}
	// The block ends on time: Slack has already cleared our status and the
	// snooze; only the user's status needs restoring.
	h.clk.Advance(25 * time.Minute)
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0))
	if st := h.srv.Status(); st != original {
		t.Fatalf("status after: %+v", st)
	}
	if h.w.State().Mode != ModeNormal || h.store.applied().Managed {
		t.Fatalf("state %+v applied %+v", h.w.State(), h.store.applied())
	}
}

func TestEarlyStopEndsSnoozeAndRestores(t *testing.T) {
	h := newHarness(t)
	end := h.at(50 * time.Minute)
	h.apply(Inputs{FocusUntil: end, Tag: "essay"})
	h.take()
	h.clk.Advance(12 * time.Minute)
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "dnd.endSnooze")
	if on, _ := h.srv.Snoozed(); on || h.srv.Status() != original || h.srv.Presence() != "auto" {
		t.Fatalf("after stop: snoozed=%v status=%+v presence=%s", on, h.srv.Status(), h.srv.Presence())
	}
}

func TestPauseRestoresAndResumeSetsAgain(t *testing.T) {
	h := newHarness(t)
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.take()
	h.clk.Advance(10 * time.Minute)
	h.apply(Inputs{}) // paused
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "dnd.endSnooze")
	h.clk.Advance(5 * time.Minute)
	end := h.at(15 * time.Minute)
	h.apply(Inputs{FocusUntil: end}) // resumed: 15 min left
	h.expect("users.profile.get", profileSet("Heads down until 10:30", ":headphones:", end.Unix()), "dnd.setSnooze num_minutes=15")
}

func TestUserStatusChangedMidBlockWins(t *testing.T) {
	h := newHarness(t)
	end := h.at(25 * time.Minute)
	h.apply(Inputs{FocusUntil: end})
	h.take()
	lunch := slacktest.Status{Text: "Lunch", Emoji: ":sandwich:"}
	h.srv.SetStatus(lunch)
	// A resume moves the block's end: we look before overwriting.
	h.clk.Advance(time.Minute)
	h.apply(Inputs{FocusUntil: h.at(30 * time.Minute)})
	h.expect("users.profile.get", "dnd.setSnooze num_minutes=30")
	h.apply(Inputs{})
	h.expect("dnd.endSnooze")
	if st := h.srv.Status(); st != lunch {
		t.Fatalf("the user's status was overwritten: %+v", st)
	}
}

// Promise #1, the plain path: the user changes their status during the
// block, the block ends, and nothing is restored over theirs.
func TestUserStatusChangedMidBlockThenBlockEnds(t *testing.T) {
	h := newHarness(t)
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.take()
	lunch := slacktest.Status{Text: "Lunch", Emoji: ":sandwich:"}
	h.srv.SetStatus(lunch)
	h.clk.Advance(10 * time.Minute)
	h.apply(Inputs{})
	h.expect("users.profile.get", "dnd.endSnooze")
	if st := h.srv.Status(); st != lunch {
		t.Fatalf("the user's status was overwritten: %+v", st)
	}
}

func TestExpiredSavedStatusIsNotRestored(t *testing.T) {
	h := newHarness(t)
	meeting := slacktest.Status{Text: "In a meeting", Emoji: ":calendar:", Expiration: h.at(10 * time.Minute).Unix()}
	h.srv.SetStatus(meeting)
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.take()
	h.clk.Advance(20 * time.Minute)
	h.apply(Inputs{}) // stopped after the meeting status would have expired
	h.expect("users.profile.get", profileSet("", "", 0), "dnd.endSnooze")
}

func TestAFKWithAndWithoutDuration(t *testing.T) {
	h := newHarness(t)
	until := h.at(30 * time.Minute)
	h.apply(Inputs{AFK: true, AFKUntil: until})
	h.expect("users.profile.get", profileSet("Away until 10:30", ":walking:", until.Unix()), "users.setPresence presence=away")
	if h.srv.Presence() != "away" {
		t.Fatal("not away")
	}
	h.apply(Inputs{}) // back
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "users.setPresence presence=auto")

	// No duration: the text says "later", the status still expires (the
	// cap: 12 h with no working hours), so a crash cannot leave it forever.
	h.apply(Inputs{AFK: true})
	h.expect("users.profile.get", profileSet("Away until later", ":walking:", h.at(DefaultAFKCap).Unix()), "users.setPresence presence=away")
	// The cap moves with the clock; that alone costs no call.
	h.clk.Advance(10 * time.Minute)
	h.apply(Inputs{AFK: true})
	h.expect()
}

func TestAFKDuringFocusAndBack(t *testing.T) {
	h := newHarness(t)
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.take()
	h.apply(Inputs{AFK: true})
	h.expect("users.profile.get", profileSet("Away until later", ":walking:", h.at(DefaultAFKCap).Unix()), "dnd.endSnooze", "users.setPresence presence=away")
	h.apply(Inputs{})
	// The status restored is the user's own from before the block.
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "users.setPresence presence=auto")
}

func TestWorkingHoursInAndOut(t *testing.T) {
	h := newHarness(t)
	var days [7][]focus.Span
	for d := time.Monday; d <= time.Friday; d++ {
		days[d] = []focus.Span{{Start: 9 * 60, End: 17*60 + 30}}
	}
	sched, err := focus.NewSchedule(days, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	h.rules.Schedule = sched
	h.apply(Inputs{}) // Monday 10:00: working, nothing to do
	h.expect()
	h.clk.Advance(7*time.Hour + 30*time.Minute) // 17:30, off hours until Tuesday 09:00
	next := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet("Off for the day, back Tue 09:00", ":crescent_moon:", next.Unix()),
		"dnd.setSnooze num_minutes=930", "users.setPresence presence=away")
	h.clk.Advance(15*time.Hour + 30*time.Minute) // Tuesday 09:00
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "users.setPresence presence=auto")
	if on, _ := h.srv.Snoozed(); on {
		t.Fatal("still snoozed in working hours")
	}
}

func TestRestartMidBlockCostsNoCalls(t *testing.T) {
	h := newHarness(t)
	end := h.at(25 * time.Minute)
	h.apply(Inputs{FocusUntil: end})
	h.take()
	h.stop()
	h.start(testToken) // a new process with the same database
	h.clk.Advance(5 * time.Minute)
	h.apply(Inputs{FocusUntil: end})
	h.expect()
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0), "dnd.endSnooze")
}

func TestCrashAfterBlockEndedRestoresOnNextStart(t *testing.T) {
	h := newHarness(t)
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.take()
	h.stop()
	h.clk.Advance(2 * time.Hour) // the laptop died; Slack expired status and snooze itself
	if st := h.srv.Status(); st.Text != "" {
		t.Fatalf("status did not expire by itself: %+v", st)
	}
	h.start(testToken)
	h.apply(Inputs{})
	h.expect("users.profile.get", profileSet(original.Text, original.Emoji, 0))
}

func TestBurstCostsFewCalls(t *testing.T) {
	h := newHarness(t)
	h.w.opts.Debounce = 150 * time.Millisecond
	h.w.opts.MaxDelay = 2 * time.Second
	h.settle()
	for i := range 20 { // pause/resume mashed 20 times within a second
		in := Inputs{Now: h.clk.Now()}
		if i%2 == 0 {
			in.FocusUntil = h.at(25 * time.Minute)
		}
		if i == 19 {
			in.FocusUntil = h.at(25 * time.Minute)
		}
		h.w.Set(Desire(h.rules, in))
		time.Sleep(20 * time.Millisecond)
	}
	h.settle()
	calls := h.take()
	if len(calls) > 4 {
		t.Fatalf("%d calls for a burst of 20 transitions:\n%s", len(calls), strings.Join(calls, "\n"))
	}
	if st := h.srv.Status(); !strings.HasPrefix(st.Text, "Heads down") {
		t.Fatalf("final status %+v", st)
	}
}

// Promise #6: the debounce is capped. A steady stream of changes, each
// inside the quiet time of the one before, still reaches Slack within
// about MaxDelay. The stream runs until the test ends, so without the cap
// nothing would reach Slack at all.
func TestSteadyChangesReachSlackWithinMaxDelay(t *testing.T) {
	const debounce, maxDelay = 40 * time.Millisecond, 200 * time.Millisecond
	h := newHarness(t, func(o *Options) { o.Debounce, o.MaxDelay = debounce, maxDelay })
	h.settle()
	stop, done := make(chan struct{}), make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		// Debounce/4 rather than /2: a slow scheduler (-race, a busy CI)
		// must not open a quiet gap that would end the debounce anyway.
		tick := time.NewTicker(debounce / 4)
		defer tick.Stop()
		for i := 0; ; i++ {
			h.want(Inputs{FocusUntil: h.at(time.Duration(20+i%2) * time.Minute)}) // a changing end
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	defer func() { close(stop); <-done }()
	h.eventually("a reconcile call under the stream", func() bool { return len(h.calls("users.profile.get")) > 0 })
	if took := h.calls("users.profile.get")[0].At.Sub(start); took > maxDelay+500*time.Millisecond {
		t.Fatalf("the first call reached Slack %v after the stream began; MaxDelay is %v", took, maxDelay)
	}
}

func TestRateLimitIsHonoured(t *testing.T) {
	h := newHarness(t)
	h.srv.Fail("users.profile.set", slacktest.Fault{HTTPStatus: 429, RetryAfter: 1})
	start := time.Now()
	end := h.at(25 * time.Minute)
	h.apply(Inputs{FocusUntil: end})
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("retried after %v, before Retry-After", waited)
	}
	// Every round looks before it sets: the user may have changed their
	// status while Slack made us wait.
	h.expect("users.profile.get", profileSet("Heads down until 10:25", ":headphones:", end.Unix()),
		"users.profile.get", profileSet("Heads down until 10:25", ":headphones:", end.Unix()), "dnd.setSnooze num_minutes=25")
	if st := h.srv.Status(); st.Text != "Heads down until 10:25" {
		t.Fatalf("status %+v", st)
	}
}

// Slack's Retry-After is honoured even when the desired state changes
// during the wait: a newer desire is taken by the retry, not sooner.
func TestNewerDesireDoesNotCutARateLimitWait(t *testing.T) {
	h := newHarness(t)
	h.settle()
	h.srv.Fail("users.profile.set", slacktest.Fault{HTTPStatus: 429, RetryAfter: 1})
	h.want(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.eventually("the rate-limited call", func() bool { return len(h.calls("users.profile.set")) == 1 })
	h.want(Inputs{FocusUntil: h.at(30 * time.Minute)}) // a resume moves the end meanwhile
	h.settle()
	sets := h.calls("users.profile.set")
	if len(sets) != 2 {
		t.Fatalf("%d users.profile.set calls", len(sets))
	}
	if gap := sets[1].At.Sub(sets[0].At); gap < time.Second {
		t.Fatalf("retried %v after a 429 with Retry-After: 1", gap)
	}
	if st := h.srv.Status(); st.Text != "Heads down until 10:30" {
		t.Fatalf("status %+v", st)
	}
}

// A new token (a sign-in after the old one stopped working) is used at
// once, not after the backoff that the old one's failures earned.
func TestNewTokenCutsARetryWaitShort(t *testing.T) {
	const rotated = "xoxp-9999-8888-rotated"
	h := newHarness(t, func(o *Options) { o.Backoff = func(int) time.Duration { return time.Hour } })
	h.settle()
	h.srv.SetDown(true)
	h.want(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.eventually("a failed call", func() bool { return h.w.State().Conn == ConnProblem })
	h.srv.SetDown(false)
	h.srv.SetToken(rotated)
	h.w.SetToken(rotated)
	h.eventually("the busy status, set with the new token", func() bool {
		return strings.HasPrefix(h.srv.Status().Text, "Heads down")
	})
}

func TestServerErrorsAreRetried(t *testing.T) {
	h := newHarness(t)
	h.srv.Fail("users.profile.get", slacktest.Fault{HTTPStatus: 503})
	h.srv.Fail("dnd.setSnooze", slacktest.Fault{Err: "internal_error"})
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	got := h.take()
	if len(got) != 5 || h.w.State().Conn != ConnConnected {
		t.Fatalf("calls %v state %+v", got, h.w.State())
	}
	if on, _ := h.srv.Snoozed(); !on {
		t.Fatal("snooze not applied after retry")
	}
}

// Promise #3: no token in the log or the state line, even when Slack or
// a proxy echoes it in an error. The token here has no Slack shape, as an
// enterprise proxy's may not: only redaction by value catches it.
func TestTokenNeverLogged(t *testing.T) {
	const secret = "corp-sso-5f1e9a77c3d2b8"
	tests := []struct {
		name   string
		method string
		fault  slacktest.Fault
	}{
		{"a refusal quoting the token", "users.profile.set", slacktest.Fault{Err: "invalid_arguments: token " + secret + " may not do this"}},
		{"a proxy's reason phrase quoting it", "users.profile.get", slacktest.Fault{HTTPStatus: 502, Reason: "Bad Gateway for " + secret}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.settle()
			h.srv.SetToken(secret)
			h.w.SetToken(secret)
			h.settle()
			h.srv.Fail(tt.method, tt.fault)
			h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
			h.eventually("the failure to be logged", func() bool { return strings.Contains(h.logs.String(), tt.method) })
			logs := h.logs.String() + "\n" + h.w.State().Problem
			if strings.Contains(logs, secret) || !strings.Contains(logs, "[redacted]") {
				t.Fatalf("the token is not redacted:\n%s", logs)
			}
		})
	}
}

func TestRefusedTokenStopsCalls(t *testing.T) {
	for _, code := range []string{"invalid_auth", "token_revoked", "account_inactive"} {
		t.Run(code, func(t *testing.T) {
			h := newHarness(t)
			h.srv.Fail("users.profile.set", slacktest.Fault{Err: code})
			h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
			st := h.w.State()
			if st.Conn != ConnDisconnected || st.Line(time.Now(), time.UTC, timefmt.H24) != "Slack disconnected — sign in again" || !strings.Contains(st.Problem, code) {
				t.Fatalf("state %+v", st)
			}
			h.take()
			h.apply(Inputs{})
			h.apply(Inputs{AFK: true})
			h.expect() // no calls until a new sign-in
			h.w.SetToken(testToken + "-new")
			h.srv.Reset()
			h.settle()
			if h.w.State().Conn != ConnDisconnected {
				t.Fatalf("a wrong new token connected: %+v", h.w.State())
			}
		})
	}
}

func TestSignInAgainResumes(t *testing.T) {
	h := newHarness(t)
	h.srv.Revoke()
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	if h.w.State().Conn != ConnDisconnected {
		t.Fatalf("state %+v", h.w.State())
	}
	srv2 := slacktest.New("xoxp-new-token")
	defer srv2.Close()
	h.stop()
	h.srv = srv2
	srv2.SetNow(h.clk.Now)
	h.start("")
	h.w.opts.APIURL = srv2.APIURL
	h.w.SetToken("xoxp-new-token")
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	if h.w.State().Conn != ConnConnected || !strings.HasPrefix(srv2.Status().Text, "Heads down") {
		t.Fatalf("after sign-in: %+v %+v", h.w.State(), srv2.Status())
	}
}

// A token that lacks one scope still does the rest: without
// users.profile:write DND is snoozed and away is set; without dnd:write the
// status is. The missing scope is named either way.
func TestMissingScopeLeavesTheRestGoing(t *testing.T) {
	tests := []struct {
		name, method, scope string
		in                  func(h *harness) Inputs
		rest                func(h *harness) bool
	}{
		{"no users.profile:write, focus", "users.profile.set", "users.profile:write",
			func(h *harness) Inputs { return Inputs{FocusUntil: h.at(25 * time.Minute)} },
			func(h *harness) bool { on, _ := h.srv.Snoozed(); return on && h.srv.Status() == original }},
		{"no users.profile:read, AFK", "users.profile.get", "users.profile:read",
			func(h *harness) Inputs { return Inputs{AFK: true} },
			func(h *harness) bool { return h.srv.Presence() == "away" && h.srv.Status() == original }},
		{"no dnd:write, focus", "dnd.setSnooze", "dnd:write",
			func(h *harness) Inputs { return Inputs{FocusUntil: h.at(25 * time.Minute)} },
			func(h *harness) bool {
				on, _ := h.srv.Snoozed()
				return !on && strings.HasPrefix(h.srv.Status().Text, "Heads down")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.srv.Fail(tt.method, slacktest.Fault{Err: "missing_scope", Needed: tt.scope})
			h.apply(tt.in(h))
			if !tt.rest(h) {
				t.Fatalf("the rest was skipped: status %+v, presence %s, calls %v", h.srv.Status(), h.srv.Presence(), h.srv.Methods())
			}
			st := h.w.State()
			if st.Conn != ConnProblem || !strings.Contains(st.Problem, tt.scope) || !strings.Contains(st.Line(time.Now(), time.UTC, timefmt.H24), tt.scope) {
				t.Fatalf("state %+v", st)
			}
		})
	}
}

func TestSlackDownIsRetriedUntilBack(t *testing.T) {
	h := newHarness(t)
	h.settle()
	h.srv.SetDown(true) // Slack (or the network) is gone
	end := h.at(25 * time.Minute)
	h.w.Set(Desire(h.rules, Inputs{Now: h.clk.Now(), FocusUntil: end}))
	deadline := time.Now().Add(5 * time.Second)
	for h.w.State().Conn != ConnProblem {
		if time.Now().After(deadline) {
			t.Fatalf("state %+v", h.w.State())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(h.w.State().Line(time.Now(), time.UTC, timefmt.H24), "unreachable") {
		t.Fatalf("line %q", h.w.State().Line(time.Now(), time.UTC, timefmt.H24))
	}
	h.srv.SetDown(false)
	h.settle()
	if st := h.srv.Status(); st.Text != "Heads down until 10:25" || h.w.State().Conn != ConnConnected {
		t.Fatalf("after Slack came back: %+v %+v", st, h.w.State())
	}
}

func TestTooLongStatusIsReportedNotLooped(t *testing.T) {
	h := newHarness(t)
	h.srv.Fail("users.profile.set", slacktest.Fault{Err: "too_long"})
	h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)})
	if st := h.w.State(); st.Conn != ConnProblem || !strings.Contains(st.Problem, "too_long") {
		t.Fatalf("state %+v", st)
	}
	time.Sleep(100 * time.Millisecond)
	// The refused status is not retried; DND goes on without it.
	h.expect("users.profile.get", profileSet("Heads down until 10:25", ":headphones:", h.at(25*time.Minute).Unix()),
		"dnd.setSnooze num_minutes=25")
}

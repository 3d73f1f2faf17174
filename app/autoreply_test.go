package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

const autoReplyPings = "auto_reply = true\nreview_times = [\"13:30\"]\nreview_after_focus = false\nchannel_wide = true\n" +
	"vips = [\"U0CY\"]\nkeywords = [\"urgent\", \"prod down\"]\n"

// withReplies is withInbox with auto-replies on, Cy a VIP, and a channel
// and a third person (Dee) to write from.
func withReplies(t *testing.T, extra string) (*slacktest.Server, *running, *safeClock) {
	t.Helper()
	srv, r, clock := withInbox(t, autoReplyPings+extra)
	srv.AddConversation("C0ENG", "channel", "eng")
	srv.AddConversation("D0DEE", "im", "U0DEE")
	srv.AddUser("U0DEE", "dee", "Dee Ray")
	return srv, r, clock
}

// replies reads the auto_replies table as the running app left it.
func (r *running) replies(t *testing.T) []store.AutoReply {
	t.Helper()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.AutoReplies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func postedTo(srv *slacktest.Server) []string {
	var out []string
	for _, p := range srv.Posts() {
		out = append(out, p.Channel+"/"+p.ThreadTS)
	}
	return out
}

func chatCalls(srv *slacktest.Server) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range srv.Calls() {
		if c.Method == "chat.postMessage" {
			out = append(out, c)
		}
	}
	return out
}

// The promises of issue 14: one reply per sender per block, in the
// message's thread, as the user, marked automatic, saying when it will be
// read and how to break through; none for a VIP, a bot, yourself, a
// channel message without a mention of you (@here included), or outside
// focus. A message that no rule answers is followed by one that is
// answered, and the test waits for that: nothing waits on time.
func TestAutoReplyOncePerSenderPerBlock(t *testing.T) {
	srv, r, clock := withReplies(t, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})

	ts := srv.Post("D0BO", "U0BO", "can you look at my PR?")
	waitFor(t, "the reply to Bo", func() bool { return len(srv.Posts()) == 1 })
	p := srv.Posts()[0]
	want := "(auto) I'm heads-down until 09:50 and will read this at 13:30. If it can't wait, write 'urgent' and it reaches me."
	if p.Channel != "D0BO" || p.ThreadTS != ts || p.Text != want || p.User != "U0001" {
		t.Fatalf("reply %+v\nwant text %q in thread %s", p, want, ts)
	}

	// Bo again: held, not answered again.
	srv.Post("D0BO", "U0BO", "ping?")
	waitFor(t, "Bo's second ping held", func() bool { return r.pings(t).Held == 2 })
	// Cy is a VIP: breaks through, no reply.
	srv.Post("D0CY", "U0CY", "quick one")
	waitFor(t, "Cy's breakthrough", func() bool {
		return slices.ContainsFunc(r.notes.titles(), func(s string) bool { return strings.Contains(s, "VIP") })
	})
	// A keyword breaks through too: no reply.
	srv.Post("D0DEE", "U0DEE", "URGENT: the build")
	waitFor(t, "Dee's breakthrough", func() bool {
		return slices.ContainsFunc(r.notes.titles(), func(s string) bool { return strings.Contains(s, "keyword") })
	})
	// Not pings at all: a bot, yourself, a channel message without a
	// mention. A ping but no mention of you: @here.
	srv.PostMessage("D0BO", slacktest.Message{BotID: "B0CI", SubType: "bot_message", Text: "build failed"})
	srv.Post("D0BO", "U0001", "my own message")
	srv.Post("C0ENG", "U0DEE", "deploy at 3")
	srv.Post("C0ENG", "U0DEE", "<!here> deploy at 3")
	// Then a mention of you from Dee, whose keyword message broke through:
	// answered, in the channel thread.
	mention := srv.Post("C0ENG", "U0DEE", "<@U0001> can you review the rollout?")
	waitFor(t, "the reply to Dee's mention", func() bool { return len(srv.Posts()) == 2 })
	if got, want := postedTo(srv), []string{"D0BO/" + ts, "C0ENG/" + mention}; !slices.Equal(got, want) {
		t.Fatalf("replies went to %v, want %v", got, want)
	}

	// Outside focus: none.
	r.do(t, control.Request{Cmd: control.CmdStop})
	srv.Post("D0BO", "U0BO", "are you there?")
	waitFor(t, "the free-time ping taken", func() bool { return lastFree(t, r) })

	// A new block: Bo may be answered once more.
	clock.Advance(10 * time.Minute)
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	srv.Post("D0BO", "U0BO", "new block")
	waitFor(t, "the reply in the new block", func() bool { return len(srv.Posts()) == 3 })
	if n := len(chatCalls(srv)); n != 3 {
		t.Fatalf("%d chat.postMessage calls for 3 replies", n)
	}
	rs := r.replies(t)
	if len(rs) != 3 || rs[0].BlockID == rs[2].BlockID || rs[0].Status != store.ReplySent || rs[0].SentAt.IsZero() {
		t.Fatalf("replies recorded %+v", rs)
	}
}

// lastFree reports whether the newest ping was not held (you were free).
func lastFree(t *testing.T, r *running) bool {
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, _ := db.Pings(context.Background(), store.PingFilter{})
	return len(ps) > 0 && !ps[len(ps)-1].Held && !ps[len(ps)-1].DeliveredAt.IsZero()
}

// The memory of whom a block answered is on disk: after a restart
// mid-block, a sender already answered is not answered again.
func TestAutoReplyNotRepeatedAfterARestart(t *testing.T) {
	srv, r, clock := withReplies(t, "")
	dir := filepath.Dir(r.paths.DB)
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "first")
	waitFor(t, "the reply to Bo", func() bool { return len(srv.Posts()) == 1 })
	r.stop()

	clock.Advance(5 * time.Minute)
	r = launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	waitFor(t, "Socket Mode again", func() bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected })
	if st := r.app.Status(); st.State != "focus" {
		t.Fatalf("the block did not survive the restart: %s", st.State)
	}
	srv.Post("D0BO", "U0BO", "second")
	dee := srv.Post("D0DEE", "U0DEE", "hello")
	waitFor(t, "the reply to Dee", func() bool { return len(srv.Posts()) == 2 })
	if got := postedTo(srv); got[1] != "D0DEE/"+dee {
		t.Fatalf("replies went to %v", got)
	}
	if n := len(r.replies(t)); n != 2 {
		t.Fatalf("%d replies recorded", n)
	}
}

// Without chat:write the reply is not sent, the status names the scope,
// and pings are still held.
func TestAutoReplyMissingScope(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	srv.SetScopes("users.profile:read", "users.profile:write", "dnd:write", "users:write", "users:read", "im:history",
		"im:read", "mpim:history", "mpim:read", "channels:history", "groups:history", "channels:read", "groups:read")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "hi")
	waitFor(t, "the missing scope named", func() bool { return strings.Contains(r.pings(t).AutoReplyProblem, "chat:write") })
	st := r.do(t, control.Request{Cmd: control.CmdStatus})
	if !slices.ContainsFunc(st.Warnings, func(w string) bool { return strings.Contains(w, "chat:write") }) {
		t.Fatalf("warnings %v", st.Warnings)
	}
	srv.Post("D0DEE", "U0DEE", "hello")
	waitFor(t, "pings still held", func() bool { return r.pings(t).Held == 2 })
	waitFor(t, "Dee's reply skipped", func() bool {
		rs := r.replies(t)
		return len(rs) == 2 && rs[1].Status == store.ReplySkipped
	})
	if rs := r.replies(t); rs[0].Status != store.ReplyFailed || !strings.Contains(rs[0].Error, "chat:write") || len(srv.Posts()) != 0 {
		t.Fatalf("replies %+v, posts %v", rs, srv.Posts())
	}
	if n := len(chatCalls(srv)); n != 1 {
		t.Fatalf("%d calls: after missing_scope no more are made", n)
	}
}

// A 429 is waited out (Retry-After) and the reply is sent once.
func TestAutoReplyWaitsOutRateLimit(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	srv.Fail("chat.postMessage", slacktest.Fault{HTTPStatus: 429, RetryAfter: 1})
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "hi")
	waitFor(t, "the reply after the 429", func() bool { return len(srv.Posts()) == 1 })
	calls := chatCalls(srv)
	if len(calls) != 2 || calls[1].At.Sub(calls[0].At) < time.Second {
		t.Fatalf("calls %v: want a second one at least Retry-After (1 s) after the 429", calls)
	}
	waitFor(t, "the reply recorded as sent", func() bool {
		rs := r.replies(t)
		return len(rs) == 1 && rs[0].Status == store.ReplySent && rs[0].Attempts == 2
	})
}

// A lost answer: Slack may have posted it, so it is never sent again
// (at most once); the next sender is answered as usual.
func TestAutoReplyLostAnswerIsNotResent(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	srv.LoseAnswer("chat.postMessage", 1)
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "hi")
	waitFor(t, "the reply marked unknown", func() bool {
		rs := r.replies(t)
		return len(rs) == 1 && rs[0].Status == store.ReplyUnknown
	})
	srv.Post("D0DEE", "U0DEE", "hello")
	waitFor(t, "the reply to Dee", func() bool { return len(srv.Posts()) == 2 })
	if n := len(chatCalls(srv)); n != 2 {
		t.Fatalf("%d calls: the lost one was sent again", n)
	}
}

// Off (the default), nothing is ever posted.
func TestAutoReplyOffByDefault(t *testing.T) {
	srv, r, _ := withInbox(t, "review_times = [\"13:30\"]\n")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "hi")
	waitFor(t, "held", func() bool { return r.pings(t).Held == 1 })
	r.stop()
	if len(srv.Posts()) != 0 || len(r.replies(t)) != 0 {
		t.Fatalf("posted %v", srv.Posts())
	}
}

// Turning auto-reply off drops a reply still waiting (here, out a 429):
// from then on nothing is sent.
func TestAutoReplyTurnedOffDropsAWaitingReply(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	srv.Fail("chat.postMessage", slacktest.Fault{HTTPStatus: 429, RetryAfter: 2})
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "hi")
	waitFor(t, "the 429", func() bool { return len(chatCalls(srv)) == 1 })
	cfgPath := filepath.Join(filepath.Dir(r.paths.DB), "config.toml")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(strings.Replace(string(b), "auto_reply = true", "auto_reply = false", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r.do(t, control.Request{Cmd: control.CmdReload})
	waitFor(t, "the waiting reply dropped", func() bool {
		rs := r.replies(t)
		return len(rs) == 1 && rs[0].Status == store.ReplySkipped
	})
	if len(srv.Posts()) != 0 || len(chatCalls(srv)) != 1 {
		t.Fatalf("posted %v after auto-reply was turned off", srv.Posts())
	}
}

// No heads-down reply while the block is paused, or while you are away (a
// lock, idle, or `afk` pauses it): there is no end time to promise, and
// Slack already shows you away. Replies resume with the block.
func TestNoAutoReplyWhilePausedOrAway(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	srv.AddConversation("D0FAY", "im", "U0FAY")
	srv.AddUser("U0FAY", "fay", "Fay Lin")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	r.do(t, control.Request{Cmd: control.CmdPause})
	srv.Post("D0BO", "U0BO", "are you on a break?")
	waitFor(t, "Bo's ping held while paused", func() bool { return r.pings(t).Held == 1 })
	// Resumed: Dee is answered, and nothing went to Bo meanwhile.
	r.do(t, control.Request{Cmd: control.CmdResume})
	dee := srv.Post("D0DEE", "U0DEE", "hello")
	waitFor(t, "the reply to Dee", func() bool { return len(srv.Posts()) == 1 })
	if got := postedTo(srv); got[0] != "D0DEE/"+dee {
		t.Fatalf("replies went to %v", got)
	}
	// Away (it pauses the block): Bo again, held, not answered.
	if st := r.do(t, control.Request{Cmd: control.CmdAFK}); !st.AFK || st.State != "paused" {
		t.Fatalf("away: %+v", st)
	}
	srv.Post("D0BO", "U0BO", "still away?")
	waitFor(t, "Bo's ping held while away", func() bool { return r.pings(t).Held == 3 })
	r.do(t, control.Request{Cmd: control.CmdBack})
	fay := srv.Post("D0FAY", "U0FAY", "got a sec?")
	waitFor(t, "the reply to Fay", func() bool { return len(srv.Posts()) == 2 })
	if got, want := postedTo(srv), []string{"D0DEE/" + dee, "D0FAY/" + fay}; !slices.Equal(got, want) {
		t.Fatalf("replies went to %v, want %v: none to Bo, who wrote while paused and while away", got, want)
	}
	for _, q := range r.replies(t) {
		if q.UserID == "U0BO" {
			t.Fatalf("a reply to Bo was queued: %+v", q)
		}
	}
}

// A mention inside a thread is answered in that thread: Slack wants the
// parent's ts as thread_ts, not the reply's own.
func TestAutoReplyInAThreadGoesToItsParent(t *testing.T) {
	srv, r, _ := withReplies(t, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	parent := srv.Post("C0ENG", "U0BO", "rollout plan for Thursday") // no mention: not a ping
	reply := srv.PostMessage("C0ENG", slacktest.Message{User: "U0DEE", Text: "<@U0001> thoughts on step 3?", ThreadTS: parent})
	waitFor(t, "the reply to Dee's mention", func() bool { return len(srv.Posts()) == 1 })
	if p := srv.Posts()[0]; p.Channel != "C0ENG" || p.ThreadTS != parent {
		t.Fatalf("the reply went to %s/%s; want the thread %s (the parent), not %s", p.Channel, p.ThreadTS, parent, reply)
	}
	if rs := r.replies(t); len(rs) != 1 || rs[0].TS != reply || rs[0].ThreadTS != parent {
		t.Fatalf("reply recorded %+v", rs)
	}
}

// A block whose history was not saved before a quit leaves no row, but
// an auto-reply may have been queued for it. The next block never takes
// its ID, and the old reply is never sent as the new block's (with its
// stale "until"), even when the intake starts only after the new block
// (the keyring was slow).
func TestQueuedReplyOfAnUnsavedBlockIsNotSentWithTheNextBlock(t *testing.T) {
	srv, dir := withSlack(t)
	srv.SetAppToken(appToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[slack]\noff_hours = false\n[pings]\n"+autoReplyPings), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	yesterday := clock.Now().Add(-24 * time.Hour)
	ctx := context.Background()
	st, err := store.Open(ctx, files.In(dir).DB)
	if err != nil {
		t.Fatal(err)
	}
	if q, err := st.QueueReplies(ctx, []store.AutoReply{{BlockID: 1, BlockStart: yesterday, UserID: "U0BO", Channel: "D0BO",
		TS: "1763800000.000100", Text: "(auto) I'm heads-down until 09:50 yesterday", QueuedAt: yesterday}}); err != nil || len(q) != 1 {
		t.Fatalf("queue: %v %v", q, err)
	}
	st.Close()

	release := make(chan struct{})
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Tokens: func() (Tokens, error) {
		<-release
		return Tokens{User: slackToken, App: appToken}, nil
	}})
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	close(release)
	waitFor(t, "Socket Mode", func() bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected })
	waitFor(t, "the old reply dropped", func() bool {
		rs := r.replies(t)
		return len(rs) == 1 && rs[0].Status == store.ReplySkipped
	})
	if len(srv.Posts()) != 0 {
		t.Fatalf("posted %+v", srv.Posts())
	}
	r.stop()
	db, err := store.OpenReadOnly(ctx, r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if s, err := db.LoadEngineState(ctx); err != nil || s.Current == nil || s.Current.ID != 2 {
		t.Fatalf("the new block %+v, %v: want ID 2, after the one the queued reply names", s.Current, err)
	}
}

// A queued reply goes out only for the very block it was written for: the
// same ID and the same start.
func TestReplyTargetTakesOnlyItsOwnBlock(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	q := store.AutoReply{BlockID: 5, BlockStart: start}
	for _, c := range []struct {
		name string
		t    *replyTarget
		want bool
	}{
		{"its block", &replyTarget{ID: 5, Start: start}, true},
		{"its block, read back at millisecond precision", &replyTarget{ID: 5, Start: start.Add(300 * time.Microsecond)}, true},
		{"no block", nil, false},
		{"another block", &replyTarget{ID: 6, Start: start.Add(time.Hour)}, false},
		{"a later block with the same ID", &replyTarget{ID: 5, Start: start.Add(24 * time.Hour)}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.takes(q); got != c.want {
				t.Fatalf("takes = %v, want %v", got, c.want)
			}
		})
	}
}

// With reviews at the end of each block (the default), the reply would
// name the same time twice: it says it once.
func TestAutoReplySaysTheTimeOnce(t *testing.T) {
	srv, r, _ := withInbox(t, "auto_reply = true\nreview_times = []\nreview_after_focus = true\nkeywords = [\"urgent\"]\n")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "can you look at my PR?")
	waitFor(t, "the reply to Bo", func() bool { return len(srv.Posts()) == 1 })
	const want = "(auto) I'm heads-down until 09:50 and will read this then. If it can't wait, write 'urgent' and it reaches me."
	if got := srv.Posts()[0].Text; got != want {
		t.Fatalf("reply %q\nwant %q", got, want)
	}
}

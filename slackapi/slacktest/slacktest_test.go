package slacktest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

const token = "xoxp-test-token"

func client(srv *slacktest.Server, tok string) *slack.Client {
	return slack.New(tok, slack.OptionAPIURL(srv.APIURL), slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
}

// A lost answer is what a crash, a suspend or a client timeout looks like:
// the change is made on Slack, the caller sees only a transport error.
func TestLoseAnswerAppliesTheCall(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	api := client(srv, token)
	ctx := context.Background()

	srv.LoseAnswer("users.profile.set", 1)
	srv.LoseAnswer("dnd.setSnooze", 1)
	err := api.SetUserCustomStatusContext(ctx, "Heads down", ":headphones:", 0)
	if err == nil {
		t.Fatal("the answer was not lost")
	}
	if f := slackapi.Classify(slackapi.Call("users.profile.set", err)); f.Kind != slackapi.Transient {
		t.Fatalf("a lost answer classifies as %v (%v), want Transient", f.Kind, err)
	}
	if st := srv.Status(); st.Text != "Heads down" {
		t.Fatalf("the lost call was not applied: %+v", st)
	}
	if _, err := api.SetSnoozeContext(ctx, 10); err == nil {
		t.Fatal("the snooze answer was not lost")
	}
	if on, _ := srv.Snoozed(); !on {
		t.Fatal("the lost snooze was not applied")
	}
	// Only n answers are lost; the next call is answered.
	if err := api.SetUserCustomStatusContext(ctx, "Lunch", ":sandwich:", 0); err != nil {
		t.Fatalf("second call: %v", err)
	}
	calls := srv.Calls()
	if len(calls) != 3 || !calls[0].Lost || !calls[1].Lost || calls[2].Lost {
		t.Fatalf("calls %+v", calls)
	}
	if calls[0].At.IsZero() || calls[2].At.Before(calls[0].At) {
		t.Fatalf("arrival times %v %v", calls[0].At, calls[2].At)
	}
}

func TestReasonPhraseReachesTheError(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	srv.Fail("users.profile.get", slacktest.Fault{HTTPStatus: 502, Reason: "proxy refused " + token})
	_, err := client(srv, token).GetUserProfileContext(context.Background(), &slack.GetUserProfileParameters{})
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != 502 || !strings.Contains(err.Error(), "proxy refused "+token) {
		t.Fatalf("err %v", err)
	}
	if f := slackapi.Classify(err); f.Kind != slackapi.Transient {
		t.Fatalf("kind %v for %T", f.Kind, err)
	}
}

func TestSetTokenRefusesTheOldOne(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	srv.SetToken("xoxp-new")
	if _, err := client(srv, token).AuthTest(); !slackapi.IsCode(err, "invalid_auth") {
		t.Fatalf("old token: %v", err)
	}
	if _, err := client(srv, "xoxp-new").AuthTest(); err != nil {
		t.Fatalf("new token: %v", err)
	}
}

// A held answer: the call takes effect at once, the caller learns nothing
// until the test releases it, and then only that the connection broke.
func TestHoldAnswer(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	arrived, release := srv.HoldAnswer("users.profile.set")
	done := make(chan error, 1)
	go func() {
		done <- client(srv, token).SetUserCustomStatusContext(context.Background(), "Heads down", ":headphones:", 0)
	}()
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the call never arrived")
	}
	if st := srv.Status(); st.Text != "Heads down" {
		t.Fatalf("not applied while held: %+v", st)
	}
	select {
	case err := <-done:
		t.Fatalf("answered before release: %v", err)
	default:
	}
	release()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the held answer arrived")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("release did not end the call")
	}
}

// Close must not hang on an answer a test forgot to release.
func TestCloseReleasesHeldAnswers(t *testing.T) {
	srv := slacktest.New(token)
	arrived, _ := srv.HoldAnswer("dnd.setSnooze")
	go func() { _, _ = client(srv, token).SetSnoozeContext(context.Background(), 5) }()
	<-arrived
	srv.Close()
}

// chat.postMessage posts into the thread as the user, and fails the ways
// Slack does: missing_scope naming chat:write, 429 with Retry-After, and a
// lost answer after the message was posted.
func TestPostMessage(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	srv.AddConversation("D1", "im", "U2")
	api := client(srv, token)
	ctx := context.Background()
	post := func() (string, error) {
		_, ts, err := api.PostMessageContext(ctx, "D1", slack.MsgOptionText("(auto) later", false), slack.MsgOptionTS("1.000001"))
		return ts, err
	}
	ts, err := post()
	if err != nil || ts == "" {
		t.Fatalf("post: %q %v", ts, err)
	}
	if p := srv.Posts(); len(p) != 1 || p[0].Channel != "D1" || p[0].ThreadTS != "1.000001" || p[0].Text != "(auto) later" ||
		p[0].User != "U0001" || p[0].TS != ts {
		t.Fatalf("posts %+v", p)
	}

	srv.Fail("chat.postMessage", slacktest.Fault{HTTPStatus: http.StatusTooManyRequests, RetryAfter: 3})
	_, err = post()
	if f := slackapi.Classify(slackapi.Call("chat.postMessage", err)); f.Kind != slackapi.RateLimited || f.RetryAfter != 3*time.Second {
		t.Fatalf("429: %+v", f)
	}
	srv.LoseAnswer("chat.postMessage", 1)
	if _, err = post(); err == nil {
		t.Fatal("the answer was not lost")
	}
	if n := len(srv.Posts()); n != 2 {
		t.Fatalf("%d posts: a lost answer still posts", n)
	}

	srv.SetScopes("users.profile:read")
	_, err = post()
	if f := slackapi.Classify(slackapi.Call("chat.postMessage", err)); f.Kind != slackapi.MissingScope || f.Needed != "chat:write" {
		t.Fatalf("missing scope: %+v (%v)", f, err)
	}
	if n := len(srv.Posts()); n != 2 {
		t.Fatalf("%d posts after refusals", n)
	}
}

// The fake pings each Socket Mode connection as often as it is told: the
// footprint script pings every 10 s as Slack does, tests faster.
func TestSetPingInterval(t *testing.T) {
	const appToken = "xapp-test-token"
	srv := slacktest.New(token)
	defer srv.Close()
	srv.SetAppToken(appToken)
	srv.SetPingInterval(20 * time.Millisecond)
	api := slack.New(token, slack.OptionAPIURL(srv.APIURL), slack.OptionAppLevelToken(appToken))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, url, err := api.StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pings := make(chan time.Time, 16)
	conn.SetPingHandler(func(string) error {
		select {
		case pings <- time.Now():
		default:
		}
		return nil
	})
	go func() { // reading is what runs the ping handler; ends when conn closes
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	// Five pings at the default (2 s) would take 10 s.
	start := time.Now()
	deadline := time.After(time.Second)
	for range 5 {
		select {
		case <-pings:
		case <-deadline:
			t.Fatalf("fewer than 5 pings in %v with a 20 ms interval", time.Since(start).Round(time.Millisecond))
		}
	}
}

// Message metadata as Slack keeps it: stored with the message, returned
// by conversations.history and conversations.replies only with
// include_all_metadata, and a thread's parent lists who replied.
func TestMessageMetadata(t *testing.T) {
	srv := slacktest.New(token)
	defer srv.Close()
	srv.AddConversation("D1", "im", "U2")
	api := client(srv, token)
	ctx := context.Background()
	parent := srv.Post("D1", "U2", "hi")
	meta := slack.SlackMetadata{EventType: "headsdown_auto_reply", EventPayload: map[string]any{"to": "U2"}}
	if _, _, err := api.PostMessageContext(ctx, "D1", slack.MsgOptionText("later", false), slack.MsgOptionTS(parent),
		slack.MsgOptionMetadata(meta)); err != nil {
		t.Fatal(err)
	}
	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "D1"})
	if err != nil || len(h.Messages) != 1 {
		t.Fatalf("history: %+v %v", h, err)
	}
	if m := h.Messages[0]; m.ReplyCount != 1 || len(m.ReplyUsers) != 1 || m.ReplyUsers[0] != "U0001" || m.LatestReply == "" {
		t.Fatalf("parent %+v: no reply_count, reply_users, latest_reply", m.Msg)
	}
	for _, with := range []bool{false, true} {
		msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "D1",
			Timestamp: parent, IncludeAllMetadata: with})
		if err != nil || len(msgs) != 2 {
			t.Fatalf("replies: %+v %v", msgs, err)
		}
		got := msgs[1].Metadata
		if with && (got.EventType != meta.EventType || got.EventPayload["to"] != "U2") {
			t.Fatalf("metadata asked for, got %+v", got)
		}
		if !with && got.EventType != "" {
			t.Fatalf("metadata not asked for, got %+v", got)
		}
	}
	if p := srv.Posts(); len(p) != 1 || p[0].Metadata == nil || p[0].Metadata.EventType != meta.EventType {
		t.Fatalf("posts %+v", p)
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// Issue 14 in the real binary against the fake Slack: the focus status
// says when messages will be read; the first DM from a person in a block
// gets one automatic reply in its thread, and no second one, also after a
// restart mid-block; the weekly report has a line to share.
func TestSmokeSendersKnowWhenYouWillRead(t *testing.T) {
	needTools(t, "dbus-daemon")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bus := startSessionBus(t, ctx)

	const token, appToken = "xoxp-smoke-3333-4444-senderstoken", "xapp-1-A0SMOKE-1-senders"
	slack := slacktest.New(token)
	defer slack.Close()
	slack.SetAppToken(appToken)
	slack.AddConversation("D0BO", "im", "U0BO")
	slack.AddUser("U0BO", "bo", "Bo Chen")

	// The review three hours on; after 21:00 that is tomorrow, which the
	// status names with its day ("Tue 01:30").
	reviewAt := time.Now().Add(3 * time.Hour)
	review := reviewAt.Format("15:04")
	if reviewAt.Day() != time.Now().Day() {
		review = reviewAt.Format("Mon 15:04")
	}
	dataDir := t.TempDir()
	cfg := allWeekHours() + "[pings]\nauto_reply = true\nreview_after_focus = false\nreview_times = [\"" + reviewAt.Format("15:04") + "\"]\n" +
		"keywords = [\"urgent\"]\n"
	if err := os.WriteFile(filepath.Join(dataDir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus.Address, "HEADSDOWN_DATA_DIR="+dataDir,
		"HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_APP_TOKEN="+appToken, "HEADSDOWN_SLACK_API_URL="+slack.APIURL)
	in := launch(t, bin, env, "--headless")
	waitUntil(t, "Socket Mode", 20*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		return code == 0 && in.status(t).Pings.Connected
	})
	if _, errs, code := in.cli(t, "start", "50"); code != 0 {
		t.Fatal(errs)
	}
	waitUntil(t, "the status naming the review", 20*time.Second, func() bool {
		return strings.HasSuffix(slack.Status().Text, " · reading messages at "+review)
	})

	first := slack.Post("D0BO", "U0BO", "can you look at my PR?")
	waitUntil(t, "the auto-reply", 20*time.Second, func() bool { return len(slack.Posts()) == 1 })
	p := slack.Posts()[0]
	if p.Channel != "D0BO" || p.ThreadTS != first || !strings.HasPrefix(p.Text, "(auto) ") ||
		!strings.Contains(p.Text, review) || !strings.Contains(p.Text, "urgent") {
		t.Fatalf("reply %+v", p)
	}

	// A restart mid-block: the block goes on, and Bo is not answered again.
	stopAndWait(t, in)
	in = launch(t, bin, env, "--headless")
	waitUntil(t, "Socket Mode again, in the block", 20*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		return code == 0 && in.status(t).Pings.Connected && in.status(t).State == "focus"
	})
	slack.Post("D0BO", "U0BO", "and one more thing")
	waitUntil(t, "the second DM held", 20*time.Second, func() bool { return in.status(t).Pings.Held == 2 })
	if n := len(slack.Posts()); n != 1 {
		t.Fatalf("%d replies after a restart mid-block, want 1: %+v", n, slack.Posts())
	}
	if _, errs, code := in.cli(t, "stop"); code != 0 {
		t.Fatal(errs)
	}
	stopAndWait(t, in)

	// The line to share, from the real binary.
	out, errs, code := in.cli(t, "report", "--format", "share")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "This week: ") || !strings.Contains(out, "2 pings held") {
		t.Fatalf("report --format share: exit %d %q %q", code, out, errs)
	}
}

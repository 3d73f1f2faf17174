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
	"github.com/headsdown-app/headsdown/store"
)

// A breakthrough says who, where and why in its title, and the message as
// the review window shows it (issue 20, item 8).
func TestBreakthroughWords(t *testing.T) {
	for _, tc := range []struct {
		name, sender, place, reason, text string
		title, body                       string
	}{
		{"a keyword in a channel", "Bo", "#eng", `keyword "urgent"`, "urgent: prod down 🔥",
			`Bo in #eng — keyword "urgent"`, "urgent: prod down 🔥"},
		{"a VIP in a DM", "Ana Lima", "", "VIP @ana", "got a minute?",
			"Ana Lima — VIP @ana", "got a minute?"},
		{"a group DM", "Cy", "a group DM", `keyword "incident"`, "incident on eu-west",
			`Cy in a group DM — keyword "incident"`, "incident on eu-west"},
		{"no reason", "Cy", "#ops", "", "hi", "Cy in #ops", "hi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := Breakthrough(tc.sender, tc.place, tc.reason, tc.text)
			if n.Title != tc.title || n.Body != tc.body {
				t.Fatalf("got %q / %q, want %q / %q", n.Title, n.Body, tc.title, tc.body)
			}
		})
	}
}

// Through the running app: a mention in #eng with a keyword names the
// channel, shows the mention as @ana (not <@U0001>) and the emoji code as
// its emoji; the digest quotes held pings the same way.
func TestBreakthroughAndDigestReadAsTheReviewWindow(t *testing.T) {
	srv, dir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_APP_TOKEN", appToken)
	srv.SetAppToken(appToken)
	srv.AddConversation("C0ENG", "channel", "eng")
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		cfg += d + " = [\"09:00-17:30\"]\n"
	}
	cfg += "[slack]\noff_hours = false\n[pings]\nreview_times = [\"09:40\"]\nreview_after_focus = false\nkeywords = [\"prod down\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	waitFor(t, "Socket Mode", func() bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected })
	waitFor(t, "the channel's name", func() bool {
		db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
		if err != nil {
			return false
		}
		defer db.Close()
		convs, _ := db.Conversations(context.Background())
		return convs["C0ENG"].Name == "eng"
	})
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})

	srv.Post("C0ENG", "U0BO", "<@U0001> prod down in eu-west :fire:")
	const title = `Bo Chen in #eng — keyword "prod down"`
	waitFor(t, "the breakthrough", func() bool { return slices.Contains(r.notes.titles(), title) })
	if body := r.notes.body(title); body != "@ana prod down in eu-west 🔥" {
		t.Fatalf("breakthrough body %q", body)
	}

	srv.Post("D0BO", "U0BO", "thanks <@U0001> :tada:")
	waitFor(t, "one held ping", func() bool { return r.pings(t).Held == 1 })
	clock.advanceTo(clock.at("09:50")) // the block's end: its held pings' digest
	waitFor(t, "the digest", func() bool { return len(r.digests()) == 1 })
	if body := r.notes.body(r.digests()[0]); !strings.Contains(body, "Bo Chen: thanks @ana 🎉") {
		t.Fatalf("digest body %q", body)
	}
}

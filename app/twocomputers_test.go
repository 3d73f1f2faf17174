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
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// twoComputers runs Heads Down twice, a laptop and a desktop (two data
// directories, one process), on one Slack account against one fake Slack
// that gives each Socket Mode event to one connection, as Slack does.
// Auto-replies are on, Cy is a VIP, and the user's own status is "Working
// from Lisbon".
func twoComputers(t *testing.T) (srv *slacktest.Server, laptop, desktop *running, clock *safeClock) {
	t.Helper()
	srv, laptopDir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_APP_TOKEN", appToken)
	srv.SetAppToken(appToken)
	srv.SplitEvents()
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddConversation("D0CY", "im", "U0CY")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	srv.AddUser("U0CY", "cy", "Cy Park")
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		cfg += d + " = [\"09:00-17:30\"]\n"
	}
	cfg += "[slack]\noff_hours = false\n[pings]\n" + autoReplyPings
	desktopDir := t.TempDir()
	for _, dir := range []string{laptopDir, desktopDir} {
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	clock = newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now) // Slack expires statuses on the same clock
	connected := func(r *running) bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected }
	laptop = launchApp(t, laptopDir, Options{Clock: clock, Location: time.UTC})
	waitFor(t, "the laptop on Socket Mode", func() bool { return connected(laptop) })
	desktop = launchApp(t, desktopDir, Options{Clock: clock, Location: time.UTC})
	// Both end before either checks for goroutines left behind (each
	// check sees the whole process). Cleanups run last first: this one
	// before their own.
	t.Cleanup(func() {
		laptop.cancel()
		desktop.cancel()
		<-laptop.app.Done()
		<-desktop.app.Done()
	})
	waitFor(t, "the desktop on Socket Mode too", func() bool { return connected(desktop) && srv.Connected() == 2 })
	return srv, laptop, desktop, clock
}

// Neither computer takes the other's busy status for the user's own: the
// laptop's block ends first and puts "Working from Lisbon" back; the
// desktop's block ending later leaves it there.
func TestTwoComputersOneStatus(t *testing.T) {
	srv, laptop, desktop, clock := twoComputers(t)
	lisbon := slacktest.Status{Text: "Working from Lisbon", Emoji: ":flag-pt:"}
	laptop.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	waitSlack(t, "the laptop's busy status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down until 09:50") })
	laptops := srv.Status()

	clock.Advance(5 * time.Minute)
	desktop.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	waitFor(t, "the desktop's worker to settle", func() bool { return desktop.app.slack.Settled() })
	if st := srv.Status(); st != laptops {
		t.Fatalf("the desktop replaced the laptop's status: %+v", st)
	}

	clock.Advance(5 * time.Minute)
	laptop.do(t, control.Request{Cmd: control.CmdStop})
	waitSlack(t, "the user's own status back", func() bool { return srv.Status() == lisbon })
	desktop.do(t, control.Request{Cmd: control.CmdStop})
	waitFor(t, "the desktop's worker to settle", func() bool { return desktop.app.slack.Settled() })
	if st := srv.Status(); st != lisbon {
		t.Fatalf("after both blocks Slack shows %+v, want the user's own %+v", st, lisbon)
	}
}

// Bo writes twice while both computers are in a focus block; Slack gives
// one message to each. One auto-reply in all: the second computer finds
// the first's (its metadata) in the conversation and sends none.
func TestTwoComputersOneAutoReply(t *testing.T) {
	srv, laptop, desktop, _ := twoComputers(t)
	laptop.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	desktop.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	srv.Post("D0BO", "U0BO", "can you look at my PR?")
	waitFor(t, "the first auto-reply", func() bool { return len(srv.Posts()) == 1 })
	if m := srv.Posts()[0].Metadata; m == nil || m.EventType != "headsdown_auto_reply" || m.EventPayload["to"] != "U0BO" {
		t.Fatalf("the auto-reply's metadata: %+v", m)
	}
	rows := func() []store.AutoReply { return append(laptop.replies(t), desktop.replies(t)...) }
	// Bo writes again until the other computer has one of his messages
	// (Slack's echo of the reply takes a turn too).
	for range 4 {
		before := stored(t, laptop) + stored(t, desktop)
		srv.Post("D0BO", "U0BO", "hello?")
		waitFor(t, "Bo's message stored", func() bool { return stored(t, laptop)+stored(t, desktop) > before })
		if len(rows()) == 2 {
			break
		}
	}
	waitFor(t, "the second computer's decision", func() bool {
		return len(rows()) == 2 && !slices.ContainsFunc(rows(), func(q store.AutoReply) bool {
			return q.Status == store.ReplyQueued || q.Status == store.ReplySending
		})
	})
	if n := len(srv.Posts()); n != 1 {
		t.Fatalf("%d auto-replies to Bo, want 1: %+v", n, rows())
	}
	if !slices.ContainsFunc(rows(), func(q store.AutoReply) bool { return q.Status == store.ReplySkipped }) {
		t.Fatalf("no reply skipped: %+v", rows())
	}
}

// Away from the desktop (the user said so here; a lock is the same), the
// laptop, where the user is, gets every event: both of Cy's VIP messages
// alert there.
func TestTwoComputersVIPAlertWhereYouAre(t *testing.T) {
	srv, laptop, desktop, _ := twoComputers(t)
	laptop.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	desktop.do(t, control.Request{Cmd: control.CmdAFK})
	waitFor(t, "the desktop leaving Socket Mode to the laptop", func() bool { return srv.Connected() == 1 })
	srv.Post("D0CY", "U0CY", "quick question")
	srv.Post("D0CY", "U0CY", "another one")
	cys := func() int {
		return len(slices.DeleteFunc(laptop.notes.titles(), func(s string) bool { return !strings.Contains(s, "Cy Park") }))
	}
	waitFor(t, "both of Cy's alerts on the laptop", func() bool { return cys() == 2 })
}

// stored counts the pings in r's database, held or not.
func stored(t *testing.T, r *running) int {
	t.Helper()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountPings(context.Background(), store.PingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

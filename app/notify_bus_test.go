//go:build linux

package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

// notifyServer is a fake notification server on a private session bus
// that this test's process uses (DBUS_SESSION_BUS_ADDRESS).
func notifyServer(t *testing.T, caps ...string) *traytest.Notifications {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon not installed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus, err := traytest.StartBus(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Stop)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	srv, err := traytest.StartNotifications(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Conn.Close() })
	srv.SetCapabilities(caps...)
	return srv
}

func nextNote(t *testing.T, srv *traytest.Notifications) traytest.Note {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := srv.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// nextNoteTitled skips notifications until one whose summary contains s.
func nextNoteTitled(t *testing.T, srv *traytest.Notifications, s string) traytest.Note {
	t.Helper()
	for {
		if n := nextNote(t, srv); strings.Contains(n.Summary, s) {
			return n
		}
	}
}

// waitStatus waits, on the app's own status updates, until cond holds.
func waitStatus(t *testing.T, r *running, what string, cond func(control.Status) bool) {
	t.Helper()
	updates := r.app.Subscribe()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case <-updates:
			if cond(r.app.Status()) {
				return
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %s; status %+v", what, r.app.Status())
		}
	}
}

// Every notification carries the desktop entry, the icon and the urgency;
// buttons only where the server has "actions", else the body says what to
// do instead; silence is asked for when there must be no sound.
func TestDesktopNotifierHints(t *testing.T) {
	digest := Digest(1, []string{"Ana"}, []string{"Ana: <b>hi</b> & bye"}, DigestReviewWindow)
	digest.Actions = digestActions([]int64{7})
	for _, c := range []struct {
		name    string
		caps    []string
		n       Notification
		keys    []string
		body    string
		urgency byte
		sound   string
	}{
		{"no actions on the server", []string{"body"}, digest, nil,
			"Held for this review window:\nAna: <b>hi</b> & bye\nOpen Review pings… in the tray, or run `headsdown pings`.", 1, ""},
		{"actions and markup", []string{"body", "body-markup", "actions"}, digest, []string{ActionReview, ActionSnooze},
			"Held for this review window:\nAna: &lt;b&gt;hi&lt;/b&gt; &amp; bye", 1, ""},
		{"a sound", []string{"body", "actions"}, Notification{Title: "Focus block done", Body: "x", Sound: true,
			Actions: []Action{startBreak, startFocus}}, []string{ActionStartBreak, ActionStartFocus}, "x", 2, "bell"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := notifyServer(t, c.caps...)
			d := NewDesktopNotifier(testLogger())
			defer d.Close()
			if err := d.Notify(c.n); err != nil {
				t.Fatal(err)
			}
			got := nextNote(t, srv)
			if got.AppName != "Heads Down" || got.DesktopEntry != "dev.headsdown.app" || got.AppIcon != "dev.headsdown.app" || !got.HasImage {
				t.Errorf("identity: %+v", got)
			}
			if !slices.Equal(got.ActionKeys(), c.keys) || got.Body != c.body || got.Urgency != c.urgency || got.SoundName != c.sound ||
				got.SuppressSound != (c.sound == "") {
				t.Errorf("got %+v\nwant keys %v body %q urgency %d sound %q", got, c.keys, c.body, c.urgency, c.sound)
			}
			if c.keys != nil && c.n.Title != "Focus block done" && !slices.Equal(got.ActionLabels(), []string{"Review", "Snooze to next window"}) {
				t.Errorf("labels %v", got.ActionLabels())
			}
			if c.n.Category != got.Category {
				t.Errorf("category %q, want %q", got.Category, c.n.Category)
			}
		})
	}
}

// withInboxNotifier is withInbox with the real desktop notifier on a fake
// notification server that has buttons, and a window opener that records.
func withInboxNotifier(t *testing.T, pings string) (*running, *safeClock, *traytest.Notifications, func(string) string, chan string) {
	t.Helper()
	srv := notifyServer(t, "body", "actions")
	slack, dir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_APP_TOKEN", appToken)
	slack.SetAppToken(appToken)
	slack.AddConversation("D0BO", "im", "U0BO")
	slack.AddUser("U0BO", "bo", "Bo Chen")
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		cfg += d + " = [\"09:00-17:30\"]\n"
	}
	cfg += "[slack]\noff_hours = false\n[focus]\nauto_start_break = false\n[pings]\n" + pings
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	opened := make(chan string, 4)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Notifier: NewDesktopNotifier(testLogger()),
		OpenWindow: func(name string) { opened <- name }})
	waitStatus(t, r, "Socket Mode", func(st control.Status) bool { return st.Pings.Intake == "socket" && st.Pings.Connected })
	post := func(text string) string { slack.Post("D0BO", "U0BO", text); return text }
	return r, clock, srv, post, opened
}

// The digest's "Snooze to next window" holds its pings for the next
// review window, whose digest has them again; its "Review" opens the
// review window.
func TestDigestButtons(t *testing.T) {
	r, clock, srv, post, opened := withInboxNotifier(t, "review_times = [\"09:40\", \"10:30\"]\nreview_after_focus = false\n")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	post("can you look at my PR?")
	waitStatus(t, r, "one held ping", func(st control.Status) bool { return st.Pings.Held == 1 })

	clock.advanceTo(clock.at("09:40"))
	digest := nextNoteTitled(t, srv, "1 ping from Bo Chen")
	if !slices.Equal(digest.ActionLabels(), []string{"Review", "Snooze to next window"}) || strings.Contains(digest.Body, "headsdown pings") {
		t.Fatalf("digest %+v", digest)
	}
	waitStatus(t, r, "the digest delivered", func(st control.Status) bool { return st.Pings.Held == 0 })
	if err := srv.Invoke(digest.ID, ActionSnooze); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, r, "the ping held again", func(st control.Status) bool { return st.Pings.Held == 1 })

	clock.advanceTo(clock.at("10:30"))
	again := nextNoteTitled(t, srv, " ping")
	if again.Summary != "1 ping from Bo Chen" || !strings.Contains(again.Body, "can you look at my PR?") {
		t.Fatalf("the next window's digest %+v", again)
	}
	if err := srv.Invoke(again.ID, ActionReview); err != nil {
		t.Fatal(err)
	}
	select {
	case name := <-opened:
		if name != "review" {
			t.Fatalf("opened %q", name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Review opened no window")
	}
}

// A focus block that ends on its own (with no break started) offers
// "Start break" and "Start next block"; choosing one starts it, and that
// choice, the user's own, is not notified.
func TestBlockEndButtons(t *testing.T) {
	r, clock, srv, _, _ := withInboxNotifier(t, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	clock.Advance(25 * time.Minute)
	done := nextNoteTitled(t, srv, "Focus block done")
	if !slices.Equal(done.ActionLabels(), []string{"Start break", "Start next block"}) || done.Urgency != 2 {
		t.Fatalf("block end %+v", done)
	}
	if err := srv.Invoke(done.ID, ActionStartBreak); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, r, "the break", func(st control.Status) bool { return st.State == "short_break" })
	// Pressing it again (a server that repeats the signal) does nothing:
	// the notification is closed and forgotten.
	if err := srv.Invoke(done.ID, ActionStartFocus); err != nil {
		t.Fatal(err)
	}
	r.do(t, control.Request{Cmd: control.CmdStop})
	r.stop() // the notifier is drained
	if got := srv.Received(); len(got) != 1 {
		t.Fatalf("notifications %+v: the user's own choice was notified", got)
	}
}

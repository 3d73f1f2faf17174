package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// A US locale writes times on a 12-hour clock everywhere the app writes
// them: the Slack status teammates read, the tray's Slack line, `status`
// (through Status.Clock); "clock = 24h" in the
// settings wins over the locale, and a reload applies it.
func TestUSLocaleShows12HourTimes(t *testing.T) {
	srv, dir := withSlack(t)
	us := map[string]string{"LANG": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}
	clock := newSafeClock(time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC)) // a Monday
	srv.SetNow(clock.Now)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Getenv: func(k string) string { return us[k] }})
	waitSlack(t, "connected", func() bool { return r.app.Status().Slack.Connection == "connected" })

	st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"}) // 13:05-13:30
	if st.Clock != "12h" || st.Hours().Time(*st.Deadline) != "1:30 PM" {
		t.Fatalf("status clock %q, deadline %s", st.Clock, st.Hours().Time(*st.Deadline))
	}
	// Pings are held (polled) and read at the block's end.
	const want12 = "Heads down until 1:30 PM — reading messages then"
	waitSlack(t, "a 12-hour focus status", func() bool { return srv.Status().Text == want12 })
	waitSlack(t, "the tray's Slack line", func() bool {
		return strings.HasPrefix(r.app.Status().Slack.Line, "Slack: "+want12)
	})

	// The setting wins over the locale.
	cfg, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), append([]byte("[general]\nclock = \"24h\"\n"), cfg...), 0o600); err != nil {
		t.Fatal(err)
	}
	r.do(t, control.Request{Cmd: control.CmdReload})
	waitSlack(t, "a 24-hour focus status after the reload", func() bool { return srv.Status().Text == "Heads down until 13:30 — reading messages then" })
	if st := r.app.Status(); st.Clock != "24h" {
		t.Fatalf("status clock after the reload: %q", st.Clock)
	}
}

// Without a locale (Windows, macOS) and without a setting: 24 hours.
func TestNoLocaleShows24HourTimes(t *testing.T) {
	clock := newSafeClock(time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC))
	r := launchApp(t, t.TempDir(), Options{Clock: clock, Location: time.UTC})
	if st := r.app.Status(); st.Clock != "24h" {
		t.Fatalf("clock %q", st.Clock)
	}
}

// Notifications write times on the app's clock.
func TestNotificationsOnA12HourClock(t *testing.T) {
	clock := focus.NewFakeClock(time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC))
	e := focus.NewEngine(clock, focus.Settings{Plan: focus.Pomodoro, AutoStartBreak: true})
	e.Start(0, "")
	clock.Advance(25 * time.Minute)
	evs := e.Tick()
	n, _ := describe(evs, time.UTC, timefmt.H12)
	if want := "25 min of deep work. Short break until 1:35 PM."; n.Body != want {
		t.Fatalf("body %q, want %q", n.Body, want)
	}
	if n, _ := describe(evs, time.UTC, timefmt.H24); !strings.HasSuffix(n.Body, "until 13:35.") {
		t.Fatalf("24-hour body %q", n.Body)
	}
}

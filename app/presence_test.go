package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/away"
	"github.com/headsdown-app/headsdown/app/control"
)

// Slack never expires a presence of away, so no way out of Heads Down
// leaves it behind. A SIGTERM (logout, shutdown) puts it back; the status,
// which expires by itself, and the block, which the next start picks up,
// stay as they are.
func TestSIGTERMPutsPresenceBack(t *testing.T) {
	r, desk, clock, srv := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	desk.send(t, away.Locked, clock.Now())
	waitFor(t, "away on Slack", func() bool { return srv.Presence() == "away" && strings.HasPrefix(srv.Status().Text, "Away since") })

	r.cancel() // what signal.NotifyContext does on SIGTERM
	select {
	case <-r.app.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the app did not stop")
	}
	if p := srv.Presence(); p != "auto" {
		t.Fatalf("presence %q after SIGTERM, want auto", p)
	}
	if st := srv.Status(); !strings.HasPrefix(st.Text, "Away since") || st.Expiration == 0 {
		t.Errorf("the status was changed on the way out: %+v (it expires by itself)", st)
	}
}

// The end of the session (logout, shutdown) stops the app as a SIGTERM
// does, presence put back, before the signal that may come too late.
func TestSessionEndingStopsAndPutsPresenceBack(t *testing.T) {
	r, desk, clock, srv := awayRig(t, true, "")
	r.do(t, control.Request{Cmd: control.CmdAFK})
	waitFor(t, "away on Slack", func() bool { return srv.Presence() == "away" })
	desk.send(t, away.Ending, clock.Now())
	select {
	case <-r.app.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the app did not stop at the end of the session")
	}
	if p := srv.Presence(); p != "auto" {
		t.Fatalf("presence %q after the session ended, want auto", p)
	}
}

// A crash after Slack was set away (the process killed, the battery dead):
// what Heads Down did is on record, so the next start puts presence back
// even when nothing then asks for away: set away for the evening, dead
// overnight, started again in working hours.
func TestCrashThenStartPutsPresenceBack(t *testing.T) {
	srv, dir := withSlack(t)
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		cfg += d + " = [\"09:00-17:00\"]\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg+presenceOn), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Desktop: newFakeDesktop(true)})
	waitFor(t, "off hours, away on Slack", func() bool {
		return srv.Presence() == "away" && strings.HasPrefix(srv.Status().Text, "Off for the day")
	})
	// The crash: the app ends while Slack does not answer, as if it had
	// died; Slack is left showing away.
	srv.SetDown(true)
	r.stop()
	if p := srv.Presence(); p != "away" {
		t.Fatalf("the crash did not leave presence away (%q): the test proves nothing", p)
	}
	srv.SetDown(false)

	clock.Advance(14 * time.Hour) // 10:00 the next day: working hours, nothing wants away
	launchApp(t, dir, Options{Clock: clock, Location: time.UTC, Desktop: newFakeDesktop(true)})
	waitFor(t, "presence put back after the restart", func() bool { return srv.Presence() == "auto" })
}

// [away] presence = false (the default) sets no presence at all: away and
// off hours are said by the status, which expires.
func TestPresenceOptOutSetsNoPresence(t *testing.T) {
	srv, dir := withSlack(t)
	cfg, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), presenceOn, "", 1))
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	r := startApp(t, dir)
	r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "30m"})
	waitSlack(t, "the away status", func() bool { return strings.HasPrefix(srv.Status().Text, "Away, back ") })
	r.do(t, control.Request{Cmd: control.CmdBack})
	waitSlack(t, "the user's status back", func() bool { return srv.Status().Text == "Working from Lisbon" })
	r.stop()
	for _, c := range srv.Calls() {
		if c.Method == "users.setPresence" {
			t.Fatalf("presence set with [away] presence off: %s", c.String())
		}
	}
}

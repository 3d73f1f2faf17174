package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/away/awaytest"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// The real binary on a private session bus and a private "system" bus
// with a fake logind and GNOME's screen saver: a lock sets AFK on Slack
// and pauses the block, an unlock brings both back, a suspend is acted on
// before the machine sleeps (the delay lock is let go once Slack shows
// away), and a lock longer than resume_within stops the block at the
// moment you left.
func TestSmokeAwayFromTheDesktop(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	_, session := startDesktop(t, ctx)
	system, err := awaytest.StartSystemBus(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(system.Stop)
	logind, err := awaytest.StartLogind(system.Address)
	if err != nil {
		t.Fatal(err)
	}
	defer logind.Close()
	saver, err := awaytest.StartScreenSaver(session.Address, "org.gnome.ScreenSaver")
	if err != nil {
		t.Fatal(err)
	}
	defer saver.Close()

	const token = "xoxp-smoke-0000-2222-awayaway"
	slack := slacktest.New(token)
	defer slack.Close()
	slack.SetStatus(slacktest.Status{Text: "Reviewing PRs", Emoji: ":eyes:"})
	dataDir := t.TempDir()
	cfg := allWeekHours() + "[away]\npresence = true\nresume_within = \"1m\"\ntext = \"Away since {since}\"\n"
	if err := os.WriteFile(filepath.Join(dataDir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+session.Address, "DBUS_SYSTEM_BUS_ADDRESS="+system.Address,
		"DISPLAY=", "HEADSDOWN_DATA_DIR="+dataDir, "HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_API_URL="+slack.APIURL)
	in := launch(t, bin, env, "--headless", "-v")
	waitUntil(t, "Slack connected and logind live", 15*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		if code != 0 {
			return false
		}
		st := in.status(t)
		live := false
		for _, s := range st.AwaySources {
			live = live || (s.Name == "logind" && s.What == "lock" && s.Live)
		}
		return st.Slack.Connection == "connected" && live
	})
	waitUntil(t, "the inhibitor lock taken", 10*time.Second, logind.InhibitorHeld)

	if _, errs, code := in.cli(t, "start", "25m"); code != 0 {
		t.Fatalf("start: %s", errs)
	}
	waitUntil(t, "heads down on Slack", 10*time.Second, func() bool { return strings.HasPrefix(slack.Status().Text, "Heads down") })

	// Lock: away within a second, block paused.
	locked := time.Now()
	if err := logind.Lock(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "away on the lock", 10*time.Second, func() bool {
		st := in.status(t)
		return st.AFK && st.AwayReason == "lock" && st.State == "paused" && slack.Presence() == "away" &&
			strings.HasPrefix(slack.Status().Text, "Away since ")
	})
	t.Logf("lock → away on Slack and the block paused in %v", time.Since(locked).Round(time.Millisecond))
	if out, _, _ := in.cli(t, "status"); !strings.Contains(out, "(screen locked)") {
		t.Fatalf("status does not say why:\n%s", out)
	}

	// Unlock: back, the block runs again.
	if err := logind.Unlock(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "back on the unlock", 10*time.Second, func() bool {
		st := in.status(t)
		return !st.AFK && st.State == "focus" && slack.Presence() == "auto" && strings.HasPrefix(slack.Status().Text, "Heads down")
	})

	// Suspend: away before the machine sleeps; the delay lock goes once
	// Slack shows it. Resume: back at once.
	if err := logind.Sleep(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the delay lock let go", 10*time.Second, func() bool { return !logind.InhibitorHeld() })
	if slack.Presence() != "away" {
		t.Fatalf("the machine may sleep while Slack shows presence %q", slack.Presence())
	}
	if st := in.status(t); st.AwayReason != "suspend" || st.State != "paused" {
		t.Fatalf("asleep: reason %q, state %s", st.AwayReason, st.State)
	}
	if err := logind.Wake(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "back on the resume", 10*time.Second, func() bool { st := in.status(t); return !st.AFK && st.State == "focus" })
	waitUntil(t, "a new delay lock", 10*time.Second, logind.InhibitorHeld)

	// A screen saver counts as a lock; away longer than resume_within
	// (1 min here) stops the block at the moment you left.
	if err := saver.SetActive(true); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "away on the screen saver", 10*time.Second, func() bool { st := in.status(t); return st.AFK && st.AwayReason == "lock" })
	left := in.status(t).AwaySince
	waitUntil(t, "more than resume_within away", 90*time.Second, func() bool { return time.Since(*left) > 61*time.Second })
	if err := saver.SetActive(false); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the block stopped", 10*time.Second, func() bool { st := in.status(t); return !st.AFK && st.State == "idle" })
	if out, _, _ := in.cli(t, "export", "--format", "csv"); !strings.Contains(out, "stopped") {
		t.Fatalf("export has no stopped block:\n%s", out)
	}
	if s := in.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "DATA RACE") {
		t.Fatalf("stderr:\n%s", s)
	}
}

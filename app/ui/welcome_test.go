package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// The welcome window: hours prefilled from the defaults and confirmed with
// one click (with launch at login), Slack connected from the same widgets
// as Settings, the create-from-manifest link, and a first block.
func TestWelcomeView(t *testing.T) {
	keyring.MockInit()
	const token = "xoxp-1111-2222-3333-welcomesecret"
	srv := slacktest.New(token)
	defer srv.Close()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	test.NewTempApp(t)
	var s saver
	login := &fakeLogin{}
	var started, closed, left int
	startErr := error(nil)
	v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login,
		Slack: &keyringSlack{apiURL: srv.APIURL, socket: control.SocketPath(t.TempDir()), vault: slackapi.Vault{Dir: t.TempDir()}}},
		func() error { started++; return startErr }, func() { closed++ }, func() { left++ })
	test.NewTempWindow(t, v.Content)

	// The hours are the defaults, ready to confirm.
	if got := v.Settings.Days[time.Monday].Hours.Text; got != "09:00-17:30" || !v.Settings.Days[time.Monday].On.Checked {
		t.Fatalf("Monday prefilled as %q (on %v)", got, v.Settings.Days[time.Monday].On.Checked)
	}
	if v.CreateApp.URL.String() != slackapi.ManifestURL() {
		t.Fatalf("the create-app link is %s", v.CreateApp.URL)
	}

	// A change, launch at login, then Confirm: saved, confirmed.
	v.Settings.Days[time.Friday].Hours.SetText("09:00-13:00")
	test.Tap(v.Settings.LaunchAtLogin)
	test.Tap(v.Confirm)
	saved := s.last(t)
	if !saved.WorkingHours.Confirmed || strings.Join(saved.WorkingHours.Friday, ",") != "09:00-13:00" {
		t.Fatalf("saved hours %+v", saved.WorkingHours)
	}
	if !login.on || !strings.HasPrefix(v.Message.Text, "Saved.") {
		t.Fatalf("launch at login %v, message %q", login.on, v.Message.Text)
	}

	// A bad day is not saved, and says why.
	v.Settings.Days[time.Tuesday].Hours.SetText("9 to 5")
	test.Tap(v.Confirm)
	if len(s.saved) != 1 || v.Message.Text == "" || !strings.Contains(v.Message.Text, "Tuesday") {
		t.Fatalf("bad hours: %d saves, message %q", len(s.saved), v.Message.Text)
	}

	// Slack, through the settings' own widgets.
	v.Settings.Token.SetText(token)
	test.Tap(v.Settings.Connect)
	if !strings.HasPrefix(v.Settings.SlackState.Text, "Connected as @ana") {
		t.Fatalf("Slack: %q", v.Settings.SlackState.Text)
	}

	// A first block: refused (the app is not running) keeps the window open.
	// (Tuesday as it was saved: a first block with hours edited but not
	// saved asks about them; see TestWelcomeKeepsWhatWasTicked.)
	v.Settings.Days[time.Tuesday].Hours.SetText("09:00-17:30")
	startErr = errors.New("Heads Down is not running")
	test.Tap(v.Start)
	if closed != 0 || !strings.Contains(v.Message.Text, "not running") {
		t.Fatalf("start refused: closed %d, message %q", closed, v.Message.Text)
	}
	startErr = nil
	test.Tap(v.Start)
	if started != 2 || closed != 1 {
		t.Fatalf("start: %d starts, %d closes", started, closed)
	}
	test.Tap(v.Later)
	if left != 1 {
		t.Fatal("Later does not leave")
	}
}

// Every way out of the welcome window keeps a ticked "Launch Heads Down
// when I log in": a first block (which closes it), Later, closing it. Hours
// edited but not confirmed are asked about, never dropped in silence.
func TestWelcomeKeepsWhatWasTicked(t *testing.T) {
	for _, way := range []string{"start", "later"} {
		t.Run(way, func(t *testing.T) {
			test.NewTempApp(t)
			var s saver
			login := &fakeLogin{}
			var closed, left int
			v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login},
				func() error { return nil }, func() { closed++ }, func() { left++ })
			test.NewTempWindow(t, v.Content)
			test.Tap(v.Settings.LaunchAtLogin)
			if way == "start" {
				test.Tap(v.Start)
				if closed != 1 {
					t.Fatalf("a first block: %d closes, %d leaves", closed, left)
				}
			} else {
				test.Tap(v.Later)
				if left != 1 {
					t.Fatalf("later: %d leaves", left)
				}
			}
			if !login.on || len(login.sets) != 1 {
				t.Fatalf("launch at login %v after %d sets: the tick was dropped", login.on, len(login.sets))
			}
			if len(s.saved) != 0 {
				t.Fatalf("the hours were saved (confirmed) without Confirm: %+v", s.saved)
			}
			if v.Settings.Changed() {
				t.Fatal("the form still counts the kept tick as unsaved: leaving would ask about it")
			}
		})
	}
	t.Run("start with hours not confirmed", func(t *testing.T) {
		test.NewTempApp(t)
		var s saver
		login := &fakeLogin{}
		var closed, left int
		v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login},
			func() error { return nil }, func() { closed++ }, func() { left++ })
		test.NewTempWindow(t, v.Content)
		v.Settings.Days[time.Friday].Hours.SetText("09:00-13:00")
		test.Tap(v.Settings.LaunchAtLogin)
		test.Tap(v.Start)
		if closed != 0 || left != 1 || !login.on {
			t.Fatalf("%d closes, %d leaves, launch at login %v; want the leave that asks, and the tick kept", closed, left, login.on)
		}
	})
}

package ui

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

func TestSettingsSlackConnectAndDisconnect(t *testing.T) {
	keyring.MockInit()
	const token = "xoxp-1111-2222-3333-secretsecret"
	srv := slacktest.New(token)
	defer srv.Close()
	srv.SetScopes("users.profile:read", "users.profile:write", "users:write")
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	account := &keyringSlack{apiURL: srv.APIURL, socket: control.SocketPath(t.TempDir()), vault: slackapi.Vault{Dir: t.TempDir()}}
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save, Slack: account})

	if !strings.HasPrefix(v.SlackState.Text, "Not connected") || !v.Disconnect.Disabled() || !v.Connect.Disabled() {
		t.Fatalf("fresh: %q", v.SlackState.Text)
	}
	test.Type(v.Token, "xoxb-a-bot-token")
	test.Tap(v.Connect)
	if !strings.Contains(v.SlackState.Text, "bot token") || v.Token.Text == "" {
		t.Fatalf("bot token: %q (token kept: %v)", v.SlackState.Text, v.Token.Text != "")
	}
	v.Token.SetText("xoxp-wrong")
	test.Tap(v.Connect)
	if !strings.Contains(v.SlackState.Text, "invalid_auth") {
		t.Fatalf("wrong token: %q", v.SlackState.Text)
	}
	v.Token.SetText(token)
	v.Token.OnSubmitted(v.Token.Text) // Enter in the token field connects
	if !strings.HasPrefix(v.SlackState.Text, "Connected as @ana in Acme.") || !strings.Contains(v.SlackState.Text, "dnd:write") {
		t.Fatalf("connected: %q", v.SlackState.Text)
	}
	if v.Token.Text != "" || v.Disconnect.Disabled() {
		t.Fatal("token left on screen or Disconnect unavailable")
	}
	if got, _ := keyring.Get("Heads Down", "slack-user-token"); got != token {
		t.Fatal("token not stored in the keyring")
	}
	// Reopening checks the stored token.
	v2 := NewSettingsView(config.Default(), SettingsDeps{Save: (&saver{}).save, Slack: account})
	if !strings.HasPrefix(v2.SlackState.Text, "Connected as @ana") {
		t.Fatalf("reopened: %q", v2.SlackState.Text)
	}
	// The app-level token for pings: checked with apps.connections.open.
	const appTok = "xapp-1-A0001-1-secretappsecret"
	srv.SetAppToken(appTok)
	v.AppToken.SetText(token)
	test.Tap(v.ConnectApp)
	if !strings.Contains(v.AppState.Text, "not an app-level token") {
		t.Fatalf("user token as app token: %q", v.AppState.Text)
	}
	v.AppToken.SetText("xapp-1-A0001-1-wrong")
	v.AppToken.OnSubmitted(v.AppToken.Text)
	if !strings.Contains(v.AppState.Text, "did not accept") {
		t.Fatalf("wrong app token: %q", v.AppState.Text)
	}
	v.AppToken.SetText(appTok)
	test.Tap(v.ConnectApp)
	if v.AppState.Text != "Pings arrive at once (Socket Mode)." || v.AppToken.Text != "" {
		t.Fatalf("app token: %q", v.AppState.Text)
	}
	if got, _ := keyring.Get("Heads Down", "slack-app-token"); got != appTok {
		t.Fatal("app token not stored in the keyring")
	}
	srv.Revoke()
	v3 := NewSettingsView(config.Default(), SettingsDeps{Save: (&saver{}).save, Slack: account})
	if !strings.Contains(v3.SlackState.Text, "Disconnected") || !strings.Contains(v3.SlackState.Text, "token_revoked") {
		t.Fatalf("revoked: %q", v3.SlackState.Text)
	}
	test.Tap(v.Disconnect)
	if !strings.HasPrefix(v.SlackState.Text, "Disconnected.") || !v.Disconnect.Disabled() {
		t.Fatalf("after disconnect: %q", v.SlackState.Text)
	}
	if _, err := keyring.Get("Heads Down", "slack-user-token"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("token still in the keyring: %v", err)
	}
	if _, err := keyring.Get("Heads Down", "slack-app-token"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("app token still in the keyring: %v", err)
	}
	for _, l := range []string{v.SlackState.Text, v2.SlackState.Text, v3.SlackState.Text, v.AppState.Text} {
		if strings.Contains(l, "secretsecret") || strings.Contains(l, "secretappsecret") {
			t.Fatal("the token was shown")
		}
	}
}

// fakeApp answers the control socket like a running Heads Down: a reload
// succeeds, or fails with refuse when it is not empty. It returns the
// socket and the number of reloads asked for.
func fakeApp(t *testing.T, refuse string) (string, *atomic.Int32) {
	t.Helper()
	var reloads atomic.Int32
	socket := serveControl(t, func(_ context.Context, req control.Request) control.Response {
		if req.Cmd != control.CmdReload {
			return control.Response{Error: "unexpected " + req.Cmd}
		}
		reloads.Add(1)
		if refuse != "" {
			return control.Response{Error: refuse}
		}
		return control.Response{OK: true}
	})
	return socket, &reloads
}

// serveControl serves h on a real control socket until the test ends, as
// the running app does, and returns the socket's path (on Windows, the
// name of a named pipe: control.SocketPath is each OS's address).
func serveControl(t *testing.T, h control.Handler) string {
	t.Helper()
	socket, _ := serveControlStop(t, h)
	return socket
}

// serveControlStop is serveControl with a stop that ends the serving
// before the test does (the app quit); stopping twice is stopping once.
func serveControlStop(t *testing.T, h control.Handler) (socket string, stop func()) {
	t.Helper()
	socket = control.SocketPath(t.TempDir())
	ln, err := control.Listen(socket)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- control.Serve(ctx, ln, h, slog.New(slog.DiscardHandler)) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-served; err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(stop)
	return socket, stop
}

// A sign-in (or app token, or sign-out) is stored in the keyring and then
// the running app is asked to reload. When it refuses, because its
// settings file is broken, the window must say so beside the change, not
// report a plain success that the app is not acting on.
func TestSettingsSlackShowsAReloadTheAppRefused(t *testing.T) {
	const (
		token  = "xoxp-1111-2222-3333-secretsecret"
		appTok = "xapp-1-A0001-1-secretappsecret"
	)
	// What the app answers today when config.toml does not load.
	broken := "[focus]\npomodoro = \"25m\"\n\n[working_hours]\n\n\nmonday = [\"09:00-12:00\", \"11:00-17:00\"]\n"
	_, perr := config.Parse("/home/ana/.config/headsdown/config.toml", []byte(broken))
	if perr == nil {
		t.Fatal("the broken file parsed")
	}
	refused := "settings not applied, keeping the previous ones: " + perr.Error()

	type outcome struct {
		label   func(v *SettingsView) *widget.Label
		prefix  string // the change itself
		entry   func(v *SettingsView) *Entry
		connect bool // Disconnect is offered afterwards
	}
	signIn := outcome{label: func(v *SettingsView) *widget.Label { return v.SlackState }, prefix: "Connected as @ana in Acme.",
		entry: func(v *SettingsView) *Entry { return v.Token }, connect: true}
	appToken := outcome{label: func(v *SettingsView) *widget.Label { return v.AppState }, prefix: "Pings arrive at once (Socket Mode).",
		entry: func(v *SettingsView) *Entry { return v.AppToken }, connect: true}
	signOut := outcome{label: func(v *SettingsView) *widget.Label { return v.SlackState }, prefix: "Disconnected.",
		entry: func(v *SettingsView) *Entry { return v.Token }}

	for _, c := range []struct {
		name     string
		signedIn bool // a user token is in the keyring already
		running  bool
		refuse   string
		act      func(v *SettingsView)
		want     outcome
	}{
		{"sign-in, app refuses the reload", false, true, refused, func(v *SettingsView) { v.Token.SetText(token); test.Tap(v.Connect) }, signIn},
		{"sign-in, app reloads", false, true, "", func(v *SettingsView) { v.Token.SetText(token); test.Tap(v.Connect) }, signIn},
		{"sign-in, app not running", false, false, "", func(v *SettingsView) { v.Token.SetText(token); test.Tap(v.Connect) }, signIn},
		{"app token, app refuses the reload", true, true, refused, func(v *SettingsView) { v.AppToken.SetText(appTok); test.Tap(v.ConnectApp) }, appToken},
		{"sign-out, app refuses the reload", true, true, refused, func(v *SettingsView) { test.Tap(v.Disconnect) }, signOut},
	} {
		t.Run(c.name, func(t *testing.T) {
			keyring.MockInit()
			t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
			srv := slacktest.New(token)
			defer srv.Close()
			srv.SetScopes("users.profile:read", "users.profile:write", "users:write", "dnd:write")
			srv.SetAppToken(appTok)
			if c.signedIn {
				if err := keyring.Set("Heads Down", "slack-user-token", token); err != nil {
					t.Fatal(err)
				}
			}
			socket, reloads := control.SocketPath(t.TempDir()), new(atomic.Int32)
			if c.running {
				socket, reloads = fakeApp(t, c.refuse)
			}
			v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save,
				Slack: &keyringSlack{apiURL: srv.APIURL, socket: socket, vault: slackapi.Vault{Dir: t.TempDir()}}})

			c.act(v)

			label := c.want.label(v)
			if !strings.HasPrefix(label.Text, c.want.prefix) {
				t.Fatalf("line %q, want it to start with %q", label.Text, c.want.prefix)
			}
			if c.running && reloads.Load() != 1 {
				t.Errorf("the app was asked to reload %d times", reloads.Load())
			}
			if c.want.entry(v).Text != "" {
				t.Error("the token stays on screen although it is stored")
			}
			if v.Disconnect.Disabled() == c.want.connect {
				t.Errorf("Disconnect disabled = %v", v.Disconnect.Disabled())
			}
			if c.refuse == "" {
				if strings.Contains(label.Text, "reload") || label.Importance != widget.MediumImportance {
					t.Fatalf("line %q (importance %v), want the plain line", label.Text, label.Importance)
				}
				return
			}
			for _, frag := range []string{"The running app could not reload", "line 7: [working_hours] monday: 11:00-17:00 overlaps 09:00-12:00",
				"fix the settings and Save"} {
				if !strings.Contains(label.Text, frag) {
					t.Errorf("line %q lacks %q", label.Text, frag)
				}
			}
			if label.Importance != widget.WarningImportance {
				t.Errorf("importance %v, want a warning", label.Importance)
			}
			if strings.Contains(label.Text, "secret") {
				t.Error("a token was shown")
			}
		})
	}
}

// The account's contract: a *ReloadError comes with the line of the change
// made, and the window treats the change as done.
func TestSlackLine(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		text string
		imp  widget.Importance
		done bool
	}{
		{"done", nil, "Connected as @ana in Acme.", widget.MediumImportance, true},
		{"refused", errors.New("invalid_auth"), "invalid_auth", widget.DangerImportance, false},
		{"done, app not reloaded", &ReloadError{Err: errors.New("settings not applied")},
			"Connected as @ana in Acme.\nThe running app could not reload: settings not applied — fix the settings and Save, and it reloads.",
			widget.WarningImportance, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			line := "Connected as @ana in Acme."
			if c.err != nil && !c.done {
				line = ""
			}
			text, imp, done := slackLine(line, c.err)
			if text != c.text || imp != c.imp || done != c.done {
				t.Fatalf("slackLine = %q, %v, %v; want %q, %v, %v", text, imp, done, c.text, c.imp, c.done)
			}
		})
	}
}

// With no keyring service (i3, sway, a bare XFCE) the section connects all
// the same, says plainly where the token is, and never shows the D-Bus error.
func TestSettingsSlackWithoutAKeyring(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: Credential Manager is always there, so there is no keyring-less file to fall back on")
	}
	keyring.MockInitWithError(errors.New("dbus: couldn't determine address of session bus"))
	t.Cleanup(keyring.MockInit)
	const token = "xoxp-1111-2222-3333-nokeyringsecret"
	srv := slacktest.New(token)
	defer srv.Close()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	dir := t.TempDir()
	account := &keyringSlack{apiURL: srv.APIURL, socket: control.SocketPath(t.TempDir()), vault: slackapi.Vault{Dir: dir}}
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save, Slack: account})
	if !strings.HasPrefix(v.SlackState.Text, "Not connected") {
		t.Fatalf("fresh, without a keyring: %q", v.SlackState.Text)
	}
	v.Token.SetText(token)
	test.Tap(v.Connect)
	file := filepath.Join(dir, slackapi.TokenFileName)
	want := "No keyring service is running here, so the token is kept in " + file + ", which only you can read"
	if !strings.HasPrefix(v.SlackState.Text, "Connected as @ana in Acme.") || !strings.Contains(v.SlackState.Text, want) {
		t.Fatalf("connected without a keyring: %q", v.SlackState.Text)
	}
	if strings.Contains(v.SlackState.Text, "dbus") {
		t.Fatalf("the D-Bus error reached the window: %q", v.SlackState.Text)
	}
	reopened := NewSettingsView(config.Default(), SettingsDeps{Save: (&saver{}).save, Slack: account})
	if !strings.Contains(reopened.SlackState.Text, want) {
		t.Fatalf("reopened: %q", reopened.SlackState.Text)
	}
	test.Tap(v.Disconnect)
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Disconnect left the token file: %v", err)
	}
}

// Settings → Slack links to Slack's create-an-app page with the manifest.
func TestSettingsSlackLinksTheManifest(t *testing.T) {
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})
	if v.CreateApp == nil || v.CreateApp.URL.String() != slackapi.ManifestURL() {
		t.Fatalf("the create-app link: %+v", v.CreateApp)
	}
}

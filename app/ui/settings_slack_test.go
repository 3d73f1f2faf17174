package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"headsdown/app/config"
	"headsdown/slackapi/slacktest"
)

func TestSettingsSlackConnectAndDisconnect(t *testing.T) {
	keyring.MockInit()
	const token = "xoxp-1111-2222-3333-secretsecret"
	srv := slacktest.New(token)
	defer srv.Close()
	srv.SetScopes("users.profile:read", "users.profile:write", "users:write")
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	account := &keyringSlack{apiURL: srv.APIURL, socket: filepath.Join(t.TempDir(), "none.sock")}
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

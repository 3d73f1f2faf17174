package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestSlackLoginStatusLogout(t *testing.T) {
	keyring.MockInit()
	const token = "xoxp-4242-4242-4242-tokentokentoken"
	srv := slacktest.New(token)
	defer srv.Close()
	srv.SetScopes("users.profile:read", "users.profile:write", "users:write")
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	t.Setenv("HEADSDOWN_SLACK_API_URL", srv.APIURL)
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")

	out, errs, code := runCLI(t, token+"\n", "slack", "login")
	if code != 0 || !strings.Contains(out, "Connected as @ana in Acme.") || !strings.Contains(out, "Saved in the OS keyring.") {
		t.Fatalf("login: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "dnd:write") || !strings.Contains(out, "snooze notifications") {
		t.Fatalf("missing scope not named:\n%s", out)
	}
	if strings.Contains(out+errs, token) {
		t.Fatal("the token was echoed")
	}
	if got, _ := keyring.Get(keyringServiceForTest, "slack-user-token"); got != token {
		t.Fatalf("keyring holds %q", got)
	}
	out, _, code = runCLI(t, "", "slack", "status")
	if code != 0 || !strings.Contains(out, "Connected as @ana in Acme (token from the OS keyring).") {
		t.Fatalf("status: %d %s", code, out)
	}
	out, _, code = runCLI(t, "", "slack", "logout")
	if code != 0 || !strings.Contains(out, "Signed out") {
		t.Fatalf("logout: %d %s", code, out)
	}
	out, _, _ = runCLI(t, "", "slack", "status")
	if !strings.Contains(out, "Not connected") {
		t.Fatalf("status after logout: %s", out)
	}
}

const keyringServiceForTest = "Heads Down"

func TestSlackLoginRefusals(t *testing.T) {
	keyring.MockInit()
	srv := slacktest.New("xoxp-right")
	defer srv.Close()
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	t.Setenv("HEADSDOWN_SLACK_API_URL", srv.APIURL)
	cases := map[string]string{
		"xoxp-wrong-token-value\n": "invalid_auth",
		"xoxb-bot\n":               "bot token",
		"\n":                       "no token given",
		"":                         "read the token",
	}
	for in, want := range cases {
		_, errs, code := runCLI(t, in, "slack", "login")
		if code != 1 || !strings.Contains(errs, want) || (strings.TrimSpace(in) != "" && strings.Contains(errs, strings.TrimSpace(in))) {
			t.Errorf("login with %q: exit %d, %q (want %q, token not echoed)", in, code, errs, want)
		}
	}
	if _, err := keyring.Get(keyringServiceForTest, "slack-user-token"); err == nil {
		t.Fatal("a refused token was stored")
	}
	if _, errs, code := runCLI(t, "", "slack"); code != 2 || !strings.Contains(errs, "login, logout, status") {
		t.Fatalf("bare slack: %d %q", code, errs)
	}
}

const (
	testUserToken = "xoxp-1111-2222-3333-usertokenvalue"
	testAppToken  = "xapp-1-A111-2222-apptokenvalue"
)

// withBothTokens starts from a mock keyring holding a user and an app-level
// token, and no environment overrides; it returns the data (and config)
// directory.
func withBothTokens(t *testing.T) string {
	t.Helper()
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	t.Setenv(slackapi.EnvToken, "")
	t.Setenv(slackapi.EnvAppToken, "")
	v := slackapi.Vault{Dir: dir}
	if _, err := v.Save(slackapi.UserToken, testUserToken); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Save(slackapi.AppToken, testAppToken); err != nil {
		t.Fatal(err)
	}
	return dir
}

func inKeyring(t *testing.T, user string) bool {
	t.Helper()
	_, err := keyring.Get(keyringServiceForTest, user)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func TestSlackLogoutRemovesBothTokens(t *testing.T) {
	withBothTokens(t)
	t.Setenv(slackapi.EnvAppToken, testAppToken)
	out, errs, code := runCLI(t, "", "slack", "logout")
	if code != 0 || !strings.Contains(out, "Signed out: removed the user token and the app-level token.") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if inKeyring(t, "slack-user-token") || inKeyring(t, "slack-app-token") {
		t.Fatal("a token is still in the keyring")
	}
	if !strings.Contains(out, slackapi.EnvAppToken+" is still set") || strings.Contains(out, slackapi.EnvToken+" is still set") {
		t.Fatalf("the environment note is wrong:\n%s", out)
	}
	// Logging out again is fine and says so: there is nothing left to remove.
	t.Setenv(slackapi.EnvAppToken, "")
	out, errs, code = runCLI(t, "", "slack", "logout")
	if code != 0 || out != "Not signed in: no Slack token is stored, so there was nothing to remove.\n" || errs != "" {
		t.Fatalf("second logout: exit %d\n%q %q", code, out, errs)
	}
}

func TestSlackLogoutGoesOnPastOneFailure(t *testing.T) {
	cases := []struct {
		name          string
		failing       string // the keyring entry that is locked
		failed, kept  string // token names in the messages
		stays, leaves string // keyring entries
	}{
		{"user token fails", "slack-user-token", "the user token", "the app-level token", "slack-user-token", "slack-app-token"},
		{"app token fails", "slack-app-token", "the app-level token", "the user token", "slack-app-token", "slack-user-token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("HEADSDOWN_DATA_DIR", dir)
			t.Setenv(slackapi.EnvToken, "")
			t.Setenv(slackapi.EnvAppToken, "")
			kr := &slacktest.Keyring{}
			saved := newVault
			t.Cleanup(func() { newVault = saved })
			newVault = func(dir string) slackapi.Vault { return slackapi.Vault{Dir: dir, Keyring: kr} }
			v := newVault(dir)
			if _, err := v.Save(slackapi.UserToken, testUserToken); err != nil {
				t.Fatal(err)
			}
			if _, err := v.Save(slackapi.AppToken, testAppToken); err != nil {
				t.Fatal(err)
			}
			kr.Refuse(c.failing)
			out, errs, code := runCLI(t, "", "slack", "logout")
			if code != 1 || !strings.Contains(errs, c.failed+" was not removed: could not remove "+c.failed+
				" from the keyring: it may be locked") || strings.Contains(errs, "org/freedesktop") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			if out != "Removed "+c.kept+".\n" {
				t.Fatalf("stdout %q", out)
			}
			_, stays := kr.Item(keyringServiceForTest, c.stays)
			_, leaves := kr.Item(keyringServiceForTest, c.leaves)
			if !stays || leaves {
				t.Fatalf("after logout: %s present %v, %s present %v", c.stays, stays, c.leaves, leaves)
			}
		})
	}
}

// withFakeSlack points the CLI at a fake Slack that accepts token, with an
// empty data folder (returned) and no tokens in the environment.
func withFakeSlack(t *testing.T, token string) string {
	t.Helper()
	srv := slacktest.New(token)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	t.Setenv("HEADSDOWN_SLACK_API_URL", srv.APIURL)
	t.Setenv(slackapi.EnvToken, "")
	t.Setenv(slackapi.EnvAppToken, "")
	return dir
}

// Without a keyring service (i3, sway, a bare XFCE), login keeps the token
// in an owner-only file and says so; status and logout work with it; once
// a keyring runs, the token moves into it.
func TestSlackWithoutAKeyring(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: Credential Manager is always there, so there is no keyring-less file to fall back on")
	}
	const token = "xoxp-4242-4242-4242-nokeyringtoken"
	dir := withFakeSlack(t, token)
	keyring.MockInitWithError(dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
		Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}})
	t.Cleanup(keyring.MockInit)
	file := filepath.Join(dir, slackapi.TokenFileName)

	// Nothing stored: plain sentences, exit 0.
	if out, errs, code := runCLI(t, "", "slack", "status"); code != 0 || errs != "" || !strings.HasPrefix(out, "Not connected: no Slack token is stored.") {
		t.Fatalf("status with nothing stored: exit %d %q %q", code, out, errs)
	}
	if out, errs, code := runCLI(t, "", "slack", "logout"); code != 0 || errs != "" || !strings.HasPrefix(out, "Not signed in") {
		t.Fatalf("logout with nothing stored: exit %d %q %q", code, out, errs)
	}

	out, errs, code := runCLI(t, token+"\n", "slack", "login")
	if code != 0 || !strings.Contains(out, "No keyring service is running here, so the token is saved in "+file+", which only you can read.") {
		t.Fatalf("login: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out+errs, "org.freedesktop") || strings.Contains(out+errs, token) {
		t.Fatalf("raw D-Bus error or the token shown:\n%s%s", out, errs)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	if cfg, err := os.ReadFile(filepath.Join(dir, "config.toml")); err == nil && strings.Contains(string(cfg), token) {
		t.Fatal("the token is in config.toml")
	}
	out, _, code = runCLI(t, "", "slack", "status")
	if code != 0 || !strings.Contains(out, "(token from "+file+", as no keyring service is running)") {
		t.Fatalf("status: %d %s", code, out)
	}

	// A keyring appears: the token moves into it, the file goes.
	keyring.MockInit()
	out, _, code = runCLI(t, "", "slack", "status")
	if code != 0 || !strings.Contains(out, "(token from the OS keyring)") {
		t.Fatalf("status once a keyring runs: %d %s", code, out)
	}
	if got, _ := keyring.Get(keyringServiceForTest, "slack-user-token"); got != token {
		t.Fatalf("keyring holds %q", got)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the token file is left after the move: %v", err)
	}
	out, _, code = runCLI(t, "", "slack", "logout")
	if code != 0 || !strings.HasPrefix(out, "Signed out: removed the user token.") {
		t.Fatalf("logout: %d %q", code, out)
	}
}

// A keyring that is there but refuses is an error in a plain sentence, and
// the token is not written anywhere else.
func TestSlackLoginLockedKeyring(t *testing.T) {
	const token = "xoxp-4242-4242-4242-lockedkeyring"
	dir := withFakeSlack(t, token)
	keyring.MockInitWithError(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"))
	t.Cleanup(keyring.MockInit)
	_, errs, code := runCLI(t, token+"\n", "slack", "login")
	if code != 1 || !strings.Contains(errs, "could not store the user token in the keyring: it may be locked") ||
		strings.Contains(errs, "org/freedesktop") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, slackapi.TokenFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the token went to a file although a keyring is there")
	}
}

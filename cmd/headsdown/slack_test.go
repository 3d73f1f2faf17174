package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

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
	if code != 0 || !strings.Contains(out, "Connected as @ana in Acme (token from keyring).") {
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
// token, and no environment overrides.
func withBothTokens(t *testing.T) {
	t.Helper()
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	t.Setenv(slackapi.EnvToken, "")
	t.Setenv(slackapi.EnvAppToken, "")
	if err := slackapi.SaveToken(testUserToken); err != nil {
		t.Fatal(err)
	}
	if err := slackapi.SaveAppToken(testAppToken); err != nil {
		t.Fatal(err)
	}
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
	if code != 0 || !strings.Contains(out, "Signed out: removed the user token and the app-level token from the OS keyring.") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if inKeyring(t, "slack-user-token") || inKeyring(t, "slack-app-token") {
		t.Fatal("a token is still in the keyring")
	}
	if !strings.Contains(out, slackapi.EnvAppToken+" is still set") || strings.Contains(out, slackapi.EnvToken+" is still set") {
		t.Fatalf("the environment note is wrong:\n%s", out)
	}
	// Logging out again is fine: there is nothing left to remove.
	if out, errs, code := runCLI(t, "", "slack", "logout"); code != 0 {
		t.Fatalf("second logout: exit %d\n%s%s", code, out, errs)
	}
}

func TestSlackLogoutGoesOnPastOneFailure(t *testing.T) {
	cases := []struct {
		name          string
		fail          *func() error
		failed, kept  string // token names in the messages
		stays, leaves string // keyring entries
	}{
		{"user token fails", &deleteUserToken, "the user token", "the app-level token", "slack-user-token", "slack-app-token"},
		{"app token fails", &deleteAppToken, "the app-level token", "the user token", "slack-app-token", "slack-user-token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			withBothTokens(t)
			saved := *c.fail
			t.Cleanup(func() { *c.fail = saved })
			*c.fail = func() error { return errors.New("item is locked") }
			out, errs, code := runCLI(t, "", "slack", "logout")
			if code != 1 || !strings.Contains(errs, c.failed+" was not removed (item is locked)") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			if !strings.Contains(out, "Removed "+c.kept+" from the OS keyring.") || strings.Contains(out, "Signed out") {
				t.Fatalf("stdout %q", out)
			}
			if !inKeyring(t, c.stays) || inKeyring(t, c.leaves) {
				t.Fatalf("after logout: %s present %v, %s present %v", c.stays, inKeyring(t, c.stays), c.leaves, inKeyring(t, c.leaves))
			}
		})
	}
}

func TestSlackLogoutKeyringUnreachable(t *testing.T) {
	withBothTokens(t)
	cause := errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	keyring.MockInitWithError(cause)
	out, errs, code := runCLI(t, "", "slack", "logout")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"could not reach the OS keyring, so nothing was removed", cause.Error(), "running and unlocked", "slack logout"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
	if strings.Count(errs, "\n") != 1 {
		t.Errorf("the error is not one line: %q", errs)
	}
}

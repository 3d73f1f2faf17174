package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"headsdown/slackapi/slacktest"
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

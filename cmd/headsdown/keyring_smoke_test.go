package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// The real binaries on a desktop without a keyring service: a private
// D-Bus session with no Secret Service on it, as on i3, sway or a bare
// XFCE. `slack login` keeps the token in an owner-only file and says so;
// the app connects with it; the token is in no log and no config file.
func TestSmokeSlackWithoutAKeyring(t *testing.T) {
	needTools(t, "dbus-daemon")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bus := startSessionBus(t, ctx)

	const token = "xoxp-smoke-2222-3333-nokeyringtoken"
	slack := slacktest.New(token)
	defer slack.Close()
	dataDir := t.TempDir()
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus.Address, "HEADSDOWN_DATA_DIR="+dataDir,
		"HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=", "HEADSDOWN_SLACK_API_URL="+slack.APIURL)

	login := exec.Command(bin, "slack", "login")
	login.Env = env
	login.Stdin = strings.NewReader(token + "\n")
	out, err := login.CombinedOutput()
	file := filepath.Join(dataDir, slackapi.TokenFileName)
	if err != nil || !strings.Contains(string(out), "No keyring service is running here, so the token is saved in "+file) {
		t.Fatalf("slack login: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "org.freedesktop") || strings.Contains(string(out), token) {
		t.Fatalf("slack login shows the D-Bus error or the token:\n%s", out)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file %v: %v", fi, err)
	}

	in := launch(t, bin, env, "--headless")
	waitUntil(t, "the app connected to Slack with the token from the file", 20*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		if code != 0 {
			return false // not answering yet
		}
		st := in.status(t)
		return st.Slack.Connection == "connected" && st.Slack.User == "ana"
	})
	in.cmd.Process.Signal(syscall.SIGTERM)
	if err := in.wait(); err != nil {
		t.Fatalf("SIGTERM exit: %v", err)
	}
	for _, f := range []string{"headsdown.log", "config.toml", "headsdown.db"} {
		data, err := os.ReadFile(filepath.Join(dataDir, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(data), token) {
			t.Errorf("%s holds the token", f)
		}
	}
	if strings.Contains(in.stderr.String(), token) {
		t.Error("stderr holds the token")
	}
}

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// `headsdown doctor` from the real binary on a private session bus: first
// a bare one (no tray host, no notification daemon, no keyring) on a GNOME
// desktop, then with a tray host and a notification daemon.
func TestSmokeDoctor(t *testing.T) {
	needTools(t, "dbus-daemon")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bus := startSessionBus(t, ctx)
	dataDir := t.TempDir()
	if err := os.Chmod(dataDir, 0o700); err != nil { // as the app makes its folders
		t.Fatal(err)
	}
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus.Address, "HEADSDOWN_DATA_DIR="+dataDir,
		"XDG_CURRENT_DESKTOP=GNOME", "DISPLAY=", "HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
	doctor := func() (string, int) {
		cmd := exec.Command(bin, "doctor")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}

	out, code := doctor()
	if code != 1 {
		t.Fatalf("bare session: exit %d\n%s", code, out)
	}
	for _, want := range []string{
		"PROBLEM tray host",
		"gnome-shell-extension-appindicator",
		"PROBLEM notifications",
		"note    keyring",
		"no keyring service (Secret Service) is running",
		"note    slack ",
		"2 problems found.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bare session: the output lacks %q:\n%s", want, out)
		}
	}

	startTrayHost(t, bus)
	out, code = doctor()
	if code != 0 || !strings.Contains(out, "ok      tray host") || !strings.Contains(out, "No problems found.") {
		t.Fatalf("with a tray host and notifications: exit %d\n%s", code, out)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		t.Errorf("doctor wrote into the data folder: %v", entries)
	}
}

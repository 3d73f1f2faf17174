package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// With no session bus (a server, SSH, a container), neither `doctor` nor
// `--headless` starts one: a dbus-launch first on PATH records every run,
// and must never be run. doctor says plainly what is not available.
func TestSmokeNoSessionBusStartsNone(t *testing.T) {
	bin := buildBinary(t)
	stub := t.TempDir()
	ran := filepath.Join(stub, "ran")
	script := "#!/bin/sh\necho \"dbus-launch $*\" >> " + ran + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(stub, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	runtimeDir := t.TempDir() // no bus socket in it
	if _, err := os.Stat(filepath.Join("/run/user", strconv.Itoa(os.Getuid()), "bus")); err == nil {
		t.Skip("this machine has a user bus in /run/user, which is not autolaunching")
	}
	dataDir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DBUS_SESSION_BUS_ADDRESS", "PATH", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PATH="+stub+string(os.PathListSeparator)+os.Getenv("PATH"), "XDG_RUNTIME_DIR="+runtimeDir,
		"HEADSDOWN_DATA_DIR="+dataDir, "HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
	launched := func(when string) {
		t.Helper()
		if b, err := os.ReadFile(ran); err == nil {
			t.Fatalf("%s: a session bus was launched:\n%s", when, b)
		}
	}

	in := &instance{bin: bin, env: env}
	out, errs, code := in.cli(t, "doctor")
	if code != 1 || !strings.Contains(out, "tray host") || !strings.Contains(out, "not available: no D-Bus session bus") {
		t.Errorf("doctor: exit %d\n%s%s", code, out, errs)
	}
	launched("doctor")

	app := launch(t, bin, env, "--headless")
	waitUntil(t, "the headless app answers", 30*time.Second, func() bool {
		_, _, code := app.cli(t, "status")
		return code == 0
	})
	if _, _, code := app.cli(t, "start", "1"); code != 0 {
		t.Fatal("start refused")
	}
	app.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-app.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("the headless app did not stop on SIGTERM")
	}
	launched("headless")
}

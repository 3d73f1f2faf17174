//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freshHome is the environment of a new user: a home with nothing in it
// (no ~/.cache, no ~/.config, no ~/.Xauthority), a runtime folder, the
// desktop's display and session bus.
func freshHome(t *testing.T, display, bus string) (env []string, dataDir string) {
	t.Helper()
	home := t.TempDir()
	runtime := t.TempDir()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || strings.HasPrefix(k, "XDG_") || strings.HasPrefix(k, "HEADSDOWN_") || k == "XAUTHORITY" {
			continue
		}
		env = append(env, kv)
	}
	dataDir = filepath.Join(home, "data")
	return append(env, "HOME="+home, "XDG_RUNTIME_DIR="+runtime, "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus,
		"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY="), dataDir
}

// runToEnd runs headsdown ARGS to its end, as from a terminal.
func runToEnd(t *testing.T, bin string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out, errs syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	_ = cmd.Run() // the exit status is the answer
	if ctx.Err() != nil {
		t.Fatalf("headsdown %s did not return within 60 s (stderr %q)", strings.Join(args, " "), errs.String())
	}
	return out.String(), errs.String(), cmd.ProcessState.ExitCode()
}

// windowPID is the process of the window whose title has part (_NET_WM_PID;
// xdotool's pattern is a regular expression in ASCII).
func windowPID(t *testing.T, part string) int {
	t.Helper()
	out, err := exec.Command("xdotool", "search", "--name", part, "getwindowpid").Output()
	if err != nil {
		t.Fatalf("xdotool getwindowpid %q: %v", part, err)
	}
	fields := strings.Fields(string(out))
	pid, err := strconv.Atoi(fields[len(fields)-1])
	if err != nil {
		t.Fatalf("pid of %q: %q", part, out)
	}
	return pid
}

// `headsdown window NAME` from a terminal opens the window and returns,
// as xdg-open does; in a fresh home nothing but Heads Down's own words
// reach the terminal (no Fyne cache folder error, no XGB authority line),
// and two windows closing together leave no Fyne preferences error in the
// log. A window that cannot open says why, and the command fails.
func TestSmokeWindowFromTerminal(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "xwininfo", "xdotool")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	env, dataDir := freshHome(t, display, bus.Address)
	t.Setenv("DISPLAY", display) // for xdotool

	for _, w := range []struct{ name, title string }{{"custom", "Start focus"}, {"review", "Heads Down — Review pings"}} {
		out, errs, code := runToEnd(t, bin, env, "window", w.name)
		if code != 0 || out != "" || errs != "" {
			t.Fatalf("window %s: exit %d, stdout %q, stderr %q; want 0 and nothing said", w.name, code, out, errs)
		}
		if !windowShown(display, w.title) {
			t.Fatalf("window %s returned, but no window %q shows", w.name, w.title)
		}
	}
	// Both close at once, as at a logout or a Quit.
	pids := []int{windowPID(t, "^Start focus$"), windowPID(t, "Review pings$")}
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGTERM)
	}
	waitUntil(t, "both windows to close", 15*time.Second, func() bool {
		return !windowShown(display, "Start focus") && !windowShown(display, "Heads Down — Review pings")
	})
	for _, pid := range pids {
		waitUntil(t, "the window programs to end", 10*time.Second, func() bool { return syscall.Kill(pid, 0) != nil })
	}
	if log, _ := os.ReadFile(filepath.Join(dataDir, "headsdown.log")); strings.Contains(string(log), "Fyne error") {
		t.Fatalf("the windows' messages after they showed:\n%s", log)
	}

	// No display: the window program's words, then the command's, exit 1.
	bad := append(append([]string(nil), env...), "DISPLAY=:987")
	_, errs, code := runToEnd(t, bin, bad, "window", "settings")
	if code != 1 || !strings.Contains(errs, "headsdown-ui: cannot reach the display :987") ||
		!strings.Contains(errs, "headsdown: the settings window could not open") || strings.Contains(errs, "panic") {
		t.Fatalf("window settings with no display: exit %d, stderr:\n%s", code, errs)
	}
}

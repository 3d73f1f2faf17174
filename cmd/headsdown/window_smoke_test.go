//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
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

// xdotoolSearch are the windows whose title matches pattern.
func xdotoolSearch(t *testing.T, pattern string) []string {
	t.Helper()
	out, _ := exec.Command("xdotool", "search", "--name", pattern).Output() // exit 1: none
	return strings.Fields(string(out))
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
	// The window programs this test started (through the command), ended
	// however the test ends, before its folders are removed.
	pids := []int{windowPID(t, "^Start focus$"), windowPID(t, "Review pings$")}
	t.Cleanup(func() {
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGTERM)
		}
		for _, pid := range pids {
			waitEnded(t, "the window programs to end", pid)
		}
	})

	// One window of each kind: a second `window custom` brings the open
	// one to the front and returns, as the first did.
	if out, errs, code := runToEnd(t, bin, env, "window", "custom"); code != 0 || out != "" || errs != "" {
		t.Fatalf("window custom again: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if n := len(xdotoolSearch(t, "^Start focus$")); n != 1 {
		t.Fatalf("%d custom windows after a second `window custom`, want 1", n)
	}
	// Docks and task bars match the windows to Heads Down: WM_CLASS is the
	// .desktop file's StartupWMClass (not the title), and each has the
	// app's icon.
	desktop, err := os.ReadFile("../../packaging/dev.headsdown.app.desktop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(desktop), "\nStartupWMClass="+app.AppID+"\n") {
		t.Fatalf("the .desktop file has no StartupWMClass=%s:\n%s", app.AppID, desktop)
	}
	for title, pattern := range map[string]string{"Start focus": "^Start focus$", "Heads Down — Review pings": "Review pings$"} {
		ids := xdotoolSearch(t, pattern)
		if len(ids) != 1 {
			t.Fatalf("windows %q: %v", title, ids)
		}
		// By id: xprop -name compares WM_NAME, where the em dash cannot be.
		out, err := exec.Command("xprop", "-display", display, "-id", ids[0], "WM_CLASS", "_NET_WM_ICON").CombinedOutput()
		if err != nil {
			t.Fatalf("xprop %q: %v\n%s", title, err, out)
		}
		if want := `WM_CLASS(STRING) = "` + app.AppID + `", "` + app.AppID + `"`; !strings.Contains(string(out), want) {
			t.Errorf("window %q: %s\nwant %s", title, out, want)
		}
		if strings.Contains(string(out), "_NET_WM_ICON:  not found") || !strings.Contains(string(out), "_NET_WM_ICON(CARDINAL)") {
			t.Errorf("window %q has no icon: %.200s", title, out)
		}
	}

	// Both close at once, as at a logout or a Quit.
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGTERM)
	}
	waitUntil(t, "both windows to close", 15*time.Second, func() bool {
		return !windowShown(display, "Start focus") && !windowShown(display, "Heads Down — Review pings")
	})
	for _, pid := range pids {
		waitEnded(t, "the window programs to end", pid)
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

// The review window at its default size (640×560) with a dozen pings of
// every kind, drawn for real: a screenshot for the docs, and a check that
// it opened at that size (issue 20, item 1).
func TestSmokeReviewWindowScreenshot(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "xwininfo", "xdotool", "import", "identify")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	env, dataDir := freshHome(t, display, bus.Address)
	t.Setenv("DISPLAY", display)

	st, err := store.Open(ctx, files.In(dataDir).DB)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-2 * time.Hour)
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.SetConversation(ctx, store.Conversation{ID: "G1", Kind: "mpim", Name: "mpdm-ana--bo--pat-1"})
	st.SetConversation(ctx, store.Conversation{ID: "D1", Kind: "im", Name: "U2"})
	for id, u := range map[string][2]string{"U1": {"ana", "Ana Lima"}, "U2": {"bo", "Bo Chen"}, "U0SELF": {"pat", "Pat Doe"}} {
		st.PutUser(ctx, store.User{ID: id, Name: u[0], RealName: u[1], FetchedAt: at})
	}
	texts := []string{"can you look at my PR?", "lunch at 12:30? :tada:", "deploy is green", "<@U0SELF> prod down in eu-west :fire:",
		"thanks!", "see <https://x.test/doc|the doc>", "are we still on for 3pm?", "<@U0SELF> can you review the RFC?",
		"ok", "one more thing: the release notes", "<@U0SELF> standup moved", "ping me when you are back"}
	var ps []store.Ping
	for i, text := range texts {
		ch, kind := []string{"D1", "C1", "G1"}[i%3], []string{"im", "mention", "mpim"}[i%3]
		p := store.Ping{Channel: ch, TS: fmt.Sprintf("1700000000.%06d", i), UserID: []string{"U2", "U1", "U1"}[i%3], Kind: kind,
			Text: text, ReceivedAt: at.Add(time.Duration(i) * 4 * time.Minute)}
		if i == 3 {
			p.Bypassed, p.Reason = true, `keyword "prod down"`
		}
		ps = append(ps, p)
	}
	if _, err := st.AddIntake(ctx, store.Intake{Pings: ps}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	if _, errs, code := runToEnd(t, bin, env, "window", "review"); code != 0 {
		t.Fatalf("window review: exit %d %s", code, errs)
	}
	ids := xdotoolSearch(t, "Review pings$")
	if len(ids) != 1 {
		t.Fatalf("review windows: %v", ids)
	}
	pid := windowPID(t, "Review pings$")
	t.Cleanup(func() {
		syscall.Kill(pid, syscall.SIGTERM)
		waitEnded(t, "the review window to end", pid)
	})
	time.Sleep(1500 * time.Millisecond) // let it paint (a screenshot, not a synchronisation)
	shot := filepath.Join(artifactsDir(t), "review-window.png")
	if out, err := exec.Command("import", "-display", display, "-window", ids[0], shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	out, err := exec.Command("identify", "-format", "%w %h", shot).Output()
	if err != nil || strings.TrimSpace(string(out)) != "640 560" {
		t.Fatalf("the review window is %q (%v), want its default 640 560", out, err)
	}
	if n := distinctColours(t, shot); n < 8 {
		t.Fatalf("screenshot %s looks blank (%d colours)", shot, n)
	}
	t.Logf("screenshot: %s", shot)
}

// waitEnded waits up to 10 s for a window program to end. The programs
// `headsdown window` starts are detached from it, so once one exits it
// waits as a zombie for pid 1 (here the VM's own init) to reap it, which
// is no part of Heads Down: a zombie has ended. On a time-out the program's
// state is logged (running, sleeping and where), to tell a hang apart.
func waitEnded(t *testing.T, what string, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !processEnded(pid) {
		if time.Now().After(deadline) {
			stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
			wchan, _ := os.ReadFile(fmt.Sprintf("/proc/%d/wchan", pid))
			t.Fatalf("timed out after 10s waiting for %s: pid %d is %.120s (wchan %s)", what, pid, stat, wchan)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// processEnded: pid is gone, or has exited and waits to be reaped.
func processEnded(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// The state follows the command name, which is in parentheses and may
	// itself hold spaces or parentheses.
	i := strings.LastIndexByte(string(stat), ')')
	return i >= 0 && i+2 < len(stat) && (stat[i+2] == 'Z' || stat[i+2] == 'X')
}

// A child that has exited but is not yet reaped counts as ended; one that
// runs does not.
func TestProcessEndedSeesAZombie(t *testing.T) {
	running := exec.Command("sleep", "30")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { running.Process.Kill(); running.Wait() }()
	if processEnded(running.Process.Pid) {
		t.Fatal("a running process counted as ended")
	}
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	defer zombie.Wait()
	waitUntil(t, "the child to exit (unreaped)", 10*time.Second, func() bool {
		stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", zombie.Process.Pid))
		return strings.Contains(string(stat), ") Z ")
	})
	if !processEnded(zombie.Process.Pid) {
		t.Fatal("a zombie counted as running")
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/tray"
	"github.com/headsdown-app/headsdown/app/tray/traytest"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// The smoke tests run the real binary. They need Xvfb, dbus-daemon,
// ImageMagick's import and xwininfo (the Makefile installs them). Missing
// tools skip the test on a developer machine but fail it in CI, where a
// skipped smoke test would prove nothing.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	skipUnlessLinux(t) // before the CI rule: elsewhere the tools never exist
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; CI must install it (see Makefile deps)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

// skipUnlessLinux skips a smoke test on other systems: it builds Linux
// programs with go, runs them on Xvfb with a private dbus-daemon and reads
// the tray over D-Bus.
func skipUnlessLinux(t *testing.T) {
	t.Helper()
	switch runtime.GOOS {
	case "linux":
	case "windows":
		t.Skip("Windows: the smoke tests build and run the Linux programs on Xvfb and a private D-Bus session")
	default:
		t.Skip("the smoke test drives a Linux tray over D-Bus")
	}
}

// buildBinary returns the headsdown binary (with headsdown-ui beside it)
// for a smoke test. It is built once per test run and shared: every smoke
// test used to build its own, and on a loaded machine the builds alone
// came near go test's timeout. Tests only run it; none writes beside it.
func buildBinary(t *testing.T) string {
	t.Helper()
	skipUnlessLinux(t)
	built.once.Do(func() { built.bin, built.err = build() })
	if built.err != nil {
		t.Fatalf("build: %v", built.err)
	}
	return built.bin
}

var built struct {
	once sync.Once
	bin  string
	err  error
}

// build builds headsdown and headsdown-ui into a directory of their own,
// which TestMain removes.
func build() (string, error) {
	dir, err := os.MkdirTemp("", "headsdown-smoke-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "headsdown")
	// The tray binary links no Fyne; headsdown-ui holds the windows.
	ui := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", filepath.Join(dir, "headsdown-ui"), "../headsdown-ui")
	ui.Stderr = os.Stderr
	if err := ui.Run(); err != nil {
		return "", fmt.Errorf("build headsdown-ui: %w", err)
	}
	// As make builds it: against fyne.io/systray with its GetLayout race
	// fixed (scripts/systrayfix).
	modfile, err := systrayModfileOnce()
	if err != nil {
		return "", err
	}
	args := []string{"build", "-tags", "migrated_fynedo", "-modfile", modfile, "-o", bin}
	// Under -race the binary is race-built too, so our tray code is
	// checked in the real process. HEADSDOWN_SMOKE_NORACE=1 is the escape
	// hatch should another race inside a library show up.
	if raceEnabled && os.Getenv("HEADSDOWN_SMOKE_NORACE") == "" {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	if !raceEnabled {
		// As shipped on Linux (see Makefile): static, no cgo.
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build headsdown: %w", err)
	}
	return bin, nil
}

var systrayFix struct {
	once    sync.Once
	modfile string
	err     error
}

// systrayModfileOnce is the go.mod that builds the tray against the fixed
// fyne.io/systray, written once per test run.
func systrayModfileOnce() (string, error) {
	systrayFix.once.Do(func() {
		dir, err := os.MkdirTemp("", "headsdown-systray-")
		if err != nil {
			systrayFix.err = err
			return
		}
		out, err := exec.Command("go", "run", "../../scripts/systrayfix", "-o", dir).Output()
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		systrayFix.modfile, systrayFix.err = strings.TrimSpace(string(out)), err
	})
	if systrayFix.err != nil {
		return "", fmt.Errorf("scripts/systrayfix: %w", systrayFix.err)
	}
	return systrayFix.modfile, nil
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("HEADSDOWN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// startXvfb starts a private X server and returns its DISPLAY.
func startXvfb(t *testing.T, ctx context.Context) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: by default Xvfb resets itself whenever its last client
	// disconnects, and a window program connecting during that reset fails
	// ("Failed to open display"). The tests open and close one window
	// process after another, so without it they failed now and then.
	cmd := exec.CommandContext(ctx, "Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", "1366x768x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

type instance struct {
	cmd    *exec.Cmd
	env    []string
	bin    string
	stderr *syncBuffer
	// exited closes when the process has ended; exitErr is then Wait's
	// result. Any number of waiters (a test, then its cleanup) see it.
	exited  chan struct{}
	exitErr error
}

// wait is the process's exit, as Wait returned it.
func (in *instance) wait() error {
	<-in.exited
	return in.exitErr
}

// syncBuffer is written by os/exec's copying goroutine while the test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func launch(t *testing.T, bin string, env []string, args ...string) *instance {
	t.Helper()
	in := &instance{bin: bin, env: env, stderr: &syncBuffer{}, exited: make(chan struct{})}
	in.cmd = exec.Command(bin, args...)
	in.cmd.Env = env
	in.cmd.Stderr = in.stderr
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { in.exitErr = in.cmd.Wait(); close(in.exited) }()
	t.Cleanup(func() {
		in.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-in.exited:
		case <-time.After(10 * time.Second):
			in.cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("headsdown stderr:\n%s", in.stderr.String())
			if dir := envValue(env, "HEADSDOWN_DATA_DIR"); dir != "" {
				log, _ := os.ReadFile(filepath.Join(dir, "headsdown.log"))
				t.Logf("headsdown.log:\n%s", log)
			}
		}
	})
	return in
}

func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

// cli runs a headsdown subcommand with the instance's environment.
func (in *instance) cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(in.bin, args...)
	cmd.Env = in.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func (in *instance) status(t *testing.T) control.Status {
	t.Helper()
	out, errs, code := in.cli(t, "status", "--json")
	if code != 0 {
		t.Fatalf("status --json exit %d: %s", code, errs)
	}
	var st control.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status --json is not JSON: %v\n%s", err, out)
	}
	return st
}

// allWeekHours is a config with working hours all day, every day, so
// off-hours automation does not depend on when a test runs.
func allWeekHours() string {
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		cfg += d + " = [\"00:00-24:00\"]\n"
	}
	return cfg
}

// startDesktop is what every smoke test runs on: an Xvfb display and a
// private D-Bus session bus, both stopped when the test ends.
func startDesktop(t *testing.T, ctx context.Context) (display string, bus *traytest.Bus) {
	t.Helper()
	return startXvfb(t, ctx), startSessionBus(t, ctx)
}

// startSessionBus is a private D-Bus session bus with nothing on it (no
// tray host, no notification daemon, no Secret Service), stopped when the
// test ends.
func startSessionBus(t *testing.T, ctx context.Context) *traytest.Bus {
	t.Helper()
	bus, err := traytest.StartBus(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Stop)
	return bus
}

// startTrayHost puts a tray host and a notification daemon on the bus,
// closed when the test ends.
func startTrayHost(t *testing.T, bus *traytest.Bus) (*traytest.Watcher, *traytest.Notifications) {
	t.Helper()
	watcher, err := traytest.StartWatcher(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { watcher.Close() })
	notes, err := traytest.StartNotifications(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { notes.Conn.Close() })
	return watcher, notes
}

func waitUntil(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkIcon reads the tray icon as a host does: one pixmap for each size
// 16–64 px, with straight alpha (no dark or speckled halo at the edges). It
// returns the 32 px pixels.
func checkIcon(t *testing.T, conn *dbus.Conn, item traytest.Item) []byte {
	t.Helper()
	px, err := traytest.IconPixmaps(conn, item)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int32
	var px32 []byte
	for _, p := range px {
		sizes = append(sizes, p.W)
		if p.W != p.H || len(p.Pix) != int(4*p.W*p.H) {
			t.Fatalf("pixmap %dx%d with %d bytes", p.W, p.H, len(p.Pix))
		}
		if bad := traytest.HaloPixels(int(p.W), int(p.H), p.Pix); len(bad) > 0 {
			t.Errorf("%d px icon: %d edge pixels are not straight alpha, e.g. %s", p.W, len(bad), bad[0])
		}
		if p.W == 32 {
			px32 = p.Pix
		}
	}
	if fmt.Sprint(sizes) != "[16 22 24 32 48 64]" {
		t.Fatalf("icon sizes %v, want 16, 22, 24, 32, 48 and 64 px", sizes)
	}
	return px32
}

func TestSmokeTrayUnderXvfb(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "import", "xwininfo")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	watcher, notes := startTrayHost(t, bus)

	// A fake Slack: the real binary's slack-go client talks to it.
	const token = "xoxp-smoke-0000-1111-tokentoken"
	slack := slacktest.New(token)
	defer slack.Close()
	slack.SetStatus(slacktest.Status{Text: "Reviewing PRs", Emoji: ":eyes:"})

	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, "config.toml"), []byte(allWeekHours()), 0o600); err != nil {
		t.Fatal(err)
	}
	seedWeek(t, filepath.Join(dataDir, "headsdown.db"))
	env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
		"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=",
		"HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_API_URL="+slack.APIURL)
	started := time.Now()
	in := launch(t, bin, env, "-v")

	regCtx, regCancel := context.WithTimeout(ctx, 20*time.Second)
	defer regCancel()
	item, err := watcher.WaitItem(regCtx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tray registered %v after launch", time.Since(started).Round(time.Millisecond))
	// The same Id every launch: desktops remember the icon's place by it.
	if id, err := traytest.ItemID(watcher.Conn, item); err != nil || id != "headsdown" {
		t.Fatalf("tray item Id %q (%v), want headsdown", id, err)
	}

	// Read the menu as a panel would. The first layout may be partial.
	var menu traytest.MenuItem
	waitUntil(t, "the full menu", 10*time.Second, func() bool {
		menu, err = traytest.GetLayout(watcher.Conn, item)
		_, ok := menu.Find("Pomodoro")
		return err == nil && ok
	})
	want := []string{"0 min of 4 h today", "Slack: connected as @ana", "Start focus", "Pause", "Stop", "Start break", "Away", "Review pings…", "Weekly report…", "Settings…", "Getting started…", "Quit Heads Down"}
	waitUntil(t, "the menu with Slack connected", 10*time.Second, func() bool {
		menu, err = traytest.GetLayout(watcher.Conn, item)
		// Idle: the day at a glance (the default 4 h goal; the review
		// window's time depends on when the test runs).
		got := menu.Labels()
		return err == nil && len(got) > 0 && strings.HasPrefix(got[0], want[0]+" · next review ") &&
			strings.Join(got[1:], "|") == strings.Join(want[1:], "|")
	})
	if stop, _ := menu.Find("Stop"); stop.Enabled {
		t.Fatal("Stop is enabled while idle")
	}

	// A hand edit that breaks config.toml shows in the menu at once, and
	// goes when the file is fixed; the running settings never change.
	cfgPath := filepath.Join(dataDir, "config.toml")
	good, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	hasProblemLine := func() bool {
		menu, err = traytest.GetLayout(watcher.Conn, item)
		return err == nil && slices.Contains(menu.Labels(), tray.SettingsProblemTitle)
	}
	if err := os.WriteFile(cfgPath, append(good, []byte("\n[focus]\npomodoro = \"25x\"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the settings problem line", 10*time.Second, hasProblemLine)
	if err := os.WriteFile(cfgPath, good, 0o600); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the settings problem line gone", 10*time.Second, func() bool { return !hasProblemLine() })
	idleIcon := checkIcon(t, watcher.Conn, item)

	// Click "Start focus → Pomodoro" over D-Bus.
	pomodoro, _ := menu.Find("Pomodoro — 25 min")
	if err := traytest.Click(watcher.Conn, item, pomodoro.ID); err != nil {
		t.Fatal(err)
	}
	var st control.Status
	waitUntil(t, "state focus", 10*time.Second, func() bool { st = in.status(t); return st.State == "focus" })
	if st.Plan != "pomodoro" || st.MinutesLeft != 25 {
		t.Fatalf("status after click: %+v", st)
	}
	waitUntil(t, "the Slack focus status", 10*time.Second, func() bool {
		s := slack.Status()
		return strings.HasPrefix(s.Text, "Heads down until ") && s.Expiration == st.Deadline.Unix()
	})
	waitUntil(t, "the menu to show the countdown", 10*time.Second, func() bool {
		menu, err = traytest.GetLayout(watcher.Conn, item)
		return err == nil && len(menu.Labels()) > 0 && strings.HasPrefix(menu.Labels()[0], "Focus — 25 min left (until ")
	})
	if stop, _ := menu.Find("Stop"); !stop.Enabled {
		t.Fatal("Stop is disabled while focusing")
	}
	if focusIcon := checkIcon(t, watcher.Conn, item); bytes.Equal(idleIcon, focusIcon) {
		t.Fatal("tray icon did not change to the countdown")
	}

	// The CLI steers the same instance; the tray follows.
	if _, errs, code := in.cli(t, "pause"); code != 0 {
		t.Fatalf("pause: %s", errs)
	}
	waitUntil(t, "Resume in the menu", 10*time.Second, func() bool {
		menu, _ = traytest.GetLayout(watcher.Conn, item)
		_, ok := menu.Find("Resume")
		return ok
	})
	resume, _ := menu.Find("Resume")
	traytest.Click(watcher.Conn, item, resume.ID)
	waitUntil(t, "state focus after Resume", 10*time.Second, func() bool { return in.status(t).State == "focus" })

	// A second launch finds the first and exits 1 without a second timer.
	_, errs, code := in.cli(t)
	if code != 1 || !strings.Contains(errs, "already running (pid") {
		t.Fatalf("second instance: exit %d, %q", code, errs)
	}

	// Settings… opens the settings window as its own process.
	settings, _ := menu.Find("Settings…")
	if err := traytest.Click(watcher.Conn, item, settings.ID); err != nil {
		t.Fatal(err)
	}
	winEnv := append(append([]string{}, env...), "DISPLAY="+display)
	waitUntil(t, "the settings window", 30*time.Second, func() bool { return windowShown(display, "Heads Down Settings") })
	time.Sleep(1500 * time.Millisecond) // let it paint
	screenshot(t, display, winEnv, filepath.Join(artifactsDir(t), "settings-window.png"))

	// Weekly report… opens the report window over this week's history.
	weekly, _ := menu.Find("Weekly report…")
	if err := traytest.Click(watcher.Conn, item, weekly.ID); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the report window", 30*time.Second, func() bool { return windowShown(display, "Heads Down — Weekly report") })
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, winEnv, filepath.Join(artifactsDir(t), "report-window.png"))

	// `headsdown window custom --wait` from a terminal; ending the command closes
	// the window it opened.
	custom := launch(t, bin, winEnv, "window", "custom", "--wait")
	waitUntil(t, "the custom window", 30*time.Second, func() bool { return windowShown(display, "Start focus") })
	custom.cmd.Process.Signal(syscall.SIGTERM)
	waitUntil(t, "the custom window to close with its command", 10*time.Second, func() bool { return !windowShown(display, "Start focus") })

	// A window opened from a terminal is not the tray's child: no signal
	// from the tray reaches it. It closes at Quit because the app tells
	// it (its watch), as every window on Windows does.
	review := launch(t, bin, winEnv, "window", "review", "--wait")
	waitUntil(t, "the review window from a terminal", 30*time.Second, func() bool { return windowShown(display, "Heads Down — Review pings") })

	// Stop from the tray, then quit from the tray: the block is logged and
	// the open windows close with the app, none killed.
	stop, _ := menu.Find("Stop")
	traytest.Click(watcher.Conn, item, stop.ID)
	waitUntil(t, "idle after Stop", 10*time.Second, func() bool { return in.status(t).State == "idle" })
	quit, _ := menu.Find("Quit Heads Down")
	traytest.Click(watcher.Conn, item, quit.ID)
	select {
	case <-in.exited:
		if err := in.wait(); err != nil {
			t.Fatalf("exit after Quit: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Quit did not end the app")
	}
	select {
	case <-review.exited:
		if err := review.wait(); err != nil {
			t.Fatalf("`headsdown window review` after Quit: %v\n%s", err, review.stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the window opened from a terminal stayed open after Quit")
	}
	if log := readLog(t, dataDir); !strings.Contains(log, "asked the open windows to close") || strings.Contains(log, "window killed") {
		t.Fatalf("windows at Quit:\n%s", log)
	}
	if s := slack.Status(); s.Text != "Reviewing PRs" {
		t.Fatalf("Slack status after Quit: %+v", s)
	}

	// The broken settings file was one desktop notification, with the icon
	// and the desktop entry; the user's own clicks and commands (Start,
	// Pause, Resume, Stop, Quit) were none. The app has exited, so every
	// notification it queued has been sent.
	var summaries []string
	for _, n := range notes.Received() {
		summaries = append(summaries, n.Summary)
		if n.AppName != "Heads Down" || !n.HasImage || n.DesktopEntry != "dev.headsdown.app" {
			t.Errorf("notification %+v lacks the app name, icon or desktop entry", n)
		}
	}
	if got := strings.Join(summaries, "|"); got != "Settings not applied" {
		t.Errorf("notifications %q", got)
	}
	if strings.Contains(in.stderr.String(), "panic") || strings.Contains(in.stderr.String(), "DATA RACE") {
		t.Fatalf("stderr:\n%s", in.stderr.String())
	}
}

// seedWeek writes a few days of focus into a new database before the app
// first starts (it is then the database's only writer), so the report
// window has something to show.
func seedWeek(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Days before today only: the tray's "no focus yet today" must hold
	// whenever the test runs.
	now := time.Now()
	y, m, dd := now.Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.Local)
	monday := focus.WeekOf(now, time.Local).Start(time.Local)
	var blocks []focus.Block
	id := int64(0)
	for day := 0; day < 7; day++ {
		d := monday.AddDate(0, 0, day)
		if !d.Before(today) {
			break
		}
		for i, mins := range []int{50, 50, 25, 25 * (day % 3)} {
			if mins == 0 {
				continue
			}
			id++
			start := d.Add(time.Duration(9+2*i) * time.Hour)
			length := time.Duration(mins) * time.Minute
			blocks = append(blocks, focus.Block{ID: id, Kind: focus.KindFocus, Plan: "pomodoro", Tag: []string{"q3", "essay"}[i%2],
				StartedAt: start, Planned: length, Active: length, CheckpointAt: start.Add(length), EndedAt: start.Add(length),
				Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: start, End: start.Add(length)}}})
		}
	}
	if err := st.SaveBlocks(context.Background(), blocks); err != nil {
		t.Fatal(err)
	}
}

// windowShown reports whether a window with this title is mapped.
func windowShown(display, title string) bool {
	out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	return strings.Contains(string(out), `"`+title+`"`)
}

func distinctColours(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// Each settings section opens on its own (`headsdown window settings
// SECTION`), fits a 1366×768 screen and paints; the screenshots are the
// ones in docs/ and the README.
func TestSmokeSettingsSections(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "import", "xwininfo", "identify")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	const token = "xoxp-smoke-0000-1111-tokentoken"
	slack := slacktest.New(token)
	defer slack.Close()
	dataDir := t.TempDir()
	cfg := "[working_hours]\nmonday = [\"09:00-12:00\", \"13:00-17:30\"]\nfriday = [\"09:00-13:00\"]\n" +
		"[pings]\nvips = [\"@ana\", \"@oncall\"]\n"
	if err := os.WriteFile(filepath.Join(dataDir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
		"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=",
		"HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_API_URL="+slack.APIURL, "XDG_CONFIG_HOME="+t.TempDir())
	// A calendar for the calendar section to list (a file: no keyring prompt, no network).
	ics, _ := filepath.Abs("../../calendar/testdata/fastmail.ics")
	if out, errs, code := (&instance{bin: bin, env: env}).cli(t, "calendar", "add", ics, "--name", "team"); code != 0 {
		t.Fatalf("calendar add: exit %d %s%s", code, out, errs)
	}
	for _, section := range settingsSections {
		win := launch(t, bin, env, "window", "settings", section, "--wait")
		waitUntil(t, "the settings window at "+section, 30*time.Second, func() bool { return windowShown(display, "Heads Down Settings") })
		time.Sleep(1500 * time.Millisecond) // let it paint (and the Slack check answer)
		shot := filepath.Join(artifactsDir(t), "settings-"+section+".png")
		cmd := exec.Command("import", "-display", display, "-window", "Heads Down Settings", shot)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v\n%s", err, out)
		}
		if n := distinctColours(t, shot); n < 8 {
			t.Fatalf("screenshot %s looks blank (%d colours)", shot, n)
		}
		out, err := exec.Command("identify", "-format", "%w %h", shot).Output()
		var w, h int
		if _, serr := fmt.Sscanf(string(out), "%d %d", &w, &h); err != nil || serr != nil || w > 1366 || h > 768-80 {
			t.Fatalf("settings window at %s is %dx%d (%v %v): it must fit 1366x768 with room for panels", section, w, h, err, serr)
		}
		win.cmd.Process.Signal(syscall.SIGTERM)
		waitUntil(t, "the settings window to close", 10*time.Second, func() bool { return !windowShown(display, "Heads Down Settings") })
	}
	if calls := slack.Calls(); len(calls) == 0 {
		t.Fatal("the Slack section did not check the connection")
	}
}

// Headless mode and the CLI need no display and no session bus.
func TestSmokeHeadless(t *testing.T) {
	bin := buildBinary(t)
	dataDir := t.TempDir()
	env := append(os.Environ(), "HEADSDOWN_DATA_DIR="+dataDir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=")

	probe := &instance{bin: bin, env: env}
	if _, errs, code := probe.cli(t, "status"); code != 1 || !strings.Contains(errs, "not running") {
		t.Fatalf("status with nothing running: exit %d %q", code, errs)
	}
	if _, errs, code := probe.cli(t, "start", "25x"); code != 1 || !strings.Contains(errs, `"25x" is not a length`) {
		t.Fatalf("bad duration: exit %d %q", code, errs)
	}
	if _, errs, code := probe.cli(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: exit %d %q", code, errs)
	}
	// A status bar reads one shape whether or not the app runs; exit 1
	// still says it does not, and nothing is on stderr to pollute a bar.
	if out, errs, code := probe.cli(t, "status", "--json"); code != 1 || out != "{\"running\": false}\n" || errs != "" {
		t.Fatalf("status --json with nothing running: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	in := launch(t, bin, env, "--headless")
	waitUntil(t, "the control socket", 10*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		return code == 0
	})
	if out, errs, code := in.cli(t, "start", "50", "--tag", "essay"); code != 0 || !strings.Contains(out, `Focus on "essay": 50 min left`) {
		t.Fatalf("start: exit %d %q %q", code, out, errs)
	}
	if _, errs, code := in.cli(t, "start"); code != 1 || !strings.Contains(errs, "already running") {
		t.Fatalf("second start: exit %d %q", code, errs)
	}
	// Restart mid-block: SIGTERM keeps the block, the next run restores it.
	in.cmd.Process.Signal(syscall.SIGTERM)
	if err := in.wait(); err != nil {
		t.Fatalf("SIGTERM exit: %v\n%s", err, in.stderr)
	}
	in2 := launch(t, bin, env, "--headless")
	var st control.Status
	waitUntil(t, "the restored block", 10*time.Second, func() bool {
		out, _, code := in2.cli(t, "status", "--json")
		return code == 0 && json.Unmarshal([]byte(out), &st) == nil && st.State == "focus"
	})
	if st.Tag != "essay" || st.MinutesLeft != 50 || !st.Running {
		t.Fatalf("restored: %+v", st)
	}
	if out, _, code := in2.cli(t, "stop"); code != 0 || !strings.Contains(out, "Idle.") {
		t.Fatalf("stop: %d %q", code, out)
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "headsdown.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file: %v %v", fi, err)
	}

	// Reports and export read the database while the app runs.
	out, errs, code := in2.cli(t, "report", "--format", "json")
	var rep struct {
		Week    string `json:"week"`
		Stopped int    `json:"stopped"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Stopped != 1 || !strings.Contains(rep.Week, "-W") {
		t.Fatalf("report --format json: exit %d %q %q", code, out, errs)
	}
	htmlFile := filepath.Join(t.TempDir(), "week.html")
	if _, errs, code := in2.cli(t, "report", "--format", "html", "-o", htmlFile); code != 0 {
		t.Fatalf("report html: %d %s", code, errs)
	}
	if b, err := os.ReadFile(htmlFile); err != nil || !strings.Contains(string(b), "<svg") {
		t.Fatalf("html report file: %v", err)
	}
	if _, errs, code := in2.cli(t, "report", "--week", "2027-W53"); code != 1 || !strings.Contains(errs, "2027 has weeks 1 to 52") {
		t.Fatalf("bad week: %d %q", code, errs)
	}
	if _, errs, code := in2.cli(t, "report", "--format", "pdf"); code != 1 || !strings.Contains(errs, "unknown format") {
		t.Fatalf("bad format: %d %q", code, errs)
	}
	if out, _, code := in2.cli(t, "export", "--format", "csv"); code != 0 || !strings.Contains(out, "block,1,focus,pomodoro,essay,") {
		t.Fatalf("export: %d %q", code, out)
	}

	// quit (what the Windows uninstaller sends): the app ends by itself,
	// with a block in progress logged as stopped.
	// The length in words, as people type it: `start 25 min`.
	if out, errs, code := in2.cli(t, "start", "25", "min", "--tag", "quit"); code != 0 || !strings.Contains(out, "25 min left") {
		t.Fatalf("start 25 min before quit: %d %q %q", code, out, errs)
	}
	if out, errs, code := in2.cli(t, "quit"); code != 0 || out != "Heads Down quit.\n" {
		t.Fatalf("quit: exit %d %q %q", code, out, errs)
	}
	select {
	case <-in2.exited:
		if in2.exitErr != nil {
			t.Fatalf("after quit: %v\n%s", in2.exitErr, in2.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the app still runs 10 s after quit")
	}
	if _, errs, code := in2.cli(t, "quit"); code != 1 || !strings.Contains(errs, "not running") {
		t.Fatalf("quit with nothing running: exit %d %q", code, errs)
	}
	out, errs, code = in2.cli(t, "report", "--format", "json")
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Stopped != 2 {
		t.Fatalf("report after quit: exit %d %q %q (want 2 stopped blocks)", code, out, errs)
	}
}

// Without a session bus the tray app keeps running headless and says why.
func TestSmokeNoSessionBus(t *testing.T) {
	bin := buildBinary(t)
	env := append(os.Environ(), "HEADSDOWN_DATA_DIR="+t.TempDir(), "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=")
	in := launch(t, bin, env)
	waitUntil(t, "the control socket", 10*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		return code == 0
	})
	if !strings.Contains(in.stderr.String(), "no system tray") {
		t.Fatalf("no explanation on stderr: %q", in.stderr.String())
	}
}

// TestMain removes what the smoke tests leave outside t.TempDir: the
// fixed systray copy and the binaries, shared by every test of this run.
func TestMain(m *testing.M) {
	code := m.Run()
	if systrayFix.modfile != "" {
		os.RemoveAll(filepath.Dir(systrayFix.modfile))
	}
	if built.bin != "" {
		os.RemoveAll(filepath.Dir(built.bin))
	}
	os.Exit(code)
}

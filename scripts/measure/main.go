// Command measure records Heads Down's footprint under Xvfb with a private
// D-Bus and a tray host: stripped binary sizes; RSS, CPU and wakeups of the
// tray process in four situations (idle and running a block, each without
// Slack and with Slack connected through the fake Slack of
// slackapi/slacktest, which pings the Socket Mode connection every 10 s as
// Slack does), beside a bare Fyne tray-only app and, if given, a
// systray-only program (the floor for this toolkit); headless RSS; time from
// launch to tray registered; time to open a window. Run it through
// scripts/measure.sh; it prints a Markdown table.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/headsdown-app/headsdown/app/tray/traytest"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

var (
	window  = flag.Duration("window", 60*time.Second, "how long each sample lasts")
	samples = flag.Int("samples", 3, "consecutive samples in each situation")
	runs    = flag.Int("runs", 5, "launches for the start-up and window timings")
	bin     = flag.String("bin", "", "stripped headsdown binary")
	uiBin   = flag.String("ui", "", "stripped headsdown-ui binary (default: next to -bin)")
	bare    = flag.String("bare", "", "bare Fyne tray binary")
	floor   = flag.String("floor", "", "systray-only binary, the floor (optional)")
	only    = flag.String("only", "", "comma-separated parts to run: tray, slack, bare, floor, headless, timings (default all)")
	logDir  = flag.String("log", "", "keep each tray's stderr in this folder (with -env GODEBUG=gctrace=1: its collections)")
	ics     = flag.String("ics", "", "an .ics file the measured trays read as their calendar (its cost with many events)")
	straceD = flag.String("strace", "", "after the samples of each state, count the tray's system calls for one more window with strace -f -c into this folder")
	envs    multi
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, " ") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	flag.Var(&envs, "env", "KEY=VALUE added to the tray's environment (repeatable)")
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

type sample struct {
	rssKB      int64
	anonKB     int64 // of rssKB: the process's own memory (heap, stacks)
	fileKB     int64 // of rssKB: pages of files mapped (the program's code and tables)
	cpuPercent float64
	wakeups    float64
}

// series is the samples of one situation.
type series []sample

func (s series) String() string {
	if len(s) == 0 {
		return "| — | — | — | — |"
	}
	var rss, anon, file, cpu, wk []float64
	for _, x := range s {
		rss = append(rss, mb(x.rssKB))
		anon = append(anon, mb(x.anonKB))
		file = append(file, mb(x.fileKB))
		cpu = append(cpu, x.cpuPercent)
		wk = append(wk, x.wakeups)
	}
	return fmt.Sprintf("| %s MB | %s + %s MB | %s | %s %% |", spread(rss, 1), spread(anon, 1), spread(file, 1), spread(wk, 2), spread(cpu, 3))
}

// spread is "median (min–max)" of the values, or the one value.
func spread(v []float64, prec int) string {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	med := strconv.FormatFloat(s[len(s)/2], 'f', prec, 64)
	if len(s) == 1 || s[0] == s[len(s)-1] {
		return med
	}
	return fmt.Sprintf("%s (%s–%s)", med, strconv.FormatFloat(s[0], 'f', prec, 64), strconv.FormatFloat(s[len(s)-1], 'f', prec, 64))
}

// desktop is what every tray process runs against.
type desktop struct {
	display string
	bus     *traytest.Bus
	watcher *traytest.Watcher
	tmp     string
}

func (d *desktop) env(dataDir string, extra ...string) []string {
	env := append(os.Environ(), "DISPLAY="+d.display, "DBUS_SESSION_BUS_ADDRESS="+d.bus.Address,
		"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=",
		// No keyring on this bus; no Slack unless a situation sets it.
		"HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
	return append(env, extra...)
}

func want(part string) bool {
	if *only == "" {
		return true
	}
	for _, p := range strings.Split(*only, ",") {
		if strings.TrimSpace(p) == part {
			return true
		}
	}
	return false
}

func run() error {
	// Interrupted, it still stops what it started (Xvfb, the bus, trays).
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	tmp, err := os.MkdirTemp("", "headsdown-measure")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if *uiBin == "" {
		*uiBin = filepath.Join(filepath.Dir(*bin), "headsdown-ui")
	}

	display, stopX, err := startXvfb(ctx)
	if err != nil {
		return err
	}
	defer stopX()
	bus, err := traytest.StartBus(ctx, tmp)
	if err != nil {
		return err
	}
	defer bus.Stop()
	watcher, err := traytest.StartWatcher(bus.Address)
	if err != nil {
		return err
	}
	defer watcher.Close()
	notes, err := traytest.StartNotifications(bus.Address)
	if err != nil {
		return err
	}
	defer notes.Conn.Close()
	d := &desktop{display: display, bus: bus, watcher: watcher, tmp: tmp}
	if *logDir != "" {
		d.tmp = *logDir // keep the data folders (and the app's log) too
	}

	type row struct {
		name string
		s    series
	}
	var rows []row
	add := func(name string, s series) { rows = append(rows, row{name, s}) }

	if want("tray") {
		idle, block, err := d.traySituation(ctx, "noslack", nil)
		if err != nil {
			return err
		}
		add("Heads Down tray, idle, no Slack", idle)
		add("Heads Down tray, block running, no Slack", block)
	}
	if want("slack") {
		const token, appToken = "xoxp-measure-0000-1111-token", "xapp-measure-0000-1111-token"
		slack := slacktest.New(token)
		defer slack.Close()
		slack.SetAppToken(appToken)
		slack.SetPingInterval(10 * time.Second) // as Slack does
		idle, block, err := d.traySituation(ctx, "slack", slack,
			"HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_APP_TOKEN="+appToken, "HEADSDOWN_SLACK_API_URL="+slack.APIURL)
		if err != nil {
			return err
		}
		add("Heads Down tray, idle, Slack connected (pinged every 10 s)", idle)
		add("Heads Down tray, block running, Slack connected", block)
	}
	if want("bare") {
		s, err := d.idleOnly(ctx, *bare, "bare")
		if err != nil {
			return fmt.Errorf("bare Fyne tray: %w", err)
		}
		add("bare Fyne tray app, idle", s)
	}
	if *floor != "" && want("floor") {
		s, err := d.idleOnly(ctx, *floor, "floor")
		if err != nil {
			return fmt.Errorf("systray-only program: %w", err)
		}
		add("systray-only Go program (the floor), idle", s)
	}

	var headless sample
	var regTimes, winTimes []time.Duration
	if want("headless") {
		h, err := startProc(*bin, d.env(filepath.Join(tmp, "headless")), "--headless")
		if err != nil {
			return err
		}
		time.Sleep(3 * time.Second)
		headless, err = measure(ctx, h.Process.Pid, 10*time.Second)
		stopProc(h)
		if err != nil {
			return err
		}
	}
	var timingErr error
	if want("timings") {
		// A failure here is said after the table: the samples took minutes.
		regTimes, winTimes, timingErr = d.timings(ctx)
	}

	fmt.Printf("Measured %s on %s, %d cores, load average at the end %s; %d samples of %s in each situation, under Xvfb with a private D-Bus and tray host.\n\n",
		time.Now().UTC().Format("2006-01-02"), kernel(), numCPU(), loadavg(), *samples, *window)
	fmt.Println("| situation | RSS | of it: anonymous + file | wakeups/s (context switches) | CPU (of one core) |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s %s\n", r.name, r.s)
	}
	fmt.Println()
	fmt.Println("Median of the samples, (lowest–highest), RSS at each sample's end; a block is measured from 5 s after its start.")
	fmt.Println("Anonymous memory is the process's own (heap, stacks); file pages are its program's code and tables, shared with the page cache.")
	fmt.Println()
	for _, b := range []struct{ name, path string }{{"headsdown", *bin}, {"headsdown-ui", *uiBin}, {"bare Fyne tray", *bare}, {"systray-only", *floor}} {
		if size, err := fileSize(b.path); err == nil && b.path != "" {
			fmt.Printf("- stripped binary %s: %.1f MB\n", b.name, float64(size)/1e6)
		}
	}
	if want("headless") {
		fmt.Printf("- headless (`--headless`), idle, no Slack: %.1f MB RSS, %.3f %% CPU, %.2f wakeups/s\n", mb(headless.rssKB), headless.cpuPercent, headless.wakeups)
	}
	if len(regTimes) > 0 {
		fmt.Printf("- launch to tray registered: median %s (of %d)\n", median(regTimes), len(regTimes))
		fmt.Printf("- `headsdown window settings` launch to window mapped: median %s (of %d: %s)\n", median(winTimes), len(winTimes), list(winTimes))
	}
	if timingErr != nil {
		return fmt.Errorf("timings: %w", timingErr)
	}
	return nil
}

// traySituation launches the tray (with Slack if slack is not nil, waiting
// until its Socket Mode connection is up) and samples it idle, then running
// a 50-minute block.
func (d *desktop) traySituation(ctx context.Context, name string, slack *slacktest.Server, extra ...string) (idle, block series, err error) {
	dir := filepath.Join(d.tmp, name)
	env := d.env(dir, append(extra, envs...)...)
	if err := d.usedBefore(dir); err != nil {
		return nil, nil, err
	}
	if *ics != "" {
		if out, err := cli(*bin, env, "calendar", "add", *ics, "--name", "measure"); err != nil {
			return nil, nil, fmt.Errorf("calendar add: %v %s", err, out)
		}
	}
	p, _, err := d.launchTray(ctx, *bin, env, name)
	if err != nil {
		return nil, nil, err
	}
	defer stopProc(p)
	if slack != nil {
		if err := waitFor(30*time.Second, func() bool { return slack.Connected() == 1 }); err != nil {
			return nil, nil, fmt.Errorf("%s: the tray never opened its Socket Mode connection", name)
		}
	}
	time.Sleep(3 * time.Second)
	if idle, err = sampleN(ctx, p.Process.Pid); err != nil {
		return nil, nil, err
	}
	if err := straceWindow(ctx, p.Process.Pid, name+"-idle"); err != nil {
		return nil, nil, err
	}
	if out, err := cli(*bin, env, "start", "50"); err != nil {
		return nil, nil, fmt.Errorf("start: %v %s", err, out)
	}
	// Steady state: the start itself (a notification over D-Bus, Slack's
	// status and DND, the runtime settling) is a one-off burst, not the
	// cost of a running block.
	time.Sleep(5 * time.Second)
	if block, err = sampleN(ctx, p.Process.Pid); err != nil {
		return nil, nil, err
	}
	if err := straceWindow(ctx, p.Process.Pid, name+"-block"); err != nil {
		return nil, nil, err
	}
	if slack != nil && slack.Connected() != 1 {
		return nil, nil, fmt.Errorf("%s: the Socket Mode connection dropped while measuring", name)
	}
	return idle, block, nil
}

// usedBefore makes dir the data folder of someone who has used Heads Down
// before: a first start opens the welcome window, a Fyne process that
// would load the machine while the tray is measured.
func (d *desktop) usedBefore(dir string) error {
	env := d.env(dir)
	h, err := startProc(*bin, env, "--headless")
	if err != nil {
		return err
	}
	defer stopProc(h)
	if err := waitFor(30*time.Second, func() bool { _, err := cli(*bin, env, "status"); return err == nil }); err != nil {
		return fmt.Errorf("headless run in %s never answered `headsdown status`", dir)
	}
	return nil
}

// idleOnly samples a tray program that is only ever idle.
func (d *desktop) idleOnly(ctx context.Context, prog, name string) (series, error) {
	p, _, err := d.launchTray(ctx, prog, d.env(filepath.Join(d.tmp, name)), name)
	if err != nil {
		return nil, err
	}
	defer stopProc(p)
	time.Sleep(3 * time.Second)
	return sampleN(ctx, p.Process.Pid)
}

// timings: launch to registration, and `headsdown window settings` to a
// mapped window, several times.
func (d *desktop) timings(ctx context.Context) (reg, win []time.Duration, err error) {
	for i := range *runs {
		p, took, err := d.launchTray(ctx, *bin, d.env(filepath.Join(d.tmp, fmt.Sprintf("reg%d", i))), "")
		if err != nil {
			return nil, nil, err
		}
		reg = append(reg, took)
		stopProc(p)
	}
	dir := filepath.Join(d.tmp, "windows")
	env := d.env(dir)
	if err := d.usedBefore(dir); err != nil {
		return nil, nil, err
	}
	p, _, err := d.launchTray(ctx, *bin, env, "")
	if err != nil {
		return nil, nil, err
	}
	defer stopProc(p)
	shown := func() bool {
		out, _ := exec.Command("xwininfo", "-display", d.display, "-root", "-tree").Output()
		return strings.Contains(string(out), "Heads Down Settings")
	}
	for range *runs {
		start := time.Now()
		// --wait: the command owns the window, so stopping it closes the
		// window (without it the command returns once the window shows).
		w, err := startProc(*bin, env, "window", "settings", "--wait")
		if err != nil {
			return nil, nil, err
		}
		if err := waitFor(30*time.Second, shown); err != nil {
			stopProc(w)
			return nil, nil, fmt.Errorf("settings window never appeared")
		}
		win = append(win, time.Since(start))
		stopProc(w)
		// The next run must not find this window.
		if err := waitFor(10*time.Second, func() bool { return !shown() }); err != nil {
			return nil, nil, fmt.Errorf("settings window outlived `headsdown window settings`")
		}
	}
	return reg, win, nil
}

// sleep waits d, or returns ctx's error if it ends first (interrupted).
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// waitFor polls cond every 10 ms until it holds or limit passes.
func waitFor(limit time.Duration, cond func() bool) error {
	for end := time.Now().Add(limit); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			return fmt.Errorf("not within %s", limit)
		}
	}
	return nil
}

func sampleN(ctx context.Context, pid int) (series, error) {
	var s series
	for range *samples {
		x, err := measure(ctx, pid, *window)
		if err != nil {
			return nil, err
		}
		s = append(s, x)
	}
	return s, nil
}

// straceWindow counts the process's system calls, all threads, for one
// window (only with -strace: tracing itself wakes the process).
func straceWindow(ctx context.Context, pid int, name string) error {
	if *straceD == "" {
		return nil
	}
	out := filepath.Join(*straceD, name+".strace")
	cmd := exec.Command("strace", "-f", "-c", "-o", out, "-p", strconv.Itoa(pid))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("strace: %w", err)
	}
	werr := sleep(ctx, *window)
	cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait() // stopped by the signal; the counts are in the file
	if _, err := os.Stat(out); err != nil {
		return fmt.Errorf("strace wrote no counts: %w", err)
	}
	return werr
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2].Round(time.Millisecond)
}

func list(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.Round(time.Millisecond).String())
	}
	return strings.Join(s, ", ")
}

// launchTray starts a tray program and waits until it registers with the
// watcher, returning how long that took. With -log and a name, its stderr
// goes to LOG/name.log.
func (d *desktop) launchTray(ctx context.Context, prog string, env []string, name string) (*exec.Cmd, time.Duration, error) {
	start := time.Now()
	cmd := exec.Command(prog)
	cmd.Env = env
	if *logDir != "" && name != "" {
		f, err := os.Create(filepath.Join(*logDir, name+".log"))
		if err != nil {
			return nil, 0, err
		}
		defer f.Close() // the child has its own copy
		cmd.Stderr = f
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", prog, err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := d.watcher.WaitItem(wctx); err != nil {
		stopProc(cmd)
		return nil, 0, fmt.Errorf("%s: %w", prog, err)
	}
	if *logDir != "" && name != "" {
		fmt.Fprintf(os.Stderr, "measure: %s is pid %d\n", name, cmd.Process.Pid)
	}
	return cmd, time.Since(start), nil
}

func startProc(bin string, env []string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	return cmd, nil
}

func stopProc(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

func cli(bin string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// measure samples CPU time and context switches over d, and RSS at the end.
func measure(ctx context.Context, pid int, d time.Duration) (sample, error) {
	cpu0, err := cpuTicks(pid)
	if err != nil {
		return sample{}, err
	}
	sw0 := switches(pid)
	t0 := time.Now()
	if err := sleep(ctx, d); err != nil {
		return sample{}, err
	}
	cpu1, err := cpuTicks(pid)
	if err != nil {
		return sample{}, err
	}
	sw1 := switches(pid)
	el := time.Since(t0).Seconds()
	rss, err := statusKB(pid, "VmRSS", "RssAnon", "RssFile")
	if err != nil {
		return sample{}, err
	}
	const hz = 100 // USER_HZ on Linux
	return sample{
		rssKB:      rss[0],
		anonKB:     rss[1],
		fileKB:     rss[2],
		cpuPercent: float64(cpu1-cpu0) / hz / el * 100,
		wakeups:    float64(sw1-sw0) / el,
	}, nil
}

func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the ")" that closes the command name; utime and stime
	// are fields 14 and 15 of the whole line.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s, nil
}

// switches sums voluntary and involuntary context switches of all threads.
func switches(pid int) int64 {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	var n int64
	for _, t := range tasks {
		f, err := os.Open(t)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if ok && (k == "voluntary_ctxt_switches" || k == "nonvoluntary_ctxt_switches") {
				x, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += x
			}
		}
		f.Close()
	}
	return n
}

// statusKB reads fields of /proc/PID/status given in kB.
func statusKB(pid int, fields ...string) ([]int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(fields))
	for i, name := range fields {
		found := false
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				if f := strings.Fields(v); len(f) > 0 {
					out[i], err = strconv.ParseInt(f[0], 10, 64)
					found = err == nil
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("no %s for %d", name, pid)
		}
	}
	return out, nil
}

func fileSize(p string) (int64, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func startXvfb(ctx context.Context) (string, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, "Xvfb", "-displayfd", "3", "-screen", "0", "1366x768x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start Xvfb: %w", err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return "", nil, fmt.Errorf("Xvfb display: %w", err)
	}
	return ":" + strings.TrimSpace(line), func() { cmd.Process.Kill(); cmd.Wait() }, nil
}

func kernel() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return "Linux " + strings.TrimSpace(string(b))
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(b), "processor\t:")
}

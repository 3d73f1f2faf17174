// Command measure records Heads Down's footprint under Xvfb with a private
// D-Bus and a tray host: stripped binary size; RSS, CPU and wakeups of the
// tray process idle and during a block, beside a bare Fyne tray-only app;
// headless RSS; time from launch to tray registered; time to open a window.
// Run it through scripts/measure.sh; it prints a Markdown table.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

var (
	window = flag.Duration("window", 60*time.Second, "how long each idle/running sample lasts")
	runs   = flag.Int("runs", 5, "launches for the start-up and window timings")
	bin    = flag.String("bin", "", "stripped headsdown binary")
	bare   = flag.String("bare", "", "bare Fyne tray binary")
	ics    = flag.String("ics", "", "an .ics file the measured tray reads as its calendar (its cost with many events)")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

type sample struct {
	rssKB      int64
	cpuPercent float64
	wakeups    float64
}

func run() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp, err := os.MkdirTemp("", "headsdown-measure")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

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

	env := func(dataDir string) []string {
		return append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
			"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=")
	}

	size, err := fileSize(*bin)
	if err != nil {
		return err
	}

	// Launch to registration, several times.
	var regTimes []time.Duration
	for i := range *runs {
		p, took, err := launchTray(ctx, watcher, *bin, env(filepath.Join(tmp, fmt.Sprintf("reg%d", i))))
		if err != nil {
			return err
		}
		regTimes = append(regTimes, took)
		stopProc(p)
	}

	// The tray process, idle and then running a block.
	dir := filepath.Join(tmp, "tray")
	if *ics != "" {
		if out, err := cli(*bin, env(dir), "calendar", "add", *ics, "--name", "measure"); err != nil {
			return fmt.Errorf("calendar add: %v %s", err, out)
		}
	}
	p, _, err := launchTray(ctx, watcher, *bin, env(dir))
	if err != nil {
		return err
	}
	time.Sleep(3 * time.Second)
	idle, err := measure(p.Process.Pid, *window)
	if err != nil {
		return err
	}
	if out, err := cli(*bin, env(dir), "start", "50"); err != nil {
		return fmt.Errorf("start: %v %s", err, out)
	}
	// Steady state: the start itself (a notification over D-Bus, the
	// runtime settling) is a one-off burst, not the cost of a running block.
	time.Sleep(5 * time.Second)
	busy, err := measure(p.Process.Pid, *window)
	if err != nil {
		return err
	}

	// Window open time: launch to the window being mapped.
	var winTimes []time.Duration
	for range *runs {
		start := time.Now()
		w, err := startProc(*bin, env(dir), "window", "settings")
		if err != nil {
			return err
		}
		for {
			out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
			if strings.Contains(string(out), "Heads Down Settings") {
				break
			}
			if time.Since(start) > 30*time.Second {
				stopProc(w)
				return fmt.Errorf("settings window never appeared")
			}
			time.Sleep(10 * time.Millisecond)
		}
		winTimes = append(winTimes, time.Since(start))
		stopProc(w)
		// The next run must not find this window.
		for gone := time.Now(); ; {
			out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
			if !strings.Contains(string(out), "Heads Down Settings") {
				break
			}
			if time.Since(gone) > 10*time.Second {
				return fmt.Errorf("settings window outlived `headsdown window settings`")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	stopProc(p)

	// Headless.
	hdir := filepath.Join(tmp, "headless")
	h, err := startProc(*bin, env(hdir), "--headless")
	if err != nil {
		return err
	}
	time.Sleep(3 * time.Second)
	headless, err := measure(h.Process.Pid, 10*time.Second)
	stopProc(h)
	if err != nil {
		return err
	}

	// The bare Fyne tray app, for comparison.
	b, _, err := launchTray(ctx, watcher, *bare, env(filepath.Join(tmp, "bare")))
	if err != nil {
		return fmt.Errorf("bare Fyne tray: %w", err)
	}
	time.Sleep(3 * time.Second)
	bareIdle, err := measure(b.Process.Pid, *window)
	stopProc(b)
	if err != nil {
		return err
	}
	bareSize, _ := fileSize(*bare)

	fmt.Printf("Measured %s on %s, %d cores; each sample %s under Xvfb with a private D-Bus and tray host.\n\n",
		time.Now().UTC().Format("2006-01-02"), kernel(), numCPU(), *window)
	fmt.Println("| what | Heads Down tray, idle | Heads Down tray, block running (from 5 s after start) | bare Fyne tray app, idle |")
	fmt.Println("|---|---|---|---|")
	fmt.Printf("| RSS | %.1f MB | %.1f MB | %.1f MB |\n", mb(idle.rssKB), mb(busy.rssKB), mb(bareIdle.rssKB))
	fmt.Printf("| CPU (of one core) | %.3f %% | %.3f %% | %.2f %% |\n", idle.cpuPercent, busy.cpuPercent, bareIdle.cpuPercent)
	fmt.Printf("| wakeups (context switches/s) | %.2f | %.2f | %.0f |\n", idle.wakeups, busy.wakeups, bareIdle.wakeups)
	uiSize, _ := fileSize(filepath.Join(filepath.Dir(*bin), "headsdown-ui"))
	fmt.Printf("| stripped binary | %.1f MB (headsdown-ui: %.1f MB) | | %.1f MB |\n", float64(size)/1e6, float64(uiSize)/1e6, float64(bareSize)/1e6)
	fmt.Println()
	fmt.Printf("- headless (`--headless`), idle: %.1f MB RSS, %.3f %% CPU, %.2f wakeups/s\n", mb(headless.rssKB), headless.cpuPercent, headless.wakeups)
	fmt.Printf("- launch to tray registered: median %s (of %d)\n", median(regTimes), len(regTimes))
	fmt.Printf("- `headsdown window settings` launch to window mapped: median %s (of %d)\n", median(winTimes), len(winTimes))
	return nil
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2].Round(time.Millisecond)
}

// launchTray starts a tray program and waits until it registers with the
// watcher, returning how long that took.
func launchTray(ctx context.Context, w *traytest.Watcher, bin string, env []string) (*exec.Cmd, time.Duration, error) {
	start := time.Now()
	p, err := startProc(bin, env)
	if err != nil {
		return nil, 0, err
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := w.WaitItem(wctx); err != nil {
		stopProc(p)
		return nil, 0, fmt.Errorf("%s: %w", bin, err)
	}
	return p, time.Since(start), nil
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
func measure(pid int, d time.Duration) (sample, error) {
	cpu0, err := cpuTicks(pid)
	if err != nil {
		return sample{}, err
	}
	sw0 := switches(pid)
	t0 := time.Now()
	time.Sleep(d)
	cpu1, err := cpuTicks(pid)
	if err != nil {
		return sample{}, err
	}
	sw1 := switches(pid)
	el := time.Since(t0).Seconds()
	rss, err := rssKB(pid)
	if err != nil {
		return sample{}, err
	}
	const hz = 100 // USER_HZ on Linux
	return sample{
		rssKB:      rss,
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

func rssKB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			return strconv.ParseInt(f[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
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

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(b), "processor\t:")
}

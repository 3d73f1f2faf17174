package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/ui"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// The names the CLI completes and checks are the window program's own.
func TestWindowNamesMatchTheWindows(t *testing.T) {
	for name, c := range map[string][2][]string{
		"windows":           {windowNames, ui.Names},
		"settings sections": {settingsSections, ui.Sections},
		"report tabs":       {reportTabs, ui.ReportTabs},
	} {
		if !slices.Equal(c[0], c[1]) {
			t.Errorf("%s: the CLI has %v, the windows %v", name, c[0], c[1])
		}
	}
}

// seedMonths writes about four months of focus before today: most
// weekdays, some over the goal, a tag or two, so the report's tabs have
// something to show.
func seedMonths(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	today := focus.DateOf(time.Now(), time.Local).Start(time.Local)
	var blocks []focus.Block
	id := int64(0)
	for back := 120; back >= 1; back-- {
		d := today.AddDate(0, 0, -back)
		if d.Weekday() == time.Saturday || (d.Weekday() == time.Sunday && back%3 != 0) || back%11 == 0 {
			continue
		}
		for i, mins := range []int{50, 50, 25 + (back*7)%60, (back * 13) % 90} {
			if mins < 10 {
				continue
			}
			id++
			start := d.Add(time.Duration(9+2*i) * time.Hour)
			l := time.Duration(mins) * time.Minute
			blocks = append(blocks, focus.Block{ID: id, Kind: focus.KindFocus, Plan: "pomodoro", Tag: []string{"q4", "essay", "review"}[i%3],
				StartedAt: start, Planned: l, Active: l, CheckpointAt: start.Add(l), EndedAt: start.Add(l), Outcome: focus.OutcomeCompleted,
				Segments: []focus.Interval{{Start: start, End: start.Add(l)}}, Manual: back%17 == 0})
		}
	}
	if err := st.SaveBlocks(context.Background(), blocks); err != nil {
		t.Fatal(err)
	}
}

// Each tab of the report window (`headsdown window report TAB`) opens at
// the default size, fits a 1366×768 screen and paints; the screenshots
// are the ones in docs/ and the README.
func TestSmokeReportWindowTabs(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "import", "xwininfo", "identify")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	dataDir := t.TempDir()
	seedMonths(t, filepath.Join(dataDir, store.FileName))
	env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address, "HEADSDOWN_DATA_DIR="+dataDir,
		"LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=", "HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
	const title = "Heads Down — Weekly report"
	for _, tab := range ui.ReportTabs {
		win := launch(t, bin, env, "window", "report", tab, "--wait")
		waitUntil(t, "the report window on "+tab, 30*time.Second, func() bool { return windowShown(display, title) })
		time.Sleep(1500 * time.Millisecond) // let it paint (a screenshot, not a synchronisation)
		t.Logf("%s: shown", tab)
		shot := filepath.Join(artifactsDir(t), "report-"+tab+".png")
		// By id: `import -window NAME` does not find a name with an em dash
		// and then waits for a click.
		if out, err := exec.Command("import", "-display", display, "-window", windowID(t, display, title), shot).CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v\n%s", err, out)
		}
		if n := distinctColours(t, shot); n < 8 {
			t.Fatalf("screenshot %s looks blank (%d colours)", shot, n)
		}
		out, err := exec.Command("identify", "-format", "%w %h", shot).Output()
		var w, h int
		if _, serr := fmt.Sscanf(string(out), "%d %d", &w, &h); err != nil || serr != nil || w > 1366 || h > 768-80 {
			t.Fatalf("report window on %s is %dx%d (%v %v): it must fit 1366x768 with room for panels", tab, w, h, err, serr)
		}
		win.cmd.Process.Signal(syscall.SIGTERM)
		waitUntil(t, "the report window to close", 10*time.Second, func() bool { return !windowShown(display, title) })
	}
	if _, errs, code := (&instance{bin: bin, env: env}).cli(t, "window", "report", "decade"); code != 2 || !strings.Contains(errs, `the report window has no tab "decade"`) {
		t.Fatalf("an unknown tab: exit %d %q", code, errs)
	}
}

// windowID is the X id of the window titled title ("0x2a00007").
func windowID(t *testing.T, display, title string) string {
	t.Helper()
	out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, `"`+title+`"`) {
			if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "0x") {
				return f[0]
			}
		}
	}
	t.Fatalf("no window %q on %s", title, display)
	return ""
}

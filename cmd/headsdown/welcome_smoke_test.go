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

	"github.com/headsdown-app/headsdown/app/tray/traytest"
	"github.com/headsdown-app/headsdown/app/ui"
)

// A new user's first start opens the welcome window (and only the first);
// without a tray host (GNOME without the AppIndicator extension) the app
// also says so on stderr and in a notification, names the fix, and opens
// the welcome window, so something of it can be seen.
func TestSmokeWelcome(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon", "xwininfo", "import")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	t.Run("first start with a tray host", func(t *testing.T) {
		display, bus := startDesktop(t, ctx)
		startTrayHost(t, bus)
		dataDir := t.TempDir()
		env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
			"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=",
			"HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
		in := launch(t, bin, env)
		waitUntil(t, "the welcome window", 30*time.Second, func() bool { return windowShown(display, ui.WelcomeTitle) })
		if !strings.Contains(readLog(t, dataDir), "msg=\"tray ready\" open=welcome") {
			t.Errorf("the first start did not ask for the welcome window:\n%s", readLog(t, dataDir))
		}
		time.Sleep(1500 * time.Millisecond) // let it paint (a screenshot, not a synchronisation)
		screenshot(t, display, env, filepath.Join(artifactsDir(t), "welcome-window.png"))
		if strings.Contains(in.stderr.String(), "no system tray") {
			t.Errorf("a tray host is there, yet stderr says there is none:\n%s", in.stderr)
		}
		stopAndWait(t, in)
		if windowShown(display, ui.WelcomeTitle) {
			t.Fatal("the welcome window outlived the app")
		}

		// The second start: no welcome window. The app answering status
		// after its tray is up means it would have opened by now.
		in = launch(t, bin, env)
		waitUntil(t, "the second tray", 20*time.Second, func() bool { return strings.Count(readLog(t, dataDir), "msg=\"tray ready\"") == 2 })
		if log := readLog(t, dataDir); strings.Count(log, "msg=\"tray ready\" open=\"\"") != 1 || windowShown(display, ui.WelcomeTitle) {
			t.Fatalf("the welcome window opened at the second start too:\n%s", log)
		}
		stopAndWait(t, in)
	})

	t.Run("no tray host", func(t *testing.T) {
		display, bus := startDesktop(t, ctx)
		notes, err := traytest.StartNotifications(bus.Address)
		if err != nil {
			t.Fatal(err)
		}
		defer notes.Conn.Close()
		dataDir := t.TempDir()
		env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
			"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "FYNE_PLATFORM=x11", "WAYLAND_DISPLAY=",
			"XDG_CURRENT_DESKTOP=GNOME", "HEADSDOWN_SLACK_TOKEN=", "HEADSDOWN_SLACK_APP_TOKEN=")
		// Not a first start: the window opens because nothing else can be seen.
		first := launch(t, bin, env, "--headless")
		waitUntil(t, "a first run recorded", 20*time.Second, func() bool { _, _, code := first.cli(t, "status"); return code == 0 })
		stopAndWait(t, first)

		in := launch(t, bin, env)
		waitUntil(t, "the welcome window", 30*time.Second, func() bool { return windowShown(display, ui.WelcomeTitle) })
		waitUntil(t, "the stderr line", 10*time.Second, func() bool {
			s := in.stderr.String()
			return strings.Contains(s, "no system tray here shows app icons") && strings.Contains(s, "gnome-shell-extension-appindicator")
		})
		// The window says it too, first, with the fix (issue 20, item 3).
		time.Sleep(1500 * time.Millisecond) // let it paint (a screenshot, not a synchronisation)
		screenshot(t, display, env, filepath.Join(artifactsDir(t), "welcome-no-tray.png"))
		waitUntil(t, "the notification", 10*time.Second, func() bool {
			for _, n := range notes.Received() {
				if strings.Contains(n.Summary, "its icon cannot be seen") && strings.Contains(n.Body, "AppIndicator extension") {
					return true
				}
			}
			return false
		})
		stopAndWait(t, in)
	})
}

// readLog is the app's log in dataDir (HEADSDOWN_DATA_DIR keeps it there).
func readLog(t *testing.T, dataDir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dataDir, "headsdown.log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(data)
}

// stopAndWait ends an instance with SIGTERM and waits for a clean exit.
func stopAndWait(t *testing.T, in *instance) {
	t.Helper()
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.exited:
		if err := in.wait(); err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, in.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("SIGTERM did not end the app")
	}
}

// screenshot saves the whole display to path and checks it is not blank.
func screenshot(t *testing.T, display string, env []string, path string) {
	t.Helper()
	cmd := exec.Command("import", "-display", display, "-window", "root", path)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	if n := distinctColours(t, path); n < 8 {
		t.Fatalf("screenshot %s looks blank (%d colours)", path, n)
	}
	t.Logf("screenshot: %s", path)
}

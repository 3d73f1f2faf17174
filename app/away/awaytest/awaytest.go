// Package awaytest fakes the desktop services that package away listens
// to, for its own tests and for the smoke tests that drive the real binary:
// a private "system" bus with a fake systemd-logind, the screen savers and
// GNOME's idle monitor on a session bus, and an X server to be idle on.
//
// The fakes behave like the real services as far as away uses them: the
// same names, paths, signatures and signals, a real file descriptor for
// the delay inhibitor lock, and watches that fire like Mutter's. They are
// driven by the test (Lock, Sleep, GoIdle, …), never by a clock.
package awaytest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

// Bus is a private dbus-daemon.
type Bus = traytest.Bus

// StartSystemBus runs a private dbus-daemon to be used as the system bus
// (set DBUS_SYSTEM_BUS_ADDRESS to its Address). It is the same daemon as
// the test session bus, with a policy that lets the test user own any
// name, org.freedesktop.login1 included. Its socket lives under dir.
func StartSystemBus(ctx context.Context, dir string) (*Bus, error) {
	return startBus(ctx, filepath.Join(dir, "system"))
}

// StartSessionBus runs a private session bus whose socket lives under dir.
func StartSessionBus(ctx context.Context, dir string) (*Bus, error) {
	return startBus(ctx, filepath.Join(dir, "session"))
}

func startBus(ctx context.Context, dir string) (*Bus, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return traytest.StartBus(ctx, dir)
}

// StartXvfb runs a private X server (Xvfb, which has the MIT-SCREEN-SAVER
// and XTEST extensions) and returns its DISPLAY and a stop function.
func StartXvfb(ctx context.Context) (display string, stop func(), err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	// -noreset: the server must not reset when a test's last client
	// disconnects, or the next one may fail to connect during the reset.
	cmd := exec.CommandContext(ctx, "Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", "640x480x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return "", nil, fmt.Errorf("start Xvfb: %w", err)
	}
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("Xvfb did not say its display: %w", err)
	}
	return ":" + strings.TrimSpace(line), stop, nil
}

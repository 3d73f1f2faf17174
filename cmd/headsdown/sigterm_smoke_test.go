package main

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

// SIGTERM (a logout, `systemctl --user stop`) while the tray redraws must
// end the app cleanly: the tray stops drawing before systray closes its
// D-Bus connection, so no update can land on a closed bus and panic. A
// block is started just before each signal, so shutdown has a transition
// to record and draw.
func TestSmokeSIGTERMInTrayModeNeverPanics(t *testing.T) {
	needTools(t, "Xvfb", "dbus-daemon")
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	display, bus := startDesktop(t, ctx)
	watcher, err := traytest.StartWatcher(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	for i := range 5 {
		dataDir := t.TempDir()
		env := append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus.Address,
			"HEADSDOWN_DATA_DIR="+dataDir, "LANG=en_US.UTF-8", "HEADSDOWN_SLACK_TOKEN=")
		in := launch(t, bin, env, "-v")
		regCtx, regCancel := context.WithTimeout(ctx, 20*time.Second)
		if _, err := watcher.WaitItem(regCtx); err != nil {
			regCancel()
			t.Fatalf("run %d: the tray never registered: %v", i, err)
		}
		regCancel()
		if _, errs, code := in.cli(t, "start", "25m"); code != 0 {
			t.Fatalf("run %d: start: %s", i, errs)
		}
		in.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-in.exited:
			if err := in.wait(); err != nil {
				t.Fatalf("run %d: exit after SIGTERM: %v\n%s", i, err, in.stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d: SIGTERM did not end the app", i)
		}
		if s := in.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "DATA RACE") {
			t.Fatalf("run %d: stderr:\n%s", i, s)
		}
		log, _ := os.ReadFile(dataDir + "/headsdown.log")
		if !strings.Contains(string(log), "stopped") {
			t.Fatalf("run %d: the log does not say the app stopped:\n%s", i, log)
		}
	}
}

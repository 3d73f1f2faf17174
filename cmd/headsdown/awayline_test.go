package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	ctl "github.com/headsdown-app/headsdown/app/control"
)

// The away signals are `status`'s business: one short line there, none
// after start, stop or any other command, whatever the desktop lacks.
func TestAwaySignalsOnlyInStatus(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	ln, err := ctl.Listen(ctl.SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		ctl.Serve(ctx, ln, func(context.Context, ctl.Request) ctl.Response {
			return ctl.Response{OK: true, Status: &ctl.Status{State: "idle", Slack: ctl.SlackStatus{Line: "Slack: not connected"},
				AwaySources: []ctl.AwaySource{
					{Name: "logind", What: "lock", Note: "no login session: GetSessionByPID: org.freedesktop.login1.NoSessionForPID: PID 42 does not belong to any known session"},
					{Name: "org.xfce.ScreenSaver", What: "lock", Live: true, Note: "ActiveChanged"},
					{Name: "logind", What: "suspend", Live: true, Note: "PrepareForSleep, with a delay inhibitor lock"},
					{Name: "idle", What: "idle", Note: "idle detection is unavailable on this desktop: no org.gnome.Mutter.IdleMonitor on the session bus, and cannot connect to the X server :0"},
				}}}
		}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() { cancel(); <-served })

	for _, cmd := range []string{"stop", "pause", "back"} {
		out, errs, code := runCLI(t, "", cmd)
		if code != 0 || strings.Contains(out, "Away signals") || strings.Contains(out, "org.") {
			t.Errorf("%s: exit %d, printed\n%s%s", cmd, code, out, errs)
		}
	}
	out, errs, code := runCLI(t, "", "status")
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, errs)
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Away signals") {
			lines = append(lines, l)
		}
	}
	want := "Away signals: screen lock ✓, suspend ✓, idle not available."
	if len(lines) != 1 || lines[0] != want {
		t.Fatalf("status away lines %q, want [%q]\n%s", lines, want, out)
	}
	if strings.Contains(out, "org.") || strings.Contains(out, "D-Bus") {
		t.Errorf("status prints D-Bus text:\n%s", out)
	}
}

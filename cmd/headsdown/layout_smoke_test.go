package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
)

// An old layout (everything in ~/.config/headsdown) is read by the CLI as it
// is, not moved while an older app holds its lock, and moved by the first
// start of the app: the database, the log, the history in it.
func TestSmokeOldLayoutMoves(t *testing.T) {
	bin := buildBinary(t)
	home := t.TempDir()
	run := filepath.Join(t.TempDir(), "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+home, "HEADSDOWN_DATA_DIR=", "XDG_CONFIG_HOME=", "XDG_DATA_HOME=",
		"XDG_STATE_HOME=", "XDG_RUNTIME_DIR="+run, "LANG=en_US.UTF-8", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=")
	old := filepath.Join(home, ".config", "headsdown")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(old, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	// Received now: the app, once started, lets pings go that waited a
	// week (store.WaitAtMost).
	at := time.Now()
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.AddIntake(ctx, store.Intake{Pings: []store.Ping{{Channel: "C1", TS: "2.1", UserID: "U2", Kind: "mention", Text: "can you review?", ReceivedAt: at}}})
	st.Close()
	if err := os.WriteFile(filepath.Join(old, "headsdown.log"), []byte("time=then msg=\"old line\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	probe := &instance{bin: bin, env: env}
	pings := func(when string) {
		t.Helper()
		if out, errs, code := probe.cli(t, "pings"); code != 0 || !strings.Contains(out, "1 ping held") {
			t.Fatalf("pings %s: exit %d %q %q", when, code, out, errs)
		}
	}
	pings("before the move")

	oldApp, err := files.AcquireLock(filepath.Join(old, "headsdown.lock"))
	if err != nil {
		t.Fatal(err)
	}
	refused := launch(t, bin, env, "--headless")
	select {
	case <-refused.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the app started while an older one holds the old files")
	}
	if !strings.Contains(refused.stderr.String(), "an older Heads Down is running") {
		t.Fatalf("refusal: %q", refused.stderr.String())
	}
	oldApp.Release()

	in := launch(t, bin, env, "--headless")
	waitUntil(t, "the control socket", 10*time.Second, func() bool {
		_, _, code := in.cli(t, "status")
		return code == 0
	})
	pings("after the move")
	db := filepath.Join(home, ".local", "share", "headsdown", store.FileName)
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("moved database: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(old, store.FileName)); !os.IsNotExist(err) {
		t.Fatalf("the old database is still there: %v", err)
	}
	log, _ := os.ReadFile(filepath.Join(home, ".local", "state", "headsdown", "headsdown.log"))
	if !strings.HasPrefix(string(log), "time=then msg=\"old line\"\n") || !strings.Contains(string(log), "moved "+filepath.Join(old, store.FileName)) {
		t.Fatalf("log:\n%s", log)
	}
	for _, f := range []string{"headsdown.sock", "headsdown.lock"} {
		if _, err := os.Stat(filepath.Join(run, "headsdown", f)); err != nil {
			t.Errorf("runtime dir: %v", err)
		}
	}
}

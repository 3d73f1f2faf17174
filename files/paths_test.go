package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// xdgEnv gives the test a home of its own and clears every variable that
// decides the layout.
func xdgEnv(t *testing.T) (home string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the XDG layout is Linux's")
	}
	home = t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"HEADSDOWN_DATA_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"} {
		t.Setenv(v, "")
	}
	return home
}

func checkPaths(t *testing.T, got Paths, want map[string]string) {
	t.Helper()
	have := map[string]string{"DB": got.DB, "Config": got.Config, "Log": got.Log, "Lock": got.Lock, "Socket": got.Socket, "OldDir": got.OldDir}
	for k, w := range want {
		if have[k] != w {
			t.Errorf("%s = %q, want %q", k, have[k], w)
		}
	}
}

func TestLayoutFromXDGVariables(t *testing.T) {
	home := xdgEnv(t)
	x := t.TempDir()
	run := filepath.Join(x, "run")
	os.Mkdir(run, 0o700)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(x, "cfg"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(x, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(x, "state"))
	t.Setenv("XDG_RUNTIME_DIR", run)
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	checkPaths(t, p, map[string]string{
		"Config": filepath.Join(x, "cfg/headsdown/config.toml"),
		"DB":     filepath.Join(x, "data/headsdown/headsdown.db"),
		"Log":    filepath.Join(x, "state/headsdown/headsdown.log"),
		"Lock":   filepath.Join(run, "headsdown/headsdown.lock"),
		"Socket": filepath.Join(run, "headsdown/headsdown.sock"),
		"OldDir": filepath.Join(x, "cfg/headsdown"),
	})
	if strings.HasPrefix(p.DB, home) {
		t.Errorf("database %s in HOME despite XDG_DATA_HOME", p.DB)
	}
}

func TestLayoutDefaultsAndFallbacks(t *testing.T) {
	home := xdgEnv(t)
	want := map[string]string{
		"Config": filepath.Join(home, ".config/headsdown/config.toml"),
		"DB":     filepath.Join(home, ".local/share/headsdown/headsdown.db"),
		"Log":    filepath.Join(home, ".local/state/headsdown/headsdown.log"),
		// No XDG_RUNTIME_DIR: a private directory in the state directory.
		"Lock":   filepath.Join(home, ".local/state/headsdown/run/headsdown.lock"),
		"OldDir": filepath.Join(home, ".config/headsdown"),
	}
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	checkPaths(t, p, want)
	if len(p.Socket) >= 100 {
		t.Errorf("socket path %q is %d bytes, too long for a unix socket", p.Socket, len(p.Socket))
	}

	// Relative XDG variables are invalid (the spec) and a runtime directory
	// that does not exist or is not ours is unusable: the defaults stand.
	t.Setenv("XDG_DATA_HOME", "relative/data")
	t.Setenv("XDG_RUNTIME_DIR", filepath.Join(home, "missing"))
	if p, err = Default(); err != nil {
		t.Fatal(err)
	}
	checkPaths(t, p, want)
	// Read-only to us, or (as root, who may write anywhere) someone else's.
	ro := filepath.Join(home, "ro")
	os.Mkdir(ro, 0o500)
	if os.Getuid() == 0 {
		if err := os.Chown(ro, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("XDG_RUNTIME_DIR", ro)
	if p, _ = Default(); p.Lock != want["Lock"] {
		t.Errorf("unusable runtime dir: lock at %s", p.Lock)
	}

	// Every directory is created owner-only, parents included.
	if p, _, err = MigrateOldLayout(p); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{p.DataDir, p.ConfigDir, p.StateDir, p.RuntimeDir, filepath.Join(home, ".local/state")} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v %v, want 0700", d, fi, err)
		}
	}
}

func TestLayoutWindowsAndMacOS(t *testing.T) {
	env := map[string]string{`LocalAppData`: `C:\Users\ann\AppData\Local`, `AppData`: `C:\Users\ann\AppData\Roaming`}
	if runtime.GOOS != "windows" { // filepath is the host's: use host paths
		env = map[string]string{"LocalAppData": "/c/Users/ann/AppData/Local", "AppData": "/c/Users/ann/AppData/Roaming"}
	}
	yes := func(string) bool { return true }
	w, err := layoutFor("windows", func(k string) string { return env[k] }, "/home/ignored", yes)
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(env["LocalAppData"], "Heads Down")
	checkPaths(t, w, map[string]string{
		"DB": filepath.Join(local, "headsdown.db"), "Config": filepath.Join(local, "config.toml"),
		"Log": filepath.Join(local, "headsdown.log"), "Lock": filepath.Join(local, "headsdown.lock"),
		"OldDir": filepath.Join(env["AppData"], "headsdown"),
	})
	if _, err := layoutFor("windows", func(string) string { return "" }, "", yes); err == nil {
		t.Error("no %LocalAppData%: no error")
	}

	m, err := layoutFor("darwin", func(string) string { return "/xdg/ignored" }, "/Users/ann", yes)
	if err != nil {
		t.Fatal(err)
	}
	// The separators are the host's here too (filepath.Join): on Windows
	// the same folders with backslashes.
	checkPaths(t, m, map[string]string{
		"DB":     filepath.FromSlash("/Users/ann/Library/Application Support/Heads Down/headsdown.db"),
		"Config": filepath.FromSlash("/Users/ann/Library/Application Support/Heads Down/config.toml"),
		"Lock":   filepath.FromSlash("/Users/ann/Library/Application Support/Heads Down/headsdown.lock"),
		"Log":    filepath.FromSlash("/Users/ann/Library/Logs/Heads Down/headsdown.log"),
		"OldDir": filepath.FromSlash("/Users/ann/Library/Application Support/headsdown"),
	})
}

func TestDataDirVariableKeepsEverythingInOneFolder(t *testing.T) {
	xdgEnv(t)
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p != In(dir) || p.OldDir != "" {
		t.Fatalf("HEADSDOWN_DATA_DIR: %+v, want %+v", p, In(dir))
	}
	// An old layout next to it is none of its business.
	writeFile(t, filepath.Join(os.Getenv("HOME"), ".config/headsdown/headsdown.db"), "old")
	q, notes, err := MigrateOldLayout(p)
	if err != nil || q != p || len(notes) != 0 || exists(p.DB) {
		t.Fatalf("migrate with HEADSDOWN_DATA_DIR: %+v %v %v", q, notes, err)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const walRows = 300

// liveWALInOldLayout puts a database whose newest rows are only in its -wal
// into the old layout, as a crash (or a copy taken while it runs) leaves it.
func liveWALInOldLayout(t *testing.T, old string) {
	t.Helper()
	ctx := context.Background()
	scratch := filepath.Join(t.TempDir(), store.FileName)
	st, err := store.Open(ctx, scratch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range walRows {
		if err := st.PutJSON(ctx, fmt.Sprintf("row-%d", i), i); err != nil {
			t.Fatal(err)
		}
	}
	// Copied while the database is open: the -wal is not checkpointed.
	if err := os.MkdirAll(old, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(scratch + s)
		if err != nil {
			t.Fatal(err)
		}
		if s == "-wal" && len(b) == 0 {
			t.Fatal("the -wal is empty: the test would prove nothing")
		}
		writeFile(t, filepath.Join(old, store.FileName+s), string(b))
	}
	// The database file alone does not have the rows.
	alone := filepath.Join(t.TempDir(), store.FileName)
	writeFile(t, alone, readFile(t, scratch))
	if n := countRows(t, alone); n == walRows {
		t.Fatal("every row is in the database file already: the -wal would not matter")
	}
}

func countRows(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 0
	for i := range walRows {
		var v int
		if found, err := st.GetJSON(ctx, fmt.Sprintf("row-%d", i), &v); err != nil {
			t.Fatal(err)
		} else if found && v == i {
			n++
		}
	}
	return n
}

// The old layout moves with a live WAL and loses nothing, by rename or, across
// file systems, by copy.
func TestMigrateOldLayoutWithLiveWAL(t *testing.T) {
	for _, crossDevice := range []bool{false, true} {
		t.Run(fmt.Sprintf("crossDevice=%v", crossDevice), func(t *testing.T) {
			home := xdgEnv(t)
			old := filepath.Join(home, ".config/headsdown")
			liveWALInOldLayout(t, old)
			writeFile(t, filepath.Join(old, "config.toml"), "[notifications]\nenabled = false\n")
			logs := map[string]string{"headsdown.log": "now\n", "headsdown.log.1": "before\n", "headsdown.log.3": "long ago\n"}
			for name, s := range logs {
				writeFile(t, filepath.Join(old, name), s)
			}
			if crossDevice {
				renameFile = func(from, to string) error {
					return &os.LinkError{Op: "rename", Old: from, New: to, Err: errCrossDevice}
				}
				t.Cleanup(func() { renameFile = os.Rename })
			}

			// Before the app moved anything, readers find the old database.
			p, err := Default()
			if err != nil {
				t.Fatal(err)
			}
			if p.DB != filepath.Join(old, store.FileName) {
				t.Fatalf("before the move, readers use %s", p.DB)
			}
			lock, err := AcquireLock(p.Lock)
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Release()
			p, notes, err := MigrateOldLayout(p)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("notes: %q", notes)
			if want := filepath.Join(home, ".local/share/headsdown/headsdown.db"); p.DB != want {
				t.Fatalf("database at %s, want %s", p.DB, want)
			}
			for _, s := range []string{"", "-wal", "-shm"} {
				if exists(filepath.Join(old, store.FileName+s)) {
					t.Errorf("%s%s is still in the old place", store.FileName, s)
				}
			}
			if n := countRows(t, p.DB); n != walRows {
				t.Fatalf("%d of %d rows after the move", n, walRows)
			}
			for name, s := range logs {
				if got := readFile(t, filepath.Join(p.StateDir, name)); got != s {
					t.Errorf("%s: %q, want %q", name, got, s)
				}
			}
			if got := readFile(t, p.Config); !strings.Contains(got, "enabled = false") {
				t.Errorf("config.toml (stays in %s): %q", p.ConfigDir, got)
			}
			if exists(filepath.Join(old, "headsdown.lock")) {
				t.Error("the old lock file is left behind")
			}
			if fi, err := os.Stat(p.DB); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("database mode: %v %v", fi, err)
			}
			// Readers now find the new one.
			if q, _ := Default(); q.DB != p.DB {
				t.Errorf("after the move, readers use %s", q.DB)
			}
		})
	}
}

// A second start does nothing, and a start that stopped halfway (the -wal
// moved, the database not yet) finishes the move.
func TestMigrateIsIdempotentAndResumes(t *testing.T) {
	home := xdgEnv(t)
	old := filepath.Join(home, ".config/headsdown")
	liveWALInOldLayout(t, old)
	p, _ := Default()
	p = p.proper()
	if err := os.MkdirAll(p.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(old, "headsdown.db-wal"), p.DB+"-wal"); err != nil {
		t.Fatal(err)
	}
	p, notes, err := MigrateOldLayout(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, p.DB); n != walRows {
		t.Fatalf("%d of %d rows after a resumed move (%q)", n, walRows, notes)
	}
	before := readFile(t, p.DB)
	q, notes, err := MigrateOldLayout(p)
	if err != nil || len(notes) != 0 || q != p {
		t.Fatalf("second run: %v %q", err, notes)
	}
	if readFile(t, p.DB) != before {
		t.Fatal("the second run changed the database")
	}
}

// Nothing in the new place is overwritten; what cannot move stays and is said.
func TestMigrateNeverOverwrites(t *testing.T) {
	home := xdgEnv(t)
	old := filepath.Join(home, ".config/headsdown")
	writeFile(t, filepath.Join(old, "headsdown.db"), "old db")
	writeFile(t, filepath.Join(old, "headsdown.db-wal"), "old wal")
	writeFile(t, filepath.Join(old, "headsdown.log"), "old log")
	writeFile(t, filepath.Join(old, "headsdown.log.1"), "old log 1")
	p, _ := Default()
	p = p.proper()
	writeFile(t, p.DB, "new db")
	writeFile(t, p.Log, "new log")

	p, notes, err := MigrateOldLayout(p)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		p.DB: "new db", p.Log: "new log", p.Log + ".1": "old log 1",
		filepath.Join(old, "headsdown.db"): "old db", filepath.Join(old, "headsdown.db-wal"): "old wal", filepath.Join(old, "headsdown.log"): "old log",
	} {
		if got := readFile(t, path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	if exists(p.DB + "-wal") {
		t.Error("the old -wal was moved next to another database")
	}
	if all := strings.Join(notes, "\n"); !strings.Contains(all, "kept the old database") || !strings.Contains(all, "kept "+filepath.Join(old, "headsdown.log")+" in place") {
		t.Errorf("notes: %q", notes)
	}

	// A stray -wal in the new place with no database: nobody is asked to
	// pick one. The old database and its log are the originals and move
	// in; the stray is put aside, not deleted.
	home = xdgEnv(t)
	old = filepath.Join(home, ".config/headsdown")
	writeFile(t, filepath.Join(old, "headsdown.db"), "old db")
	writeFile(t, filepath.Join(old, "headsdown.db-wal"), "old wal")
	p, _ = Default()
	p = p.proper()
	writeFile(t, p.DB+"-wal", "stray")
	if _, notes, err := MigrateOldLayout(p); err != nil {
		t.Fatalf("stray -wal: %v (%q)", err, notes)
	}
	if readFile(t, p.DB+"-wal") != "old wal" || readFile(t, p.DB) != "old db" {
		t.Fatal("the original database did not move in")
	}
	aside, _ := filepath.Glob(p.DB + "-wal.stale-*")
	if len(aside) != 1 || readFile(t, aside[0]) != "stray" {
		t.Fatalf("the stray -wal was not kept aside: %v", aside)
	}
}

// An older Heads Down still running on the old files: refuse, move nothing.
func TestMigrateRefusedWhileAnOldAppRuns(t *testing.T) {
	home := xdgEnv(t)
	old := filepath.Join(home, ".config/headsdown")
	writeFile(t, filepath.Join(old, "headsdown.db"), "old db")
	writeFile(t, filepath.Join(old, "headsdown.log"), "old log")
	oldApp, err := AcquireLock(filepath.Join(old, "headsdown.lock"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Default()
	_, _, err = MigrateOldLayout(p)
	if !errors.Is(err, ErrOldAppRunning) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(err.Error(), old) {
		t.Fatalf("old app running: %v", err)
	}
	t.Log(err)
	if exists(p.proper().DB) || exists(p.proper().Log) || readFile(t, filepath.Join(old, "headsdown.db")) != "old db" {
		t.Fatal("files moved under a running old app")
	}
	oldApp.Release()
	p, notes, err := MigrateOldLayout(p)
	if err != nil || readFile(t, p.DB) != "old db" {
		t.Fatalf("after the old app quit: %v %q", err, notes)
	}
}

// Across file systems: a copy renamed into place, no temporary file left, the original removed.
func TestMoveAcrossFileSystems(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "a"), filepath.Join(dir, "sub", "b")
	writeFile(t, from, strings.Repeat("x", 1000))
	os.Mkdir(filepath.Dir(to), 0o700)
	renameFile = func(from, to string) error {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: errCrossDevice}
	}
	defer func() { renameFile = os.Rename }()
	if err := moveFile(from, to); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, to); !bytes.Equal([]byte(got), bytes.Repeat([]byte("x"), 1000)) || exists(from) {
		t.Fatalf("copy: %d bytes, original still there: %v", len(got), exists(from))
	}
	entries, _ := os.ReadDir(filepath.Dir(to))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}

// An older app running on the old layout answers on its socket there, and
// readers use it; once it has gone, the move removes the stale socket.
func TestOlderAppSocketInTheOldLayout(t *testing.T) {
	home := xdgEnv(t)
	old := filepath.Join(home, ".config/headsdown")
	writeFile(t, filepath.Join(old, "headsdown.db"), "old db")
	oldSocket := control.SocketPath(old)
	ln, err := net.Listen("unix", oldSocket)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false) // it will crash
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p.Socket != oldSocket {
		t.Errorf("with an older app on the old layout, readers call %s, want %s", p.Socket, oldSocket)
	}
	ln.Close()
	lock, err := AcquireLock(p.Lock)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if p, _, err = MigrateOldLayout(p); err != nil {
		t.Fatal(err)
	}
	if exists(oldSocket) {
		t.Error("the older app's stale socket is still there after the move")
	}
	if p.Socket != control.SocketPath(p.RuntimeDir) {
		t.Errorf("after the move the socket is %s", p.Socket)
	}
}

// On Windows the control channel is a pipe: the Unix socket files that
// Heads Down 0.2 and older left (in the old layout and in the current
// one) are no address to call and go with the move.
func TestWindowsSocketFilesOfOlderAppsGo(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Skip("Windows: the channel is a named pipe only there")
	}
	local, roaming := t.TempDir(), t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", "")
	t.Setenv("LocalAppData", local)
	t.Setenv("AppData", roaming)
	old := filepath.Join(roaming, "headsdown")
	writeFile(t, filepath.Join(old, "headsdown.db"), "old db")
	writeFile(t, filepath.Join(old, "headsdown.sock"), "")
	dir := filepath.Join(local, "Heads Down")
	writeFile(t, filepath.Join(dir, "headsdown.sock"), "")

	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p.Socket != control.SocketPath(dir) || !strings.HasPrefix(p.Socket, `\\.\pipe\`) {
		t.Errorf("readers call %s, want the pipe %s", p.Socket, control.SocketPath(dir))
	}
	lock, err := AcquireLock(p.Lock)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if p, _, err = MigrateOldLayout(p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(old, "headsdown.sock"), filepath.Join(dir, "headsdown.sock")} {
		if exists(f) {
			t.Errorf("%s is still there after the move", f)
		}
	}
	if readFile(t, p.DB) != "old db" {
		t.Error("the database did not move")
	}
}

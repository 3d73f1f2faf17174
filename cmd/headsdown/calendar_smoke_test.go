package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// calendarSecretPath stands for the private token of a real link.
const calendarSecretPath = "/calendar/ical/me%40example.com/private-5ecret5ecret5ecret/basic.ics"

// TestCalendarCommandsThroughTheBinary adds, lists, refreshes and removes calendars
// with the built binary against a local feed server, with no keyring service (so the
// links land in the 0600 fallback file, where this test can look for them).
func TestCalendarCommandsThroughTheBinary(t *testing.T) {
	bin := buildBinary(t)
	good, err := os.ReadFile("../../calendar/testdata/google.ics")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile("../../calendar/testdata/bad-html.ics")
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case down.Load():
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		case r.URL.EscapedPath() == calendarSecretPath:
			w.Write(good)
		case r.URL.Path == "/login":
			w.Header().Set("Content-Type", "text/html")
			w.Write(html)
		case r.URL.Path == "/forbidden.ics":
			http.Error(w, "no", http.StatusForbidden)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dataDir := t.TempDir()
	env := append(os.Environ(), "HEADSDOWN_DATA_DIR="+dataDir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=")
	hd := &instance{bin: bin, env: env}
	secretURL := srv.URL + calendarSecretPath

	// What is not a calendar is refused with exit 1 and a reason, storing nothing.
	for _, c := range []struct{ where, reason string }{
		{srv.URL + "/login", "web page"},
		{srv.URL + "/forbidden.ics", "HTTP 403"},
		{srv.URL + "/missing.ics", "HTTP 404"},
		{"http://calendar.example.com/x.ics", "https://"},
		{filepath.Join(dataDir, "nope.ics"), "does not exist"},
	} {
		out, errs, code := hd.cli(t, "calendar", "add", c.where)
		if code != 1 || !strings.Contains(errs, "not added") || !strings.Contains(errs, c.reason) {
			t.Errorf("add %s: exit %d, %q %q; want 1 and %q", c.where, code, out, errs, c.reason)
		}
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("refused adds left files: %v", names)
	}

	// A good link, read from standard input so it is not in the process list.
	cmd := hd.command("calendar", "add", "--name", "work")
	cmd.Stdin = strings.NewReader(secretURL + "\n")
	out, errs, code := run2(t, cmd)
	if code != 0 || !strings.Contains(out, `Added "work" (http://127.0.0.1:`) || !strings.Contains(out, "/…/basic.ics)") {
		t.Fatalf("add: exit %d %q %q", code, out, errs)
	}
	if strings.Contains(out+errs, "private-5ecret") {
		t.Fatalf("the secret link was printed: %q %q", out, errs)
	}
	if out, errs, code := hd.cli(t, "calendar", "add", secretURL); code != 1 || !strings.Contains(errs, `already there as "work"`) {
		t.Errorf("second add of the same link: exit %d %q %q", code, out, errs)
	}
	out, errs, code = hd.cli(t, "calendar", "list")
	if code != 0 || !strings.Contains(out, "work\thttp://127.0.0.1:") || strings.Contains(out, "private-5ecret") {
		t.Errorf("list: exit %d %q %q", code, out, errs)
	}

	// The secret is in its store and in no other file.
	store := filepath.Join(dataDir, "calendars.json")
	if fi, err := os.Stat(store); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("link store: %v, %v; want a 0600 file", fi, err)
	}
	filepath.Walk(dataDir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		has := strings.Contains(string(data), "private-5ecret")
		if path == store && !has {
			t.Errorf("the store does not hold the link")
		}
		if path != store && has {
			t.Errorf("%s holds the secret link", path)
		}
		return nil
	})

	// The server down: refresh says so, exits 1 and keeps the copy.
	down.Store(true)
	out, errs, code = hd.cli(t, "calendar", "refresh")
	if code != 1 || !strings.Contains(out, "work: ") || !strings.Contains(out, "HTTP 503") || !strings.Contains(out, "is still used") {
		t.Errorf("refresh with the server down: exit %d %q %q", code, out, errs)
	}
	down.Store(false)
	if out, errs, code := hd.cli(t, "calendar", "refresh"); code != 0 || !strings.Contains(out, "work: 11 events") {
		t.Errorf("refresh: exit %d %q %q", code, out, errs)
	}

	if out, errs, code := hd.cli(t, "calendar", "remove", "gym"); code != 1 || !strings.Contains(errs, "the calendars are: work") {
		t.Errorf("remove unknown: exit %d %q %q", code, out, errs)
	}
	if out, errs, code := hd.cli(t, "calendar", "remove", "WORK"); code != 0 || !strings.Contains(out, `Removed "work"`) {
		t.Errorf("remove: exit %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Errorf("the link store is still there after removing the last calendar: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dataDir, "calendar")); len(entries) != 0 {
		t.Errorf("saved copies left after remove: %d", len(entries))
	}
	if out, _, code := hd.cli(t, "calendar", "list"); code != 0 || !strings.Contains(out, "No calendars") {
		t.Errorf("list after remove: %d %q", code, out)
	}
}

// command is a headsdown subcommand with the instance's environment, for a test that
// needs to set more (standard input).
func (in *instance) command(args ...string) *exec.Cmd {
	cmd := exec.Command(in.bin, args...)
	cmd.Env = in.env
	return cmd
}

// run2 runs cmd and returns its output and exit status.
func run2(t *testing.T, cmd *exec.Cmd) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

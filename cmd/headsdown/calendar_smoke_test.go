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
	"time"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
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

// TestSmokeCalendarHeadless runs the built binary headless against the fake Slack and
// a local feed server: a meeting now sets "In a meeting until …" expiring at its end
// and gives the user's status back after it; `start 50` before a meeting in 40 min
// is a 35-min block; the feed server down leaves the saved copy in use with the
// problem shown; the secret link is in no file but its store.
func TestSmokeCalendarHeadless(t *testing.T) {
	bin := buildBinary(t)
	const token = "xoxp-smoke-5555-6666-calendartoken"
	slack := slacktest.New(token)
	defer slack.Close()
	slack.SetStatus(slacktest.Status{Text: "Reviewing PRs", Emoji: ":eyes:"})

	now := time.Now().Truncate(time.Second)
	meetingEnd := now.Add(8 * time.Second)
	next := now.Add(40*time.Minute + 30*time.Second) // `start 50` within 30 s of now: 35 min
	body := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//smoke//EN\r\n" +
		vevent("a", now.Add(-5*time.Minute), meetingEnd, "Board meeting") + vevent("b", next, next.Add(30*time.Minute), "Hiring panel") +
		"END:VCALENDAR\r\n"
	var down atomic.Bool
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() || r.URL.EscapedPath() != calendarSecretPath {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(body))
	}))
	defer feed.Close()

	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, "config.toml"), []byte(allWeekHours()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HEADSDOWN_DATA_DIR="+dataDir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=",
		"HEADSDOWN_SLACK_TOKEN="+token, "HEADSDOWN_SLACK_API_URL="+slack.APIURL)
	probe := &instance{bin: bin, env: env}
	add := probe.command("calendar", "add", "--name", "work")
	add.Stdin = strings.NewReader(feed.URL + calendarSecretPath + "\n")
	if out, errs, code := run2(t, add); code != 0 {
		t.Fatalf("calendar add: exit %d %q %q", code, out, errs)
	}

	in := launch(t, bin, env, "--headless")
	until := meetingEnd.Format("15:04")
	waitUntil(t, "the meeting status", 20*time.Second, func() bool {
		return slack.Status().Text == "In a meeting until "+until
	})
	if st := slack.Status(); st.Expiration != meetingEnd.Unix() || st.Emoji != ":spiral_calendar_pad:" {
		t.Fatalf("meeting status %+v, want expiry %d", st, meetingEnd.Unix())
	}
	if st := in.status(t); !st.Calendar.InMeeting || len(st.Calendar.Feeds) != 1 || !st.Calendar.Feeds[0].OK {
		t.Fatalf("status --json calendar: %+v", st.Calendar)
	}
	waitUntil(t, "the user's own status back after the meeting", 20*time.Second, func() bool {
		return slack.Status().Text == "Reviewing PRs"
	})

	out, errs, code := in.cli(t, "start", "50")
	want := "50 min → 35 min: meeting at " + next.Format("15:04")
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, ": 35 min left") {
		t.Fatalf("start 50: exit %d %q %q; want %q and a 35-min block", code, out, errs, want)
	}
	st := in.status(t)
	if st.Calendar.NextMeeting == nil || !st.Calendar.NextMeeting.Start.Equal(next) || st.Calendar.InMeeting {
		t.Fatalf("calendar after the meeting: %+v", st.Calendar)
	}

	// The feed server down: refresh tells the running app, which keeps the copy.
	down.Store(true)
	if _, _, code := in.cli(t, "calendar", "refresh"); code != 1 {
		t.Errorf("refresh with the server down: exit %d, want 1", code)
	}
	waitUntil(t, "the feed's problem in the status", 20*time.Second, func() bool {
		f := in.status(t).Calendar.Feeds
		return len(f) == 1 && !f[0].OK && strings.Contains(f[0].Problem, "HTTP 503")
	})
	if st := in.status(t); st.Calendar.NextMeeting == nil || !st.Calendar.NextMeeting.Start.Equal(next) {
		t.Fatalf("the saved copy is not used: %+v", st.Calendar)
	}
	out, _, _ = in.cli(t, "status")
	if !strings.Contains(out, `Calendar "work": `) {
		t.Errorf("status does not show the feed's problem:\n%s", out)
	}
	out, _, code = in.cli(t, "doctor")
	if code != 1 || !strings.Contains(out, `calendar "work"`) || !strings.Contains(out, "HTTP 503") {
		t.Errorf("doctor does not show the feed's problem: exit %d\n%s", code, out)
	}

	stopAndWait(t, in)
	store := filepath.Join(dataDir, "calendars.json")
	filepath.Walk(dataDir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		for _, secret := range []string{"private-5ecret", "Board meeting", "Hiring panel"} {
			if strings.Contains(string(data), secret) && path != store && !strings.HasPrefix(path, filepath.Join(dataDir, "calendar")+string(filepath.Separator)) {
				t.Errorf("%s holds %q", path, secret)
			}
		}
		return nil
	})
	if strings.Contains(in.stderr.String(), "private-5ecret") {
		t.Error("the secret link is on stderr")
	}
}

func vevent(uid string, start, end time.Time, title string) string {
	return "BEGIN:VEVENT\r\nUID:" + uid + "@smoke\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:" + start.UTC().Format("20060102T150405Z") +
		"\r\nDTEND:" + end.UTC().Format("20060102T150405Z") + "\r\nSUMMARY:" + title + "\r\nEND:VEVENT\r\n"
}

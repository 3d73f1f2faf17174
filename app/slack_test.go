package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

const slackToken = "xoxp-9999-8888-7777-secretsecret"

// withSlack points the app at a fake Slack with a token from the environment
// and a log file in the data directory (to grep it for the token).
func withSlack(t *testing.T) (*slacktest.Server, string) {
	t.Helper()
	srv := slacktest.New(slackToken)
	t.Cleanup(srv.Close)
	srv.SetStatus(slacktest.Status{Text: "Working from Lisbon", Emoji: ":flag-pt:"})
	t.Setenv("HEADSDOWN_SLACK_TOKEN", slackToken)
	t.Setenv("HEADSDOWN_SLACK_API_URL", srv.APIURL)
	dir := t.TempDir()
	// Working all week, all day, so off-hours automation stays out of the way.
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte(`[working_hours]
monday = ["00:00-24:00"]
tuesday = ["00:00-24:00"]
wednesday = ["00:00-24:00"]
thursday = ["00:00-24:00"]
friday = ["00:00-24:00"]
saturday = ["00:00-24:00"]
sunday = ["00:00-24:00"]
`+presenceOn), 0o600)
	return srv, dir
}

// presenceOn turns on Slack presence (off by default): the tests that set
// up Slack with withSlack check every part of it, away presence included.
const presenceOn = "[away]\npresence = true\n"

func waitSlack(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitFor(t, what, cond)
}

func TestSlackFollowsABlock(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	waitSlack(t, "connected", func() bool { return r.app.Status().Slack.Connection == "connected" })
	if line := r.app.Status().Slack.Line; line != "Slack: connected as @ana" {
		t.Fatalf("line %q", line)
	}
	st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	waitSlack(t, "focus status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down until ") })
	if got := srv.Status(); got.Emoji != ":headphones:" || got.Expiration != st.Deadline.Unix() {
		t.Fatalf("status %+v, deadline %v", got, st.Deadline)
	}
	// DND is the next part of the same reconcile: wait for it too.
	waitSlack(t, "DND snoozed to the block's end", func() bool {
		on, until := srv.Snoozed()
		return on && until.Unix() >= st.Deadline.Unix()
	})
	r.do(t, control.Request{Cmd: control.CmdStop})
	waitSlack(t, "restored status", func() bool { return srv.Status().Text == "Working from Lisbon" })
	waitSlack(t, "snooze ended", func() bool { on, _ := srv.Snoozed(); return !on })
	waitSlack(t, "mode normal", func() bool { return r.app.Status().Slack.Mode == "normal" })
}

func TestAFKAndBack(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	r.do(t, control.Request{Cmd: control.CmdStart})
	st := r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "30m"})
	if !st.AFK || st.AFKUntil == nil || st.State != "paused" {
		t.Fatalf("after afk: %+v", st)
	}
	waitSlack(t, "away", func() bool { return srv.Presence() == "away" && strings.HasPrefix(srv.Status().Text, "Away, back ") })
	if srv.Status().Expiration != st.AFKUntil.Unix() {
		t.Fatalf("AFK status expiration %d, want %d", srv.Status().Expiration, st.AFKUntil.Unix())
	}
	st = r.do(t, control.Request{Cmd: control.CmdBack})
	if st.AFK || st.State != "focus" {
		t.Fatalf("after back: AFK %v, state %s; want the block Away paused running again", st.AFK, st.State)
	}
	// Back in the block: present on Slack, heads down again.
	waitSlack(t, "back", func() bool {
		return srv.Presence() == "auto" && strings.HasPrefix(srv.Status().Text, "Heads down until ")
	})
	r.do(t, control.Request{Cmd: control.CmdStop})
	waitSlack(t, "the user's status", func() bool { return srv.Status().Text == "Working from Lisbon" })
	resp, _ := control.Call(context.Background(), r.paths.Socket, control.Request{Cmd: control.CmdBack})
	if resp.OK || !strings.Contains(resp.Error, "not away") {
		t.Fatalf("back twice: %+v", resp)
	}
}

func TestAFKEndsByItself(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "2s"})
	waitSlack(t, "away", func() bool { return srv.Presence() == "away" })
	waitSlack(t, "AFK over", func() bool { return !r.app.Status().AFK })
	waitSlack(t, "auto presence", func() bool { return srv.Presence() == "auto" })
}

func TestQuitLeavesNoTrace(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	r.do(t, control.Request{Cmd: control.CmdStart})
	waitSlack(t, "focus status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down") })
	r.do(t, control.Request{Cmd: control.CmdQuit})
	r.stop()
	if st := srv.Status(); st.Text != "Working from Lisbon" {
		t.Fatalf("status after quit: %+v", st)
	}
	if on, _ := srv.Snoozed(); on {
		t.Fatal("still snoozed after quit")
	}
}

func TestRevokedTokenDisconnectsAndNotifies(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	waitSlack(t, "connected", func() bool { return r.app.Status().Slack.Connection == "connected" })
	srv.Revoke()
	r.do(t, control.Request{Cmd: control.CmdStart})
	waitSlack(t, "disconnected", func() bool { return r.app.Status().Slack.Connection == "disconnected" })
	if line := r.app.Status().Slack.Line; line != "Slack disconnected — sign in again" {
		t.Fatalf("line %q", line)
	}
	waitFor(t, "the notification", func() bool {
		for _, n := range r.notes.titles() {
			if n == "Slack disconnected — sign in again" {
				return true
			}
		}
		return false
	})
	// The timer went on regardless.
	if st := r.do(t, control.Request{Cmd: control.CmdStatus}); st.State != "focus" {
		t.Fatalf("state %s", st.State)
	}
}

func TestOffHoursAtStart(t *testing.T) {
	srv, dir := withSlack(t)
	// No working hours today: off hours until the same weekday next week at the earliest.
	// (The file must load: a broken one would leave the defaults, which are
	// not confirmed and so set no off hours.) Today is a fixed Monday on a
	// fake clock, not the machine's today, which could turn into tomorrow
	// between writing the file and starting the app.
	clock := newSafeClock(time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	tomorrow := clock.Now().AddDate(0, 0, 1).Weekday()
	cfg := "[working_hours]\n"
	for d := time.Sunday; d <= time.Saturday; d++ {
		spans := "[]"
		if d == tomorrow {
			spans = `["09:00-17:00"]`
		}
		cfg += strings.ToLower(d.String()) + " = " + spans + "\n"
	}
	cfg += presenceOn
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	if w := r.app.Status().Warnings; len(w) > 0 {
		t.Fatalf("the settings file does not load: %v", w)
	}
	waitSlack(t, "off hours", func() bool {
		return srv.Presence() == "away" && strings.HasPrefix(srv.Status().Text, "Off for the day, back ")
	})
	if on, _ := srv.Snoozed(); !on {
		t.Fatal("DND not snoozed off hours")
	}
	// The app's published status follows the worker's state change.
	waitSlack(t, "mode off_hours", func() bool { return r.app.Status().Slack.Mode == "off_hours" })
}

func TestTokenNeverWrittenDown(t *testing.T) {
	srv, dir := withSlack(t)
	paths := files.In(dir)
	log, closer, err := OpenLog(paths.Log, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() }) // after the app has stopped (cleanups run last first)
	ctx, cancel := context.WithCancel(context.Background())
	// Not this machine's desktop: on a Windows machine nobody touches (a CI
	// runner, Wine) the real idle source says away at once, and the block
	// pauses before Slack hears of it.
	desktop := &fakeDesktop{running: make(chan struct{}), sleepOK: make(chan struct{}, 8)}
	a, err := Open(ctx, Options{Paths: paths, Notifier: &recordingNotifier{}, Logger: log, Desktop: desktop})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := control.Listen(paths.Socket)
	if err != nil {
		t.Fatal(err)
	}
	go a.Run(ctx, ln)
	// A failure below must not leave the app running into the next tests.
	t.Cleanup(func() { cancel(); <-a.Done() })
	call := func(req control.Request) { control.Call(ctx, paths.Socket, req) }
	call(control.Request{Cmd: control.CmdStart})
	waitSlack(t, "focus status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down") })
	srv.Fail("users.profile.set", slacktest.Fault{HTTPStatus: 429, RetryAfter: 1})
	srv.Fail("dnd.endSnooze", slacktest.Fault{HTTPStatus: 503})
	call(control.Request{Cmd: control.CmdStop})
	call(control.Request{Cmd: control.CmdAFK})
	srv.Revoke()
	call(control.Request{Cmd: control.CmdBack})
	call(control.Request{Cmd: control.CmdReload})
	waitSlack(t, "disconnected", func() bool { return a.Status().Slack.Connection == "disconnected" })
	cancel()
	<-a.Done()
	entries, _ := os.ReadDir(dir)
	if len(entries) < 3 {
		t.Fatalf("data dir has only %v", entries)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".sock") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(slackToken)) || bytes.Contains(b, []byte("secretsecret")) {
			t.Errorf("the token is written in %s", e.Name())
		}
	}
	logText, _ := os.ReadFile(paths.Log)
	if !strings.Contains(string(logText), "slack") {
		t.Fatalf("the log has no Slack lines to check:\n%s", logText)
	}
}

// Until the user has confirmed their working hours (welcome window or
// Settings), nothing happens to Slack because of them: the defaults are a
// guess. Confirming turns off hours on at once.
func TestOffHoursWaitForConfirmedHours(t *testing.T) {
	srv, dir := withSlack(t)
	// The defaults, not confirmed, and outside them all day: no hours today
	// (a fixed Monday on a fake clock: the machine's today could change
	// while the test runs).
	clock := newSafeClock(time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	today := clock.Now().Weekday()
	cfg := "[working_hours]\nconfirmed = false\n"
	for d := time.Sunday; d <= time.Saturday; d++ {
		spans := `["09:00-17:00"]`
		if d == today {
			spans = "[]"
		}
		cfg += strings.ToLower(d.String()) + " = " + spans + "\n"
	}
	cfg += presenceOn
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	waitSlack(t, "connected", func() bool { return r.app.Status().Slack.Connection == "connected" })
	// A block settles the worker: by its end, off hours would have shown.
	r.do(t, control.Request{Cmd: control.CmdStart})
	waitSlack(t, "focus status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down") })
	r.do(t, control.Request{Cmd: control.CmdStop})
	waitSlack(t, "the user's own status", func() bool { return srv.Status().Text == "Working from Lisbon" })
	if srv.Presence() == "away" || r.app.Status().Slack.Mode == "off_hours" {
		t.Fatalf("off hours before the hours were confirmed: presence %s, mode %s", srv.Presence(), r.app.Status().Slack.Mode)
	}

	if err := os.WriteFile(path, []byte(strings.Replace(cfg, "confirmed = false", "confirmed = true", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r.do(t, control.Request{Cmd: control.CmdReload})
	waitSlack(t, "off hours once confirmed", func() bool {
		return srv.Presence() == "away" && strings.HasPrefix(srv.Status().Text, "Off for the day")
	})
}

// A command's reply says what is being applied on Slack, not what Slack
// showed before the command ("afk" used to print the focus status, "back"
// the away one): each line is checked as the command answers, then once
// Slack has it.
func TestCommandRepliesSayWhatSlackIsBeingSet(t *testing.T) {
	srv, dir := withSlack(t)
	clock := newSafeClock(time.Date(2026, 11, 23, 15, 19, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	waitSlack(t, "connected", func() bool { return r.app.Status().Slack.Line == "Slack: connected as @ana" })
	const focusText = "Heads down until 15:44 — reading messages then" // pings are polled and read at the block's end
	for _, c := range []struct {
		req          control.Request
		reply, after string
	}{
		{control.Request{Cmd: control.CmdStart, Duration: "25m"}, "Slack: setting " + focusText + "…", "Slack: " + focusText + " · Do Not Disturb"},
		{control.Request{Cmd: control.CmdAFK, Duration: "30m"}, "Slack: setting Away…", "Slack: Away"},
		{control.Request{Cmd: control.CmdBack}, "Slack: setting " + focusText + "…", "Slack: " + focusText + " · Do Not Disturb"},
		{control.Request{Cmd: control.CmdStop}, "Slack: putting your status back…", "Slack: connected as @ana"},
	} {
		if st := r.do(t, c.req); st.Slack.Line != c.reply {
			t.Fatalf("%s replied %q, want %q", c.req.Cmd, st.Slack.Line, c.reply)
		}
		var last string
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("the line last read: %q", last)
			}
		})
		waitSlack(t, c.after, func() bool { last = r.app.Status().Slack.Line; return last == c.after })
	}
}

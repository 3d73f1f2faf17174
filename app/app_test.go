package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

type recordingNotifier struct {
	mu    sync.Mutex
	notes []Notification
	// shown, if not nil, receives each notification as it is shown.
	shown chan Notification
}

func (r *recordingNotifier) Notify(n Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, n)
	if r.shown != nil {
		select {
		case r.shown <- n:
		default:
		}
	}
	return nil
}

// next waits for the next notification shown.
func (r *recordingNotifier) next(t *testing.T) Notification {
	t.Helper()
	select {
	case n := <-r.shown:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a notification")
	}
	return Notification{}
}

// body is the body of the last notification titled title.
func (r *recordingNotifier) body(title string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.notes) - 1; i >= 0; i-- {
		if r.notes[i].Title == title {
			return r.notes[i].Body
		}
	}
	return ""
}

func (r *recordingNotifier) titles() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.notes {
		out = append(out, n.Title)
	}
	return out
}

type running struct {
	t      *testing.T
	app    *App
	cancel context.CancelFunc
	notes  *recordingNotifier
	paths  files.Paths
}

func startApp(t *testing.T, dir string) *running {
	t.Helper()
	return launchApp(t, dir, Options{})
}

// launchApp opens and runs an app in dir with a recording notifier and a
// silent log; opts may set a clock or a zone.
func launchApp(t *testing.T, dir string, opts Options) *running {
	t.Helper()
	paths := files.In(dir)
	notes := &recordingNotifier{shown: make(chan Notification, 64)}
	ctx, cancel := context.WithCancel(context.Background())
	opts.Paths = paths
	if opts.Notifier == nil {
		opts.Notifier = notes
	}
	if opts.Desktop == nil {
		// Not this machine's desktop: a test must not go away when the
		// developer locks the screen.
		opts.Desktop = &fakeDesktop{running: make(chan struct{}), sleepOK: make(chan struct{}, 8)}
	}
	opts.Logger = slog.New(slog.NewTextHandler(testLogOut(), nil))
	if opts.Getenv == nil {
		// Not the developer's locale: a test that wants one says so.
		opts.Getenv = func(string) string { return "" }
	}
	a, err := Open(ctx, opts)
	if err != nil {
		cancel()
		t.Fatalf("Open: %v", err)
	}
	ln, err := control.Listen(paths.Socket)
	if err != nil {
		t.Fatal(err)
	}
	go a.Run(ctx, ln)
	r := &running{t: t, app: a, cancel: cancel, notes: notes, paths: paths}
	t.Cleanup(r.stop)
	return r
}

func (r *running) stop() {
	r.cancel()
	<-r.app.Done()
	// Every driver ends before Run returns: none may be left running.
	if leaks := leakedGoroutines(); len(leaks) > 0 {
		r.t.Errorf("goroutines outlived the app:\n%s", strings.Join(leaks, "\n\n"))
	}
}

func (r *running) do(t *testing.T, req control.Request) control.Status {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, r.paths.Socket, req)
	if err != nil {
		t.Fatalf("%s: %v", req.Cmd, err)
	}
	if !resp.OK {
		t.Fatalf("%s refused: %s", req.Cmd, resp.Error)
	}
	return *resp.Status
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCommandsOverTheSocket(t *testing.T) {
	r := startApp(t, t.TempDir())
	st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m", Tag: "q3"})
	if st.State != "focus" || st.Tag != "q3" || st.MinutesLeft != 25 || st.Deadline == nil {
		t.Fatalf("after start: %+v", st)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdPause}); st.State != "paused" || st.Deadline != nil {
		t.Fatalf("after pause: %+v", st)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdResume}); st.State != "focus" {
		t.Fatalf("after resume: %+v", st)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdStop}); st.State != "idle" {
		t.Fatalf("after stop: %+v", st)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "10"}); st.State != "short_break" || st.MinutesLeft != 10 {
		t.Fatalf("after break: %+v", st)
	}
}

// The user's own commands (tray, CLI, windows) are not notified: they know
// what they did. What happens on its own, between them, is.
func TestOwnCommandsAreNotNotified(t *testing.T) {
	clock := newSafeClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	r := launchApp(t, t.TempDir(), Options{Clock: clock, Location: time.UTC})
	for _, req := range []control.Request{
		{Cmd: control.CmdStart, Duration: "25m", Tag: "q3"}, {Cmd: control.CmdPause}, {Cmd: control.CmdResume},
		{Cmd: control.CmdStop}, {Cmd: control.CmdBreak, Duration: "10"}, {Cmd: control.CmdStop},
		{Cmd: control.CmdAFK}, {Cmd: control.CmdBack}, {Cmd: control.CmdStart, Duration: "25m"},
	} {
		r.do(t, req)
	}
	clock.Advance(25 * time.Minute) // the block ends on its own
	if n := r.notes.next(t); n.Title != "Focus block done" {
		t.Fatalf("first notification %q: the user's own commands were notified", n.Title)
	}
	r.do(t, control.Request{Cmd: control.CmdStop}) // the break that started with it
	r.stop()                                       // the notifier is drained
	if got := strings.Join(r.notes.titles(), "|"); got != "Focus block done" {
		t.Fatalf("notifications: %s", got)
	}
}

func TestRefusedCommandsSayWhy(t *testing.T) {
	r := startApp(t, t.TempDir())
	ctx := context.Background()
	cases := map[string]control.Request{
		`"25x" is not a length`:  {Cmd: control.CmdStart, Duration: "25x"},
		"must be positive":       {Cmd: control.CmdStart, Duration: "-5m"},
		"too long":               {Cmd: control.CmdBreak, Duration: "99999h"},
		"nothing is running":     {Cmd: control.CmdStop},
		"nothing is paused":      {Cmd: control.CmdResume},
		`unknown plan "sprint"`:  {Cmd: control.CmdStart, Plan: "sprint"},
		`unknown command "boom"`: {Cmd: "boom"},
	}
	for want, req := range cases {
		resp, err := control.Call(ctx, r.paths.Socket, req)
		if err != nil || resp.OK || !strings.Contains(resp.Error, want) || resp.Status == nil || resp.Status.State != "idle" {
			t.Errorf("%+v: got %+v, %v; want error %q and idle status", req, resp, err, want)
		}
	}
}

func TestBlockCompletesOnTimeAndIsStored(t *testing.T) {
	r := startApp(t, t.TempDir())
	var mu sync.Mutex
	var states []string
	updates := r.app.Subscribe()
	go func() {
		for {
			select {
			case <-updates:
			case <-r.app.Done():
				return
			}
			st := r.app.Status()
			mu.Lock()
			if len(states) == 0 || states[len(states)-1] != st.State {
				states = append(states, st.State)
			}
			mu.Unlock()
		}
	}()
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "2s", Tag: "quick"})
	waitFor(t, "the block to complete", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(states) > 0 && states[len(states)-1] == "short_break"
	})
	mu.Lock()
	if got := strings.Join(states, ">"); got != "idle>focus>short_break" {
		t.Fatalf("states %s", got)
	}
	mu.Unlock()
	st := r.do(t, control.Request{Cmd: control.CmdStatus})
	if st.TodayBlocks != 1 || st.TodayFocusSeconds != 2 {
		t.Fatalf("today: %d blocks, %d s", st.TodayBlocks, st.TodayFocusSeconds)
	}
	r.stop()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blocks, _ := db.Blocks(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if len(blocks) != 2 || blocks[0].Outcome != focus.OutcomeCompleted || blocks[0].Active != 2*time.Second || blocks[0].Tag != "quick" {
		t.Fatalf("stored blocks: %+v", blocks)
	}
	if titles := r.notes.titles(); len(titles) != 1 || titles[0] != "Focus block done" {
		t.Fatalf("notifications %v", titles)
	}
}

func TestRestartRestoresBlockInFlight(t *testing.T) {
	dir := t.TempDir()
	r := startApp(t, dir)
	before := r.do(t, control.Request{Cmd: control.CmdStart, Plan: "deep-work", Tag: "essay"})
	r.stop()

	r2 := startApp(t, dir)
	after := r2.do(t, control.Request{Cmd: control.CmdStatus})
	if after.State != "focus" || after.Plan != "deep-work" || after.Tag != "essay" || !after.StartedAt.Equal(*before.StartedAt) || !after.Deadline.Equal(*before.Deadline) {
		t.Fatalf("restored status %+v, was %+v", after, before)
	}
	// It is the same block, not a new one.
	r2.do(t, control.Request{Cmd: control.CmdStop})
	r2.stop()
	db, _ := store.OpenReadOnly(context.Background(), r2.paths.DB)
	defer db.Close()
	blocks, _ := db.Blocks(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if len(blocks) != 1 || blocks[0].Outcome != focus.OutcomeStopped || blocks[0].Planned != 50*time.Minute {
		t.Fatalf("blocks after restart: %+v", blocks)
	}
}

func TestBadSettingsFileKeepsDefaultsAndFile(t *testing.T) {
	dir := t.TempDir()
	paths := files.In(dir)
	bad := []byte("[focus]\npomodoro = \"25x\"\n")
	if err := os.WriteFile(paths.Config, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	r := startApp(t, dir)
	st := r.do(t, control.Request{Cmd: control.CmdStart})
	if st.MinutesLeft != 25 || len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "25x") {
		t.Fatalf("status with bad settings: %+v", st)
	}
	resp, _ := control.Call(context.Background(), paths.Socket, control.Request{Cmd: control.CmdReload})
	if resp.OK || !strings.Contains(resp.Error, "keeping the previous") {
		t.Fatalf("reload of bad file: %+v", resp)
	}
	if got, _ := os.ReadFile(paths.Config); string(got) != string(bad) {
		t.Fatal("bad settings file was rewritten")
	}
	os.WriteFile(paths.Config, []byte("[focus]\npomodoro = \"30m\"\n"), 0o600)
	if st := r.do(t, control.Request{Cmd: control.CmdReload}); len(st.Warnings) != 0 || st.PomodoroMinutes != 30 {
		t.Fatalf("after good reload: %+v", st)
	}
}

func TestBrokenFileAtStartUsesLastGoodSettings(t *testing.T) {
	dir := t.TempDir()
	paths := files.In(dir)
	os.WriteFile(paths.Config, []byte("[focus]\npomodoro = \"40m\"\n"), 0o600)
	r := startApp(t, dir)
	if st := r.do(t, control.Request{Cmd: control.CmdStatus}); st.PomodoroMinutes != 40 {
		t.Fatalf("pomodoro %d", st.PomodoroMinutes)
	}
	r.stop()

	bad := []byte("[focus]\npomodoro = \"40m\"\nshort_break = \"five\"\n")
	os.WriteFile(paths.Config, bad, 0o600)
	r = startApp(t, dir)
	st := r.do(t, control.Request{Cmd: control.CmdStatus})
	if st.PomodoroMinutes != 40 || len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "line 3") {
		t.Fatalf("restart with a broken file: %+v", st)
	}
	if got, _ := os.ReadFile(paths.Config); string(got) != string(bad) {
		t.Fatal("broken settings file was rewritten")
	}
}

func TestNotificationsCanBeTurnedOff(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(files.In(dir).Config, []byte("[notifications]\nenabled = false\n"), 0o600)
	r := startApp(t, dir)
	r.do(t, control.Request{Cmd: control.CmdStart})
	r.do(t, control.Request{Cmd: control.CmdStop})
	r.stop() // every driver has ended and the notifier is drained
	if n := r.notes.titles(); len(n) != 0 {
		t.Fatalf("notified while off: %v", n)
	}
}

func TestSecondInstanceIsRefused(t *testing.T) {
	dir := t.TempDir()
	l, err := files.AcquireLock(files.In(dir).Lock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := files.AcquireLock(files.In(dir).Lock); !errors.Is(err, files.ErrAlreadyRunning) {
		t.Fatalf("second lock: %v", err)
	}
	l.Release()
	l2, err := files.AcquireLock(files.In(dir).Lock)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	l2.Release()
}

func TestCorruptDatabaseIsFatalAndUntouched(t *testing.T) {
	dir := t.TempDir()
	paths := files.In(dir)
	junk := []byte(strings.Repeat("not a database ", 500))
	os.WriteFile(paths.DB, junk, 0o600)
	_, err := Open(context.Background(), Options{Paths: paths, Notifier: &recordingNotifier{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil || !strings.Contains(err.Error(), paths.DB) {
		t.Fatalf("Open over corrupt DB: %v", err)
	}
	if got, _ := os.ReadFile(paths.DB); string(got) != string(junk) {
		t.Fatal("corrupt database was modified")
	}
}

func TestDescribe(t *testing.T) {
	c := focus.NewFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	e := focus.NewEngine(c, focus.Settings{Plan: focus.Pomodoro, AutoStartBreak: true, AutoStartFocus: true})
	check := func(evs []focus.Event, title, body string, sound bool) {
		t.Helper()
		n, ok := describe(evs, time.UTC, timefmt.H24)
		if !ok || n.Title != title || !strings.Contains(n.Body, body) || n.Sound != sound {
			t.Errorf("describe = %+v, %v; want %q %q sound=%v", n, ok, title, body, sound)
		}
	}
	evs, _ := e.Start(0, "essay")
	check(evs, "Heads down", "25 min of focus on essay, until 09:25", false)
	c.Advance(25 * time.Minute)
	check(e.Tick(), "Focus block done", "25 min of deep work. Short break until 09:30", true)
	c.Advance(5 * time.Minute)
	check(e.Tick(), "Break over — back to focus", "until 09:55", true)
	c.Advance(time.Minute)
	if n, ok := describe(e.Tick(), time.UTC, timefmt.H24); ok {
		t.Errorf("a quiet tick notified: %+v", n)
	}
	c.Suspend(time.Minute * 10)
	if n, ok := describe(e.Tick(), time.UTC, timefmt.H24); ok {
		t.Errorf("a bare wake-up notified: %+v", n)
	}
}

func testLogOut() io.Writer {
	if os.Getenv("HEADSDOWN_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

func testLogger() *slog.Logger { return slog.New(slog.NewTextHandler(testLogOut(), nil)) }

// A block that ends on its own rings within working hours (the default
// Mon–Fri 09:00–17:30) and is silent outside them: no bell at night.
func TestNoSoundOutsideWorkingHours(t *testing.T) {
	for _, c := range []struct {
		start time.Time
		sound bool
	}{
		{time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), true},  // Monday morning
		{time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC), false}, // Monday night
		{time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), false}, // Saturday
	} {
		clock := newSafeClock(c.start)
		dir := t.TempDir()
		// No weekly summary on the Saturday: only the block's end is told.
		os.WriteFile(files.In(dir).Config, []byte("[notifications]\nweekly_report = false\n"), 0o600)
		r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
		r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
		clock.Advance(25 * time.Minute)
		if n := r.notes.next(t); n.Title != "Focus block done" || n.Sound != c.sound {
			t.Errorf("block ending %s: %q sound=%v, want sound=%v", c.start.Add(25*time.Minute).Format("Mon 15:04"), n.Title, n.Sound, c.sound)
		}
		r.stop()
	}
}

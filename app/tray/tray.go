package tray

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/systray"

	"github.com/headsdown-app/headsdown/app"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
)

// Tray is the tray icon and its menu.
type Tray struct {
	app *app.App
	log *slog.Logger
	loc *time.Location
	// stopApp ends the app; the tray quits when the app is done.
	stopApp context.CancelFunc

	status      *systray.MenuItem
	slack       *systray.MenuItem
	startMenu   *systray.MenuItem
	pomodoro    *systray.MenuItem
	deepWork    *systray.MenuItem
	custom      *systray.MenuItem
	pauseResume *systray.MenuItem
	stop        *systray.MenuItem
	startBreak  *systray.MenuItem
	away        *systray.MenuItem
	settings    *systray.MenuItem
	report      *systray.MenuItem
	review      *systray.MenuItem
	quit        *systray.MenuItem
	// settingsProblem is the "Settings have problems" line.
	settingsProblem *systray.MenuItem
	// calendar is the meeting line (CalendarLine); calendarLine what it shows,
	// "" while hidden. Only follow touches them.
	calendar     *systray.MenuItem
	calendarLine string
	welcome      *systray.MenuItem
	openAtStart  []string // windows onReady opens

	mu      sync.Mutex
	last    control.Status
	closing bool // closeWindows has run: open no more windows
	// quitFromMenu: the person chose Quit in the menu (not a signal), so
	// the windows get graceQuit to close, not graceSignal.
	quitFromMenu bool
	windows      map[string]*window
	// graceQuit and graceSignal are windowGraceQuit and windowGraceSignal
	// (tests shorten them).
	graceQuit, graceSignal time.Duration
	// follow draws every new status; it must end before systray.Quit
	// closes the D-Bus connection its property updates go to.
	stopFollow chan struct{}
	followDone chan struct{}
	// ready closes once the tray item exists (follow draws from then on);
	// done ends the tray once follow has stopped.
	ready, done chan struct{}
	// iconFailed: setting the icon failed once (logged once); likewise
	// releaseFailed for releaseProgramPages.
	iconFailed, releaseFailed bool
	// released is the state at the last releaseProgramPages (nil: none yet).
	released *string
	// face is the icon last shown (faceShown: and it was).
	face      Face
	faceShown bool
}

// SettingsProblemTitle is the menu line while config.toml does not load.
const SettingsProblemTitle = "Settings have problems — open Settings…"

// Run shows the tray and blocks until the app stops (Quit in the menu, or
// stopApp called elsewhere, e.g. on SIGTERM). The windows named in open
// open at once (the welcome window, when no tray host shows the icon);
// at the first start the welcome window opens anyway.
func Run(a *app.App, stopApp context.CancelFunc, log *slog.Logger, open ...string) {
	if a.FirstRun() && !slices.Contains(open, "welcome") {
		open = append(open, "welcome")
	}
	t := &Tray{app: a, log: log, loc: time.Local, stopApp: stopApp, windows: map[string]*window{}, openAtStart: open,
		graceQuit: windowGraceQuit, graceSignal: windowGraceSignal,
		stopFollow: make(chan struct{}), followDone: make(chan struct{}),
		ready: make(chan struct{}), done: make(chan struct{})}
	// A notification's "Review" opens the window as the menu does, so it
	// too closes when the tray quits.
	a.SetWindowOpener(func(name string) { go t.openWindow(name) })
	go func() {
		<-a.Done()
		close(t.stopFollow)
		<-t.followDone // no icon update after this point: the bus closes
		close(t.done)
	}()
	runTray(log, t.onReady, func() { log.Info("tray closed") }, t.ready, t.done)
	t.closeWindows()
}

// window is an open window process; done closes once it has been reaped.
type window struct {
	proc *os.Process
	done chan struct{}
}

// How long the windows have to close once Heads Down has asked them,
// before they are killed: quitting must not leave a window process (and
// the terminal or pipe it writes to) behind the app, but killing at once
// would lose the edits of a Settings window that is asking whether to
// keep them.
const (
	// windowGraceQuit follows Quit in the menu. The person who chose it is
	// at the screen, and Settings may now ask "Save changes?": reading
	// that, deciding, perhaps fixing a field so Save works, takes seconds
	// to a minute. Two minutes is ample for that, and still short for a
	// forgotten window to linger as a process with no app behind it.
	windowGraceQuit = 2 * time.Minute
	// windowGraceSignal follows SIGTERM or SIGINT: a logout, a shutdown,
	// `systemctl --user stop`. Whatever is ending waits on us and nobody
	// may be looking: a question already in view can still be answered,
	// but the logout must not hang on it.
	windowGraceSignal = 10 * time.Second
)

// closeWindows ends the window processes this tray opened and waits for
// them: quitting Heads Down closes its windows too.
func (t *Tray) closeWindows() {
	open, grace := t.askWindows()
	t.awaitWindows(open, grace)
}

// askWindows opens no more windows and asks the open ones to close. The
// app has asked already: it answered each window's watch as it stopped
// (ui.FollowApp), on every OS. On Unix a SIGTERM asks again, for a window
// that could not hear the app (one that opened as it stopped); the window
// acts on the first request only. Windows has no such signal (Signal
// fails and does nothing), and nothing here kills a window before its
// grace: that is what used to lose unsaved Settings edits on Windows.
func (t *Tray) askWindows() (open map[string]*window, grace time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true // a window asked for from now on is not opened
	open = maps.Clone(t.windows)
	for _, w := range open {
		_ = w.proc.Signal(syscall.SIGTERM)
	}
	if t.quitFromMenu {
		return open, t.graceQuit
	}
	return open, t.graceSignal
}

// awaitWindows waits up to grace for the windows to close, then kills
// the ones still open.
func (t *Tray) awaitWindows(open map[string]*window, grace time.Duration) {
	end := time.Now().Add(grace)
	for name, w := range open {
		if waitClosed(w.done, time.Until(end)) {
			t.log.Info("window closed with the app", "window", name)
			continue
		}
		_ = w.proc.Kill()
		<-w.done // a killed process is reaped at once
		t.log.Warn("window killed: it did not close in time", "window", name, "grace", grace)
	}
}

// waitClosed reports whether done closes within d (at once if d <= 0).
func waitClosed(done <-chan struct{}, d time.Duration) bool {
	timer := time.NewTimer(max(d, 0))
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		select { // closed just as the time ran out
		case <-done:
			return true
		default:
			return false
		}
	}
}

// onReady builds the menu. It must return promptly: the tray answers no
// D-Bus menu request until it has.
func (t *Tray) onReady() {
	setTrayTooltip("Heads Down")

	t.status = systray.AddMenuItem("Idle", "What Heads Down is doing")
	t.status.Disable()
	t.slack = systray.AddMenuItem("Slack: not connected", "Connect or reconnect Slack in the settings")
	// Shown only while config.toml does not load (show), so that a broken
	// hand edit is seen where the user looks, not only in the log.
	t.settingsProblem = systray.AddMenuItem(SettingsProblemTitle, "The settings file does not load; the previous settings stay in use")
	t.settingsProblem.Hide()
	// Shown only with calendars: the meeting now or within the hour, or a
	// calendar's problem.
	t.calendar = systray.AddMenuItem("", "Meetings from your calendars (headsdown calendar list)")
	t.calendar.Disable()
	t.calendar.Hide()
	systray.AddSeparator()
	t.startMenu = systray.AddMenuItem("Start focus", "Start a focus block")
	t.pomodoro = t.startMenu.AddSubMenuItem("Pomodoro — 25 min", "A short focus block, then a short break")
	t.deepWork = t.startMenu.AddSubMenuItem("Deep work — 50 min", "A long focus block, then a longer break")
	t.custom = t.startMenu.AddSubMenuItem("Custom…", "Choose the length and a tag")
	t.pauseResume = systray.AddMenuItem("Pause", "Pause or resume the running block")
	t.stop = systray.AddMenuItem("Stop", "End the running block now; the time so far is logged")
	t.startBreak = systray.AddMenuItem("Start break", "Take a break now")
	t.away = systray.AddMenuItem("Away", "Pause focus and show you as away on Slack until you are back")
	systray.AddSeparator()
	t.review = systray.AddMenuItem("Review pings…", "Slack DMs and mentions held for your review windows")
	t.report = systray.AddMenuItem("Weekly report…", "Your week of deep work")
	t.settings = systray.AddMenuItem("Settings…", "Working hours, focus lengths, review windows, Slack, notifications, away")
	t.welcome = systray.AddMenuItem("Getting started…", "What Heads Down does; confirm your working hours; connect Slack")
	t.quit = systray.AddMenuItem("Quit Heads Down", "Stop the running block and quit")

	go t.clicks()
	go t.follow()
	for _, name := range t.openAtStart {
		go t.openWindow(name)
	}
	t.log.Info("tray ready", "open", strings.Join(t.openAtStart, ","))
}

// follow is the tray's own goroutine for drawing: it takes the newest
// status whenever the app signals one, so the app's loop never waits on
// the D-Bus updates a redraw costs, and a burst of changes is one redraw.
func (t *Tray) follow() {
	defer close(t.followDone)
	updates := t.app.Subscribe()
	select {
	case <-t.stopFollow:
		return
	case <-t.ready: // the icon can be set only once the item exists
	}
	t.redraw()
	for {
		select {
		case <-t.stopFollow:
			return
		case <-updates:
			t.redraw()
		}
	}
}

// redraw shows the newest status and lets go of the program's pages
// touched since the last release (see releaseProgramPages): a redraw ends
// each burst of work, the loop's step came before it. Not at the
// countdown's once-a-minute redraws while a block runs: what they touch is
// the same each minute, and mapping it back each time made every wake
// longer, which the runtime's monitor thread spins through in 20 µs sleeps
// (measured, 5 samples of 60 s: 1.08 wakeups/s with a release each minute,
// 0.33 with one at the block's start).
func (t *Tray) redraw() {
	st := t.app.Status()
	t.show(st)
	if !releaseDue(t.released, st) {
		return
	}
	t.released = &st.State
	if err := releaseProgramPages(); err != nil && !t.releaseFailed {
		t.releaseFailed = true
		t.log.Info("the program's pages stay mapped", "err", err)
	}
}

// releaseDue says whether a redraw for st lets go of the program's pages:
// always, but for the countdown's redraws of a running block (the state is
// the one at the last release, and a focus block or a break is running).
func releaseDue(released *string, st control.Status) bool {
	if released == nil || *released != st.State {
		return true
	}
	switch focus.State(st.State) {
	case focus.StateFocus, focus.StateShortBreak, focus.StateLongBreak:
		return false
	}
	return true
}

// clicks is the single loop for menu events. It never blocks on the work a
// click starts, because systray drops clicks that find nobody receiving.
func (t *Tray) clicks() {
	for {
		select {
		case <-t.pomodoro.ClickedCh:
			go t.do(control.Request{Cmd: control.CmdStart, Plan: focus.Pomodoro.Name})
		case <-t.deepWork.ClickedCh:
			go t.do(control.Request{Cmd: control.CmdStart, Plan: focus.DeepWork.Name})
		case <-t.custom.ClickedCh:
			go t.openWindow("custom")
		case <-t.pauseResume.ClickedCh:
			cmd := control.CmdPause
			if t.lastStatus().State == string(focus.StatePaused) {
				cmd = control.CmdResume
			}
			go t.do(control.Request{Cmd: cmd})
		case <-t.stop.ClickedCh:
			go t.do(control.Request{Cmd: control.CmdStop})
		case <-t.startBreak.ClickedCh:
			go t.do(control.Request{Cmd: control.CmdBreak})
		case <-t.away.ClickedCh:
			cmd := control.CmdAFK
			if t.lastStatus().AFK {
				cmd = control.CmdBack
			}
			go t.do(control.Request{Cmd: cmd})
		case <-t.settings.ClickedCh:
			go t.openWindow("settings")
		case <-t.welcome.ClickedCh:
			go t.openWindow("welcome")
		case <-t.slack.ClickedCh:
			go t.openWindow("settings", "slack")
		case <-t.settingsProblem.ClickedCh:
			go t.openWindow("settings")
		case <-t.report.ClickedCh:
			go t.openWindow("report")
		case <-t.review.ClickedCh:
			go t.openWindow("review")
		case <-t.quit.ClickedCh:
			t.log.Info("quit from the tray")
			t.mu.Lock()
			t.quitFromMenu = true
			t.mu.Unlock()
			t.do(control.Request{Cmd: control.CmdQuit}) // stops the block, puts Slack back
			t.stopApp()
			return
		case <-t.app.Done():
			return
		}
	}
}

func (t *Tray) do(req control.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if resp := t.app.Handle(ctx, req); !resp.OK {
		t.log.Info("tray command refused", "cmd", req.Cmd, "err", resp.Error)
	}
}

// openWindow starts headsdown-ui NAME as its own process, so the Fyne
// driver and its GL loop live only while the window is open. A window that
// is already open is not opened twice.
func (t *Tray) openWindow(name string, args ...string) {
	prog, err := files.UIProgram()
	if err != nil {
		t.log.Error("window not opened", "window", name, "err", err)
		return
	}
	t.mu.Lock()
	if t.closing {
		t.mu.Unlock()
		return // quitting: a click or a start-up window that came too late
	}
	if w := t.windows[name]; w != nil {
		t.mu.Unlock()
		t.log.Info("window already open", "window", name)
		return
	}
	cmd := exec.Command(prog, append([]string{name}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.mu.Unlock()
		t.log.Error("window not opened", "window", name, "err", err)
		return
	}
	w := &window{proc: cmd.Process, done: make(chan struct{})}
	t.windows[name] = w
	t.mu.Unlock()
	t.log.Info("window opened", "window", name, "pid", cmd.Process.Pid)
	err = cmd.Wait()
	t.mu.Lock()
	delete(t.windows, name)
	t.mu.Unlock()
	close(w.done)
	if err != nil {
		t.log.Warn("window exited with an error", "window", name, "err", err)
	}
}

func (t *Tray) lastStatus() control.Status {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// show updates icon and menu in place for a status. Only follow calls
// it, so updates never interleave.
func (t *Tray) show(st control.Status) {
	t.mu.Lock()
	prev := t.last
	t.last = st
	t.mu.Unlock()

	line := StatusLine(st, t.loc)
	// The same face is not sent again: in a block's last minute the line
	// moves every 5 s while the icon still says 1.
	if f := FaceFor(st); f != t.face || !t.faceShown {
		err := setTrayIcon(iconFor(f))
		t.face, t.faceShown = f, err == nil
		if err != nil && !t.iconFailed {
			t.iconFailed = true
			t.log.Warn("tray icon not set", "err", err)
		}
	}
	setTrayTooltip("Heads Down — " + line)
	if st.MinutesLeft > 0 {
		setTrayTitle(fmt.Sprintf("%d min", st.MinutesLeft))
	} else {
		setTrayTitle("")
	}
	t.status.SetTitle(line)
	if t.slack.String() != st.Slack.Line && st.Slack.Line != "" {
		t.slack.SetTitle(st.Slack.Line)
	}
	// onReady hid the line: only a change shows or hides it.
	if (prev.ConfigProblem == "") != (st.ConfigProblem == "") {
		if st.ConfigProblem != "" {
			t.settingsProblem.Show()
		} else {
			t.settingsProblem.Hide()
		}
	}
	if st.ConfigProblem != prev.ConfigProblem {
		t.settingsProblem.SetTooltip(st.ConfigProblem)
	}
	t.showCalendar(CalendarLine(st, time.Now(), t.loc))
	if prev.PomodoroMinutes != st.PomodoroMinutes || prev.DeepWorkMinutes != st.DeepWorkMinutes {
		t.pomodoro.SetTitle(fmt.Sprintf("Pomodoro — %s", focus.FormatDuration(time.Duration(st.PomodoroMinutes)*time.Minute)))
		t.deepWork.SetTitle(fmt.Sprintf("Deep work — %s", focus.FormatDuration(time.Duration(st.DeepWorkMinutes)*time.Minute)))
	}
	m := MenuFor(st)
	setEnabled(t.startMenu, m.StartEnabled)
	setEnabled(t.pauseResume, m.PauseEnabled)
	setEnabled(t.stop, m.StopEnabled)
	setEnabled(t.startBreak, m.BreakEnabled)
	if t.pauseResume.String() != m.PauseTitle {
		t.pauseResume.SetTitle(m.PauseTitle)
	}
	if t.away.String() != m.AwayTitle {
		t.away.SetTitle(m.AwayTitle)
	}
	if prev.Pings.Held != st.Pings.Held || prev.Pings.Unreviewed != st.Pings.Unreviewed {
		t.review.SetTitle(m.ReviewTitle)
	}
}

func setEnabled(item *systray.MenuItem, on bool) {
	if on == item.Disabled() {
		if on {
			item.Enable()
		} else {
			item.Disable()
		}
	}
}

// Menu is the enabled state of the menu for a status: a pure function, so
// it is tested without a tray.
type Menu struct {
	StartEnabled, PauseEnabled, StopEnabled, BreakEnabled bool
	PauseTitle, AwayTitle                                 string
	// ReviewTitle shows the pings waiting for review, held and delivered
	// (control.PingWords).
	ReviewTitle string
}

// MenuFor decides which items apply in a state.
func MenuFor(st control.Status) Menu {
	s := focus.State(st.State)
	m := Menu{PauseTitle: "Pause", AwayTitle: "Away", ReviewTitle: "Review pings…"}
	if words := st.Pings.Words(); words != "" {
		m.ReviewTitle = words + " — Review…"
	}
	if st.AFK {
		m.AwayTitle = "I'm back"
	}
	switch s {
	case focus.StateIdle:
		m.StartEnabled, m.BreakEnabled = true, true
	case focus.StateFocus:
		m.PauseEnabled, m.StopEnabled, m.BreakEnabled = true, true, true
	case focus.StateShortBreak, focus.StateLongBreak:
		m.StartEnabled, m.PauseEnabled, m.StopEnabled = true, true, true
	case focus.StatePaused:
		m.PauseEnabled, m.StopEnabled, m.PauseTitle = true, true, "Resume"
		m.StartEnabled = st.Kind != string(focus.KindFocus)
		m.BreakEnabled = st.Kind == string(focus.KindFocus)
	}
	return m
}

// StatusLine is the first menu item and the tooltip: what is happening,
// how long is left and until when; when idle, today's total.
func StatusLine(st control.Status, loc *time.Location) string {
	left := focus.FormatDuration(time.Duration(st.RemainingSeconds) * time.Second)
	if st.MinutesLeft > 0 && st.RemainingSeconds >= 60 {
		left = fmt.Sprintf("%d min", st.MinutesLeft)
		if st.MinutesLeft >= 60 {
			left = focus.FormatDuration(time.Duration(st.MinutesLeft) * time.Minute)
		}
	}
	if st.AFK {
		return awayLine(st, loc)
	}
	if st.Waiting != "" && focus.State(st.State) == focus.StateIdle {
		if focus.Kind(st.Waiting) == focus.KindFocus {
			return "Break over — waiting for you"
		}
		return "Focus block done — waiting for you"
	}
	kind := focus.Kind(st.Kind).Label()
	if st.Tag != "" && focus.Kind(st.Kind) == focus.KindFocus {
		kind += " on \u201c" + shortTag(st.Tag) + "\u201d"
	}
	switch focus.State(st.State) {
	case focus.StateFocus, focus.StateShortBreak, focus.StateLongBreak:
		line := fmt.Sprintf("%s — %s left", kind, left)
		if st.Deadline != nil {
			line += " (until " + st.Hours().Time(st.Deadline.In(loc)) + ")"
		}
		return line
	case focus.StatePaused:
		return fmt.Sprintf("%s paused — %s left", kind, left)
	}
	return idleLine(st, loc)
}

// idleLine is the top line when nothing runs, the day at a glance: focus
// so far against the daily goal, the next review window, the pings
// waiting for review. A part that does not apply is left out.
func idleLine(st control.Status, loc *time.Location) string {
	done := time.Duration(st.TodayFocusSeconds) * time.Second
	goal := time.Duration(st.DailyGoalSeconds) * time.Second
	doneText := "0 min"
	if done > 0 {
		doneText = focus.FormatDuration(done)
	}
	var line string
	switch {
	case goal > 0 && done >= goal:
		line = fmt.Sprintf("Goal met: %s today", doneText)
	case goal > 0:
		line = fmt.Sprintf("%s of %s today", doneText, focus.FormatDuration(goal))
	case done > 0:
		line = fmt.Sprintf("%s focused today", doneText)
	default:
		line = "No focus yet today"
	}
	if st.Pings.NextReview != nil {
		line += " · next review " + st.Hours().Time(st.Pings.NextReview.In(loc))
	}
	if words := st.Pings.Words(); words != "" {
		line += " · " + words
	}
	return line
}

// shortTag keeps a long tag from widening the whole menu.
func shortTag(tag string) string {
	const most = 32
	if r := []rune(tag); len(r) > most {
		return string(r[:most-1]) + "\u2026"
	}
	return tag
}

// awayLine is the first line while away: since when, and why.
func awayLine(st control.Status, loc *time.Location) string {
	line := "Away"
	if st.AwaySince != nil {
		line += " since " + st.Hours().Time(st.AwaySince.In(loc))
	}
	switch st.AwayReason {
	case "lock":
		line += " (screen locked)"
	case "suspend":
		line += " (suspended)"
	case "idle":
		line += " (idle)"
	}
	if st.AFKUntil != nil {
		line += ", back " + st.Hours().Time(st.AFKUntil.In(loc))
	}
	if focus.State(st.State) == focus.StatePaused {
		line += " — focus paused"
	}
	return line
}

// CalendarLine is the tray's calendar item: the meeting now or within the hour, else
// a calendar's problem; "" hides the item.
func CalendarLine(st control.Status, now time.Time, loc *time.Location) string {
	if line := control.MeetingLine(st, now, loc); line != "" {
		return line
	}
	return control.CalendarProblemLine(st)
}

// showCalendar shows, changes or hides the calendar item; only a change is sent.
func (t *Tray) showCalendar(line string) {
	if line == t.calendarLine {
		return
	}
	switch {
	case line == "":
		t.calendar.Hide()
	case t.calendarLine == "":
		t.calendar.SetTitle(line)
		t.calendar.Show()
	default:
		t.calendar.SetTitle(line)
	}
	t.calendarLine = line
}

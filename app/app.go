// Package app is the running Heads Down: it wires the focus engine, the store,
// the settings and desktop notifications, and serves the control socket. The
// tray (app/tray) and headless mode are two faces of the same App.
//
// One goroutine (Run) owns the engine. Commands from the socket and the tray,
// and the engine's own wake-ups, all pass through it, so there are no locks
// around the domain and no two transitions can interleave. Each batch of
// events is written to SQLite before listeners hear of it.
package app

import (
	"context"
	"errors"
	"fmt"
	"headsdown/slackapi"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"headsdown/app/config"
	"headsdown/app/control"
	"headsdown/app/report"
	"headsdown/focus"
	"headsdown/presence"
	"headsdown/store"
)

// Options configure an App. Zero values pick the real thing.
type Options struct {
	Paths    Paths
	Clock    focus.Clock
	Notifier Notifier
	Logger   *slog.Logger
	// Location is the time zone for messages and "today"; default Local.
	Location *time.Location
}

// App is a running Heads Down.
type App struct {
	paths  Paths
	log    *slog.Logger
	clock  focus.Clock
	loc    *time.Location
	store  *store.Store
	engine *focus.Engine
	notes  *notifyQueue

	calls chan call
	done  chan struct{}
	// slackChanged carries the Slack worker's state changes to Run.
	slackChanged chan struct{}
	slack        *presence.Worker
	slackToken   string
	// pingsIn carries pings the intake stored to Run.
	pingsIn chan []store.Ping
	inbox   inboxState

	// Owned by the Run goroutine.
	cfg      config.Config
	cfgErr   error
	plan     string
	pending  []focus.Event // recorded in memory, not yet in the DB
	saveErr  error
	timer    *time.Timer
	restored []focus.Event
	rules    presence.Rules
	afk      afkState
	quitting bool
	// weeklySent is the last week whose summary was notified.
	weeklySent string
	lastConn   presence.Connection

	mu        sync.Mutex
	pingCfg   config.Pings // the settings the intake goroutine reads
	listeners []func(control.Status)
	status    control.Status
}

// afkState is persisted, so AFK survives a restart.
type afkState struct {
	On    bool      `json:"on"`
	Until time.Time `json:"until"`
}

// KeyLastGoodSettings is the database key of the text of the last settings
// file that loaded, which the settings window offers when the file is broken.
const KeyLastGoodSettings = "settings_last_good"

const (
	kvAFK              = "afk"
	kvPresence         = "presence"
	kvWeeklySent       = "weekly_report_sent"
	kvLastGoodSettings = KeyLastGoodSettings
)

type call struct {
	ctx   context.Context
	req   control.Request
	reply chan control.Response
}

// Open loads settings and history and restores the block that was in
// flight. A bad settings file is reported, not fatal: the app runs on the
// defaults and keeps the file. A database that cannot be opened is fatal.
func Open(ctx context.Context, opts Options) (*App, error) {
	a := &App{
		paths: opts.Paths, log: opts.Logger, clock: opts.Clock, loc: opts.Location,
		calls: make(chan call), done: make(chan struct{}), plan: focus.Pomodoro.Name,
		slackChanged: make(chan struct{}, 1), pingsIn: make(chan []store.Ping, 16),
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.clock == nil {
		a.clock = focus.NewSystemClock()
	}
	if a.loc == nil {
		a.loc = time.Local
	}
	notifier := opts.Notifier
	if notifier == nil {
		notifier = DesktopNotifier{}
	}
	st, err := store.Open(ctx, a.paths.DB)
	if err != nil {
		return nil, err
	}
	a.store = st
	a.loadSettings(ctx)
	saved, err := st.LoadEngineState(ctx)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("database %s: %w", a.paths.DB, err)
	}
	if saved.Current != nil && saved.Current.Plan != "" {
		a.plan = saved.Current.Plan
	}
	a.engine = focus.NewEngine(a.clock, a.cfg.Settings(a.plan))
	a.restored = a.engine.Restore(saved.Current, saved.Cycle, saved.LastID)
	if cur := a.engine.Current(); cur != nil {
		a.log.Info("restored block in flight", "id", cur.ID, "kind", cur.Kind, "state", cur.State())
	}
	if _, err := st.GetJSON(ctx, kvAFK, &a.afk); err != nil {
		a.log.Warn("AFK state not read", "err", err)
	}
	if _, err := st.GetJSON(ctx, kvWeeklySent, &a.weeklySent); err != nil {
		a.log.Warn("weekly report state not read", "err", err)
	}
	a.rules = a.presenceRules()
	a.slackToken = a.loadToken()
	a.setPingConfig(a.cfg.Pings)
	a.inbox.nextPurge = a.clock.Now() // purge old texts at start, then daily
	a.slack = presence.NewWorker(presence.Options{
		Token: a.slackToken, APIURL: slackapi.APIURL(a.cfg.Slack.APIURL), Store: presenceStore{st}, Log: a.log,
		OnState: func(presence.State) {
			select {
			case a.slackChanged <- struct{}{}:
			default:
			}
		},
	})
	a.notes = newNotifyQueue(notifier, a.log)
	a.status = a.buildStatus(ctx)
	return a, nil
}

// loadToken reads the Slack token. An unreachable keyring (no Secret
// Service on a headless box) only means Slack is off: it is logged, not
// shown as a warning to people who never connected Slack.
func (a *App) loadToken() string {
	token, source, err := slackapi.LoadToken()
	if err != nil {
		a.log.Info("Slack is off: no token", "reason", err)
		return ""
	}
	if token != "" {
		a.log.Info("Slack token found", "source", source)
	}
	return token
}

// presenceStore keeps the Slack worker's bookkeeping in the kv table.
type presenceStore struct{ s *store.Store }

func (p presenceStore) LoadPresence(ctx context.Context) (presence.Applied, error) {
	var a presence.Applied
	_, err := p.s.GetJSON(ctx, kvPresence, &a)
	return a, err
}

func (p presenceStore) SavePresence(ctx context.Context, a presence.Applied) error {
	return p.s.PutJSON(ctx, kvPresence, a)
}

// presenceRules builds the Slack rules from the settings.
func (a *App) presenceRules() presence.Rules {
	sched, err := a.cfg.WorkingHours.Schedule(a.loc)
	if err != nil {
		a.log.Warn("working hours not usable; off-hours automation is off", "err", err)
	}
	c := a.cfg.Slack
	return presence.Rules{
		Texts: presence.Texts{FocusText: c.FocusText, FocusEmoji: c.FocusEmoji, AFKText: c.AFKText, AFKEmoji: c.AFKEmoji,
			OffHoursText: c.OffHoursText, OffHoursEmoji: c.OffHoursEmoji},
		FocusDND: c.FocusDND, OffHours: c.OffHours && err == nil, Schedule: sched, Loc: a.loc,
	}
}

// Run serves the control socket on ln (if not nil) and runs the engine
// until ctx is done. On the way out it checkpoints the block in flight, so
// a restart picks it up, and closes the database.
func (a *App) Run(ctx context.Context, ln net.Listener) error {
	defer close(a.done)
	defer a.notes.close()
	defer a.store.Close()
	slackCtx, stopSlack := context.WithCancel(context.WithoutCancel(ctx))
	slackDone := make(chan struct{})
	go func() { a.slack.Run(slackCtx); close(slackDone) }()
	defer func() { stopSlack(); <-slackDone }()
	if ln != nil {
		go func() {
			if err := control.Serve(ctx, ln, a.Handle, a.log); err != nil {
				a.log.Error("control socket stopped", "err", err)
			}
		}()
	}
	a.timer = time.NewTimer(time.Hour)
	a.timer.Stop()
	a.commit(ctx, a.restored)
	a.restored = nil
	a.maybeWeeklySummary(ctx)
	a.startIntake(ctx)
	defer a.stopIntake()
	a.reviewTick(ctx)
	for {
		a.schedule()
		select {
		case <-ctx.Done():
			a.shutdown()
			return nil
		case c := <-a.calls:
			c.reply <- a.handle(c.ctx, c.req)
		case <-a.timer.C:
			evs := a.engine.Tick()
			if a.afk.On && !a.afk.Until.IsZero() && !a.clock.Now().Before(a.afk.Until) {
				a.setAFK(ctx, afkState{}) // AFK with a duration ends by itself
			}
			a.commit(ctx, evs)
			if len(evs) == 0 {
				a.checkpoint(ctx)
			}
			a.maybeWeeklySummary(ctx)
			a.reviewTick(ctx)
		case ps := <-a.pingsIn:
			a.takePings(ctx, ps)
		case <-a.slackChanged:
			a.slackStateChanged()
			a.publish(ctx)
		}
	}
}

// Handle runs a control request on the app's goroutine; it is the control
// socket's handler and the tray's entry point.
func (a *App) Handle(ctx context.Context, req control.Request) control.Response {
	c := call{ctx: ctx, req: req, reply: make(chan control.Response, 1)}
	select {
	case a.calls <- c:
	case <-a.done:
		return control.Response{Error: "Heads Down is shutting down"}
	case <-ctx.Done():
		return control.Response{Error: ctx.Err().Error()}
	}
	select {
	case r := <-c.reply:
		return r
	case <-ctx.Done():
		return control.Response{Error: ctx.Err().Error()}
	}
}

// OnChange registers fn to be called with every new status: after each
// transition and each countdown minute. fn runs on the app goroutine and
// must not block; it is called once at once with the current status.
func (a *App) OnChange(fn func(control.Status)) {
	a.mu.Lock()
	a.listeners = append(a.listeners, fn)
	st := a.status
	a.mu.Unlock()
	fn(st)
}

// Status is the latest published status.
func (a *App) Status() control.Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

// Done is closed when Run has returned.
func (a *App) Done() <-chan struct{} { return a.done }

func (a *App) handle(ctx context.Context, req control.Request) control.Response {
	var (
		evs []focus.Event
		err error
	)
	switch req.Cmd {
	case control.CmdStatus:
		evs = a.engine.Tick()
	case control.CmdStart:
		var d time.Duration
		if d, err = parseOptional(req.Duration); err == nil {
			if req.Plan != "" && req.Plan != focus.Pomodoro.Name && req.Plan != focus.DeepWork.Name {
				err = fmt.Errorf("unknown plan %q: use %q or %q", req.Plan, focus.Pomodoro.Name, focus.DeepWork.Name)
				break
			}
			if req.Plan != "" && (a.engine.Current() == nil || a.engine.Current().Kind != focus.KindFocus) {
				a.plan = req.Plan
				a.engine.SetSettings(a.cfg.Settings(a.plan))
			}
			evs, err = a.engine.Start(d, req.Tag)
		}
	case control.CmdStop:
		evs, err = a.engine.Stop()
	case control.CmdPause:
		evs, err = a.engine.Pause()
	case control.CmdResume:
		evs, err = a.engine.Resume()
	case control.CmdBreak:
		var d time.Duration
		if d, err = parseOptional(req.Duration); err == nil {
			evs, err = a.engine.StartBreak(d)
		}
	case control.CmdAFK:
		var d time.Duration
		if d, err = parseOptional(req.Duration); err == nil {
			st := afkState{On: true}
			if d > 0 {
				st.Until = a.clock.Now().Add(d)
			}
			if cur := a.engine.Current(); cur != nil && cur.Kind == focus.KindFocus && !cur.IsPaused() {
				evs, err = a.engine.Pause() // away is not focus
			}
			a.setAFK(ctx, st)
		}
	case control.CmdBack:
		if !a.afk.On {
			err = errors.New("you are not away")
			break
		}
		a.setAFK(ctx, afkState{})
	case control.CmdQuit:
		// Quit leaves no trace: the block is logged as stopped and Slack is
		// put back as it was before Heads Down touched it.
		if a.engine.Current() != nil {
			evs, err = a.engine.Stop()
		}
		a.quitting = true
	case control.CmdReload:
		err = a.reload()
		if err == nil {
			a.startIntake(ctx)
			a.scheduleReview()
		}
	case control.CmdReview:
		err = a.review(ctx, req)
	default:
		err = fmt.Errorf("unknown command %q", req.Cmd)
	}
	a.commit(ctx, evs)
	if err == nil && a.saveErr != nil && len(evs) > 0 {
		err = fmt.Errorf("done, but not saved to history yet: %w", a.saveErr)
	}
	st := a.Status()
	if err != nil {
		a.log.Info("command refused", "cmd", req.Cmd, "err", err)
		return control.Response{Error: err.Error(), Status: &st}
	}
	a.log.Info("command", "cmd", req.Cmd, "state", st.State)
	return control.Response{OK: true, Status: &st}
}

func parseOptional(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return focus.ParseDuration(s)
}

// loadSettings reads the settings file at start. A file that does not
// load is left as it is, and the app runs on the last settings that did
// (kept in the database), or the defaults on a first run.
func (a *App) loadSettings(ctx context.Context) {
	a.cfg, a.cfgErr = config.Load(a.paths.Config)
	if a.cfgErr == nil {
		a.rememberSettings(ctx)
		return
	}
	var text string
	if ok, err := a.store.GetJSON(ctx, kvLastGoodSettings, &text); err == nil && ok {
		if cfg, err := config.Parse("last good settings", []byte(text)); err == nil {
			a.cfg = cfg
			a.log.Error("settings not loaded; using the last good ones and leaving the file as it is", "err", a.cfgErr)
			return
		}
	}
	a.log.Error("settings not loaded; using defaults and leaving the file as it is", "err", a.cfgErr)
}

// rememberSettings keeps a copy of settings that loaded, for the next start
// should the file then be broken.
func (a *App) rememberSettings(ctx context.Context) {
	data, err := config.Encode(a.cfg)
	if err == nil {
		err = a.store.PutJSON(ctx, kvLastGoodSettings, string(data))
	}
	if err != nil {
		a.log.Warn("could not keep a copy of the settings", "err", err)
	}
}

// reload re-reads the settings file. An invalid file leaves the running
// settings as they were.
func (a *App) reload() error {
	cfg, err := config.Load(a.paths.Config)
	if err != nil {
		a.cfgErr = err
		a.publish(context.Background())
		return fmt.Errorf("settings not applied, keeping the previous ones: %w", err)
	}
	a.cfg, a.cfgErr = cfg, nil
	a.setPingConfig(a.cfg.Pings)
	a.rememberSettings(context.Background())
	a.engine.SetSettings(a.cfg.Settings(a.plan))
	a.rules = a.presenceRules()
	// A login or logout also ends in a reload: pick the token up again.
	a.slackToken = a.loadToken()
	a.slack.SetToken(a.slackToken)
	a.log.Info("settings reloaded", "path", a.paths.Config)
	a.publish(context.Background())
	return nil
}

// commit makes events durable, then tells the user and the listeners. If
// the database refuses, the events are kept and retried with the next
// batch, and the status carries a warning: the timer goes on regardless.
func (a *App) commit(ctx context.Context, evs []focus.Event) {
	if len(evs) > 0 {
		a.pending = append(a.pending, evs...)
	}
	if len(a.pending) > 0 {
		if err := a.store.Record(ctx, a.pending); err != nil {
			if a.saveErr == nil {
				a.notes.send(Notification{Title: "Heads Down cannot save your history", Body: err.Error()})
			}
			a.saveErr = err
			a.log.Error("history not saved; will retry", "events", len(a.pending), "err", err)
		} else {
			a.saveErr = nil
			a.pending = nil
		}
	}
	for _, ev := range evs {
		a.log.Info("transition", "reason", ev.Reason, "from", ev.From, "to", ev.To, "block", ev.Block.ID,
			"active", ev.Block.Active.Round(time.Second), "suspended", ev.Block.Suspended.Round(time.Second))
	}
	if len(evs) > 0 && a.cfg.Notifications.Enabled {
		if n, ok := describe(evs, a.loc); ok {
			n.Sound = n.Sound && a.cfg.Notifications.Sound
			a.notes.send(n)
		}
	}
	a.blockEnded(ctx, evs)
	a.publish(ctx)
}

// checkpoint saves the running block's accounting (once a minute while a
// block runs), so a crash loses at most a minute of logged focus.
func (a *App) checkpoint(ctx context.Context) {
	if b := a.engine.Current(); b != nil && !b.IsPaused() {
		if err := a.store.Checkpoint(ctx, *b); err != nil {
			a.log.Warn("checkpoint not saved", "err", err)
		}
	}
}

// schedule arms the timer for the next thing due: the engine's next
// wake-up, the end of AFK, or (when Slack is on) the next working-hours
// boundary. Idle with nothing due, the app has no timer at all.
func (a *App) schedule() {
	a.timer.Stop()
	now := a.clock.Now()
	next := a.engine.NextWake()
	earliest := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if a.afk.On {
		earliest(a.afk.Until)
	}
	if a.slackToken != "" && a.rules.OffHours {
		earliest(a.rules.Schedule.NextChange(now))
	}
	if due, week := a.weeklyDue(now); a.weeklyWanted() && a.weeklySent != week.String() {
		earliest(due)
	}
	if a.inbox.running != "" {
		earliest(a.inbox.nextReview)
	}
	earliest(a.inbox.nextPurge)
	if !next.IsZero() {
		a.timer.Reset(max(next.Sub(now), 0))
	}
}

// weeklyDue is when this week's summary is due: the end of the week's last
// working day, or Sunday 18:00 without working hours.
func (a *App) weeklyDue(now time.Time) (time.Time, focus.Week) {
	week := focus.WeekOf(now, a.loc)
	start := week.Start(a.loc)
	for i := 6; i >= 0; i-- {
		y, m, d := start.AddDate(0, 0, i).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, a.loc)
		if spans := a.rules.Schedule.Days[day.Weekday()]; len(spans) > 0 {
			end := spans[len(spans)-1].End
			return time.Date(y, m, d, end/60, end%60, 0, 0, a.loc), week
		}
	}
	y, m, d := start.AddDate(0, 0, 6).Date()
	return time.Date(y, m, d, 18, 0, 0, 0, a.loc), week
}

func (a *App) weeklyWanted() bool {
	return a.cfg.Notifications.Enabled && a.cfg.Notifications.WeeklyReport
}

// maybeWeeklySummary notifies this week's summary once it is due (also on
// the first start after it was due, if the laptop was closed then), once.
func (a *App) maybeWeeklySummary(ctx context.Context) {
	now := a.clock.Now()
	due, week := a.weeklyDue(now)
	if !a.weeklyWanted() || now.Before(due) || a.weeklySent == week.String() {
		return
	}
	r, err := report.Load(ctx, a.store, week, report.Options{Loc: a.loc, Now: now,
		Goal: time.Duration(a.cfg.Focus.DailyGoal), Schedule: a.rules.Schedule})
	if err != nil {
		// Not retried until the next start: a due time in the past would
		// otherwise re-arm the timer at once, forever.
		a.log.Warn("weekly summary not made; will try at the next start", "err", err)
		a.weeklySent = week.String()
		return
	}
	a.notes.send(WeeklySummary(r))
	a.weeklySent = week.String()
	if err := a.store.PutJSON(ctx, kvWeeklySent, a.weeklySent); err != nil {
		a.log.Warn("weekly summary state not saved", "err", err)
	}
	a.log.Info("weekly summary sent", "week", a.weeklySent)
}

// WeeklySummary is the end-of-week notification.
func WeeklySummary(r focus.Report) Notification {
	body := fmt.Sprintf("%d blocks completed", r.Completed)
	if r.Completed == 1 {
		body = "1 block completed"
	}
	if r.Goal > 0 {
		body += fmt.Sprintf(", goal met on %d days (streak %d)", r.GoalDays, r.Streak)
	}
	switch d := r.Focus - r.Previous.Focus; {
	case d > 0:
		body += fmt.Sprintf(", %s more than last week", focus.FormatDuration(d))
	case d < 0:
		body += fmt.Sprintf(", %s less than last week", focus.FormatDuration(-d))
	}
	return Notification{Title: fmt.Sprintf("Your week: %s of deep work", focus.FormatDuration(r.Focus)),
		Body: body + ". Open Weekly report… in the tray for more."}
}

func (a *App) setAFK(ctx context.Context, st afkState) {
	a.afk = st
	if err := a.store.PutJSON(ctx, kvAFK, st); err != nil {
		a.log.Warn("AFK state not saved", "err", err)
	}
	a.log.Info("afk", "on", st.On, "until", st.Until)
}

// desired is what Slack should show now.
func (a *App) desired() presence.Desired {
	if a.quitting {
		return presence.Desired{Mode: presence.ModeNormal}
	}
	in := presence.Inputs{Now: a.clock.Now(), AFK: a.afk.On, AFKUntil: a.afk.Until}
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus && !b.IsPaused() {
		in.FocusUntil, in.Tag = b.Deadline, b.Tag
	}
	return presence.Desire(a.rules, in)
}

// slackStateChanged tells the user once when Slack stops accepting us.
func (a *App) slackStateChanged() {
	st := a.slack.State()
	if st.Conn == presence.ConnDisconnected && a.lastConn != presence.ConnDisconnected && a.cfg.Notifications.Enabled {
		a.notes.send(Notification{Title: "Slack disconnected — sign in again",
			Body: "Heads Down stopped changing your Slack status. Run `headsdown slack login`."})
	}
	a.lastConn = st.Conn
}

func (a *App) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a.commit(ctx, a.engine.Tick())
	a.checkpoint(ctx)
	// Let Slack catch up with the last change (a Quit restores the user's
	// status), but never hold the exit for long: statuses expire anyway.
	for !a.slack.Settled() && ctx.Err() == nil && a.slack.State().Conn == presence.ConnConnected {
		time.Sleep(20 * time.Millisecond)
	}
	if len(a.pending) > 0 {
		a.log.Error("exiting with history not saved", "events", len(a.pending), "err", a.saveErr)
	}
	a.log.Info("stopped")
}

func (a *App) publish(ctx context.Context) {
	st := a.buildStatus(ctx)
	a.mu.Lock()
	a.status = st
	ls := append([]func(control.Status){}, a.listeners...)
	a.mu.Unlock()
	for _, fn := range ls {
		fn(st)
	}
	a.slack.Set(a.desired())
}

func (a *App) buildStatus(ctx context.Context) control.Status {
	es := a.engine.Status()
	st := control.Status{
		State: string(es.State), Cycle: es.Cycle, PID: os.Getpid(),
		PomodoroMinutes: int(time.Duration(a.cfg.Focus.Pomodoro) / time.Minute),
		DeepWorkMinutes: int(time.Duration(a.cfg.Focus.DeepWork) / time.Minute),
	}
	if b := es.Block; b != nil {
		st.Kind, st.Plan, st.Tag = string(b.Kind), b.Plan, b.Tag
		started := b.StartedAt.In(a.loc)
		st.StartedAt = &started
		if !b.Deadline.IsZero() {
			d := b.Deadline.In(a.loc)
			st.Deadline = &d
		}
		st.RemainingSeconds = int64(es.Remaining.Round(time.Second) / time.Second)
		st.MinutesLeft = focus.MinutesLeft(es.Remaining)
	}
	st.TodayFocusSeconds, st.TodayBlocks = a.today(ctx, es.Now)
	if a.cfgErr != nil {
		st.Warnings = append(st.Warnings, "settings not loaded: "+a.cfgErr.Error())
	}
	if a.saveErr != nil {
		st.Warnings = append(st.Warnings, "history not saved: "+a.saveErr.Error())
	}
	ss := a.slack.State()
	st.Slack = control.SlackStatus{Connection: string(ss.Conn), User: ss.User, Team: ss.Team, Problem: ss.Problem,
		Mode: string(ss.Mode), Line: ss.Line()}
	st.Pings = a.pingStatus(ctx)
	if a.afk.On {
		st.AFK = true
		if !a.afk.Until.IsZero() {
			u := a.afk.Until.In(a.loc)
			st.AFKUntil = &u
		}
	}
	return st
}

// today sums today's deep work: finished focus blocks from the store, the
// block in flight from the engine (the store's copy may be a minute old).
func (a *App) today(ctx context.Context, now time.Time) (seconds int64, blocks int) {
	local := now.In(a.loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, a.loc)
	bs, err := a.store.Blocks(ctx, midnight, now.Add(time.Second))
	if err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("today's total not read", "err", err)
	}
	cur := a.engine.Current()
	var total time.Duration
	for _, b := range bs {
		if b.Kind != focus.KindFocus {
			continue
		}
		if cur != nil && b.ID == cur.ID {
			continue
		}
		total += b.Active
		if b.Outcome == focus.OutcomeCompleted {
			blocks++
		}
	}
	if cur != nil && cur.Kind == focus.KindFocus && !cur.StartedAt.Before(midnight) {
		total += cur.Active
	}
	return int64(total.Round(time.Second) / time.Second), blocks
}

// Package app is the running Heads Down: one loop that owns the focus
// engine and every decision, and the drivers it supervises (the control
// socket, the Slack status worker, the ping intake, the keyring reader,
// the notifier). The tray (app/tray) and headless mode are two faces of
// the same App.
//
// Only the loop changes state, so there are no locks around the domain and
// no two transitions can interleave. Drivers turn the world into events
// for the loop and the loop's effects into calls; every send between them
// selects on a context the app owns, and every driver ends before the
// store closes. Nothing on the loop waits on D-Bus, the keyring or the
// network, and each transition costs at most one SQLite transaction.
package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/headsdown-app/headsdown/app/away"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/presence"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
)

// Options configure an App. Zero values pick the real thing.
type Options struct {
	Paths    files.Paths
	Clock    focus.Clock
	Notifier Notifier
	Logger   *slog.Logger
	// Location is the time zone for messages and "today"; default Local.
	Location *time.Location
	// Zone is the system's time zone now, asked at each wake of the loop:
	// when it differs from the one in use, the app plans again in it (see
	// checkZone). Default, when Location is not set: the OS's zone
	// (systemZone), re-read when its file changes. Nil with a Location:
	// the zone never changes.
	Zone func() *time.Location
	// ZoneFile is the zone file watched for changes (Linux, macOS), so an
	// idle app notices at once; default /etc/localtime with the default
	// Zone.
	ZoneFile string
	// Tokens reads the Slack tokens; default: environment, then keyring.
	// It runs on its own goroutine, never on the loop.
	Tokens func() (Tokens, error)
	// Desktop reports screen lock, suspend and idleness; default: the
	// desktop's own signals (package away).
	Desktop Desktop
	// OpenWindow opens one of headsdown-ui's windows ("review") for a
	// notification's button; it must not block. Default: start
	// headsdown-ui NAME as its own process. The tray sets its own with
	// SetWindowOpener, so windows it opened close with it.
	OpenWindow func(name string)
	// Getenv reads the locale variables (LC_ALL, LC_TIME, LANG) that decide
	// the 12- or 24-hour clock when the settings say "auto"; default
	// os.Getenv. It is read at start and at each reload.
	Getenv func(string) string
	// DBTimeout bounds each database call made on the loop, so a database
	// locked by another process delays a transition by at most this much
	// (it is retried later); default 750 ms.
	DBTimeout time.Duration
	// WatchRenew is how long a window's CmdWatch is held before it is
	// answered with nothing to do; default control.WatchRenew.
	WatchRenew time.Duration
	// CalendarSources lists the calendars (names and secret links); it runs on
	// the calendar driver, never on the loop. Default: the keyring, or the
	// 0600 file beside config.toml (package calendars).
	CalendarSources func() ([]calendar.Source, error)
}

// JumpingClock is a clock that says when it jumps (a fake clock in tests
// moved by hand): the loop's timers run on real time, so it wakes on the
// signal to look at what is due now.
type JumpingClock interface {
	focus.Clock
	Jumped() <-chan struct{}
}

// Tokens are the Slack tokens the drivers use.
type Tokens struct {
	User string // xoxp-: status, DND, presence, history
	App  string // xapp-: Socket Mode; empty means pings are polled
}

// App is a running Heads Down.
type App struct {
	paths files.Paths
	log   *slog.Logger
	clock focus.Clock
	loc   *time.Location
	store *store.Store
	opts  Options

	engine *focus.Engine
	notes  *notifyQueue
	slack  *presence.Worker
	group  group
	// drivers is the context every driver runs under, set by Run; it
	// ends once the loop has returned and written its last.
	drivers context.Context
	// stopRun ends the loop (a Quit); set by Run.
	stopRun context.CancelFunc

	// Events for the loop. Every sender selects on its own context too.
	calls        chan call
	pingsIn      chan []store.Ping
	awayIn       chan away.Event
	tokensIn     chan tokensLoaded
	slackChanged chan struct{}
	wantTokens   chan struct{}
	// configChanged: config.toml changed on disk (see watchConfig).
	configChanged chan struct{}
	// zoneChanged: the system's zone file changed (see watchZone).
	zoneChanged chan struct{}
	// actionsIn: a notification's button was chosen (see chose).
	actionsIn chan Action
	// readChecked: a read check ended (see checkRead).
	readChecked chan readResult
	// calendarIn: the calendar driver read the calendars; wantCalendar asks
	// it to read them now (resume, reload).
	calendarIn   chan calendarRead
	wantCalendar chan struct{}
	// openWindow is the window opener (Options.OpenWindow, SetWindowOpener).
	openWindow atomic.Pointer[func(string)]

	// clockJumped signals that the clock moved other than by ticking (a
	// test's fake clock; a resume): what is due is checked at once.
	clockJumped <-chan struct{}

	stopping chan struct{} // closed when the loop has returned
	// watchers counts the windows holding a CmdWatch (see watch).
	watchers atomic.Int32
	done     chan struct{} // closed when Run has returned

	// Owned by the loop.
	cfg    config.Config
	cfgErr error
	// firstRun: nothing of an earlier run is in the database; the tray
	// opens the welcome window (FirstRun). Set by Open, then only read.
	firstRun bool
	// cfgSum is config.toml's content as last read (loaded or refused), so
	// a change on disk is told from an event that changed nothing.
	cfgSum   [sha256.Size]byte
	plan     string
	pending  []focus.Event // recorded in memory, not yet in the DB
	saveErr  error
	retryAt  time.Time // when to try pending writes again
	timer    *time.Timer
	restored []focus.Event
	rules    presence.Rules
	afk      afkState
	quitting bool
	// leaving: the app is ending without a Quit (a signal, the end of the
	// session). The status and DND stay (they expire by themselves) and
	// the block is picked up at the next start, but Slack never expires a
	// presence of away: that is put back.
	leaving    bool
	weeklySent string // the last week whose summary was notified
	lastConn   presence.Connection
	tokens     Tokens
	tokensRead bool
	desktop    Desktop
	desk       desktopState
	today      todayState
	inbox      inboxState
	cal        calendarState
	// startNotes: what the last start did beyond it (a trim for a meeting).
	startNotes []string

	// testBeforePings, set only by tests, runs on the loop before it takes
	// a batch of pings: it keeps the loop busy while drivers pile up work.
	testBeforePings func()

	// replyBlock is the focus block auto-replies may go out for, as the
	// loop last saw it (nil: none, see noteReplyBlock), for the auto-reply
	// driver: a reply is not sent once its block has ended or paused, or
	// you went away. Written by the loop only.
	replyBlock atomic.Pointer[replyTarget]

	mu          sync.Mutex
	pingCfg     config.Pings    // the settings the intake goroutine reads
	calCfg      config.Calendar // the settings the calendar driver reads
	calSlack    [2]string       // the Slack API URL and user token the calendar driver reads the profile's email with
	subscribers []chan struct{}
	status      published
}

// afkState is persisted, so being away survives a restart.
type afkState struct {
	On    bool      `json:"on"`
	Until time.Time `json:"until"`
	// Reason is why: AwayLock, AwaySuspend, AwayIdle or AwayManual (empty
	// in state saved before there were reasons: manual).
	Reason string    `json:"reason,omitempty"`
	Since  time.Time `json:"since,omitempty"`
}

const (
	kvAFK              = "afk"
	kvPresence         = "presence"
	kvWeeklySent       = "weekly_report_sent"
	kvWelcomed         = "welcomed"
	kvLastGoodSettings = store.KeyLastGoodSettings
)

type call struct {
	ctx   context.Context
	req   control.Request
	reply chan control.Response
}

type tokensLoaded struct {
	tokens Tokens
	err    error
}

// Open loads settings and history and restores the block that was in
// flight. A bad settings file is reported, not fatal: the app runs on the
// last good settings and keeps the file. A database that cannot be opened
// is fatal. Open reads no keyring: the tokens are read once Run starts.
func Open(ctx context.Context, opts Options) (*App, error) {
	a := &App{
		paths: opts.Paths, log: opts.Logger, clock: opts.Clock, loc: opts.Location, opts: opts,
		calls: make(chan call), pingsIn: make(chan []store.Ping), tokensIn: make(chan tokensLoaded),
		awayIn: make(chan away.Event), actionsIn: make(chan Action), readChecked: make(chan readResult),
		slackChanged: make(chan struct{}, 1), wantTokens: make(chan struct{}, 1), configChanged: make(chan struct{}, 1),
		zoneChanged: make(chan struct{}, 1), stopping: make(chan struct{}), done: make(chan struct{}), plan: focus.Pomodoro.Name,
		calendarIn: make(chan calendarRead), wantCalendar: make(chan struct{}, 1),
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.clock == nil {
		awake, err := awakeTime()
		if err != nil {
			a.log.Warn("awake time not readable; a sleep the system does not announce may count as focus", "err", err)
		}
		a.clock = focus.NewSystemClockFrom(nil, awake)
	}
	if a.loc == nil {
		a.loc = time.Local
		if a.opts.Zone == nil {
			a.opts.Zone = systemZone()
			if a.opts.ZoneFile == "" && runtime.GOOS != "windows" {
				a.opts.ZoneFile = "/etc/localtime"
			}
		}
	}
	if j, ok := a.clock.(JumpingClock); ok {
		a.clockJumped = j.Jumped()
	}
	if a.opts.Tokens == nil {
		a.opts.Tokens = a.loadTokens
	}
	if a.opts.CalendarSources == nil {
		a.opts.CalendarSources = a.sourcesFromKeyring
	}
	if a.opts.Getenv == nil {
		a.opts.Getenv = os.Getenv
	}
	if a.opts.DBTimeout <= 0 {
		a.opts.DBTimeout = 750 * time.Millisecond
	}
	if a.opts.WatchRenew <= 0 {
		a.opts.WatchRenew = control.WatchRenew
	}
	a.group.log = a.log
	if opts.OpenWindow != nil {
		a.SetWindowOpener(opts.OpenWindow)
	} else {
		a.SetWindowOpener(a.startWindowProgram)
	}
	notifier := opts.Notifier
	if notifier == nil {
		notifier = NewDesktopNotifier(a.log)
	}
	st, err := store.Open(ctx, a.paths.DB)
	if err != nil {
		return nil, err
	}
	a.store = st
	a.firstRun = a.noticeFirstRun(ctx) // before loadSettings keeps a copy of the settings
	a.loadSettings(ctx)
	saved, err := st.LoadEngineState(ctx)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("database %s: %w", a.paths.DB, err)
	}
	if saved.Current != nil && saved.Current.Plan != "" {
		a.plan = saved.Current.Plan
	}
	if saved.LastID > 0 {
		a.firstRun = false // blocks on record: someone has used Heads Down here
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
	a.setPingConfig(a.cfg.Pings)
	a.setCalendarConfig(a.cfg.Calendar)
	a.inbox.nextPurge = a.clock.Now() // purge old texts at start, then daily
	a.loadToday(ctx, a.clock.Now())
	a.expireWaiting(ctx)
	a.countPings(ctx)
	a.slack = presence.NewWorker(presence.Options{
		APIURL: slackapi.APIURL(a.cfg.Slack.APIURL), Store: presenceStore{st}, Log: a.log, Now: a.clock.Now,
		OnState: func(presence.State) { poke(a.slackChanged) },
	})
	a.notes = newNotifyQueue(notifier, a.log)
	a.desktop = opts.Desktop
	if a.desktop == nil {
		a.desktop = away.New(away.Options{IdleAfter: a.cfg.Away.IdleAfter(), Log: a.log, Now: a.clock.Now})
	}
	a.status = a.buildStatus()
	a.noteReplyBlock() // before any driver starts: a reply queued before a restart is still wanted
	return a, nil
}

// loadTokens reads the Slack tokens: the environment first, then the OS
// keyring (which may mean D-Bus and an unlock prompt: never on the loop),
// then the owner-only file used where no keyring service runs.
func (a *App) loadTokens() (Tokens, error) {
	vault := slackapi.Vault{Dir: a.paths.ConfigDir}
	user, where, err := vault.Load(slackapi.UserToken)
	if err != nil {
		return Tokens{}, err
	}
	if where == slackapi.InFile {
		a.log.Info("Slack token kept in a file: no keyring service is running", "file", vault.FilePath())
	}
	app, _, err := vault.Load(slackapi.AppToken)
	if err != nil {
		// The user token works without it: pings are polled instead.
		a.log.Warn("Slack app-level token not read; polling for pings", "err", err)
	}
	return Tokens{User: user, App: app}, nil
}

// noticeFirstRun tells the first start of Heads Down on this account from
// every later one, and records it, so the welcome window opens once. A
// database that an earlier version wrote (it keeps the last good settings
// at every start; Open also looks for blocks) is not a first run.
func (a *App) noticeFirstRun(ctx context.Context) bool {
	var when time.Time
	seen, err := a.store.GetJSON(ctx, kvWelcomed, &when)
	if err != nil || seen {
		return false // unreadable: better no welcome than one every start
	}
	var text string
	if before, err := a.store.GetJSON(ctx, kvLastGoodSettings, &text); err != nil || before {
		a.markWelcomed(ctx)
		return false
	}
	a.markWelcomed(ctx)
	return true
}

func (a *App) markWelcomed(ctx context.Context) {
	if err := a.store.PutJSON(ctx, kvWelcomed, a.clock.Now()); err != nil {
		a.log.Warn("first start not recorded; the welcome window may open again", "err", err)
	}
}

// FirstRun reports whether this is Heads Down's first start on this
// account: the tray then opens the welcome window.
func (a *App) FirstRun() bool { return a.firstRun }

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

// Handle runs a control request on the app's loop; it is the control
// socket's handler and the tray's entry point.
func (a *App) Handle(ctx context.Context, req control.Request) control.Response {
	if req.Cmd == control.CmdWatch {
		return a.watch(ctx)
	}
	c := call{ctx: ctx, req: req, reply: make(chan control.Response, 1)}
	select {
	case a.calls <- c:
	case <-a.stopping:
		return control.Response{Error: control.ShuttingDown}
	case <-ctx.Done():
		return control.Response{Error: ctx.Err().Error()}
	}
	select {
	case r := <-c.reply:
		return r
	case <-ctx.Done():
		select {
		case r := <-c.reply:
			// Answered before ctx ended (a Quit: the loop answers, then
			// stops, and the server's context ends with the drivers).
			return r
		default:
			return control.Response{Error: ctx.Err().Error()}
		}
	}
}

// watch holds a window's CmdWatch off the loop until the app stops, then
// answers Close: the window closes as its title bar's close would, asking
// about unsaved edits. The answer goes out when the loop has returned,
// before the shutdown's last writes and while the control socket still
// serves, so every window open at a Quit or a SIGTERM hears it. Held
// longer than WatchRenew, it is answered with nothing to do, before the
// connection's deadline cuts it.
func (a *App) watch(ctx context.Context) control.Response {
	a.watchers.Add(1)
	defer a.watchers.Add(-1)
	renew := time.NewTimer(a.opts.WatchRenew)
	defer renew.Stop()
	select {
	case <-a.stopping:
		return control.Response{OK: true, Close: true}
	case <-renew.C:
		return control.Response{OK: true}
	case <-ctx.Done():
		select {
		case <-a.stopping: // both: the answer that closes the window wins
			return control.Response{OK: true, Close: true}
		default:
			return control.Response{Error: control.ShuttingDown}
		}
	}
}

// Subscribe returns a channel that receives a signal after each new
// status (read it with Status). Signals coalesce: a slow reader misses
// none of the state, only the intermediate ones. The channel is never
// closed; stop reading when Done is closed.
func (a *App) Subscribe() <-chan struct{} {
	ch := make(chan struct{}, 1)
	a.mu.Lock()
	a.subscribers = append(a.subscribers, ch)
	a.mu.Unlock()
	ch <- struct{}{} // the current status is news to a new subscriber
	return ch
}

// Status is the latest published status, its time-derived figures (time
// left, today's focus) as of now: see published.
func (a *App) Status() control.Status {
	a.mu.Lock()
	p := a.status
	a.mu.Unlock()
	return p.live(a.clock.Now(), a.clock.Monotonic())
}

// Done is closed when Run has returned: every driver has ended and the
// database is closed.
func (a *App) Done() <-chan struct{} { return a.done }

// poke signals ch without blocking; ch has room for one signal, and one
// pending signal is as good as many.
func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

package inbox

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
)

// IntakeOptions configure ping intake.
type IntakeOptions struct {
	UserToken string // xoxp-: backfill, polling, names, permalinks
	AppToken  string // xapp-: Socket Mode; empty means polling
	APIURL    string
	Store     *store.Store
	// Rules returns the current rules; SelfID is filled in by the intake.
	Rules func() PingRules
	// OnPings is told of new pings once they are on disk and acknowledged.
	// It may block, but must return when ctx ends: the pings are stored
	// (held) whether or not anyone hears of them.
	OnPings func(ctx context.Context, ps []store.Ping)
	// OnState is told when the intake's state changes. It must not block.
	OnState func(IntakeState)
	Log     *slog.Logger
	Now     func() time.Time
	// PollEvery is the polling period without Socket Mode, and how often
	// a DM with a VIP is read then (default 1 min, so a VIP breaks through
	// within two). See poll.go.
	PollEvery time.Duration
	// DMEvery is how often a poll reads each other DM and group DM
	// (default 2 min).
	DMEvery time.Duration
	// ChannelEvery is how often a poll reads each channel, for mentions
	// (default 10 min; longer when PollBudget cannot keep up).
	ChannelEvery time.Duration
	// PollBudget is the most conversations one poll reads (default 40 a
	// minute of PollEvery: conversations.history is tier 3, 50 a minute,
	// and read checks use the same budget's margin).
	PollBudget int
	// Pacer spaces every Web API call the intake makes within Slack's rate
	// tiers (default: a pacer of its own on Now and Sleep).
	Pacer *slackapi.Pacer
	// Sleep waits d or until ctx ends, reporting whether the whole wait
	// passed (default slackapi.Sleep; tests pass a fake clock's).
	Sleep func(ctx context.Context, d time.Duration) bool
	// Backoff is the first wait after a failure (default 1 s), doubling to
	// a minute.
	Backoff time.Duration
	// AwayRecheck is how often, while the user is away and no other
	// computer's connection has been seen, Socket Mode reconnects to see
	// whether one has appeared (default 10 min; negative: never).
	AwayRecheck time.Duration
}

// IntakeState is what the tray and `status` show about intake.
type IntakeState struct {
	Mode      string // "socket", "polling" or "" (off)
	Connected bool
	Problem   string
}

// Intake reads Slack DMs and mentions into the inbox. Every message is on
// disk before Slack is acknowledged, and acknowledged before anything
// else happens to it; every (re)connect backfills from the newest message
// seen per conversation, so nothing sent while the app was closed, asleep
// or reconnecting is lost; and the inbox's unique (channel, ts) makes
// redeliveries and overlaps harmless.
//
// Run owns three goroutines: the one reading Slack (Socket Mode events or
// polling), the backfiller (one backfill at a time; reconnects during one
// widen its gap instead of queueing more) and the handover (names the
// senders, then tells OnPings). All end before Run returns.
type Intake struct {
	opts  IntakeOptions
	api   *slack.Client
	Users *Directory
	// polled is when polling last read each conversation; only the
	// polling goroutine uses it, under backing.
	polled map[string]time.Time
	selfID string // guarded by mu
	mu     sync.Mutex
	state  IntakeState

	// backing serialises backfills (the backfiller and polling).
	backing sync.Mutex
	// gapMu serialises changes to the open gap in the store (a connect
	// and a backfill's progress); never held across a Slack call.
	gapMu sync.Mutex
	// wantBackfill asks the backfiller for one more backfill; one pending
	// request stands for any number of connects.
	wantBackfill chan struct{}

	// outbox holds stored, acknowledged pings for the handover; ready
	// signals it is not empty.
	outMu  sync.Mutex
	outbox []store.Ping
	ready  chan struct{}

	// ackDead is set when an ack could not be handed to the connection
	// (it died) and cleared on the next connect: until then acks are
	// skipped instead of each waiting out its timeout. Only the events
	// goroutine uses it.
	ackDead bool

	// two is the user's away state and the other computers' connections
	// (twocomputers.go).
	two awayState
}

// errAppToken means Socket Mode refused the app-level token.
var errAppToken = errors.New("the Slack app-level token (xapp-) was not accepted")

// NewIntake prepares intake; Run starts it.
func NewIntake(opts IntakeOptions) *Intake {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = time.Minute
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.DMEvery <= 0 {
		opts.DMEvery = 2 * opts.PollEvery
	}
	if opts.ChannelEvery <= 0 {
		opts.ChannelEvery = 10 * time.Minute
	}
	if opts.PollBudget <= 0 {
		opts.PollBudget = max(1, int(40*opts.PollEvery/time.Minute))
	}
	if opts.Sleep == nil {
		opts.Sleep = slackapi.Sleep
	}
	if opts.Pacer == nil {
		opts.Pacer = slackapi.NewPacer(opts.Now, opts.Sleep)
	}
	if opts.AwayRecheck == 0 {
		opts.AwayRecheck = 10 * time.Minute
	}
	if opts.Rules == nil {
		opts.Rules = func() PingRules { return PingRules{} }
	}
	if opts.OnPings == nil {
		opts.OnPings = func(context.Context, []store.Ping) {}
	}
	api := slack.New(opts.UserToken, slack.OptionAPIURL(opts.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}))
	users := NewDirectory(api, opts.Store, opts.Log)
	users.pace = opts.Pacer.Wait
	return &Intake{opts: opts, api: api, Users: users,
		polled: map[string]time.Time{}, wantBackfill: make(chan struct{}, 1), ready: make(chan struct{}, 1),
		two: awayState{changed: make(chan struct{}, 1)}}
}

// State is the current intake state.
func (in *Intake) State() IntakeState {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.state
}

func (in *Intake) setState(s IntakeState) {
	in.mu.Lock()
	changed := s != in.state
	in.state = s
	in.mu.Unlock()
	if changed && in.opts.OnState != nil {
		in.opts.OnState(s)
	}
}

// Run reads pings until ctx ends: Socket Mode with an app token, polling
// otherwise, and polling too if Slack refuses the app token. It returns
// once every goroutine it started has ended.
func (in *Intake) Run(ctx context.Context) {
	if in.opts.UserToken == "" {
		return
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // first, so the helpers end before wg.Wait
	wg.Add(2)
	go func() { defer wg.Done(); in.handover(ctx) }()
	go func() { defer wg.Done(); in.backfiller(ctx) }()

	in.Users.Load(ctx)
	if err := in.whoAmI(ctx); err != nil {
		return // ctx ended, or the user token is refused (the presence worker says so)
	}
	if err := in.initSince(ctx); err != nil {
		in.opts.Log.Error("inbox not started", "err", err)
		in.setState(IntakeState{Problem: "inbox: " + err.Error()})
		return
	}
	if in.opts.AppToken != "" {
		err := in.runSocket(ctx)
		if ctx.Err() != nil {
			return
		}
		in.opts.Log.Error("Socket Mode stopped; polling instead", "err", slackapi.Redact(err.Error(), in.opts.AppToken))
		in.setState(IntakeState{Mode: "polling", Problem: errAppToken.Error() + ": polling instead; connect Slack again in Settings"})
	}
	in.runPolling(ctx)
}

func (in *Intake) whoAmI(ctx context.Context) error {
	wait := in.opts.Backoff
	for {
		resp, err := in.api.AuthTestContext(ctx)
		if err == nil {
			in.mu.Lock()
			in.selfID = resp.UserID
			in.mu.Unlock()
			if resp.UserID != "" && resp.User != "" {
				in.Users.Remember(ctx, store.User{ID: resp.UserID, Name: resp.User, FetchedAt: time.Now()})
			}
			return nil
		}
		if f := slackapi.Classify(err); f.Kind == slackapi.Auth {
			in.setState(IntakeState{Problem: "Slack did not accept the token: " + f.Code})
			return err
		}
		in.opts.Log.Warn("inbox: Slack not reachable; retrying", "err", slackapi.Redact(err.Error(), in.opts.UserToken), "in", wait)
		if !slackapi.Sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = min(wait*2, time.Minute)
	}
}

func (in *Intake) initSince(ctx context.Context) error {
	var since int64
	ok, err := in.opts.Store.GetJSON(ctx, kvInboxSince, &since)
	if err != nil || ok {
		return err
	}
	return in.opts.Store.PutJSON(ctx, kvInboxSince, in.opts.Now().Unix())
}

func (in *Intake) rules() PingRules {
	r := in.opts.Rules()
	r.SelfID = in.SelfID()
	return r
}

// SelfID is your Slack user ID once the intake has asked Slack (auth.test),
// empty before. Safe from any goroutine: the app's loop reads it.
func (in *Intake) SelfID() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.selfID
}

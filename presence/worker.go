package presence

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"headsdown/slackapi"
)

// Options configure a Worker. Zero values pick production defaults.
type Options struct {
	Token  string
	APIURL string
	Store  Store
	Log    *slog.Logger
	// Debounce is the quiet time before a change is applied; bursts of
	// transitions inside it cost one reconciliation. MaxDelay bounds it.
	Debounce, MaxDelay time.Duration
	// Backoff is the wait before retry n (1, 2, ...) after a server error
	// or timeout.
	Backoff    func(n int) time.Duration
	Now        func() time.Time
	HTTPClient *http.Client
	// OnState is called (from the worker goroutine) when State changes.
	OnState func(State)
}

// Worker owns the Slack connection and reconciles the desired state.
type Worker struct {
	opts Options
	log  *slog.Logger
	wake chan struct{}

	mu       sync.Mutex
	token    string
	tokenGen int // bumps on SetToken
	desired  Desired
	dirty    bool // desired not yet applied
	busy     bool
	state    State

	// Owned by Run.
	api     *slack.Client
	applied Applied
}

// NewWorker returns a worker; call Run to start it.
func NewWorker(opts Options) *Worker {
	if opts.APIURL == "" {
		opts.APIURL = slackapi.DefaultAPIURL
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Debounce == 0 {
		opts.Debounce = 300 * time.Millisecond
	}
	if opts.MaxDelay == 0 {
		opts.MaxDelay = 2 * time.Second
	}
	if opts.Backoff == nil {
		opts.Backoff = func(n int) time.Duration {
			return min(time.Duration(1<<min(n, 9))*time.Second, 5*time.Minute)
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	w := &Worker{opts: opts, log: opts.Log, wake: make(chan struct{}, 1), token: opts.Token,
		desired: Desired{Mode: ModeNormal}}
	w.state = State{Conn: ConnOff, Mode: ModeNormal}
	if opts.Token != "" {
		w.state.Conn = ConnConnecting
	}
	return w
}

// Set makes d the desired state. It never blocks on Slack.
func (w *Worker) Set(d Desired) {
	w.mu.Lock()
	changed := !sameDesired(w.desired, d)
	w.desired = d
	if changed {
		w.dirty = true
	}
	w.mu.Unlock()
	if changed {
		w.poke()
	}
}

// SetToken switches to another token (after a login) or to none (logout).
func (w *Worker) SetToken(token string) {
	w.mu.Lock()
	if token == w.token {
		w.mu.Unlock()
		return
	}
	w.token = token
	w.tokenGen++
	w.dirty = true
	w.mu.Unlock()
	w.poke()
}

// State is the current connection state.
func (w *Worker) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state
}

// Settled reports whether the latest desired state has been handled (applied
// or given up on); tests wait for it.
func (w *Worker) Settled() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.dirty && !w.busy
}

func (w *Worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Worker) setState(f func(*State)) {
	w.mu.Lock()
	old := w.state
	f(&w.state)
	st := w.state
	w.mu.Unlock()
	if st != old && w.opts.OnState != nil {
		w.opts.OnState(st)
	}
}

// Run reconciles until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	if w.opts.Store != nil {
		a, err := w.opts.Store.LoadPresence(ctx)
		if err != nil {
			w.log.Error("slack: saved presence state not read; starting fresh", "err", err)
		}
		w.applied = a
	}
	// Reconcile once at start whatever is desired: a previous run may have
	// left a status or snooze to undo (it costs no call if not).
	w.mu.Lock()
	w.dirty = true
	w.mu.Unlock()
	gen := -1
	connected := false
	attempt := 0
	for {
		w.mu.Lock()
		token, tg, dirty := w.token, w.tokenGen, w.dirty
		w.mu.Unlock()
		if tg != gen {
			gen, connected, attempt = tg, false, 0
			if token == "" {
				w.api = nil
				w.setState(func(s *State) { *s = State{Conn: ConnOff, Mode: w.applied.Mode} })
			} else {
				w.api = slack.New(token, slack.OptionAPIURL(w.opts.APIURL), slack.OptionHTTPClient(w.opts.HTTPClient))
				w.setState(func(s *State) { s.Conn, s.Problem = ConnConnecting, "" })
			}
		}
		var wait time.Duration // 0: wait for a poke
		switch {
		case w.api == nil:
			w.markSettled()
		case !connected:
			err := w.connect(ctx)
			if err == nil {
				connected, attempt = true, 0
				continue
			}
			wait = w.handleError(err, &attempt)
		case dirty:
			w.debounce(ctx)
			w.mu.Lock()
			d := w.desired
			w.dirty, w.busy = false, true
			w.mu.Unlock()
			err := w.reconcile(ctx, d)
			w.mu.Lock()
			w.busy = false
			w.mu.Unlock()
			if err == nil {
				attempt = 0
				w.setState(func(s *State) {
					s.Mode = w.applied.Mode
					if s.Conn == ConnProblem {
						s.Conn, s.Problem = ConnConnected, ""
					}
				})
				continue
			}
			if ctx.Err() != nil {
				return
			}
			if retry := w.handleError(err, &attempt); retry >= 0 {
				w.mu.Lock()
				w.dirty = true // try again with whatever is desired by then
				w.mu.Unlock()
				wait = retry
			}
		}
		if !w.sleep(ctx, wait) {
			return
		}
	}
}

func (w *Worker) markSettled() {
	w.mu.Lock()
	w.dirty = false
	w.mu.Unlock()
}

// sleep waits for a poke, or for d when d > 0 (a retry), or for ctx.
func (w *Worker) sleep(ctx context.Context, d time.Duration) bool {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.wake:
		if d > 0 {
			// A newer desired state does not cut a rate-limit wait short,
			// but a new token does (checked by the loop).
			select {
			case <-ctx.Done():
				return false
			case <-timer:
			}
		}
	case <-timer:
	}
	return true
}

// debounce waits until Set has been quiet for Debounce, at most MaxDelay.
func (w *Worker) debounce(ctx context.Context) {
	deadline := time.NewTimer(w.opts.MaxDelay)
	defer deadline.Stop()
	for {
		quiet := time.NewTimer(w.opts.Debounce)
		select {
		case <-ctx.Done():
			quiet.Stop()
			return
		case <-deadline.C:
			quiet.Stop()
			return
		case <-quiet.C:
			return
		case <-w.wake:
			quiet.Stop()
		}
	}
}

func (w *Worker) connect(ctx context.Context) error {
	id, err := w.api.AuthTestContext(ctx)
	if err != nil {
		return slackapi.Call("auth.test", err)
	}
	w.log.Info("slack: connected", "user", id.User, "team", id.Team)
	w.setState(func(s *State) { s.Conn, s.User, s.Team, s.Problem = ConnConnected, id.User, id.Team, "" })
	return nil
}

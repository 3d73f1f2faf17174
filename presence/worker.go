package presence

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
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
	// wake is poked by Set: a newer desired state. newToken is poked by
	// SetToken: it cuts any wait short, since every call with the old
	// token is wasted (or refused).
	wake, newToken chan struct{}
	// flush is poked by Flush: skip the debounce for the next change.
	flush chan struct{}

	mu       sync.Mutex
	token    string
	apiURL   string // the Slack Web API; SetAPIURL changes it
	tokenGen int    // bumps on SetToken and SetAPIURL: a new client
	desired  Desired
	dirty    bool // desired not yet applied
	busy     bool
	state    State

	// Owned by Run.
	api      *slack.Client
	apiToken string // the token api uses, taken out of every message
	applied  Applied
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
		opts.Backoff = func(n int) time.Duration { return slackapi.Backoff(2*time.Second, 5*time.Minute, n) }
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	w := &Worker{opts: opts, log: opts.Log, wake: make(chan struct{}, 1), newToken: make(chan struct{}, 1),
		flush: make(chan struct{}, 1),
		token: opts.Token, apiURL: opts.APIURL, desired: Desired{Mode: ModeNormal}}
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
		poke(w.wake)
	}
}

// Flush applies the latest desired state without the debounce: the app
// is quitting, and the user's own status should be back before it exits.
func (w *Worker) Flush() { poke(w.flush) }

// sameDesired reports whether two desired states would bring the same
// calls. A capped AFK expiry moves with the clock at every Desire; that
// alone is no change (see Desired.UntilIsCap).
func sameDesired(a, b Desired) bool {
	sec := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	sameUntil := sec(a.Until) == sec(b.Until) || a.UntilIsCap && b.UntilIsCap
	return a.Mode == b.Mode && a.Text == b.Text && a.Emoji == b.Emoji && a.Away == b.Away &&
		a.UntilIsCap == b.UntilIsCap && sameUntil && sec(a.DNDUntil) == sec(b.DNDUntil)
}

// SetToken switches to another token (after a login) or to none (logout).
func (w *Worker) SetToken(token string) {
	w.switchClient(func() bool {
		if token == w.token {
			return false
		}
		w.token = token
		return true
	})
}

// SetAPIURL points the worker at another Slack Web API (a hand-edited
// [slack] api_url, applied by a reload): like a new token, it cuts any
// wait short, and the next call goes to the new address.
func (w *Worker) SetAPIURL(url string) {
	if url == "" {
		url = slackapi.DefaultAPIURL
	}
	w.switchClient(func() bool {
		if url == w.apiURL {
			return false
		}
		w.apiURL = url
		return true
	})
}

// switchClient applies change under the lock; when it changed anything,
// the next call uses a new client (tokenGen), the state is reconciled
// again, and a wait in progress is cut short.
func (w *Worker) switchClient(change func() bool) {
	w.mu.Lock()
	if !change() {
		w.mu.Unlock()
		return
	}
	w.tokenGen++
	w.dirty = true
	w.mu.Unlock()
	poke(w.newToken)
}

// State is the current connection state.
func (w *Worker) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state
}

// Settled reports whether the latest desired state has been handled (applied
// or given up on); tests and the app's shutdown wait for it.
func (w *Worker) Settled() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.dirty && !w.busy
}

// poke wakes the worker without blocking; one pending poke is enough.
func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
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
	// left a status or snooze to undo, or a call whose answer it never got
	// (it costs no call if not).
	w.mu.Lock()
	w.dirty = true
	w.mu.Unlock()
	gen := -1
	connected := false
	attempt := 0
	for {
		w.mu.Lock()
		token, apiURL, tg, dirty := w.token, w.apiURL, w.tokenGen, w.dirty
		w.mu.Unlock()
		if tg != gen {
			gen, connected, attempt = tg, false, 0
			w.useToken(token, apiURL)
		}
		var wait time.Duration // <= 0: until poked
		switch {
		case w.api == nil:
			w.markSettled()
		case !connected:
			err := w.connect(ctx)
			if err == nil {
				connected, attempt = true, 0
				continue
			}
			if ctx.Err() != nil {
				return
			}
			if wait = w.handleError(err, &attempt); wait < 0 {
				w.markSettled() // nothing to do until a poke or a new token
			}
		case dirty:
			if !w.debounce(ctx) {
				return
			}
			if w.tokenChanged(gen) {
				continue // reconcile with the new token, not the old one
			}
			var again bool
			wait, again = w.round(ctx, &attempt)
			if ctx.Err() != nil {
				return
			}
			if again {
				continue
			}
		}
		if !w.sleep(ctx, wait) {
			return
		}
	}
}

// useToken builds the client for token at apiURL, or none for "".
func (w *Worker) useToken(token, apiURL string) {
	w.apiToken = token
	if token == "" {
		w.api = nil
		w.setState(func(s *State) { *s = State{Conn: ConnOff, Mode: w.applied.Mode} })
		return
	}
	w.api = slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(w.opts.HTTPClient))
	w.setState(func(s *State) { s.Conn, s.Problem = ConnConnecting, "" })
}

func (w *Worker) tokenChanged(gen int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.tokenGen != gen
}

// round reconciles the newest desired state once. It returns the wait
// before a retry (> 0; -1 for none), and again when the loop should go on
// at once: the round succeeded, or it was refused and a newer desired
// state arrived meanwhile (which the refusal must not swallow). A retry is
// marked (dirty) before busy is cleared, so Settled never reports a failed
// round as handled.
func (w *Worker) round(ctx context.Context, attempt *int) (wait time.Duration, again bool) {
	w.mu.Lock()
	d := w.desired
	w.dirty, w.busy = false, true
	w.mu.Unlock()
	err := w.reconcile(ctx, d)
	if ctx.Err() != nil {
		return 0, false
	}
	wait = -1
	if err != nil {
		wait = w.handleError(err, attempt)
	} else {
		*attempt = 0
	}
	w.mu.Lock()
	if wait >= 0 {
		w.dirty = true // try again with whatever is desired by then
	}
	w.busy = false
	again = wait < 0 && w.dirty
	w.mu.Unlock()
	w.setState(func(s *State) {
		s.Mode, s.Shows = w.applied.Mode, w.applied.shows()
		if err == nil && s.Conn == ConnProblem {
			s.Conn, s.Problem = ConnConnected, ""
		}
	})
	return wait, again || err == nil
}

func (w *Worker) markSettled() {
	w.mu.Lock()
	w.dirty = false
	w.mu.Unlock()
}

// sleep waits until ctx ends or a new token arrives, and otherwise: with
// d > 0 (a retry after a failure, or Slack's Retry-After) until d has
// passed; with d <= 0 until any poke. A newer desired state does not cut
// a retry wait short: Slack asked us to wait, or is not answering, and
// the retry takes the newest desired state anyway.
func (w *Worker) sleep(ctx context.Context, d time.Duration) bool {
	var timer <-chan time.Time
	var wake <-chan struct{}
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	} else {
		wake = w.wake
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.newToken:
	case <-wake:
	case <-timer:
	}
	return true
}

// debounce waits until Set has been quiet for Debounce, but at most
// MaxDelay: a steady stream of changes (a timer redrawn, a flapping idle
// signal) must not hold Slack back for ever. A new token ends it at once.
// It reports false when ctx is done.
func (w *Worker) debounce(ctx context.Context) bool {
	deadline := time.NewTimer(w.opts.MaxDelay)
	defer deadline.Stop()
	quiet := time.NewTimer(w.opts.Debounce)
	defer quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return true
		case <-quiet.C:
			return true
		case <-w.newToken:
			return true // the loop sees the new token
		case <-w.flush:
			return true
		case <-w.wake:
			quiet.Reset(w.opts.Debounce)
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

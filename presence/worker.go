package presence

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"headsdown/slackapi"
)

// Status is a Slack custom status.
type Status struct {
	Text       string `json:"text"`
	Emoji      string `json:"emoji"`
	Expiration int64  `json:"expiration"` // Unix seconds; 0 = never
}

func (s Status) empty() bool { return s.Text == "" && s.Emoji == "" }

// Applied is what the worker has done to Slack and must undo later. It is
// persisted after every successful call, so a restart (or a crash) knows
// which status to restore and which snooze to end.
type Applied struct {
	Mode Mode `json:"mode"`
	// Managed: the status is ours to restore; Saved is the user's own
	// status from before we changed it.
	Managed bool   `json:"managed"`
	Saved   Status `json:"saved"`
	Set     Status `json:"set"`
	// Override: the user changed their status while we managed it; theirs
	// wins, and we neither overwrite nor restore it.
	Override bool  `json:"override"`
	DNDUntil int64 `json:"dnd_until"` // Unix seconds; 0 = no snooze of ours
	Away     bool  `json:"away"`
}

// Store keeps Applied across restarts.
type Store interface {
	LoadPresence(ctx context.Context) (Applied, error)
	SavePresence(ctx context.Context, a Applied) error
}

// Connection is the state of the Slack link as the tray shows it.
type Connection string

// Connection states.
const (
	ConnOff          Connection = "off"          // no token
	ConnConnecting   Connection = "connecting"   // checking the token
	ConnConnected    Connection = "connected"    // working
	ConnDisconnected Connection = "disconnected" // token refused: sign in again
	ConnProblem      Connection = "problem"      // working, but the last change failed
)

// State is the worker's view for the UI.
type State struct {
	Conn    Connection
	User    string // Slack user name, when connected
	Team    string
	Problem string // what went wrong and what to do, if anything
	Mode    Mode   // what is applied on Slack now
}

// Line is the one-line description for the tray and `status`.
func (s State) Line() string {
	switch s.Conn {
	case ConnOff:
		return "Slack: not connected"
	case ConnConnecting:
		return "Slack: connecting…"
	case ConnConnected:
		return fmt.Sprintf("Slack: connected as @%s", s.User)
	case ConnDisconnected:
		return "Slack disconnected — sign in again"
	}
	return "Slack: " + s.Problem
}

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

// handleError decides what a failure means: the wait before retrying, or
// -1 when there is no point retrying until something changes.
func (w *Worker) handleError(err error, attempt *int) time.Duration {
	f := slackapi.Classify(err)
	switch f.Kind {
	case slackapi.RateLimited:
		w.log.Warn("slack: rate limited", "method", f.Method, "retry_after", f.RetryAfter)
		return max(f.RetryAfter, time.Second)
	case slackapi.Transient:
		*attempt++
		wait := w.opts.Backoff(*attempt)
		w.log.Warn("slack: call failed; will retry", "method", f.Method, "err", f.Err, "retry_in", wait)
		w.setState(func(s *State) {
			if s.Conn == ConnConnected {
				s.Conn = ConnProblem
			}
			s.Problem = "Slack unreachable, retrying"
		})
		return wait
	case slackapi.Auth:
		w.log.Error("slack: token refused; stopping until you sign in again", "method", f.Method, "error", f.Code)
		w.setState(func(s *State) {
			s.Conn, s.Problem = ConnDisconnected, "Slack refused the token ("+f.Code+"): run `headsdown slack login`"
		})
		w.api = nil
		w.markSettled()
		return -1
	case slackapi.MissingScope:
		w.log.Error("slack: missing scope", "method", f.Method, "needed", f.Needed)
		w.setState(func(s *State) {
			s.Conn, s.Problem = ConnProblem, "the Slack token lacks the "+f.Needed+" scope: add it to the app, reinstall it and sign in again"
		})
		w.markSettled()
		return -1
	default:
		w.log.Error("slack: call refused", "method", f.Method, "err", f.Err)
		w.setState(func(s *State) { s.Conn, s.Problem = ConnProblem, f.Method+" failed: "+f.Err.Error() })
		w.markSettled()
		return -1
	}
}

// reconcile brings Slack from w.applied to d, persisting each step.
func (w *Worker) reconcile(ctx context.Context, d Desired) error {
	now := w.opts.Now()
	a := &w.applied
	if err := w.reconcileStatus(ctx, d, now); err != nil {
		return err
	}
	// DND: snooze for the block; end our snooze when it no longer applies.
	if !d.DNDUntil.IsZero() && d.DNDUntil.After(now) {
		if abs(a.DNDUntil-d.DNDUntil.Unix()) >= 60 {
			minutes := int((d.DNDUntil.Sub(now) + time.Minute - 1) / time.Minute)
			if _, err := w.api.SetSnoozeContext(ctx, minutes); err != nil {
				return slackapi.Call("dnd.setSnooze", err)
			}
			a.DNDUntil = d.DNDUntil.Unix()
			w.save(ctx)
		}
	} else if a.DNDUntil != 0 {
		if a.DNDUntil > now.Unix() {
			if _, err := w.api.EndSnoozeContext(ctx); err != nil && !slackapi.IsCode(err, "snooze_not_active") {
				return slackapi.Call("dnd.endSnooze", err)
			}
		}
		a.DNDUntil = 0
		w.save(ctx)
	}
	if d.Away != a.Away {
		presence := "auto"
		if d.Away {
			presence = "away"
		}
		if err := w.api.SetUserPresenceContext(ctx, presence); err != nil {
			return slackapi.Call("users.setPresence", err)
		}
		a.Away = d.Away
		w.save(ctx)
	}
	if a.Mode != d.Mode {
		a.Mode = d.Mode
		w.save(ctx)
	}
	return nil
}

func (w *Worker) reconcileStatus(ctx context.Context, d Desired, now time.Time) error {
	a := &w.applied
	want := Status{Text: d.Text, Emoji: d.Emoji}
	if !d.Until.IsZero() {
		want.Expiration = d.Until.Unix()
	}
	if d.Mode == ModeNormal {
		if !a.Managed {
			return nil
		}
		if !a.Override {
			cur, err := w.profile(ctx)
			if err != nil {
				return err
			}
			ours := cur.Text == a.Set.Text && cur.Emoji == a.Set.Emoji
			expiredOurs := cur.empty() && a.Set.Expiration != 0 && a.Set.Expiration <= now.Unix()
			if ours || expiredOurs {
				restore := a.Saved
				if restore.Expiration != 0 && restore.Expiration <= now.Unix() {
					restore = Status{} // never restore a status that has expired
				}
				if restore != cur {
					if err := w.setStatus(ctx, restore); err != nil {
						return err
					}
				}
			} else {
				w.log.Info("slack: status changed by the user; leaving it")
			}
		}
		*a = Applied{DNDUntil: a.DNDUntil, Away: a.Away, Mode: a.Mode}
		w.save(ctx)
		return nil
	}
	if !a.Managed {
		cur, err := w.profile(ctx)
		if err != nil {
			return err
		}
		if cur.Expiration != 0 && cur.Expiration <= now.Unix() {
			cur = Status{}
		}
		a.Managed, a.Saved, a.Set, a.Override = true, cur, Status{}, false
		w.save(ctx) // the user's status is safe before we change it
	} else if a.Override {
		return nil
	}
	if sameStatus(a.Set, want) {
		return nil
	}
	if !a.Set.empty() {
		// We set a status before: if the user has changed it since, theirs wins.
		cur, err := w.profile(ctx)
		if err != nil {
			return err
		}
		expiredOurs := cur.empty() && a.Set.Expiration != 0 && a.Set.Expiration <= now.Unix()
		if (cur.Text != a.Set.Text || cur.Emoji != a.Set.Emoji) && !expiredOurs {
			w.log.Info("slack: status changed by the user; leaving it until the block ends")
			a.Override = true
			w.save(ctx)
			return nil
		}
	}
	if err := w.setStatus(ctx, want); err != nil {
		return err
	}
	a.Set = want
	w.save(ctx)
	return nil
}

func (w *Worker) profile(ctx context.Context) (Status, error) {
	p, err := w.api.GetUserProfileContext(ctx, &slack.GetUserProfileParameters{})
	if err != nil {
		return Status{}, slackapi.Call("users.profile.get", err)
	}
	return Status{Text: p.StatusText, Emoji: p.StatusEmoji, Expiration: int64(p.StatusExpiration)}, nil
}

func (w *Worker) setStatus(ctx context.Context, st Status) error {
	if err := w.api.SetUserCustomStatusContext(ctx, st.Text, st.Emoji, st.Expiration); err != nil {
		return slackapi.Call("users.profile.set", err)
	}
	return nil
}

func (w *Worker) save(ctx context.Context) {
	if w.opts.Store == nil {
		return
	}
	if err := w.opts.Store.SavePresence(ctx, w.applied); err != nil {
		w.log.Error("slack: presence state not saved", "err", err)
	}
}

// sameStatus compares statuses, allowing the expiration to differ by less
// than a minute (a pause of a few seconds need not cost a call).
func sameStatus(a, b Status) bool {
	return a.Text == b.Text && a.Emoji == b.Emoji && abs(a.Expiration-b.Expiration) < 60 &&
		(a.Expiration == 0) == (b.Expiration == 0)
}

func sameDesired(a, b Desired) bool {
	sec := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	return a.Mode == b.Mode && a.Text == b.Text && a.Emoji == b.Emoji && a.Away == b.Away &&
		sec(a.Until) == sec(b.Until) && sec(a.DNDUntil) == sec(b.DNDUntil)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

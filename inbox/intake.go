package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"headsdown/slackapi"
	"headsdown/store"
)

// IntakeOptions configure ping intake.
type IntakeOptions struct {
	UserToken string // xoxp-: backfill, polling, names, permalinks
	AppToken  string // xapp-: Socket Mode; empty means polling
	APIURL    string
	Store     *store.Store
	// Rules returns the current rules; SelfID is filled in by the intake.
	Rules func() PingRules
	// OnPings is told of new pings once they are on disk.
	OnPings func([]store.Ping)
	// OnState is told when the intake's state changes.
	OnState func(IntakeState)
	Log     *slog.Logger
	Now     func() time.Time
	// PollEvery is the polling period without Socket Mode (default 60 s;
	// it grows with the number of conversations to stay within
	// conversations.history's rate tier).
	PollEvery time.Duration
	// Backoff is the first wait after a failure (default 1 s), doubling to
	// a minute.
	Backoff time.Duration
}

// IntakeState is what the tray and `status` show about intake.
type IntakeState struct {
	Mode      string // "socket", "polling" or "" (off)
	Connected bool
	Problem   string
}

// Intake reads Slack DMs and mentions into the inbox. Every message is on
// disk before Slack is acknowledged; every (re)connect backfills from the
// newest message seen per conversation, so nothing sent while the app was
// closed, asleep or reconnecting is lost; and the inbox's unique
// (channel, ts) makes redeliveries and overlaps harmless.
type Intake struct {
	opts    IntakeOptions
	api     *slack.Client
	Users   *Directory
	selfID  string
	mu      sync.Mutex
	state   IntakeState
	backing sync.Mutex // one backfill at a time
	// ackDead is set when an ack could not be handed to the connection
	// (it died) and cleared on the next connect: until then acks are
	// skipped instead of each waiting out its timeout. Only the events
	// goroutine uses it.
	ackDead bool
	// connects counts connections, so a backfill knows whether another
	// connection (another gap) began while it ran.
	connects atomic.Int64
}

// kvInboxSince is the Unix time up to which the inbox is complete for
// conversations it has no cursor for yet.
const kvInboxSince = "inbox_since"

// kvInboxGap is the open gap: the cursors as they stood when a connection
// began, kept until a backfill from them completes. Events on the new
// connection move the cursors on at once, so without this a backfill cut
// short (the app quit, the connection dropped) would leave a hole that
// the next backfill, starting from the moved cursors, skips.
const kvInboxGap = "inbox_gap"

// gap is where a backfill starts from.
type gap struct {
	Cursors map[string]string `json:"cursors"`
	Since   int64             `json:"since"`
}

// openGap returns the open gap, or records one from the cursors now.
func (in *Intake) openGap(ctx context.Context) (gap, error) {
	var g gap
	ok, err := in.opts.Store.GetJSON(ctx, kvInboxGap, &g)
	if err != nil {
		return gap{}, err
	}
	if ok && g.Cursors != nil {
		return g, nil // an older gap is still open: it covers this one
	}
	convs, err := in.opts.Store.Conversations(ctx)
	if err != nil {
		return gap{}, err
	}
	g = gap{Cursors: map[string]string{}}
	for id, c := range convs {
		g.Cursors[id] = c.LastTS
	}
	if _, err := in.opts.Store.GetJSON(ctx, kvInboxSince, &g.Since); err != nil {
		return gap{}, err
	}
	return g, in.opts.Store.PutJSON(ctx, kvInboxGap, g)
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
	if opts.Rules == nil {
		opts.Rules = func() PingRules { return PingRules{} }
	}
	if opts.OnPings == nil {
		opts.OnPings = func([]store.Ping) {}
	}
	api := slack.New(opts.UserToken, slack.OptionAPIURL(opts.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}))
	return &Intake{opts: opts, api: api, Users: NewDirectory(api, opts.Store, opts.Log)}
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
// otherwise, and polling too if Slack refuses the app token.
func (in *Intake) Run(ctx context.Context) {
	if in.opts.UserToken == "" {
		return
	}
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
			in.selfID = resp.UserID
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
	r.SelfID = in.selfID
	return r
}

// runSocket keeps a Socket Mode connection; it returns only when ctx ends
// or Slack refuses the app token.
func (in *Intake) runSocket(ctx context.Context) error {
	wait := in.opts.Backoff
	for ctx.Err() == nil {
		in.setState(IntakeState{Mode: "socket", Problem: in.State().Problem})
		api := slack.New(in.opts.UserToken, slack.OptionAPIURL(in.opts.APIURL), slack.OptionAppLevelToken(in.opts.AppToken),
			slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}))
		client := socketmode.New(api)
		runCtx, cancel := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- client.RunContext(runCtx) }()
		err := in.events(runCtx, client, errc)
		cancel()
		if err == nil {
			err = <-errc
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if f := slackapi.Classify(err); f.Kind == slackapi.Auth || errors.Is(err, errAppToken) {
			return fmt.Errorf("%w: %v", errAppToken, err)
		}
		in.opts.Log.Warn("Socket Mode connection failed; reconnecting", "err", slackapi.Redact(err.Error(), in.opts.AppToken), "in", wait)
		in.setState(IntakeState{Mode: "socket", Problem: "Slack not reachable; reconnecting"})
		if !slackapi.Sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = min(wait*2, time.Minute)
	}
	return ctx.Err()
}

// events handles one client's events until its run ends. A nil return
// means errc has the reason.
func (in *Intake) events(ctx context.Context, client *socketmode.Client, errc chan error) error {
	for {
		select {
		case err := <-errc:
			errc <- err
			return nil
		case evt := <-client.Events:
			batch := []socketmode.Event{evt}
			// Take what else is already waiting: one transaction for all
			// of them is what makes intake fast.
		drain:
			for len(batch) < 256 {
				select {
				case e := <-client.Events:
					batch = append(batch, e)
				default:
					break drain
				}
			}
			if err := in.handle(ctx, client, batch); err != nil {
				return err
			}
		}
	}
}

func (in *Intake) handle(ctx context.Context, client *socketmode.Client, batch []socketmode.Event) error {
	var apiEvents []socketmode.Event
	for _, evt := range batch {
		switch evt.Type {
		case socketmode.EventTypeEventsAPI:
			apiEvents = append(apiEvents, evt)
			continue
		}
		if len(apiEvents) > 0 { // keep order: store what came before a connect
			if err := in.acceptEvents(ctx, client, apiEvents); err != nil {
				return err
			}
			apiEvents = nil
		}
		switch evt.Type {
		case socketmode.EventTypeConnected:
			in.ackDead = false
			in.connects.Add(1)
			in.opts.Log.Info("Socket Mode connected")
			in.setState(IntakeState{Mode: "socket", Connected: true})
			// The cursors as they are now, before this connection's events
			// move them: the backfill covers exactly the gap.
			g, err := in.openGap(ctx)
			if err != nil {
				in.opts.Log.Error("inbox: cursors not read; backfill at the next connect", "err", err)
				continue
			}
			go in.backfillRetrying(ctx, g)
		case socketmode.EventTypeConnectionError:
			in.setState(IntakeState{Mode: "socket", Problem: "Slack connection lost; reconnecting"})
		case socketmode.EventTypeInvalidAuth:
			return errAppToken
		case socketmode.EventTypeErrorBadMessage:
			bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if bad != nil {
				_ = json.Unmarshal(bad.Message, &env)
				in.opts.Log.Warn("inbox: malformed Socket Mode message skipped", "err", bad.Cause, "envelope", env.EnvelopeID, "bytes", len(bad.Message))
			}
			if env.EnvelopeID != "" {
				// Acknowledged so Slack does not resend it forever; were it
				// a real message, the next backfill still finds it.
				in.ack(ctx, client, env.EnvelopeID)
			}
		default:
			if evt.Request != nil && evt.Request.EnvelopeID != "" {
				in.ack(ctx, client, evt.Request.EnvelopeID)
			}
		}
	}
	if len(apiEvents) > 0 {
		return in.acceptEvents(ctx, client, apiEvents)
	}
	return nil
}

// acceptEvents stores a batch of Events API envelopes, then acknowledges
// them. If the inbox cannot be written nothing is acknowledged and the
// connection is dropped, so Slack delivers them again.
func (in *Intake) acceptEvents(ctx context.Context, client *socketmode.Client, evts []socketmode.Event) error {
	var msgs []Message
	for _, evt := range evts {
		api, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			continue
		}
		m, ok := api.InnerEvent.Data.(*slackevents.MessageEvent)
		if !ok {
			in.opts.Log.Debug("inbox: event ignored", "type", api.InnerEvent.Type)
			continue
		}
		msgs = append(msgs, Message{Channel: m.Channel, ChannelType: m.ChannelType, TS: m.TimeStamp, User: m.User,
			Text: m.Text, SubType: m.SubType, BotID: m.BotID})
	}
	if err := in.store(ctx, msgs); err != nil {
		in.opts.Log.Error("inbox not saved; Slack will deliver again", "err", err)
		in.setState(IntakeState{Mode: "socket", Problem: "inbox not saved: " + err.Error()})
		slackapi.Sleep(ctx, in.opts.Backoff)
		return fmt.Errorf("inbox not saved: %w", err)
	}
	for _, evt := range evts {
		if evt.Request != nil && !in.ack(ctx, client, evt.Request.EnvelopeID) {
			break // the connection is gone; Slack redelivers the rest
		}
	}
	return nil
}

// ack acknowledges an envelope. It never waits long: on a connection that
// just died the ack is lost, Slack delivers the envelope again on the next
// one, and the inbox ignores the duplicate. (An unbounded Ack would wait
// for a reconnect that waits for us to read its events.)
func (in *Intake) ack(ctx context.Context, client *socketmode.Client, envelopeID string) bool {
	if in.ackDead {
		return false
	}
	actx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := client.AckCtx(actx, envelopeID, nil); err != nil {
		in.opts.Log.Debug("inbox: ack not sent; Slack will deliver again", "envelope", envelopeID, "err", err)
		in.ackDead = true
		return false
	}
	return true
}

// store classifies messages and writes the pings and cursors in one
// transaction, then tells OnPings about the new ones.
func (in *Intake) store(ctx context.Context, msgs []Message) error {
	if len(msgs) == 0 {
		return nil
	}
	rules := in.rules()
	now := in.opts.Now()
	batch := store.Intake{Cursor: map[string]string{}}
	for _, m := range msgs {
		if m.Channel == "" || m.TS == "" {
			continue
		}
		if tsAfter(m.TS, batch.Cursor[m.Channel]) {
			batch.Cursor[m.Channel] = m.TS
		}
		kind := rules.Classify(m)
		if kind == "" {
			continue
		}
		handle := ""
		if hasHandles(rules.VIPs) {
			handle = in.Users.Handle(ctx, m.User)
		}
		reason := rules.Bypass(m, handle)
		batch.Pings = append(batch.Pings, store.Ping{Channel: m.Channel, TS: m.TS, UserID: m.User, Kind: kind,
			Text: m.Text, ReceivedAt: now, Bypassed: reason != "", Reason: reason})
	}
	added, err := in.opts.Store.AddIntake(ctx, batch)
	if err != nil {
		return err
	}
	// Look senders up here, on the intake's goroutine, so the app can name
	// them from the cache without waiting on Slack.
	for _, p := range added {
		in.Users.lookup(ctx, p.UserID)
	}
	if len(added) > 0 {
		in.opts.OnPings(added)
	}
	return nil
}

func hasHandles(vips []string) bool {
	for _, v := range vips {
		if strings.HasPrefix(strings.TrimSpace(v), "@") {
			return true
		}
	}
	return false
}

// tsAfter compares Slack timestamps ("1700000000.000100") numerically.
func tsAfter(a, b string) bool {
	if b == "" {
		return a != ""
	}
	fa, _ := strconv.ParseFloat(a, 64)
	fb, _ := strconv.ParseFloat(b, 64)
	if fa != fb {
		return fa > fb
	}
	return a > b
}

// runPolling backfills every PollEvery: the fallback without Socket Mode.
func (in *Intake) runPolling(ctx context.Context) {
	problem := in.State().Problem
	for ctx.Err() == nil {
		g, err := in.openGap(ctx)
		if err == nil {
			var n int
			n, err = in.backfill(ctx, g)
			if err == nil {
				in.setState(IntakeState{Mode: "polling", Connected: true, Problem: problem})
			}
			// conversations.history is tier 3 (about 50 calls a minute):
			// never poll faster than that allows.
			every := max(in.opts.PollEvery, time.Duration(n)*1200*time.Millisecond)
			if !slackapi.Sleep(ctx, every) {
				return
			}
		}
		if err != nil {
			in.opts.Log.Warn("inbox: polling failed; retrying", "err", slackapi.Redact(err.Error(), in.opts.UserToken))
			in.setState(IntakeState{Mode: "polling", Problem: "Slack not reachable; retrying"})
			if !slackapi.Sleep(ctx, in.opts.Backoff*10) {
				return
			}
		}
	}
}

// backfillRetrying backfills after a connect, retrying a failed backfill
// (Slack briefly unreachable) until it succeeds or the connection ends.
func (in *Intake) backfillRetrying(ctx context.Context, g gap) {
	wait := in.opts.Backoff
	for ctx.Err() == nil {
		if _, err := in.backfill(ctx, g); err == nil || ctx.Err() != nil {
			return
		} else {
			in.opts.Log.Warn("inbox: backfill failed; retrying", "err", slackapi.Redact(err.Error(), in.opts.UserToken), "in", wait)
		}
		if !slackapi.Sleep(ctx, wait) {
			return
		}
		wait = min(wait*2, time.Minute)
	}
}

// backfill reads every conversation's history after the gap's cursor (or
// after the time the inbox is complete to, for conversations without one)
// and stores what it finds, then closes the gap. It returns how many
// conversations it read.
func (in *Intake) backfill(ctx context.Context, g gap) (int, error) {
	in.backing.Lock()
	defer in.backing.Unlock()
	started := in.opts.Now()
	generation := in.connects.Load()
	known, err := in.opts.Store.Conversations(ctx)
	if err != nil {
		return 0, err
	}
	var chans []slack.Channel
	cursor := ""
	for {
		var page []slack.Channel
		err := in.call(ctx, func() error {
			var err error
			page, cursor, err = in.api.GetConversationsForUserContext(ctx, &slack.GetConversationsForUserParameters{
				Types: []string{"im", "mpim", "public_channel", "private_channel"}, Limit: 200, Cursor: cursor, ExcludeArchived: true})
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("users.conversations: %w", err)
		}
		chans = append(chans, page...)
		if cursor == "" {
			break
		}
	}
	for _, ch := range chans {
		kind := channelKind(ch)
		if prev, ok := known[ch.ID]; !ok || prev.Kind != kind || prev.Name != channelName(ch) {
			if err := in.opts.Store.SetConversation(ctx, store.Conversation{ID: ch.ID, Kind: kind, Name: channelName(ch)}); err != nil {
				return 0, err
			}
		}
		oldest := g.Cursors[ch.ID]
		if oldest == "" {
			oldest = strconv.FormatInt(g.Since, 10) + ".000000"
		}
		if err := in.history(ctx, ch.ID, kind, oldest); err != nil {
			if f := slackapi.Classify(err); f.Code == "channel_not_found" || f.Code == "not_in_channel" {
				continue // left or archived since the list was read
			}
			return 0, fmt.Errorf("conversations.history %s: %w", ch.ID, err)
		}
	}
	// Conversations without a cursor are complete up to when this
	// backfill started (a minute of margin for clock skew), and the gap is
	// closed.
	if err := in.opts.Store.PutJSON(ctx, kvInboxSince, max(g.Since, started.Add(-time.Minute).Unix())); err != nil {
		return 0, err
	}
	// A connection that began meanwhile opened a gap this backfill may
	// have read past too early; its own backfill (next) closes it.
	if in.connects.Load() == generation {
		if err := in.opts.Store.PutJSON(ctx, kvInboxGap, gap{}); err != nil {
			return 0, err
		}
	}
	return len(chans), nil
}

func (in *Intake) history(ctx context.Context, channel, kind, oldest string) error {
	cursor := ""
	for {
		var resp *slack.GetConversationHistoryResponse
		err := in.call(ctx, func() error {
			var err error
			resp, err = in.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channel, Oldest: oldest, Limit: 200, Cursor: cursor})
			return err
		})
		if err != nil {
			return err
		}
		msgs := make([]Message, 0, len(resp.Messages))
		for _, m := range resp.Messages {
			msgs = append(msgs, Message{Channel: channel, ChannelType: kind, TS: m.Timestamp, User: m.User, Text: m.Text,
				SubType: m.SubType, BotID: m.BotID})
		}
		if err := in.store(ctx, msgs); err != nil {
			return err
		}
		cursor = resp.ResponseMetaData.NextCursor
		if !resp.HasMore || cursor == "" {
			return nil
		}
	}
}

// call runs a Web API call, waiting out rate limits (Retry-After) and
// retrying transient failures a few times.
func (in *Intake) call(ctx context.Context, fn func() error) error {
	wait := in.opts.Backoff
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		f := slackapi.Classify(err)
		switch {
		case f.Kind == slackapi.RateLimited:
			in.opts.Log.Info("inbox: rate limited by Slack; waiting", "for", f.RetryAfter)
			if !slackapi.Sleep(ctx, max(f.RetryAfter, time.Second)) {
				return ctx.Err()
			}
		case f.Kind == slackapi.Transient && attempt < 3:
			if !slackapi.Sleep(ctx, wait) {
				return ctx.Err()
			}
			wait *= 2
		default:
			return err
		}
	}
}

func channelKind(ch slack.Channel) string {
	switch {
	case ch.IsIM:
		return "im"
	case ch.IsMpIM:
		return "mpim"
	case ch.IsPrivate || ch.IsGroup:
		return "group"
	}
	return "channel"
}

func channelName(ch slack.Channel) string {
	if ch.IsIM {
		return ch.User
	}
	return ch.Name
}

// Directory resolves Slack user IDs to handles and names, cached in the
// database. A failed lookup is logged and answered with the ID, and not
// retried for ten minutes.
type Directory struct {
	api    *slack.Client
	store  *store.Store
	log    *slog.Logger
	mu     sync.Mutex
	users  map[string]store.User
	failed map[string]time.Time
	loaded bool
}

// NewDirectory returns a directory over api and the store's cache.
func NewDirectory(api *slack.Client, st *store.Store, log *slog.Logger) *Directory {
	return &Directory{api: api, store: st, log: log, users: map[string]store.User{}, failed: map[string]time.Time{}}
}

// Handle is the user's handle ("ana"), or "" if unknown.
func (d *Directory) Handle(ctx context.Context, id string) string {
	return d.lookup(ctx, id).Name
}

// Name is what to call a user in a notification: the real name, else the
// handle, else the ID. It may ask Slack.
func (d *Directory) Name(ctx context.Context, id string) string {
	return displayName(d.lookup(ctx, id))
}

// CachedName is Name without asking Slack: for callers that must not
// wait on the network. The intake looks every new sender up before it
// hands their pings on, so the cache has them.
func (d *Directory) CachedName(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.loadLocked(context.Background())
	return displayName(d.users[id])
}

// loadLocked fills the cache from the database once; d.mu is held.
func (d *Directory) loadLocked(ctx context.Context) {
	if !d.loaded && d.store != nil {
		if us, err := d.store.Users(ctx); err == nil {
			d.users, d.loaded = us, true
		}
	}
}

func displayName(u store.User) string {
	switch {
	case u.RealName != "":
		return u.RealName
	case u.Name != "":
		return u.Name
	}
	return u.ID
}

func (d *Directory) lookup(ctx context.Context, id string) store.User {
	d.mu.Lock()
	d.loadLocked(ctx)
	u, known := d.users[id]
	t, failed := d.failed[id]
	d.mu.Unlock()
	if known {
		return u
	}
	if failed && time.Since(t) < 10*time.Minute {
		return store.User{ID: id}
	}
	// Not under the lock: CachedName must never wait on this call.
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := d.api.GetUserInfoContext(lctx, id)
	if err != nil {
		d.mu.Lock()
		d.failed[id] = time.Now()
		d.mu.Unlock()
		d.log.Warn("Slack user name not found; showing the ID", "user", id, "err", err)
		return store.User{ID: id}
	}
	u = store.User{ID: id, Name: info.Name, RealName: info.RealName, FetchedAt: time.Now()}
	if u.RealName == "" {
		u.RealName = info.Profile.RealName
	}
	d.mu.Lock()
	d.users[id] = u
	d.mu.Unlock()
	if d.store != nil {
		if err := d.store.PutUser(ctx, u); err != nil {
			d.log.Warn("Slack user name not cached", "err", err)
		}
	}
	return u
}

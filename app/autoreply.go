package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/inbox"
	"github.com/headsdown-app/headsdown/presence"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
)

// Auto-replies (issue 14): the first DM or mention from a person during a
// focus block gets one reply in its thread (the parent's, for a message
// posted inside a thread), as the user, saying when it will be read and
// how to break through. Never while the block is paused or you are away:
// then no end time is true, and Slack already says you are away.
//
// The loop decides (inbox.ReplyTo, a pure function), renders the text and
// queues the reply in the same transaction that records the pings'
// fates: the auto_replies row is the intent, written before anything is
// sent, and its UNIQUE (block, sender) keeps the promise of one reply per
// sender per block across restarts. The replier, a driver, sends what is
// queued; the loop never waits on Slack.
//
// Delivery is at most once. A row is claimed ("sending") before the call;
// if the call's answer is lost (timeout, dropped connection, a quit or a
// crash mid-call) Slack may or may not have posted it, and the row becomes
// "unknown" and is never sent again: a colleague missing the auto-reply
// costs nothing, getting it twice looks broken. Only failures where Slack
// certainly posted nothing are retried: a 429 (after Retry-After) and a
// connection that could not even be opened, each a bounded number of
// times.

const (
	// replyPace is the least time between two replies: Slack allows about
	// one message a second per channel; one a second overall is stricter
	// and simpler, and replies are rare.
	replyPace = time.Second
	// replyTries bounds the attempts of one reply (429s and connections
	// that could not be opened).
	replyTries = 4
	// replyMaxWait is the longest Retry-After the replier waits out; a
	// longer one fails the reply (it would come too late to help).
	replyMaxWait = 5 * time.Minute
)

// replier is the driver that posts queued auto-replies. It runs with the
// intake (same token) and ends with it, before the store closes.
type replier struct {
	api   *slack.Client
	token string // for redaction only
	store *store.Store
	log   *slog.Logger
	now   func() time.Time
	// active is the focus block replies may go out for (nil: none), set
	// by the loop: a reply queued for a block that has ended or paused,
	// while you are away, or after auto-reply was turned off, is not sent
	// any more.
	active *atomic.Pointer[replyTarget]
	// wake signals that replies were queued.
	wake chan struct{}
	// onState is told when problem changes; it must not block.
	onState func()

	mu      sync.Mutex
	problem string // e.g. the missing scope; "" when fine

	// installID names this install in its replies' metadata (install);
	// only run's goroutine uses it.
	installID string
}

// replyTarget is a focus block replies may go out for. Its start tells
// it from an earlier block that had the same ID, so a reply queued for
// that one never goes out as this one's, with its stale text.
type replyTarget struct {
	ID    int64
	Start time.Time
	// Until is the block's end, for the reply's metadata: another install
	// reading it knows the promise holds until then.
	Until time.Time
}

// takes reports whether a reply queued for a block goes out now.
func (t *replyTarget) takes(q store.AutoReply) bool {
	return t != nil && q.BlockID == t.ID && q.BlockStart.UnixMilli() == t.Start.UnixMilli()
}

func newReplier(apiURL, token string, st *store.Store, log *slog.Logger, now func() time.Time, active *atomic.Pointer[replyTarget], onState func()) *replier {
	api := slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(&http.Client{Timeout: 20 * time.Second}))
	return &replier{api: api, token: token, store: st, log: log, now: now, active: active, wake: make(chan struct{}, 1), onState: onState}
}

// Problem is why replies are not sent, or "".
func (r *replier) Problem() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.problem
}

func (r *replier) setProblem(p string) {
	r.mu.Lock()
	changed := p != r.problem
	r.problem = p
	r.mu.Unlock()
	if changed && r.onState != nil {
		r.onState()
	}
}

// run sends queued replies until ctx ends. Every store call is bounded and
// outlives ctx by that bound, so a quit mid-call still records the
// outcome ("unknown") before the store closes.
func (r *replier) run(ctx context.Context) {
	if n, err := db(r.store.AbandonSending); err != nil {
		r.log.Warn("auto-reply: interrupted replies not closed", "err", err)
	} else if n > 0 {
		r.log.Info("auto-reply: replies interrupted before their answer are not sent again", "count", n)
	}
	var last time.Time // the last call to Slack, for the pace
	for {
		again, wait := r.sendQueued(ctx, &last)
		if ctx.Err() != nil {
			return
		}
		if again {
			if !slackapi.Sleep(ctx, wait) {
				return
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
	}
}

// db runs one store call, bounded, and not cut short by the driver's
// context: the outcome of a call to Slack is recorded even during a quit
// (the store closes only after this driver has ended).
func db[T any](fn func(ctx context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return fn(ctx)
}

// sendQueued sends every queued reply, in order. It reports whether to
// come back after wait (a reply was put back after a 429 or a connection
// failure).
func (r *replier) sendQueued(ctx context.Context, last *time.Time) (again bool, wait time.Duration) {
	queued, err := db(r.store.QueuedReplies)
	if err != nil {
		r.log.Warn("auto-reply: queue not read; trying again later", "err", err)
		return true, time.Minute
	}
	for _, q := range queued {
		if ctx.Err() != nil {
			return false, 0
		}
		if !r.active.Load().takes(q) {
			r.finish(q, store.ReplySkipped, "", "before it was sent, the focus block ended or was paused, you went away, "+
				"or auto-reply was turned off")
			continue
		}
		if p := r.Problem(); p != "" {
			r.finish(q, store.ReplySkipped, "", p)
			continue
		}
		if !slackapi.Sleep(ctx, time.Until(last.Add(replyPace))) {
			return false, 0
		}
		if again, wait := r.send(ctx, q); again {
			*last = time.Now()
			return true, wait
		}
		*last = time.Now()
	}
	return false, 0
}

// send makes one attempt at q. It reports whether q went back to the
// queue, to be tried after wait.
func (r *replier) send(ctx context.Context, q store.AutoReply) (bool, time.Duration) {
	ok, err := db(func(ctx context.Context) (bool, error) { return r.store.ClaimReply(ctx, q.ID) })
	if err != nil || !ok {
		if err != nil {
			// Not claimed, not sent: it stays queued.
			r.log.Warn("auto-reply: not claimed; trying again later", "err", err)
			return true, time.Minute
		}
		return false, 0
	}
	attempt := q.Attempts + 1
	target := r.active.Load()
	if r.answeredElsewhere(ctx, q) {
		r.finish(q, store.ReplySkipped, "", "Heads Down on another computer already answered this person in this focus block")
		r.log.Info("auto-reply: already answered from another computer; not sent", "channel", q.Channel, "to", q.UserID)
		return false, 0
	}
	until := q.BlockStart
	if target != nil {
		until = target.Until
	}
	// Into the thread: the parent's, for a message posted inside one. The
	// metadata marks it as an auto-reply for this block, so another
	// install reading the conversation does not answer again.
	_, ts, err := r.api.PostMessageContext(ctx, q.Channel, slack.MsgOptionText(q.Text, true), slack.MsgOptionTS(q.Thread()),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: inbox.ReplyEvent, EventPayload: inbox.ReplyMark(r.install(), q.UserID, q.BlockStart, until)}))
	if err == nil {
		r.finish(q, store.ReplySent, ts, "")
		r.log.Info("auto-reply sent", "channel", q.Channel, "to", q.UserID, "thread", q.Thread())
		return false, 0
	}
	f := slackapi.Classify(slackapi.Call("chat.postMessage", err))
	msg := slackapi.Redact(err.Error(), r.token)
	switch {
	case f.Kind == slackapi.RateLimited && attempt < replyTries && f.RetryAfter <= replyMaxWait:
		// Slack refused it: nothing was posted, so it is safe to try again.
		r.requeue(q, "rate limited")
		r.log.Info("auto-reply rate limited; waiting", "retry_after", f.RetryAfter)
		return true, f.RetryAfter
	case f.Kind == slackapi.Transient && neverSent(err) && ctx.Err() == nil && attempt < replyTries:
		r.requeue(q, "Slack not reachable")
		wait := slackapi.Backoff(2*time.Second, time.Minute, attempt)
		r.log.Info("auto-reply: Slack not reachable; trying again", "in", wait, "err", msg)
		return true, wait
	case f.Kind == slackapi.MissingScope:
		needed := f.Needed
		if needed == "" {
			needed = "chat:write"
		}
		p := "auto-replies need the " + needed + " scope: add it to the Slack app, reinstall it and sign in again (pings are still held)"
		r.finish(q, store.ReplyFailed, "", "missing scope "+needed)
		r.log.Error("auto-reply: missing scope", "needed", needed)
		r.setProblem(p)
	case f.Kind == slackapi.Auth:
		r.finish(q, store.ReplyFailed, "", "Slack refused the token: "+f.Code)
	case f.Kind == slackapi.Transient || ctx.Err() != nil:
		// The request may have reached Slack: at most once, so never again.
		r.finish(q, store.ReplyUnknown, "", "no answer from Slack ("+msg+"); not sent again, so it is never sent twice")
		r.log.Warn("auto-reply: no answer from Slack; it may have been posted and is not sent again", "channel", q.Channel, "err", msg)
	default:
		r.finish(q, store.ReplyFailed, "", msg)
		r.log.Warn("auto-reply refused by Slack", "channel", q.Channel, "err", msg)
	}
	return false, 0
}

// replyThreads bounds the threads read for another install's reply: the
// sender's recent messages that have replies, the reply's own thread first.
const replyThreads = 8

// answeredElsewhere reads the conversation back with its metadata for an
// auto-reply to q's sender from another install in this block window
// (inbox.AnsweredElsewhere): the recent history, the thread the reply
// goes to, and the threads of the sender's recent messages that have
// replies (auto-replies go into threads). It runs after q is claimed, so
// this install's own row cannot be answered twice either way. If Slack
// cannot be read, the reply goes out: this install's own once-per-block
// rule still holds, and a person left unanswered because of a failed read
// would be worse than the rare second reply.
func (r *replier) answeredElsewhere(ctx context.Context, q store.AutoReply) bool {
	now := r.now()
	oldest := q.BlockStart.Add(-inbox.ReplyLookback)
	h, err := r.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: q.Channel,
		Oldest: strconv.FormatInt(oldest.Unix(), 10), Limit: 100, IncludeAllMetadata: true})
	if err != nil {
		r.log.Warn("auto-reply: could not check for a reply from another computer; sending", "err",
			slackapi.Redact(slackapi.Call("conversations.history", err).Error(), r.token))
		return false
	}
	self := r.install()
	if inbox.AnsweredElsewhere(h.Messages, self, q.UserID, q.BlockStart, now) {
		return true
	}
	threads := []string{q.Thread()}
	for _, m := range h.Messages {
		if m.ReplyCount > 0 && m.User == q.UserID && !slices.Contains(threads, m.Timestamp) && len(threads) < replyThreads {
			threads = append(threads, m.Timestamp)
		}
	}
	for _, th := range threads {
		msgs, _, _, err := r.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: q.Channel,
			Timestamp: th, Limit: 100, IncludeAllMetadata: true})
		if err != nil {
			if !slackapi.IsCode(err, "thread_not_found") {
				r.log.Warn("auto-reply: could not read a thread for a reply from another computer", "err",
					slackapi.Redact(slackapi.Call("conversations.replies", err).Error(), r.token))
			}
			continue
		}
		if inbox.AnsweredElsewhere(msgs, self, q.UserID, q.BlockStart, now) {
			return true
		}
	}
	return false
}

// kvInstall names this install (its database) in the metadata of its
// auto-replies, so it tells its own replies from another computer's.
const kvInstall = "install_id"

// install is this install's name: random, made once and kept in the
// database. If the database cannot keep it, a name for this run does: at
// worst a reply from before a restart counts as another computer's.
func (r *replier) install() string {
	if r.installID != "" {
		return r.installID
	}
	var id string
	if _, err := db(func(ctx context.Context) (bool, error) { return r.store.GetJSON(ctx, kvInstall, &id) }); err != nil || id == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
		if err == nil {
			if _, err := db(func(ctx context.Context) (struct{}, error) { return struct{}{}, r.store.PutJSON(ctx, kvInstall, id) }); err != nil {
				r.log.Warn("auto-reply: this install's name not saved", "err", err)
			}
		}
	}
	r.installID = id
	return id
}

func (r *replier) finish(q store.AutoReply, status, ts, why string) {
	if _, err := db(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, r.store.FinishReply(ctx, q.ID, status, r.now(), ts, why)
	}); err != nil {
		// A row left "sending" is closed as unknown at the next start.
		r.log.Warn("auto-reply outcome not recorded", "status", status, "err", err)
	}
}

func (r *replier) requeue(q store.AutoReply, why string) {
	if _, err := db(func(ctx context.Context) (struct{}, error) { return struct{}{}, r.store.RequeueReply(ctx, q.ID, why) }); err != nil {
		r.log.Warn("auto-reply not put back in the queue; it is not sent again", "err", err)
	}
}

// neverSent reports whether err means the request never left: the
// connection could not be opened (refused, no route, DNS). Anything later
// (a timeout, a dropped connection) may have reached Slack.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// autoReplies decides, for pings just stored (with their fates), which
// get an auto-reply, and renders each one's text. It runs on the loop and
// asks Slack nothing; the replied-to senders of the block in flight are
// read once per block (they survive a restart in the database).
func (a *App) autoReplies(ctx context.Context, ps []store.Ping, fates []inbox.Fate) []store.AutoReply {
	b := a.engine.Current()
	in := inbox.ReplyInputs{On: a.cfg.Pings.AutoReply && a.inbox.replier != nil, Away: a.afk.On}
	if b != nil && b.Kind == focus.KindFocus {
		in.BlockID, in.BlockStart, in.Paused = b.ID, b.StartedAt, b.IsPaused()
	}
	if a.inbox.intake != nil {
		in.SelfID = a.inbox.intake.SelfID()
	}
	if !in.On || in.BlockID == 0 || in.Paused || in.Away {
		return nil
	}
	a.noteReplyBlock()
	if a.inbox.repliedBlock != in.BlockID {
		senders, err := a.store.RepliedSenders(ctx, in.BlockID)
		if err != nil {
			// Not knowing whom we answered, answer nobody: at most once.
			a.log.Warn("auto-reply: answered senders not read; no reply this time", "err", err)
			return nil
		}
		a.inbox.replied, a.inbox.repliedBlock = senders, in.BlockID
	}
	now := a.clock.Now()
	until := b.Deadline // running: a paused block gets no reply (ReplyTo)
	var out []store.AutoReply
	for i, p := range ps {
		in.Answered = a.inbox.replied[p.UserID]
		ok, why := inbox.ReplyTo(p, fates[i], in)
		if !ok {
			if in.On && fates[i] == inbox.Held {
				a.log.Debug("no auto-reply", "from", p.UserID, "channel", p.Channel, "why", why)
			}
			continue
		}
		keyword := ""
		for _, k := range a.cfg.Pings.Keywords {
			if k = strings.TrimSpace(k); k != "" {
				keyword = k
				break
			}
		}
		v := presence.Values{Now: now, Until: until, NextReview: a.nextDelivery(now, until), Hours: a.rules.Hours}
		text := v.RenderReply(a.cfg.Pings.AutoReplyText, keyword, a.loc)
		out = append(out, store.AutoReply{BlockID: b.ID, BlockStart: b.StartedAt, UserID: p.UserID, Channel: p.Channel, TS: p.TS,
			ThreadTS: p.ThreadTS, Text: text, QueuedAt: now})
		// Marked now, so a second ping in the same batch is not answered
		// too; if the write fails, nobody is answered (see takePings).
		a.inbox.replied[p.UserID] = true
	}
	return out
}

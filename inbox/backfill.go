package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
)

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
//
// Conn numbers the connections begun while the gap is open, and Done
// says, per conversation, during which of them a backfill began reading
// it: a conversation read after the newest connection began is complete
// (history up to the read, that connection's events after it), so a
// reconnect in the middle of a backfill makes the next backfill read
// again only what was read before it, not every conversation.
type gap struct {
	Cursors map[string]string `json:"cursors"`
	Since   int64             `json:"since"`
	Conn    int64             `json:"conn,omitempty"`
	Done    map[string]int64  `json:"done,omitempty"`
}

// openGap returns the open gap, or records one from the cursors now; with
// connect, a connection begins: the gap's connection number goes up.
func (in *Intake) openGap(ctx context.Context, connect bool) (gap, error) {
	in.gapMu.Lock()
	defer in.gapMu.Unlock()
	var g gap
	ok, err := in.opts.Store.GetJSON(ctx, kvInboxGap, &g)
	if err != nil {
		return gap{}, err
	}
	if !ok || g.Cursors == nil {
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
	} else if !connect {
		return g, nil // an older gap is still open: it covers this one
	}
	if connect {
		g.Conn++
	}
	return g, in.opts.Store.PutJSON(ctx, kvInboxGap, g)
}

// closeGap records what a backfill read (read: the gap's connection
// number when each read began) and closes the gap if no connection began
// since; otherwise it keeps it open for what the newest connection has
// not covered.
func (in *Intake) closeGap(ctx context.Context, read map[string]int64) error {
	in.gapMu.Lock()
	defer in.gapMu.Unlock()
	var g gap
	if ok, err := in.opts.Store.GetJSON(ctx, kvInboxGap, &g); err != nil || !ok || g.Cursors == nil {
		return err
	}
	if g.Done == nil {
		g.Done = map[string]int64{}
	}
	complete := true
	for id, conn := range read {
		g.Done[id] = max(g.Done[id], conn)
		if conn < g.Conn {
			complete = false
		}
	}
	if complete {
		g = gap{}
	}
	return in.opts.Store.PutJSON(ctx, kvInboxGap, g)
}

// runPolling polls every PollEvery: the fallback without Socket Mode.
// A gap left open by Socket Mode (it fell back to polling mid-backfill)
// is closed first by a whole backfill; after that each poll reads what
// planPoll picks. Polls start PollEvery apart; one that took longer (the
// pacer spaced its calls) is followed by the next at once.
func (in *Intake) runPolling(ctx context.Context) {
	problem := in.State().Problem
	failures := 0
	for ctx.Err() == nil {
		began := in.opts.Now()
		err := in.closeOpenGap(ctx)
		if err == nil {
			_, err = in.poll(ctx)
		}
		wait := in.opts.PollEvery - in.opts.Now().Sub(began)
		switch {
		case err == nil:
			if failures > 0 {
				in.opts.Log.Info("inbox: polling works again", "after_failures", failures)
			}
			failures = 0
			in.setState(IntakeState{Mode: "polling", Connected: true, Problem: problem})
		case ctx.Err() != nil:
			return
		default:
			failures++
			// One warning an outage, not one every few seconds for as long
			// as the network is down; the waits grow to five minutes.
			level := slog.LevelDebug
			if failures == 1 {
				level = slog.LevelWarn
			}
			wait = slackapi.Backoff(in.opts.Backoff*10, 5*time.Minute, failures)
			in.opts.Log.Log(ctx, level, "inbox: polling failed; retrying",
				"err", slackapi.Redact(err.Error(), in.opts.UserToken), "in", wait, "failures", failures)
			in.setState(IntakeState{Mode: "polling", Problem: "Slack not reachable; retrying"})
		}
		if wait > 0 && !in.opts.Sleep(ctx, wait) {
			return
		}
	}
}

// closeOpenGap backfills a gap left open, if there is one.
func (in *Intake) closeOpenGap(ctx context.Context) error {
	var g gap
	ok, err := in.opts.Store.GetJSON(ctx, kvInboxGap, &g)
	if err != nil || !ok || g.Cursors == nil {
		return err
	}
	_, err = in.backfill(ctx, g)
	return err
}

// connected records a new connection: the cursors as they are now,
// before this connection's events move them, become the gap (unless an
// older gap is still open, which covers this one too), and the backfiller
// is asked to close it.
func (in *Intake) connected(ctx context.Context) {
	if _, err := in.openGap(ctx, true); err != nil {
		in.opts.Log.Error("inbox: cursors not read; backfill at the next connect", "err", err)
		return
	}
	select {
	case in.wantBackfill <- struct{}{}:
	default: // one is already asked for: it reads the same open gap
	}
}

// backfiller is the goroutine that runs backfills, one at a time. A
// request that comes while one runs is kept (one, however many connects):
// the gap stays open, since a newer connection began, and the next
// backfill reads it again. A failed backfill (Slack briefly unreachable)
// is retried with backoff until it succeeds or the intake stops.
func (in *Intake) backfiller(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-in.wantBackfill:
		}
		wait := in.opts.Backoff
		for ctx.Err() == nil {
			g, err := in.openGap(ctx, false)
			if err == nil {
				_, err = in.backfill(ctx, g)
			}
			if err == nil || ctx.Err() != nil {
				break
			}
			in.opts.Log.Warn("inbox: backfill failed; retrying", "err", slackapi.Redact(err.Error(), in.opts.UserToken), "in", wait)
			if !slackapi.Sleep(ctx, wait) {
				return
			}
			wait = min(wait*2, time.Minute)
		}
	}
}

// backfill reads the history of every conversation the gap has not seen
// complete after its cursor (or after the time the inbox is complete to,
// for conversations without one), DMs first, and stores what it finds,
// then closes the gap (see closeGap). Its calls go through the pacer. It
// returns how many conversations it read.
func (in *Intake) backfill(ctx context.Context, g gap) (int, error) {
	in.backing.Lock()
	defer in.backing.Unlock()
	started := in.opts.Now()
	known, err := in.opts.Store.Conversations(ctx)
	if err != nil {
		return 0, err
	}
	chans, err := in.list(ctx, known)
	if err != nil {
		return 0, err
	}
	// DMs first: they are the pings, and a VIP's breaks through.
	slices.SortStableFunc(chans, func(a, b slack.Channel) int {
		dm := func(c slack.Channel) int {
			if c.IsIM || c.IsMpIM {
				return 0
			}
			return 1
		}
		return dm(a) - dm(b)
	})
	read := map[string]int64{}
	for _, ch := range chans {
		// The gap as it is now: a connection may have begun meanwhile.
		cur, err := in.openGap(ctx, false)
		if err != nil {
			return len(read), err
		}
		if cur.Done[ch.ID] >= cur.Conn && cur.Conn > 0 {
			continue // read since the newest connection began
		}
		kind := channelKind(ch)
		oldest := g.Cursors[ch.ID]
		if oldest == "" {
			oldest = strconv.FormatInt(g.Since, 10) + ".000000"
		}
		if err := in.history(ctx, ch.ID, kind, oldest); err != nil {
			if f := slackapi.Classify(err); f.Code == "channel_not_found" || f.Code == "not_in_channel" {
				continue // left or archived since the list was read
			}
			return len(read), fmt.Errorf("conversations.history %s: %w", ch.ID, err)
		}
		read[ch.ID] = cur.Conn
	}
	// Conversations without a cursor are complete up to when this
	// backfill started (a minute of margin for clock skew).
	if err := in.opts.Store.PutJSON(ctx, kvInboxSince, max(g.Since, started.Add(-time.Minute).Unix())); err != nil {
		return len(read), err
	}
	return len(read), in.closeGap(ctx, read)
}

func (in *Intake) history(ctx context.Context, channel, kind, oldest string) error {
	cursor := ""
	for {
		var resp *slack.GetConversationHistoryResponse
		err := in.call(ctx, "conversations.history", func() error {
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
				SubType: m.SubType, BotID: m.BotID, ThreadTS: m.ThreadTimestamp})
		}
		added, err := in.write(ctx, msgs)
		if err != nil {
			return err
		}
		in.pass(added)
		cursor = resp.ResponseMetaData.NextCursor
		if !resp.HasMore || cursor == "" {
			return nil
		}
	}
}

// call runs one Web API call of method through the pacer (so no minute
// holds more than the method's tier), waiting out rate limits (a 429's
// Retry-After holds every caller of the method) and retrying transient
// failures a few times.
func (in *Intake) call(ctx context.Context, method string, fn func() error) error {
	wait := in.opts.Backoff
	for attempt := 0; ; attempt++ {
		if !in.opts.Pacer.Wait(ctx, method) {
			return ctx.Err()
		}
		err := fn()
		if err == nil {
			return nil
		}
		f := slackapi.Classify(err)
		switch {
		case f.Kind == slackapi.RateLimited:
			in.opts.Log.Info("inbox: rate limited by Slack; waiting", "method", method, "for", f.RetryAfter)
			in.opts.Pacer.Hold(method, max(f.RetryAfter, time.Second))
		case f.Kind == slackapi.Transient && attempt < 3:
			if !in.opts.Sleep(ctx, wait) {
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

package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/inbox"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
)

// inboxState is the app's side of ping batching. The intake (a driver)
// stores pings and hands them over; the loop decides their fate with
// inbox.Decide and delivers held ones as one digest at review windows.
type inboxState struct {
	stop    context.CancelFunc
	running string // the tokens and URL the running intake uses
	intake  *inbox.Intake

	ctx context.Context // the running intake's (ended when it is replaced)

	nextReview time.Time
	pending    bool // a review fell inside a focus block
	nextPurge  time.Time
	lastFocus  struct{ Start, End time.Time } // the focus block that ended last
	counts     store.PingCounts

	// checking: a read check runs (which waiting pings the user has read
	// in Slack). afterCheck is the digest to deliver once it is done ("":
	// none), with the pings received up to cutAt.
	checking   bool
	afterCheck DigestWhy
	cutAt      time.Time

	// replier posts auto-replies; it runs with the intake.
	replier *replier
	// replied are the senders answered in focus block repliedBlock (0:
	// not read yet), read from the database once per block.
	replied      map[string]bool
	repliedBlock int64
}

// reviewDue is the next review window while the intake runs.
func (s *inboxState) reviewDue() time.Time {
	if s.running == "" {
		return time.Time{}
	}
	return s.nextReview
}

// pingsOn reports whether batching runs: Slack connected and batching on.
func (a *App) pingsOn() bool {
	return a.tokens.User != "" && a.cfg.Pings.Batch
}

// startIntake (re)starts the intake when the tokens or settings it depends
// on changed, and stops it when batching is off. It never waits: a
// replaced intake winds down on its own under the app's supervision, and
// what it stored stays held until a review.
func (a *App) startIntake(ctx context.Context) {
	key := ""
	if a.pingsOn() && a.drivers != nil {
		key = a.tokens.User + "\x00" + a.tokens.App + "\x00" + slackapi.APIURL(a.cfg.Slack.APIURL)
	}
	if key == a.inbox.running {
		return
	}
	if a.inbox.stop != nil {
		a.inbox.stop()
		// Pings the old intake stored but never handed over stay held:
		// count them.
		a.countPings(ctx)
	}
	a.inbox.stop, a.inbox.intake, a.inbox.running, a.inbox.replier, a.inbox.ctx = nil, nil, key, nil, nil
	a.inbox.nextReview = time.Time{}
	if key == "" {
		return
	}
	ictx, cancel := context.WithCancel(a.drivers)
	in := inbox.NewIntake(inbox.IntakeOptions{
		UserToken: a.tokens.User, AppToken: a.tokens.App, APIURL: slackapi.APIURL(a.cfg.Slack.APIURL), Store: a.store,
		Log: a.log, Rules: a.pingRules, Now: a.clock.Now,
		OnPings: func(ctx context.Context, ps []store.Ping) {
			select {
			case a.pingsIn <- ps:
			case <-ctx.Done(): // stored, held: the next review has them
			}
		},
		OnState: func(inbox.IntakeState) { poke(a.slackChanged) },
	})
	rp := newReplier(slackapi.APIURL(a.cfg.Slack.APIURL), a.tokens.User, a.store, a.log, a.clock.Now, &a.replyBlock,
		func() { poke(a.slackChanged) })
	a.inbox.intake, a.inbox.stop, a.inbox.replier, a.inbox.ctx = in, cancel, rp, ictx
	a.group.spawn("ping intake", func() { in.Run(ictx) })
	// Uses the store: a supervised driver, ended (with ictx or the app's
	// drivers) before the store closes.
	a.group.spawn("auto-reply", func() { rp.run(ictx) })
	a.scheduleReview()
}

// pingRules are read by the intake goroutine, so they are built from a
// copy of the settings taken under the lock.
func (a *App) pingRules() inbox.PingRules {
	a.mu.Lock()
	p := a.pingCfg
	a.mu.Unlock()
	return inbox.PingRules{VIPs: p.VIPs, Keywords: p.Keywords, ChannelWide: p.ChannelWide}
}

// setPingConfig publishes the settings the intake goroutine reads.
func (a *App) setPingConfig(p config.Pings) {
	a.mu.Lock()
	a.pingCfg = p
	a.mu.Unlock()
}

// situation is what inbox.Decide needs to know of the app.
func (a *App) situation() inbox.Situation {
	b := a.engine.Current()
	s := inbox.Situation{Focusing: b != nil && b.Kind == focus.KindFocus, HoldAllDay: a.cfg.Pings.HoldAllDay,
		Away: a.afk.On}
	if a.cfg.Calendar.HoldPings {
		// A meeting holds pings as a block does ([calendar] hold_pings).
		if _, until := a.meetingAt(a.clock.Now()); !until.IsZero() {
			s.Focusing = true
		}
	}
	s.LastFocus = a.inbox.lastFocus
	return s
}

// takePings decides the fate of pings just stored, in one transaction.
func (a *App) takePings(ctx context.Context, ps []store.Ping) {
	s := a.situation()
	d := store.Decided{At: a.clock.Now()}
	fates := make([]inbox.Fate, len(ps))
	for i, p := range ps {
		fates[i] = inbox.Decide(p, s)
	}
	d.Replies = a.autoReplies(ctx, ps, fates)
	for i, p := range ps {
		switch fates[i] {
		case inbox.Free:
			d.Free = append(d.Free, p.ID)
		case inbox.Through:
			d.Through = append(d.Through, p.ID)
			a.inbox.counts.Delivered++
			a.log.Info("ping broke through", "reason", p.Reason, "from", p.UserID, "channel", p.Channel)
			if a.cfg.Notifications.Enabled {
				n := Breakthrough(a.pingSender(p.UserID), a.pingPlace(ctx, p), p.Reason, a.readable(p.Text))
				n.Sound = a.soundAllowed()
				a.notes.send(n)
			}
		case inbox.Held:
			a.inbox.counts.Held++
		}
	}
	queued, err := a.store.MarkDecided(ctx, d)
	if err != nil {
		// They stay held: the next digest delivers them, nothing is lost.
		// No reply was queued: forget whom autoReplies marked answered.
		a.log.Warn("ping decisions not saved; they stay held", "err", err)
		a.countPings(ctx)
		a.inbox.repliedBlock = 0
	}
	if len(queued) > 0 && a.inbox.replier != nil {
		poke(a.inbox.replier.wake)
	}
	a.publish()
}

// countPings reads the ping figures every surface shows again (at start,
// and after a review, a digest or a read check changed many at once).
func (a *App) countPings(ctx context.Context) {
	c, err := a.store.CountHeld(ctx)
	if err != nil {
		a.log.Warn("held pings not counted", "err", err)
		return
	}
	a.inbox.counts = c
}

// pingSender names a sender from the cache: the loop never waits on Slack.
func (a *App) pingSender(id string) string {
	if a.inbox.intake == nil {
		return id
	}
	if name := a.inbox.intake.Users.CachedName(id); name != "" {
		return name
	}
	return id
}

// readable is a message as the review window shows it: mentions as
// @handle (the intake looked the people up before handing the ping on),
// channels as #name, common emoji codes as emoji.
func (a *App) readable(text string) string {
	names := map[string]string{}
	if a.inbox.intake != nil {
		for _, id := range slackapi.Mentioned(text, 20) {
			if h := a.inbox.intake.Users.CachedHandle(id); h != "" {
				names[id] = h
			}
		}
	}
	return pinglist.PlainText(text, names)
}

// pingPlace is where a ping was written, for its notification: "#eng",
// "a group DM", or "" for a direct message (the sender says it all) and
// for a channel whose name is not known yet.
func (a *App) pingPlace(ctx context.Context, p store.Ping) string {
	switch p.Kind {
	case "im":
		return ""
	case "mpim":
		return "a group DM"
	}
	convs, err := a.store.Conversations(ctx)
	if err != nil {
		a.log.Warn("channel name not read", "err", err)
		return ""
	}
	if c, ok := convs[p.Channel]; ok && c.Name != "" && c.Kind != "im" && c.Kind != "mpim" {
		return "#" + c.Name
	}
	return ""
}

// Breakthrough is the notification of a ping that reached you at once:
// who and where in the title with why ("Bo in #eng — keyword "urgent""),
// the message as the review window shows it in the body.
func Breakthrough(sender, place, reason, text string) Notification {
	title := sender
	if place != "" {
		title += " in " + place
	}
	if reason != "" {
		title += " — " + reason
	}
	return Notification{Title: title, Body: preview(text, 140), Category: "im.received"}
}

// reviewPlan is when reviews fall, from the settings.
func (a *App) reviewPlan() focus.ReviewPlan {
	var times []int
	for _, t := range a.cfg.Pings.ReviewTimes {
		if m, err := config.ParseTimeOfDay(t); err == nil {
			times = append(times, m)
		}
	}
	return focus.ReviewPlan{Times: times, Every: time.Duration(a.cfg.Pings.ReviewEveryMinutes) * time.Minute,
		Hours: a.rules.Schedule}
}

func (a *App) scheduleReview() {
	a.inbox.nextReview = a.reviewPlan().Next(a.clock.Now())
}

// reviewTick runs when the timer fires: a review that is due delivers the
// digest, or waits for the end of the focus block it falls in.
func (a *App) reviewTick(ctx context.Context) {
	now := a.clock.Now()
	if due := a.inbox.reviewDue(); !due.IsZero() && !now.Before(due) {
		b := a.engine.Current()
		if b != nil && b.Kind == focus.KindFocus {
			a.inbox.pending = true
			a.log.Info("review window falls in a focus block; delivering at its end")
		} else {
			a.digest(ctx, DigestReviewWindow)
		}
		a.scheduleReview()
		a.publish() // the status's next review moved on
	}
	if !a.inbox.nextPurge.IsZero() && !now.Before(a.inbox.nextPurge) {
		a.purge(ctx)
	}
}

// blockEnded delivers what a focus block held, when a review fell inside
// it or reviews come at the end of each block.
func (a *App) blockEnded(ctx context.Context, evs []focus.Event) {
	for _, ev := range evs {
		if ev.Block.Kind == focus.KindFocus && ev.Block.Outcome != "" {
			a.inbox.lastFocus.Start, a.inbox.lastFocus.End = ev.Block.StartedAt, ev.At
			if a.inbox.pending || a.cfg.Pings.ReviewAfterFocus {
				a.digest(ctx, DigestFocusEnded)
			}
			return
		}
	}
}

// digest delivers every held ping not yet delivered as one notification,
// "7 pings from Ana, Bo and 2 others", and records the delivery, so
// nothing is delivered twice. First it asks Slack which waiting pings the
// user has read there already (see checkRead): those no longer wait and
// are not delivered. The question is a driver's, so the loop never waits
// on Slack; the digest comes when the answer does (or at once, with no
// intake connected to ask).
func (a *App) digest(ctx context.Context, why DigestWhy) {
	a.inbox.pending = false
	if a.checkRead(ctx) {
		if a.inbox.afterCheck == "" {
			a.inbox.afterCheck = why
		}
		a.inbox.cutAt = a.clock.Now()
		return
	}
	a.deliverDigest(ctx, why, a.clock.Now())
}

// deliverDigest is digest's delivery: the held pings received up to cut
// (a ping held since, in a block started meanwhile, waits for its own
// review).
func (a *App) deliverDigest(ctx context.Context, why DigestWhy, cut time.Time) {
	waiting, err := a.store.Pings(ctx, store.PingFilter{Waiting: true, Undelivered: true})
	if err != nil {
		a.log.Warn("held pings not read", "err", err)
		return
	}
	var held []store.Ping
	for _, p := range waiting {
		if !p.ReceivedAt.After(cut) {
			held = append(held, p)
		}
	}
	if len(held) == 0 {
		return
	}
	ids := make([]int64, len(held))
	var senders, lines []string
	seen := map[string]bool{}
	for i, p := range held {
		ids[i] = p.ID
		if !seen[p.UserID] {
			seen[p.UserID] = true
			senders = append(senders, a.pingSender(p.UserID))
		}
		if len(lines) < digestLines {
			lines = append(lines, a.pingSender(p.UserID)+": "+preview(a.readable(p.Text), 80))
		}
	}
	if _, err := a.store.MarkDelivered(ctx, ids, a.clock.Now(), true); err != nil {
		a.log.Warn("digest not recorded; it will come again", "err", err)
		return
	}
	a.countPings(ctx)
	a.log.Info("digest delivered", "pings", len(held), "why", string(why))
	if a.cfg.Notifications.Enabled {
		n := Digest(len(held), senders, lines, why)
		n.Actions = digestActions(ids)
		a.notes.send(n)
	}
	a.publish()
}

// readCheckLimit bounds a read check: a Slack that does not answer
// delays the digest by at most this much.
const readCheckLimit = 15 * time.Second

// readResult is what a read check found: how many waiting pings the user
// had read in Slack.
type readResult struct {
	read int
	err  error
}

// checkRead asks Slack, on a driver, how far the user has read each
// conversation with waiting pings; the pings read there stop waiting
// (store.MarkRead), and readChecked tells the loop. It first ends the
// wait of pings older than store.WaitAtMost. It reports whether a check
// is under way (one already was, or it started one); without a connected
// intake, or with nothing Slack could tell, there is none.
func (a *App) checkRead(ctx context.Context) bool {
	if a.expireWaiting(ctx) {
		a.publish()
	}
	if a.inbox.checking {
		return true
	}
	in, ictx := a.inbox.intake, a.inbox.ctx
	if in == nil || ictx == nil || !in.State().Connected {
		return false
	}
	chans, err := a.store.ReadCheckChannels(ctx)
	if err != nil {
		a.log.Warn("conversations with waiting pings not read", "err", err)
		return false
	}
	if len(chans) == 0 {
		return false
	}
	a.inbox.checking = true
	st, now := a.store, a.clock.Now
	// Uses the store: a supervised driver, ended before the store closes.
	a.group.spawn("read check", func() {
		cctx, cancel := context.WithTimeout(ictx, readCheckLimit)
		defer cancel()
		var r readResult
		if marks := in.LastRead(cctx, chans); len(marks) > 0 {
			r.read, r.err = db(func(ctx context.Context) (int, error) { return st.MarkRead(ctx, marks, now()) })
		}
		select {
		case a.readChecked <- r:
		case <-a.stopping:
		}
	})
	return true
}

// readChecked is the loop's end of a read check: the counts change, and a
// digest that waited for it is delivered.
func (a *App) readCheckDone(ctx context.Context, r readResult) {
	a.inbox.checking = false
	switch {
	case r.err != nil:
		a.log.Warn("pings read in Slack not recorded; they wait as before", "err", r.err)
	case r.read > 0:
		a.log.Info("pings read in Slack no longer wait", "count", r.read)
	}
	a.countPings(ctx)
	if why := a.inbox.afterCheck; why != "" {
		a.inbox.afterCheck = ""
		a.deliverDigest(ctx, why, a.inbox.cutAt)
	}
	a.publish()
}

// expireWaiting ends the wait of pings that have waited store.WaitAtMost
// (nothing waits for ever) and reports whether any did: the counts
// changed, and the caller publishes them.
func (a *App) expireWaiting(ctx context.Context) bool {
	now := a.clock.Now()
	n, err := a.store.ExpireWaiting(ctx, now.Add(-store.WaitAtMost), now)
	if err != nil {
		a.log.Warn("old pings not let go", "err", err)
		return false
	}
	if n > 0 {
		a.log.Info("pings that waited a week no longer wait", "count", n)
		a.countPings(ctx)
	}
	return n > 0
}

// digestLines is how many pings the digest quotes: enough to tell at a
// glance whether something needs you now, few enough for a notification.
const digestLines = 3

// DigestWhy is what brought a digest: it says why the pings waited, and
// only what is true (no "while you focused" when there was no focus).
type DigestWhy string

const (
	DigestReviewWindow DigestWhy = "review window"      // a scheduled review window
	DigestFocusEnded   DigestWhy = "end of focus block" // the block they waited for ended
	DigestBack         DigestWhy = "back"               // the user came back from away
)

// opening is the digest's first line.
func (w DigestWhy) opening() string {
	switch w {
	case DigestFocusEnded:
		return "Held during your focus block:"
	case DigestBack:
		return "Held while you were away:"
	case DigestMeetingEnded:
		return "Held during your meeting:"
	}
	return "Held for this review window:"
}

// Digest is the review-window notification: who wrote in the title, why
// they waited and the first lines (sender: text) in the body, so the user
// can act on it without opening anything; the rest are counted.
func Digest(n int, senders []string, lines []string, why DigestWhy) Notification {
	var from string
	switch len(senders) {
	case 0:
	case 1:
		from = senders[0]
	case 2:
		from = senders[0] + " and " + senders[1]
	case 3:
		from = senders[0] + ", " + senders[1] + " and " + senders[2]
	default:
		from = fmt.Sprintf("%s, %s and %d others", senders[0], senders[1], len(senders)-2)
	}
	title := plural(n, "ping", "pings")
	if from != "" {
		title += " from " + from
	}
	var body strings.Builder
	body.WriteString(why.opening() + "\n")
	for _, l := range lines {
		body.WriteString(l + "\n")
	}
	if more := n - len(lines); more > 0 && len(lines) > 0 {
		fmt.Fprintf(&body, "…and %d more.\n", more)
	}
	return Notification{Title: title, Body: strings.TrimSuffix(body.String(), "\n"), Category: "im",
		Instead: "Open Review pings… in the tray, or run `headsdown pings`."}
}

// purge removes message texts older than the retention, keeping counts.
func (a *App) purge(ctx context.Context) {
	now := a.clock.Now()
	a.inbox.nextPurge = now.Add(24 * time.Hour)
	if a.expireWaiting(ctx) {
		a.publish()
	}
	n, err := a.store.PurgeTexts(ctx, now.AddDate(0, 0, -a.cfg.Pings.RetentionDays))
	if err != nil {
		a.log.Warn("ping texts not purged", "err", err)
		return
	}
	if n > 0 {
		a.log.Info("ping texts purged", "count", n, "older_than_days", a.cfg.Pings.RetentionDays)
	}
}

// review marks pings reviewed (CmdReview). IDs that match no unreviewed
// ping are an error, so `headsdown review 999` does not say "Done.".
func (a *App) review(ctx context.Context, req control.Request) error {
	ids := req.IDs
	if req.All {
		ps, err := a.store.Pings(ctx, store.PingFilter{Waiting: true})
		if err != nil {
			return err
		}
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			return fmt.Errorf("no pings to review: none is held or delivered and waiting")
		}
	}
	if len(ids) == 0 {
		return fmt.Errorf("no pings to mark: give IDs (see `headsdown pings`) or --all")
	}
	n, err := a.store.MarkReviewed(ctx, ids, a.clock.Now())
	if err != nil {
		return err
	}
	a.countPings(ctx)
	a.log.Info("pings reviewed", "count", n)
	if n == 0 {
		return fmt.Errorf("no unreviewed ping has ID %s: see `headsdown pings` for the IDs", joinIDs(ids))
	}
	return nil
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}

// pingStatus is the inbox part of the status: no query, the counts are
// kept by the loop.
func (a *App) pingStatus() control.PingStatus {
	c := a.inbox.counts
	ps := control.PingStatus{Intake: "off", Held: c.Held, Delivered: c.Delivered, Unreviewed: c.ToReview()}
	if a.inbox.intake != nil {
		s := a.inbox.intake.State()
		ps.Connected, ps.Problem = s.Connected, s.Problem
		if s.Mode != "" {
			ps.Intake = s.Mode
		}
		if !a.inbox.nextReview.IsZero() {
			t := a.inbox.nextReview.In(a.loc)
			ps.NextReview = &t
		}
	}
	return ps
}

// preview shortens text to at most n runes on a word boundary.
func preview(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

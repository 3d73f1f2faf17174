package app

import (
	"context"
	"fmt"
	"headsdown/inbox"
	"headsdown/slackapi"
	"strings"
	"time"

	"headsdown/app/config"
	"headsdown/app/control"
	"headsdown/focus"
	"headsdown/store"
)

// inboxState is the app's side of ping batching: it decides, on the Run
// goroutine, what happens to each ping the intake stored. Held pings wait
// for a review window; breakthroughs (VIP, keyword) are notified at once
// during focus; pings that come while you are free are left to Slack.
type inboxState struct {
	stop    context.CancelFunc
	done    chan struct{}
	running string // the tokens and URL the running intake uses
	intake  *inbox.Intake

	nextReview time.Time
	pending    bool // a review fell inside a focus block
	nextPurge  time.Time
	focusEnded time.Time // when the last focus block ended
}

// pingsOn reports whether batching runs: Slack connected and batching on.
func (a *App) pingsOn() bool {
	return a.slackToken != "" && a.cfg.Pings.Batch
}

// startIntake (re)starts intake when the tokens or settings it depends on
// changed, and stops it when batching is off.
func (a *App) startIntake(ctx context.Context) {
	appToken, err := slackapi.LoadAppToken()
	if err != nil {
		a.log.Warn("Slack app token not read; polling for pings", "err", err)
	}
	key := ""
	if a.pingsOn() {
		key = a.slackToken + "\x00" + appToken + "\x00" + slackapi.APIURL(a.cfg.Slack.APIURL)
	}
	if key == a.inbox.running {
		return
	}
	a.stopIntake()
	a.inbox.running = key
	a.inbox.nextReview = time.Time{}
	if key == "" {
		return
	}
	in := inbox.NewIntake(inbox.IntakeOptions{
		UserToken: a.slackToken, AppToken: appToken, APIURL: slackapi.APIURL(a.cfg.Slack.APIURL), Store: a.store,
		Log: a.log, Rules: a.pingRules, Now: a.clock.Now,
		OnPings: func(ps []store.Ping) {
			select {
			case a.pingsIn <- ps:
			case <-a.done:
			}
		},
		OnState: func(inbox.IntakeState) {
			select {
			case a.slackChanged <- struct{}{}:
			default:
			}
		},
	})
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.inbox.intake, a.inbox.stop, a.inbox.done = in, cancel, make(chan struct{})
	done := a.inbox.done
	go func() { in.Run(ictx); close(done) }()
	a.scheduleReview()
}

func (a *App) stopIntake() {
	if a.inbox.stop != nil {
		a.inbox.stop()
		<-a.inbox.done
	}
	a.inbox.stop, a.inbox.done, a.inbox.intake, a.inbox.running = nil, nil, nil, ""
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

// inFocus reports whether a focus block runs (paused counts: it is still
// your block).
func (a *App) inFocus() bool {
	b := a.engine.Current()
	return b != nil && b.Kind == focus.KindFocus
}

// takePings decides what happens to pings just stored.
func (a *App) takePings(ctx context.Context, ps []store.Ping) {
	holdAll := a.inFocus() || a.cfg.Pings.HoldAllDay
	now := a.clock.Now()
	var free, breakthrough []int64
	for _, p := range ps {
		// A ping stored during a block that has ended since (the app was
		// busy) was still received in focus: it is held like the others.
		holding := holdAll || p.ReceivedAt.Before(a.inbox.focusEnded)
		switch {
		case !holding:
			free = append(free, p.ID)
		case p.Bypassed:
			breakthrough = append(breakthrough, p.ID)
			name := a.pingSender(p.UserID)
			a.log.Info("ping broke through", "reason", p.Reason, "from", p.UserID, "channel", p.Channel)
			if a.cfg.Notifications.Enabled {
				a.notes.send(Notification{Title: fmt.Sprintf("%s — %s", name, p.Reason),
					Body: preview(inbox.PlainText(p.Text, nil), 140), Sound: a.cfg.Notifications.Sound})
			}
		}
	}
	// You were free: Slack showed these itself, nothing is held.
	if _, err := a.store.MarkDelivered(ctx, free, now, false); err != nil {
		a.log.Warn("pings not marked", "err", err)
	}
	if _, err := a.store.MarkDelivered(ctx, breakthrough, now, true); err != nil {
		a.log.Warn("pings not marked", "err", err)
	}
	a.publish(ctx)
}

// pingSender names a sender from the cache: the Run goroutine never
// waits on Slack.
func (a *App) pingSender(id string) string {
	if a.inbox.intake == nil {
		return id
	}
	if name := a.inbox.intake.Users.CachedName(id); name != "" {
		return name
	}
	return id
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
	if a.inbox.running != "" && !a.inbox.nextReview.IsZero() && !now.Before(a.inbox.nextReview) {
		if a.inFocus() {
			a.inbox.pending = true
			a.log.Info("review window falls in a focus block; delivering at its end")
		} else {
			a.digest(ctx, "review window")
		}
		a.scheduleReview()
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
			a.inbox.focusEnded = ev.At
			if a.inbox.pending || a.cfg.Pings.ReviewAfterFocus {
				a.digest(ctx, "end of focus block")
			}
			return
		}
	}
}

// digest delivers every held ping not yet delivered as one notification,
// "7 pings from Ana, Bo and 2 others", and records the delivery, so
// nothing is delivered twice.
func (a *App) digest(ctx context.Context, why string) {
	a.inbox.pending = false
	held, err := a.store.Pings(ctx, store.PingFilter{Undelivered: true, HeldOnly: true})
	if err != nil {
		a.log.Warn("held pings not read", "err", err)
		return
	}
	if len(held) == 0 {
		return
	}
	ids := make([]int64, len(held))
	var senders []string
	seen := map[string]bool{}
	for i, p := range held {
		ids[i] = p.ID
		if !seen[p.UserID] {
			seen[p.UserID] = true
			senders = append(senders, a.pingSender(p.UserID))
		}
	}
	if _, err := a.store.MarkDelivered(ctx, ids, a.clock.Now(), true); err != nil {
		a.log.Warn("digest not recorded; it will come again", "err", err)
		return
	}
	a.log.Info("digest delivered", "pings", len(held), "why", why)
	if a.cfg.Notifications.Enabled {
		a.notes.send(Digest(len(held), senders))
	}
	a.publish(ctx)
}

// Digest is the review-window notification.
func Digest(n int, senders []string) Notification {
	noun := "pings"
	if n == 1 {
		noun = "ping"
	}
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
	title := fmt.Sprintf("%d %s", n, noun)
	if from != "" {
		title += " from " + from
	}
	return Notification{Title: title, Body: "Held while you focused. Open Review pings… in the tray, or run `headsdown pings`."}
}

// purge removes message texts older than the retention, keeping counts.
func (a *App) purge(ctx context.Context) {
	now := a.clock.Now()
	a.inbox.nextPurge = now.Add(24 * time.Hour)
	n, err := a.store.PurgeTexts(ctx, now.AddDate(0, 0, -a.cfg.Pings.RetentionDays))
	if err != nil {
		a.log.Warn("ping texts not purged", "err", err)
		return
	}
	if n > 0 {
		a.log.Info("ping texts purged", "count", n, "older_than_days", a.cfg.Pings.RetentionDays)
	}
}

// review marks pings reviewed (CmdReview).
func (a *App) review(ctx context.Context, req control.Request) error {
	ids := req.IDs
	if req.All {
		ps, err := a.store.Pings(ctx, store.PingFilter{Unreviewed: true, HeldOnly: true})
		if err != nil {
			return err
		}
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return fmt.Errorf("no pings to mark: give IDs (see `headsdown pings`) or --all")
	}
	n, err := a.store.MarkReviewed(ctx, ids, a.clock.Now())
	if err != nil {
		return err
	}
	a.log.Info("pings reviewed", "count", n)
	return nil
}

// pingStatus is the inbox part of the status.
func (a *App) pingStatus(ctx context.Context) control.PingStatus {
	ps := control.PingStatus{Intake: "off"}
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
	var err error
	if ps.Held, err = a.store.CountPings(ctx, store.PingFilter{Undelivered: true, HeldOnly: true}); err != nil {
		a.log.Warn("held pings not counted", "err", err)
	}
	if ps.Unreviewed, err = a.store.CountPings(ctx, store.PingFilter{Unreviewed: true, HeldOnly: true}); err != nil {
		a.log.Warn("pings not counted", "err", err)
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

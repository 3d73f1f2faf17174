package app

import (
	"context"
	"net"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/presence"
)

// Slack gets this long after the loop stops to put the user's status back
// (a Quit restores it). Statuses expire anyway, so quitting never waits
// longer: the whole shutdown stays well under two seconds.
const slackGrace = 1500 * time.Millisecond

// Run starts the drivers, serves the control socket on ln (if not nil) and
// runs the loop until ctx is done. On the way out it records the block in
// flight (a restart picks it up), gives Slack a moment to restore the
// user's status, stops every driver and waits for them, then closes the
// database.
func (a *App) Run(ctx context.Context, ln net.Listener) error {
	defer close(a.done)
	// Drivers outlive the loop by the shutdown's last writes; the Slack
	// worker by its grace period, so a Quit can restore the status.
	drivers, stopDrivers := context.WithCancel(context.WithoutCancel(ctx))
	slackCtx, stopSlack := context.WithCancel(context.WithoutCancel(ctx))
	a.drivers = drivers
	a.group.spawn("slack status", func() { a.slack.Run(slackCtx) })
	a.group.spawnLoose("notifier", func() { a.notes.run(drivers) })
	if an, ok := a.notes.n.(ActionNotifier); ok {
		// Loose: it waits on D-Bus, and uses no store.
		a.group.spawnLoose("notification buttons", func() { an.Listen(drivers, func(act Action) { a.chose(drivers, act) }) })
	}
	a.group.spawnLoose("tokens", func() { a.readTokens(drivers) })
	// Loose: connecting to a hung bus has no timeout, and it uses no store.
	a.group.spawnLoose("desktop", func() { a.desktop.Run(drivers, a.emitAway) })
	a.group.spawnLoose("config watch", func() { a.watchConfig(drivers) })
	a.group.spawnLoose("zone watch", func() { a.watchZone(drivers) })
	// Loose: the keyring may wait on D-Bus; it writes only the calendar copies.
	a.group.spawnLoose("calendar", func() { a.runCalendar(drivers) })
	if ln != nil {
		a.group.spawn("control socket", func() {
			if err := control.Serve(drivers, ln, a.Handle, a.log); err != nil {
				a.log.Error("control socket stopped", "err", err)
			}
		})
	}
	poke(a.wantTokens)

	// A Quit over the socket ends the loop like a signal does.
	ctx, a.stopRun = context.WithCancel(ctx)
	defer a.stopRun()
	a.loop(ctx)

	close(a.stopping) // answers the windows' watches: they close now
	if n := a.watchers.Load(); n > 0 {
		a.log.Info("asked the open windows to close", "windows", n)
	}
	a.shutdown()
	stopDrivers()
	stopSlack()
	a.group.wait(2 * time.Second)
	a.group.waitLoose(time.Second)
	if err := a.store.Close(); err != nil {
		a.log.Warn("database not closed cleanly", "err", err)
	}
	a.log.Info("stopped")
	return nil
}

// loop is the only place state changes.
func (a *App) loop(ctx context.Context) {
	a.timer = time.NewTimer(time.Hour)
	a.timer.Stop()
	defer a.timer.Stop()
	step := func(fn func(ctx context.Context)) {
		// Each step's database work is bounded, and a quit arriving
		// mid-step does not cut a write short: the step finishes first.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.opts.DBTimeout)
		defer cancel()
		a.checkZone(sctx) // a traveller's zone, before anything is planned in it
		fn(sctx)
	}
	step(func(ctx context.Context) {
		a.commit(ctx, a.restored)
		a.restored = nil
		a.maybeWeeklySummary(ctx)
		a.reviewTick(ctx)
	})
	for {
		a.schedule()
		select {
		case <-ctx.Done():
			return
		case c := <-a.calls:
			step(func(ctx context.Context) { c.reply <- a.handle(ctx, c.req) })
		case <-a.timer.C:
			step(a.wake)
		case <-a.clockJumped:
			step(a.wake)
		case ev := <-a.awayIn:
			step(func(ctx context.Context) { a.desktopEvent(ctx, ev) })
		case ps := <-a.pingsIn:
			if a.testBeforePings != nil {
				a.testBeforePings()
			}
			step(func(ctx context.Context) { a.takePings(ctx, ps) })
		case t := <-a.tokensIn:
			step(func(ctx context.Context) { a.setTokens(ctx, t) })
		case <-a.configChanged:
			step(a.configFileChanged)
		case <-a.zoneChanged:
			step(func(context.Context) {}) // checkZone, before every step, is the work
		case act := <-a.actionsIn:
			step(func(ctx context.Context) { a.action(ctx, act) })
		case r := <-a.readChecked:
			step(func(ctx context.Context) { a.readCheckDone(ctx, r) })
		case r := <-a.calendarIn:
			step(func(ctx context.Context) { a.calendarReadDone(ctx, r) })
		case <-a.slackChanged:
			a.slackStateChanged()
			a.publish()
		}
	}
}

// afkRanOut reports whether a timed AFK has reached its end.
func (a *App) afkRanOut() bool {
	return a.afk.On && !a.afk.Until.IsZero() && !a.clock.Now().Before(a.afk.Until)
}

// wake runs when the timer fires: whatever is due now.
func (a *App) wake(ctx context.Context) {
	if now := a.clock.Now(); !now.Before(a.today.end) {
		a.loadToday(ctx, now)
	}
	evs := a.tick()
	if a.afkRanOut() {
		a.commit(ctx, evs)
		evs = nil
		a.afkEnds(ctx)
	}
	if len(evs) == 0 {
		a.checkpoint(ctx)
	}
	a.commit(ctx, evs)
	a.maybeWeeklySummary(ctx)
	a.reviewTick(ctx)
	a.calendarTick(ctx)
	a.publish() // a meeting may have started or ended: Slack and the tray follow
}

// schedule arms the timer for the next thing due (see nextWake). Idle with
// nothing due, the app has no timer at all.
func (a *App) schedule() {
	a.timer.Stop()
	now := a.clock.Now()
	due, week := a.weeklyDue(now)
	next := nextWake(wakeInputs{
		Now:          now,
		Engine:       a.engine.NextWake(),
		AFKUntil:     a.afkUntil(),
		WorkingHours: a.workingHoursChange(now),
		Weekly:       due,
		WeeklyWanted: a.weeklyWanted() && a.weeklySent != week.String(),
		Review:       a.inbox.reviewDue(),
		Purge:        a.inbox.nextPurge,
		RetryWrites:  a.retryAt,
		Midnight:     a.today.rollover(),
		Calendar:     a.calendarWake(now),
	})
	if !next.IsZero() {
		a.timer.Reset(max(next.Sub(now), 0))
	}
}

func (a *App) afkUntil() time.Time {
	if a.afk.On {
		return a.afk.Until
	}
	return time.Time{}
}

func (a *App) workingHoursChange(now time.Time) time.Time {
	if a.tokens.User != "" && a.rules.OffHours {
		return a.rules.Schedule.NextChange(now)
	}
	return time.Time{}
}

// shutdown records what the loop leaves behind. It runs after the loop
// returned and before the drivers stop.
func (a *App) shutdown() {
	// As short as any step: a database locked by another program must not
	// hold the exit (the last checkpoint lets the next start recover).
	ctx, cancel := context.WithTimeout(context.Background(), a.opts.DBTimeout)
	defer cancel()
	a.commit(ctx, a.tick())
	a.checkpoint(ctx)
	// Every way out puts Slack's presence back (a Quit puts everything
	// back): a SIGTERM at logout or shutdown, the session's end.
	a.leaving = true
	a.slack.Set(a.desired())
	a.slack.Flush()
	a.waitSlackSettled()
	if len(a.pending) > 0 {
		a.log.Error("exiting with history not saved", "events", len(a.pending), "err", a.saveErr)
	}
}

// waitSlackSettled lets the Slack worker catch up with the last change (a
// Quit restores the user's status), for at most slackGrace.
func (a *App) waitSlackSettled() {
	if !a.awaitSlack(context.Background(), slackGrace) {
		a.log.Info("Slack not settled before exit; the status expires by itself")
	}
}

// awaitSlack waits until the Slack worker has handled the latest desired
// state (or is not connected, so there is nothing to wait for), for at
// most limit; it reports whether it did. The worker has no signal for
// "settled", so this polls: only on the way out and before a suspend,
// never while the app idles.
func (a *App) awaitSlack(ctx context.Context, limit time.Duration) bool {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !a.slack.Settled() && a.slack.State().Conn == presence.ConnConnected {
		select {
		case <-tick.C:
		case <-deadline.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
	return true
}

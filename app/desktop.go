package app

import (
	"context"
	"fmt"
	"time"

	"github.com/headsdown-app/headsdown/app/away"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
)

// Desktop is where the signals of being away come from: the screen lock,
// suspend and idleness (package away). Tests give the app a fake one.
type Desktop interface {
	Run(ctx context.Context, emit func(context.Context, away.Event))
	Sources() []away.Source
	SleepReady()
	SetIdleAfter(time.Duration)
}

// Reasons for being away, as `status --json` says them.
const (
	AwayLock    = "lock"
	AwaySuspend = "suspend"
	AwayIdle    = "idle"
	AwayManual  = "manual"
)

// sleepGrace is how long the app lets Slack catch up before it tells the
// desktop the machine may sleep (logind's own limit is 5 s by default).
const sleepGrace = 2500 * time.Millisecond

// desktopState is what the loop knows of the desktop, from its events.
type desktopState struct {
	locked, asleep, idle bool
	// idleLive: an idle source is live and idle detection on. known: the
	// engine can tell an unattended automatic start (see refreshAttendance).
	idleLive, known bool
}

// emitAway hands a desktop event to the loop; it gives up when ctx ends.
func (a *App) emitAway(ctx context.Context, ev away.Event) {
	select {
	case a.awayIn <- ev:
	case <-ctx.Done():
	}
}

// desktopEvent is the loop's reaction to a signal of the desktop.
func (a *App) desktopEvent(ctx context.Context, ev away.Event) {
	a.log.Info("desktop", "event", ev.Kind, "at", ev.At, "source", ev.Source)
	switch ev.Kind {
	case away.Locked:
		a.desk.locked = true
		if a.cfg.Away.OnLock {
			a.goAway(ctx, AwayLock, ev.At)
		}
	case away.Sleeping:
		a.desk.asleep = true
		if a.cfg.Away.OnLock {
			a.goAway(ctx, AwaySuspend, ev.At)
		}
		a.publish()     // Slack hears of it before readyToSleep looks…
		a.slack.Flush() // …and without the debounce: the machine is going
		a.readyToSleep()
	case away.Idle:
		a.desk.idle = true
		// The last input was at ev.At: what the loop assumed since then,
		// while the source had not spoken yet, was nobody.
		a.engine.NoInputAfter(ev.At)
		if a.cfg.Away.IdleAfter() > 0 {
			a.goAway(ctx, AwayIdle, ev.At)
		}
	case away.Unlocked:
		a.desk.locked = false
		a.engine.NoteInput(ev.At)
		a.backIfPresent(ctx, ev.At)
	case away.Awake:
		a.desk.asleep = false
		poke(a.wantCalendar) // meetings may have moved while the machine slept
		// Everything that fell due while asleep happens now, not at the
		// next minute.
		a.commit(ctx, a.tick())
		a.backIfPresent(ctx, ev.At)
	case away.Active:
		a.desk.idle = false
		a.engine.NoteInput(ev.At)
		a.backIfPresent(ctx, ev.At)
	case away.Ending:
		// Logout or shutdown: stop as on SIGTERM (the block in flight is
		// kept for the next start), now, while Slack can still be reached.
		a.log.Info("the session is ending; stopping")
		if a.stopRun != nil {
			a.stopRun()
		}
	case away.Probed:
		// Away by lock, suspend or idle when the app last ran (a restart,
		// a crash while locked), and nothing says so now (the state found
		// at start comes before Probed): you are back.
		a.backIfPresent(ctx, a.clock.Now())
	}
	a.refreshAttendance()
	a.publish()
}

// refreshAttendance tells the engine whether it can know that nobody is
// there (see focus.Engine.NoteInput): with a live idle source, and also
// whenever the screen is locked, the machine asleep or you are away, so
// no block starts by itself behind a locked screen. Otherwise automatic
// starts behave as they always did.
func (a *App) refreshAttendance() {
	idleLive := false
	if a.desktop != nil {
		for _, s := range a.desktop.Sources() {
			if s.What == away.WhatIdle && s.Live {
				idleLive = true
			}
		}
	}
	idleLive = idleLive && a.cfg.Away.IdleAfter() > 0
	known := idleLive || a.desk.locked || a.desk.asleep || a.afk.On
	if idleLive != a.desk.idleLive || known != a.desk.known {
		a.desk.idleLive, a.desk.known = idleLive, known
		a.engine.SetAttendedUnknown(!known)
	}
}

// tick ticks the engine, first telling it you are there if nothing says
// otherwise: unlocked, awake, not away, and (with a live idle source) not
// idle. The idle source speaks only once you have been idle for the idle
// time, so "not idle yet" is the best there is; a block it then starts
// with nobody there is paused as of the last input when idleness is
// noticed, so it logs no focus.
func (a *App) tick() []focus.Event {
	a.refreshAttendance()
	if a.desk.known && !a.desk.locked && !a.desk.asleep && !a.desk.idle && !a.afk.On {
		a.engine.NoteInput(a.clock.Now())
	}
	return a.engine.Tick()
}

// goAway makes the user away since at (the lock, the suspend, the last
// input): Slack shows away, a running focus block is paused as of at, so
// the away minutes are never focus, and pings are held. Already away, the
// first reason and time stand.
func (a *App) goAway(ctx context.Context, reason string, at time.Time) {
	if a.afk.On {
		return
	}
	if at.IsZero() || at.After(a.clock.Now()) {
		at = a.clock.Now()
	}
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus && !b.IsPaused() {
		evs, err := a.engine.PauseAt(at, focus.PauseAway)
		if err != nil {
			a.log.Warn("block not paused for away", "err", err)
		}
		a.commitQuietly(ctx, evs)
	}
	a.setAFK(ctx, afkState{On: true, Reason: reason, Since: at})
}

// backIfPresent ends an away the desktop noticed once nothing says the
// user is still away (a resume with the screen still locked is not back).
func (a *App) backIfPresent(ctx context.Context, at time.Time) {
	if !a.afk.On || a.afk.Reason == AwayManual || a.afk.Reason == "" {
		return
	}
	if a.desk.locked || a.desk.asleep || a.desk.idle {
		return
	}
	a.comeBack(ctx, at)
}

// comeBack ends being away at at. The focus block that going away paused
// resumes if the absence was shorter than resume_within; after a longer
// one it is stopped at the moment you left, logged up to there, and one
// notification says so.
func (a *App) comeBack(ctx context.Context, at time.Time) {
	since := a.afk.Since
	a.setAFK(ctx, afkState{})
	b := a.engine.Current()
	if b == nil || b.Kind != focus.KindFocus || !b.IsPaused() || b.PauseReason != focus.PauseAway {
		if b == nil || b.Kind != focus.KindFocus {
			a.digest(ctx, DigestBack) // what was held while you were away
		}
		return
	}
	gone := at.Sub(since)
	if since.IsZero() || gone < a.cfg.Away.ResumeWithin() {
		evs, err := a.engine.Resume()
		if err != nil {
			a.log.Warn("block not resumed after away", "err", err)
		}
		a.commitQuietly(ctx, evs)
		return
	}
	evs, err := a.engine.StopAt(b.PausedAt)
	if err != nil {
		a.log.Warn("block not stopped after a long away", "err", err)
		return
	}
	a.commitQuietly(ctx, evs)
	if a.cfg.Notifications.Enabled && len(evs) > 0 {
		ended := evs[len(evs)-1].Block
		a.notes.send(Notification{Title: "Focus block stopped while you were away",
			Body: fmt.Sprintf("You left at %s and were away %s. %s of focus logged.",
				a.rules.Hours.Time(b.PausedAt.In(a.loc)), focus.FormatDuration(gone.Round(time.Minute)),
				focus.FormatDuration(ended.Active.Round(time.Minute)))})
	}
}

// readyToSleep lets the desktop suspend once Slack shows away (or after
// sleepGrace): logind holds the suspend back only that long for us. The
// wait is a driver's, never the loop's.
func (a *App) readyToSleep() {
	if a.desktop == nil || a.drivers == nil {
		return
	}
	ctx := a.drivers
	a.group.spawnLoose("sleep ready", func() {
		if a.awaitSlack(ctx, sleepGrace) || ctx.Err() == nil {
			a.desktop.SleepReady()
		}
	})
}

// awaySources are the desktop's signals for the status.
func (a *App) awaySources() []control.AwaySource {
	if a.desktop == nil {
		return nil
	}
	var out []control.AwaySource
	for _, s := range a.desktop.Sources() {
		out = append(out, control.AwaySource{Name: s.Name, What: s.What, Live: s.Live, Note: s.Note})
	}
	return out
}

// afkEnds ends an AFK with a duration. If the desktop still says you are
// away (the screen is locked, the machine asleep, you are idle), you stay
// away for that reason from the same moment; otherwise you are back.
func (a *App) afkEnds(ctx context.Context) {
	reason := ""
	switch {
	case a.desk.asleep && a.cfg.Away.OnLock:
		reason = AwaySuspend
	case a.desk.locked && a.cfg.Away.OnLock:
		reason = AwayLock
	case a.desk.idle && a.cfg.Away.IdleAfter() > 0:
		reason = AwayIdle
	}
	if reason == "" {
		a.comeBack(ctx, a.afk.Until)
		return
	}
	a.afk.Reason, a.afk.Until = reason, time.Time{}
	a.setAFK(ctx, a.afk)
}

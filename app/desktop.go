package app

import (
	"context"
	"fmt"
	"time"

	"headsdown/app/away"
	"headsdown/app/control"
	"headsdown/focus"
)

// Desktop is where the signals of being away come from: the screen lock,
// suspend and idleness (package away). Tests give the app a fake one.
type Desktop interface {
	Run(ctx context.Context, emit func(context.Context, away.Event))
	Sources() []away.Source
	SleepReady()
	SetIdleAfter(time.Duration)
	// Probed is closed once every source has been asked for its state
	// (a screen locked at start has been reported by then).
	Probed() <-chan struct{}
}

// probed is the loop's own event: the desktop has told all it knows at
// start.
const probed away.Kind = "probed"

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
	// inputKnown: an idle source is live, so the engine can tell an
	// unattended automatic start (see focus.Engine.NoteInput).
	inputKnown bool
}

// runDesktop is the desktop driver: the signals, and once they are all
// probed, the probed event.
func (a *App) runDesktop(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-a.desktop.Probed():
			a.emitAway(ctx, away.Event{Kind: probed, At: a.clock.Now(), Source: "app"})
		case <-ctx.Done():
		}
	}()
	a.desktop.Run(ctx, a.emitAway)
	<-done
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
	a.refreshInputKnown()
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
		a.publish() // Slack hears of it before readyToSleep looks
		a.readyToSleep()
	case away.Idle:
		a.desk.idle = true
		if a.cfg.Away.IdleAfter() > 0 {
			a.goAway(ctx, AwayIdle, ev.At)
		}
	case away.Unlocked:
		a.desk.locked = false
		a.engine.NoteInput(ev.At)
		a.backIfPresent(ctx, ev.At)
	case away.Awake:
		a.desk.asleep = false
		// Everything that fell due while asleep happens now, not at the
		// next minute.
		a.commit(ctx, a.tick())
		a.backIfPresent(ctx, ev.At)
	case away.Active:
		a.desk.idle = false
		a.engine.NoteInput(ev.At)
		a.backIfPresent(ctx, ev.At)
	case probed:
		// Away by lock, suspend or idle when the app last ran (a restart,
		// a crash while locked): nothing says so now, so you are back.
		a.backIfPresent(ctx, a.clock.Now())
	}
	a.publish()
}

// refreshInputKnown tells the engine whether it can know that nobody is
// there: only with a live idle source. Without one, automatic starts
// behave as they always did.
func (a *App) refreshInputKnown() {
	known := false
	if a.desktop != nil {
		for _, s := range a.desktop.Sources() {
			if s.What == away.WhatIdle && s.Live {
				known = true
			}
		}
	}
	known = known && a.cfg.Away.IdleAfter() > 0
	if known != a.desk.inputKnown {
		a.desk.inputKnown = known
		a.engine.SetAttendedUnknown(!known)
	}
}

// tick ticks the engine, first telling it the latest instant the user is
// known to have been there. The idle source speaks only once the user has
// been idle for the idle time, so while it has not, the last input was at
// most that long ago: now minus the idle time is a sure lower bound. It is
// conservative on purpose: an automatic start needs input after the
// previous transition, so after a break shorter than the idle time the
// next block waits for a click rather than run with nobody there.
func (a *App) tick() []focus.Event {
	if a.desk.inputKnown && !a.desk.locked && !a.desk.asleep && !a.desk.idle {
		a.engine.NoteInput(a.clock.Now().Add(-a.cfg.Away.IdleAfter()))
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
	if reason == AwaySuspend {
		a.slack.Flush() // the machine is about to sleep: no debounce
	}
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
				b.PausedAt.In(a.loc).Format("15:04"), focus.FormatDuration(gone.Round(time.Minute)),
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

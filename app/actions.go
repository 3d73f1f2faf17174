package app

import (
	"context"
	"os"
	"os/exec"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
)

// SetWindowOpener sets how a notification's button opens a window (the
// tray's own opener, which closes its windows when it quits). fn must not
// block. Safe to call while the app runs.
func (a *App) SetWindowOpener(fn func(name string)) { a.openWindow.Store(&fn) }

// startWindowProgram is the default window opener (headless mode): it
// starts headsdown-ui NAME as its own process, as the tray does, and reaps
// it when it exits.
func (a *App) startWindowProgram(name string) {
	prog, err := files.UIProgram()
	if err != nil {
		a.log.Error("window not opened", "window", name, "err", err)
		return
	}
	cmd := exec.Command(prog, name)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		a.log.Error("window not opened", "window", name, "err", err)
		return
	}
	a.log.Info("window opened", "window", name, "pid", cmd.Process.Pid)
	go func() {
		if err := cmd.Wait(); err != nil {
			a.log.Warn("window exited with an error", "window", name, "err", err)
		}
	}()
}

// chose runs on the notification listener (a loose driver) when the user
// chooses a notification's button. Opening a window needs nothing of the
// loop; everything else is a loop command, sent as every driver sends:
// giving up when the app stops.
func (a *App) chose(ctx context.Context, act Action) {
	a.log.Info("notification button", "action", act.Key)
	if act.Key == ActionReview {
		(*a.openWindow.Load())("review")
		return
	}
	select {
	case a.actionsIn <- act:
	case <-ctx.Done():
	case <-a.stopping:
	}
}

// action runs a notification's button on the loop. Starting a block or a
// break is the user's own command, as from the tray: it is not notified.
func (a *App) action(ctx context.Context, act Action) {
	if stale(act.Key, a.engine.Current()) {
		a.log.Info("notification button ignored: you have started something since", "action", act.Key)
		return
	}
	switch act.Key {
	case ActionSnooze:
		a.snooze(ctx, act.Pings)
	case ActionStartBreak:
		a.handle(ctx, control.Request{Cmd: control.CmdBreak})
	case ActionStartFocus:
		a.handle(ctx, control.Request{Cmd: control.CmdStart})
	}
}

// stale reports whether a block-end button no longer fits what runs now:
// a notification can be clicked long after it came, and an old "Start
// break" must not stop a focus block the user has started since. Start
// break is offered only when nothing runs; Start next block also during a
// break (it skips the rest).
func stale(key string, cur *focus.Block) bool {
	switch key {
	case ActionStartBreak:
		return cur != nil
	case ActionStartFocus:
		return cur != nil && cur.Kind == focus.KindFocus
	}
	return false
}

// snooze puts a digest's pings back on hold (those not reviewed since), so
// the next review window's digest has them again.
func (a *App) snooze(ctx context.Context, ids []int64) {
	n, err := a.store.HoldAgain(ctx, ids)
	if err != nil {
		a.log.Warn("pings not snoozed", "err", err)
		return
	}
	a.countPings(ctx)
	a.log.Info("pings snoozed to the next review window", "count", n, "next_review", a.inbox.nextReview)
	a.publish()
}

// digestActions are the digest's buttons: open the review window, or hold
// these pings for the next window.
func digestActions(ids []int64) []Action {
	return []Action{
		{Key: ActionReview, Label: "Review"},
		{Key: ActionSnooze, Label: "Snooze to next window", Pings: ids},
	}
}

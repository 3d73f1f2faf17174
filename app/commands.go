package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
)

// handle runs one control request on the loop. Every request is the
// user's own doing (a click in the tray or a window, a CLI command, a
// notification's button), so what it changes is not notified: the user
// knows. What fell due before it (a block that ended on its own while the
// timer had not fired yet) is told as usual.
func (a *App) handle(ctx context.Context, req control.Request) control.Response {
	var (
		evs      []focus.Event
		err      error
		block    *control.Block
		imported *control.ImportResult
	)
	due := a.tick()
	a.commit(ctx, due)
	if a.afkRanOut() {
		// As wake would have, had the timer fired first: a status asked
		// just after the AFK's end says what is true now (still away if
		// the screen locked meanwhile, else back).
		a.afkEnds(ctx)
		a.publish()
	}
	switch req.Cmd {
	case control.CmdStatus:
	case control.CmdStart:
		evs, err = a.start(req)
	case control.CmdStop:
		evs, err = a.engine.Stop()
	case control.CmdPause:
		evs, err = a.engine.Pause()
	case control.CmdResume:
		evs, err = a.engine.Resume()
	case control.CmdBreak:
		var d time.Duration
		if d, err = parseOptional(req.Duration); err == nil {
			evs, err = a.engine.StartBreak(d)
		}
	case control.CmdAFK:
		evs, err = a.away(ctx, req)
	case control.CmdBack:
		if !a.afk.On {
			err = errors.New("you are not away")
			break
		}
		a.comeBack(ctx, a.clock.Now())
	case control.CmdQuit:
		// Quit leaves no trace: the block is logged as stopped and Slack is
		// put back as it was before Heads Down touched it.
		if a.engine.Current() != nil {
			evs, err = a.engine.Stop()
		}
		a.quitting = true
		defer a.slack.Flush() // after the publish below: no debounce on the way out
		if a.stopRun != nil {
			defer a.stopRun() // the loop ends after this reply
		}
	case control.CmdReload:
		err = a.reload(ctx)
	case control.CmdReview:
		err = a.review(ctx, req)
	case control.CmdCheckRead:
		a.checkRead(ctx)
	case control.CmdAddBlock, control.CmdEditBlock, control.CmdDeleteBlock, control.CmdRestoreBlock:
		block, err = a.editHistory(ctx, req)
	case control.CmdImport:
		imported, err = a.importFile(ctx, req)
	default:
		err = fmt.Errorf("unknown command %q", req.Cmd)
	}
	a.commitQuietly(ctx, evs)
	if err == nil && a.saveErr != nil && len(evs)+len(due) > 0 {
		err = fmt.Errorf("done, but not saved to history yet: %w", a.saveErr)
	}
	if req.Cmd != control.CmdStatus && len(evs) == 0 && len(due) == 0 {
		a.publish() // AFK, review and reload change the status without events
	}
	st := a.Status()
	if err != nil {
		a.log.Info("command refused", "cmd", req.Cmd, "err", err)
		return control.Response{Error: err.Error(), Status: &st}
	}
	// status is polled by status bars every few seconds: not worth a line.
	level := slog.LevelInfo
	if req.Cmd == control.CmdStatus {
		level = slog.LevelDebug
	}
	a.log.Log(ctx, level, "command", "cmd", req.Cmd, "state", st.State)
	resp := control.Response{OK: true, Status: &st, Block: block, Import: imported}
	if req.Cmd == control.CmdStart {
		resp.Notes, a.startNotes = a.startNotes, nil
	}
	return resp
}

func (a *App) start(req control.Request) ([]focus.Event, error) {
	d, err := parseOptional(req.Duration)
	if err != nil {
		return nil, err
	}
	if req.Plan != "" && req.Plan != focus.Pomodoro.Name && req.Plan != focus.DeepWork.Name {
		return nil, fmt.Errorf("unknown plan %q: use %q or %q", req.Plan, focus.Pomodoro.Name, focus.DeepWork.Name)
	}
	if req.Plan != "" && (a.engine.Current() == nil || a.engine.Current().Kind != focus.KindFocus) {
		a.plan = req.Plan
		a.engine.SetSettings(a.cfg.Settings(a.plan))
	}
	a.startNotes = nil
	if cur := a.engine.Current(); cur == nil || cur.Kind != focus.KindFocus {
		// A new block ends before the next meeting ([calendar] end_before).
		asked := d
		if asked == 0 {
			asked = a.cfg.Settings(a.plan).Plan.Focus
		}
		if trimmed, note := a.trimForMeeting(a.clock.Now(), asked); note != "" {
			d, a.startNotes = trimmed, []string{note}
			a.log.Info("block trimmed for a meeting", "asked", asked, "length", trimmed)
		}
	}
	return a.engine.Start(d, req.Tag)
}

// away is the manual Away: like a lock, it pauses a running focus block
// (away is not focus), and I'm back resumes it.
func (a *App) away(ctx context.Context, req control.Request) ([]focus.Event, error) {
	d, err := parseOptional(req.Duration)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	if a.afk.On {
		// Already away (say, idle): the manual Away takes over and sets
		// the end, keeping since when.
		a.afk.Reason = AwayManual
		a.afk.Until = time.Time{}
		if d > 0 {
			a.afk.Until = now.Add(d)
		}
		a.setAFK(ctx, a.afk)
		return nil, nil
	}
	a.goAway(ctx, AwayManual, now)
	if d > 0 {
		a.afk.Until = now.Add(d)
		a.setAFK(ctx, a.afk)
	}
	return nil, nil
}

func parseOptional(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return focus.ParseDuration(s)
}

func (a *App) setAFK(ctx context.Context, st afkState) {
	a.afk = st
	if err := a.store.PutJSON(ctx, kvAFK, st); err != nil {
		a.log.Warn("AFK state not saved", "err", err)
	}
	a.log.Info("afk", "on", st.On, "until", st.Until)
}

package app

import (
	"os"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/presence"
)

// publish makes the current state the status everyone reads, signals the
// subscribers (the tray redraws on its own goroutine) and tells the Slack
// worker what Slack should show. It does no I/O: it may run after every
// step of the loop.
func (a *App) publish() {
	a.noteReplyBlock()
	st := a.buildStatus()
	a.mu.Lock()
	a.status = st
	subs := a.subscribers
	a.mu.Unlock()
	for _, ch := range subs {
		poke(ch)
	}
	a.slack.Set(a.desired())
}

// buildStatus is the status from the loop's own state: no query.
func (a *App) buildStatus() control.Status {
	es := a.engine.Status()
	st := control.Status{
		State: string(es.State), Cycle: es.Cycle, PID: os.Getpid(),
		PomodoroMinutes: int(time.Duration(a.cfg.Focus.Pomodoro) / time.Minute),
		DeepWorkMinutes: int(time.Duration(a.cfg.Focus.DeepWork) / time.Minute),
		Clock:           a.rules.Hours.String(),
	}
	if b := es.Block; b != nil {
		st.Kind, st.Plan, st.Tag = string(b.Kind), b.Plan, b.Tag
		started := b.StartedAt.In(a.loc)
		st.StartedAt = &started
		if !b.Deadline.IsZero() {
			d := b.Deadline.In(a.loc)
			st.Deadline = &d
		}
		st.RemainingSeconds = int64(es.Remaining.Round(time.Second) / time.Second)
		st.MinutesLeft = focus.MinutesLeft(es.Remaining)
	}
	total, blocks := a.today.total(es.Block)
	st.TodayFocusSeconds, st.TodayBlocks = int64(total.Round(time.Second)/time.Second), blocks
	st.DailyGoalSeconds = int64(time.Duration(a.cfg.Focus.DailyGoal) / time.Second)
	if a.cfgErr != nil {
		st.Warnings = append(st.Warnings, "settings not loaded: "+a.cfgErr.Error())
		st.ConfigProblem = a.cfgErr.Error()
	}
	if a.saveErr != nil {
		st.Warnings = append(st.Warnings, "history not saved: "+a.saveErr.Error())
	}
	ss := a.slack.State()
	st.Slack = control.SlackStatus{Connection: string(ss.Conn), User: ss.User, Team: ss.Team, Problem: ss.Problem,
		Mode: string(ss.Mode), Line: ss.Line(a.clock.Now(), a.loc, a.rules.Hours)}
	if !a.tokensRead {
		// The keyring may be waiting for an unlock prompt: not "not connected".
		st.Slack.Connection, st.Slack.Line = string(presence.ConnConnecting), "Slack: checking sign-in…"
	}
	st.Pings = a.pingStatus()
	if a.inbox.replier != nil && a.cfg.Pings.AutoReply {
		if p := a.inbox.replier.Problem(); p != "" {
			st.Pings.AutoReplyProblem = p
			st.Warnings = append(st.Warnings, p)
		}
	}
	if a.afk.On {
		st.AFK = true
		if !a.afk.Until.IsZero() {
			u := a.afk.Until.In(a.loc)
			st.AFKUntil = &u
		}
		st.AwayReason = a.afk.Reason
		if st.AwayReason == "" {
			st.AwayReason = AwayManual
		}
		if !a.afk.Since.IsZero() {
			s := a.afk.Since.In(a.loc)
			st.AwaySince = &s
		}
	}
	if es.Waiting != nil {
		st.Waiting = string(es.Waiting.Next)
	}
	st.AwaySources = a.awaySources()
	return st
}

// desired is what Slack should show now.
func (a *App) desired() presence.Desired {
	if a.quitting {
		return presence.Desired{Mode: presence.ModeNormal}
	}
	in := presence.Inputs{Now: a.clock.Now(), AFK: a.afk.On, AFKUntil: a.afk.Until, AFKSince: a.afk.Since,
		AFKAuto: a.afk.On && a.afk.Reason != AwayManual && a.afk.Reason != ""}
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus && !b.IsPaused() {
		in.FocusUntil, in.Tag = b.Deadline, b.Tag
	}
	in.NextReview = a.nextDelivery(in.Now, in.FocusUntil)
	d := presence.Desire(a.rules, in)
	if a.leaving {
		d.Away = false // nothing would ever set it back
	}
	return d
}

// nextDelivery is the status's {next_review}: when the pings held now
// reach the user, as reviewTick and blockEnded will deliver them. Zero
// when Heads Down holds nothing now (batching off or not connected, or
// free time without hold_all_day): then there is no review to promise.
func (a *App) nextDelivery(now, blockEnd time.Time) time.Time {
	if a.inbox.running == "" {
		return time.Time{}
	}
	if s := a.situation(); !s.Focusing && !s.Away && !s.HoldAllDay {
		return time.Time{}
	}
	return a.reviewPlan().Delivery(now, blockEnd, a.cfg.Pings.ReviewAfterFocus || a.inbox.pending)
}

// slackStateChanged tells the user once when Slack stops accepting us.
func (a *App) slackStateChanged() {
	st := a.slack.State()
	if st.Conn == presence.ConnDisconnected && a.lastConn != presence.ConnDisconnected && a.cfg.Notifications.Enabled {
		a.notes.send(Notification{Title: "Slack disconnected — sign in again",
			Body: "Heads Down stopped changing your Slack status. Run `headsdown slack login`."})
	}
	a.lastConn = st.Conn
}

// noteReplyBlock tells the auto-reply driver which focus block is in
// flight (0: none, or auto-reply turned off: then queued replies are
// dropped too).
func (a *App) noteReplyBlock() {
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus && a.cfg.Pings.AutoReply {
		a.replyBlock.Store(b.ID)
	} else {
		a.replyBlock.Store(0)
	}
}

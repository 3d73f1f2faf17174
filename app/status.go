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
	if a.inbox.intake != nil {
		// Away here, the intake leaves Socket Mode to another computer
		// running Heads Down, if one is connected (two computers).
		a.inbox.intake.SetAway(a.afk.On)
	}
	a.slack.Set(a.desired()) // first, so the status says what is being applied
	p := a.buildStatus()
	a.mu.Lock()
	a.status = p
	subs := a.subscribers
	a.mu.Unlock()
	for _, ch := range subs {
		poke(ch)
	}
}

// published is the status as the loop last built it, with what its
// time-derived figures count from. A reader (a control request, the tray)
// gets them as of the moment it reads (live): a status bar polling
// `status` sees the countdown and today's focus move between the loop's
// minute ticks, and the loop does no work for it.
type published struct {
	st control.Status
	// builtAt and builtMono are the clock's readings when it was built.
	builtAt   time.Time
	builtMono time.Duration
	// deadline is the end of the block running (not paused); zero when
	// none runs, and then nothing moves.
	deadline time.Time
	// focusing: that block is focus, so today's focus grows from
	// todayFocus, counted up to anchor (the block's last accounting), to
	// at most dayEnd (midnight: the loop rebuilds "today" then).
	focusing   bool
	todayFocus time.Duration
	anchor     time.Time
	dayEnd     time.Time
}

// live is the status at now (mono: the monotonic clock then). Time the
// machine slept since the status was built is never focus: the growth is
// bounded by the awake time since.
func (p published) live(now time.Time, mono time.Duration) control.Status {
	st := p.st
	if p.deadline.IsZero() {
		return st
	}
	rem := max(p.deadline.Sub(now), 0)
	st.RemainingSeconds = int64(rem.Round(time.Second) / time.Second)
	st.MinutesLeft = focus.MinutesLeft(rem)
	if p.focusing {
		end := min(now.UnixNano(), p.deadline.UnixNano(), p.dayEnd.UnixNano())
		grown := time.Duration(end - p.anchor.UnixNano())
		grown = min(grown, p.builtAt.Sub(p.anchor)+max(mono-p.builtMono, 0))
		total := p.todayFocus + max(grown, 0)
		st.TodayFocusSeconds = int64(total.Round(time.Second) / time.Second)
	}
	return st
}

// buildStatus is the status from the loop's own state: no query.
func (a *App) buildStatus() published {
	es := a.engine.Status()
	p := published{builtAt: es.Now, builtMono: a.clock.Monotonic()}
	st := control.Status{
		Running: true, State: string(es.State), Cycle: es.Cycle, PID: os.Getpid(),
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
	if b := es.Block; b != nil && !b.IsPaused() && !b.Deadline.IsZero() {
		p.deadline = b.Deadline
		if b.Kind == focus.KindFocus {
			p.focusing, p.todayFocus, p.anchor, p.dayEnd = true, total, b.CheckpointAt, a.today.end
			if p.anchor.Before(a.today.start) {
				p.anchor = a.today.start
			}
		}
	}
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
	if d := a.desired(); ss.Conn == presence.ConnConnected && !ss.Applied(d) && !a.slack.Settled() {
		// A command's reply comes before Slack has been told: say what is
		// being applied, not what Slack showed before the command.
		st.Slack.Line = d.Applying()
	}
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
	st.Calendar = a.calendarStatus(es.Now)
	p.st = st
	return p
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
	if first, until := a.meetingAt(in.Now); !until.IsZero() {
		in.MeetingUntil, in.MeetingTitle = until, first.Title
	}
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
	d := a.reviewPlan().Delivery(now, blockEnd, a.cfg.Pings.ReviewAfterFocus || a.inbox.pending)
	if m := a.meetingReview(now); !m.IsZero() && (d.IsZero() || m.Before(d)) {
		d = m // the review after the meeting comes first
	}
	return d
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

// noteReplyBlock tells the auto-reply driver which focus block replies
// may go out for: the one in flight while it runs, auto-reply is on and
// you are not away. Otherwise none, and queued replies are dropped: a
// "heads-down until 10:50" about a paused block, or while Slack says you
// are away, would promise what is not so.
func (a *App) noteReplyBlock() {
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus && !b.IsPaused() && !a.afk.On && a.cfg.Pings.AutoReply {
		a.replyBlock.Store(&replyTarget{ID: b.ID, Start: b.StartedAt, Until: b.Deadline})
	} else {
		a.replyBlock.Store(nil)
	}
}

package presence

import (
	"fmt"
	"time"
)

// Observation is what Slack shows, as far as this reconcile knows it.
// Reading costs a call, so a plan asks for it only when a decision needs
// it, and a reconcile starts knowing nothing: the user may have changed
// their status since the last one.
type Observation struct {
	Read   bool   // Status was read, or set by a call Slack answered, in this reconcile
	Status Status // what Slack shows (empty once it has expired)
}

// Part is one of the three things the worker keeps on Slack. They are
// independent: a token that may not change the status (no
// users.profile:write) still snoozes DND and sets away.
type Part int

// Parts, in the order they are applied.
const (
	PartStatus Part = iota
	PartDND
	PartPresence
)

// Action is what a step asks of Slack.
type Action int

// Actions.
const (
	Record      Action = iota // no call: only the record changes
	ReadStatus                // users.profile.get
	SetStatus                 // users.profile.set
	SetSnooze                 // dnd.setSnooze
	EndSnooze                 // dnd.endSnooze
	SetPresence               // users.setPresence
)

// Step is one call (or one change of the record) in a reconcile.
type Step struct {
	Action  Action
	Part    Part
	Status  Status // SetStatus
	Minutes int    // SetSnooze
	Away    bool   // SetPresence
	// Intent is the record to persist BEFORE the call: what the call may
	// do if its answer never comes. Done is the record once it succeeded
	// (for Record, at once).
	Intent, Done Applied
	// Why explains a decision worth a log line.
	Why string
}

// String renders a step compactly, for tests and debug logs.
func (s Step) String() string {
	switch s.Action {
	case ReadStatus:
		return "users.profile.get"
	case SetStatus:
		exp := "never"
		if s.Status.Expiration != 0 {
			exp = time.Unix(s.Status.Expiration, 0).UTC().Format("Jan 2 15:04")
		}
		return fmt.Sprintf("users.profile.set %q %s expires %s", s.Status.Text, s.Status.Emoji, exp)
	case SetSnooze:
		return fmt.Sprintf("dnd.setSnooze %d min", s.Minutes)
	case EndSnooze:
		return "dnd.endSnooze"
	case SetPresence:
		if s.Away {
			return "users.setPresence away"
		}
		return "users.setPresence auto"
	}
	if s.Why != "" {
		return "record: " + s.Why
	}
	return "record"
}

// Plan is the next step of each part that still has one, to bring Slack
// from a (what Heads Down did or may have done), seen as obs, to d at now.
// It is pure: no calls, no clock, no goroutines. Each step's Intent and
// Done are computed from a, so the worker runs the first step, records its
// result and plans again; an empty plan means Slack is as wanted.
func Plan(a Applied, obs Observation, d Desired, now time.Time) []Step {
	var steps []Step
	for _, next := range []func(Applied, Observation, Desired, time.Time) (Step, bool){planStatus, planDND, planPresence} {
		if s, ok := next(a, obs, d, now); ok {
			steps = append(steps, s)
		}
	}
	return steps
}

// planStatus keeps the custom status. The rule that keeps the user's
// status safe: a status Heads Down set or meant to set is its own whether
// or not the answer came (Applied.ours); only a status that matches none
// of them is the user's, and theirs wins: never overwritten, and at the
// end of the block nothing is restored over it.
func planStatus(a Applied, obs Observation, d Desired, now time.Time) (Step, bool) {
	read := Step{Action: ReadStatus, Part: PartStatus, Intent: a, Done: a}
	record := func(done Applied, why string) (Step, bool) {
		return Step{Action: Record, Part: PartStatus, Intent: a, Done: done, Why: why}, true
	}
	set := func(st Status, intent, done Applied) (Step, bool) {
		return Step{Action: SetStatus, Part: PartStatus, Status: st, Intent: intent.intend(st), Done: done}, true
	}
	cur := obs.Status
	if cur.expired(now) {
		cur = Status{}
	}

	if d.Mode == ModeNormal {
		switch {
		case !a.Managed:
			return Step{}, false
		case a.Override:
			return record(a.forgetStatus(), "")
		case !obs.Read:
			return read, true
		}
		restore := a.Saved
		if restore.expired(now) {
			restore = Status{} // never restore a status that has expired
		}
		switch {
		case cur.looksLike(restore):
			// Already there: a restore whose answer was lost, or a first
			// call that never took effect.
			return record(a.forgetStatus(), "")
		case a.ours(cur, now):
			return set(restore, a, a.forgetStatus())
		}
		return record(a.forgetStatus(), "status changed by the user; leaving it")
	}

	want := wanted(d)
	if !a.Managed {
		if !obs.Read {
			return read, true
		}
		// The user's status is recorded before Slack is asked to change
		// it; the next step sets ours over it.
		adopt := a.forgetStatus()
		adopt.Managed, adopt.Saved = true, cur
		if d.Kin.Kin(cur) {
			// Another install's busy status (two computers, one account):
			// not the user's; the install that set it restores theirs.
			adopt.Saved = Status{}
			return record(adopt, "the status on Slack is Heads Down's from another computer; not saved as yours")
		}
		return record(adopt, "")
	}
	switch {
	case a.Override:
		return Step{}, false
	case a.Pending == nil && satisfies(a.Set, d, now):
		return Step{}, false // confirmed, and nothing outstanding: no call
	case !obs.Read:
		return read, true
	case satisfies(cur, d, now):
		return record(a.confirm(cur), "") // the lost answer was a success
	case a.ours(cur, now):
		return set(want, a, a.confirm(want))
	}
	over := a
	over.Override, over.Pending = true, nil
	return record(over, "status changed by the user; leaving it until the block ends")
}

// wanted is the status d asks for.
func wanted(d Desired) Status {
	st := Status{Text: d.Text, Emoji: d.Emoji}
	if !d.Until.IsZero() {
		st.Expiration = d.Until.Unix()
	}
	return st
}

// satisfies reports whether have, on Slack, is the status d wants. The
// expiration may differ by less than a minute: a pause of a few seconds
// need not cost a call. A capped expiry (Desired.UntilIsCap) is a safety
// limit, so any expiry still ahead and within it will do.
func satisfies(have Status, d Desired, now time.Time) bool {
	want := wanted(d)
	if !have.looksLike(want) {
		return false
	}
	if d.UntilIsCap {
		return have.Expiration > now.Unix() && have.Expiration < want.Expiration+60
	}
	return abs(have.Expiration-want.Expiration) < 60 && (have.Expiration == 0) == (want.Expiration == 0)
}

// planDND snoozes notifications for the block and ends a snooze of ours
// when DND is no longer wanted, including one whose answer never came:
// left alone it would hold the user's notifications to the planned end.
// Ending a snooze that is not running is harmless (snooze_not_active).
func planDND(a Applied, _ Observation, d Desired, now time.Time) (Step, bool) {
	if !d.DNDUntil.IsZero() && d.DNDUntil.After(now) {
		until := d.DNDUntil.Unix()
		if a.DNDMaybe == 0 && abs(a.DNDUntil-until) < 60 {
			return Step{}, false
		}
		intent, done := a, a
		intent.DNDMaybe = until
		done.DNDUntil, done.DNDMaybe = until, 0
		minutes := int((d.DNDUntil.Sub(now) + time.Minute - 1) / time.Minute)
		return Step{Action: SetSnooze, Part: PartDND, Minutes: minutes, Intent: intent, Done: done}, true
	}
	if a.DNDUntil == 0 && a.DNDMaybe == 0 {
		return Step{}, false
	}
	done := a
	done.DNDUntil, done.DNDMaybe = 0, 0
	if a.DNDUntil > now.Unix() || a.DNDMaybe > now.Unix() {
		return Step{Action: EndSnooze, Part: PartDND, Intent: a, Done: done}, true
	}
	return Step{Action: Record, Part: PartDND, Intent: a, Done: done}, true // over by itself
}

// planPresence sets away and back. Away persists on Slack until set back,
// so a call whose answer was lost is made again.
func planPresence(a Applied, _ Observation, d Desired, _ time.Time) (Step, bool) {
	if !a.AwayMaybe && a.Away == d.Away {
		return Step{}, false
	}
	intent, done := a, a
	intent.AwayMaybe = true
	done.Away, done.AwayMaybe = d.Away, false
	return Step{Action: SetPresence, Part: PartPresence, Away: d.Away, Intent: intent, Done: done}, true
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

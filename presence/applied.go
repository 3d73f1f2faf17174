package presence

import (
	"context"
	"reflect"
	"slices"
	"time"
)

// Status is a Slack custom status.
type Status struct {
	Text       string `json:"text"`
	Emoji      string `json:"emoji"`
	Expiration int64  `json:"expiration"` // Unix seconds; 0 = never
}

func (s Status) empty() bool { return s.Text == "" && s.Emoji == "" }

// looksLike compares what people see (text and emoji), not the
// expiration, which Slack may round and which a resume moves.
func (s Status) looksLike(o Status) bool { return s.Text == o.Text && s.Emoji == o.Emoji }

// expired reports whether Slack has cleared s by itself at now.
func (s Status) expired(now time.Time) bool { return s.Expiration != 0 && s.Expiration <= now.Unix() }

// Applied is what the worker has done to Slack, or may have done, and must
// undo later. It is persisted before every call (the intent: what the call
// may do) and after it (the result), so neither a lost answer nor a crash
// between the two can make Heads Down forget a status or a snooze of its
// own, or mistake its own status for the user's. JSON saved by older
// versions (without the intent fields) still loads.
type Applied struct {
	Mode Mode `json:"mode"`
	// Managed: the status is ours to restore; Saved is the user's own
	// status from before we changed it.
	Managed bool   `json:"managed"`
	Saved   Status `json:"saved"`
	// Set is the last status Slack confirmed setting for us.
	Set Status `json:"set"`
	// Meant lists every status Heads Down has asked Slack for while it
	// manages the status, the restore of Saved included, whether or not the
	// answer came. Any of them on Slack is Heads Down's doing, not the
	// user's: a call whose outcome is unknown is maybe applied.
	Meant []Status `json:"meant,omitempty"`
	// Pending is the status call whose answer has not come (a timeout, a
	// crash, a suspend): it may or may not have taken effect.
	Pending *Status `json:"pending,omitempty"`
	// Override: the user changed their status while we managed it; theirs
	// wins, and we neither overwrite nor restore it.
	Override bool  `json:"override"`
	DNDUntil int64 `json:"dnd_until"` // Unix seconds; 0 = no snooze of ours
	// DNDMaybe is the end of a snooze asked for whose answer has not come:
	// it may be running, so it is ended when DND is no longer wanted.
	DNDMaybe int64 `json:"dnd_maybe,omitempty"`
	Away     bool  `json:"away"`
	// AwayMaybe: a presence call's answer has not come, so what Slack
	// shows is unknown and the presence wanted is set again.
	AwayMaybe bool `json:"away_maybe,omitempty"`
}

// maxMeant bounds Meant: a block that is paused and resumed all day must
// not grow the record without end; the oldest intents matter least.
const maxMeant = 8

// intend is a before st is sent: st may be on Slack from now on.
func (a Applied) intend(st Status) Applied {
	meant := slices.DeleteFunc(slices.Clone(a.Meant), st.looksLike)
	meant = append(meant, st)
	if len(meant) > maxMeant {
		meant = meant[len(meant)-maxMeant:]
	}
	a.Meant, a.Pending = meant, &st
	return a
}

// confirm is a once Slack is known to show st, by an answer or a read.
func (a Applied) confirm(st Status) Applied {
	a = a.intend(st)
	a.Set, a.Pending = st, nil
	return a
}

// forgetStatus ends a managed episode: nothing of the status is ours any
// more (restored, or the user's own choice stands). DND and presence stay.
func (a Applied) forgetStatus() Applied {
	return Applied{Mode: a.Mode, DNDUntil: a.DNDUntil, DNDMaybe: a.DNDMaybe, Away: a.Away, AwayMaybe: a.AwayMaybe}
}

// ours reports whether cur, the status Slack shows, is Heads Down's doing
// rather than the user's: a status it set or meant to set in this episode
// (answered or not), an empty one where Slack expired ours, or the user's
// status from before while no change of ours has been confirmed (the first
// call's answer was lost and it may not have taken effect).
func (a Applied) ours(cur Status, now time.Time) bool {
	if cur.empty() && (a.Set.expired(now) || a.Pending != nil && a.Pending.expired(now)) {
		return true
	}
	if cur.looksLike(a.Set) && !a.Set.empty() {
		return true
	}
	if slices.ContainsFunc(a.Meant, cur.looksLike) {
		return true
	}
	return a.Set.empty() && cur.looksLike(a.Saved)
}

// Store keeps Applied across restarts.
type Store interface {
	LoadPresence(ctx context.Context) (Applied, error)
	SavePresence(ctx context.Context, a Applied) error
}

// record makes a the applied state and persists it if it changed. A
// failed save is logged, not fatal: the call is still made, because an
// intent held in memory still covers a lost answer; only a crash on top
// of a failing database would lose it.
func (w *Worker) record(ctx context.Context, a Applied) {
	if reflect.DeepEqual(w.applied, a) {
		return
	}
	w.applied = a
	if w.opts.Store == nil {
		return
	}
	if err := w.opts.Store.SavePresence(ctx, a); err != nil {
		w.log.Error("slack: presence state not saved", "err", err)
	}
}

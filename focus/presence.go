package focus

import (
	"slices"
	"sort"
	"time"
)

// Nothing runs unattended: with AutoStartBreak or AutoStartFocus on, the
// engine starts the next block by itself only if there was input after the
// previous transition (the start or last resume of the block that just
// ended) and no later than the instant the next block is due. Otherwise it
// stays idle and says what it waits to start (Status.Waiting,
// Event.Waiting) until the user starts something.
//
// Input is what the app tells the engine with NoteInput. The rule looks
// at instants, not at a "present" state, because idle sources notice
// idleness only after a threshold (10 minutes by default): a user who
// starts a 5-minute break and walks away is not yet "idle" when it ends,
// but their last input is already 5 minutes old.
//
// Whether the rule applies at all is one switch, SetAttendedUnknown. A new
// engine does not know (unknown is true) and auto-starts as it always did,
// so an app with no input source, or one that never calls NoteInput, keeps
// today's behaviour.

// SetAttendedUnknown is the one switch for the rule above. unknown = true
// (a new engine's setting): there is no way to know whether anyone is
// there, so automatic starts happen as before. unknown = false: the app
// has an input source and reports input with NoteInput, so an automatic
// start needs input since the previous transition. Set it before Restore
// for a block that ended while the app was not running to follow the rule.
func (e *Engine) SetAttendedUnknown(unknown bool) { e.attendanceKnown = !unknown }

// AttendedUnknown reports the switch set by SetAttendedUnknown.
func (e *Engine) AttendedUnknown() bool { return !e.attendanceKnown }

// NoteInput tells the engine there was input at at (zero means now; a
// future instant is taken as now). The app calls it on every Active,
// Unlocked and Awake event and before running every user command; and,
// so that steady typing counts, before each Tick with the latest input it
// knows of (the idle time a source can be asked for, or now while the
// session is unlocked, awake and not idle when it cannot be asked). Notes
// may come before the Tick that processes an earlier deadline: each
// decision looks only at input up to its own due instant. NoteInput
// starts nothing by itself: a wait for the user ends only with a command
// (Start, StartBreak; Stop cancels it).
func (e *Engine) NoteInput(at time.Time) {
	now := e.clock.Now()
	if at.IsZero() || at.After(now) {
		at = now
	}
	e.inputs.note(at)
}

// inputs are the instants of input after the last transition, in order.
// Earlier ones cannot matter: every decision looks after a transition.
type inputs struct{ at []time.Time }

// maxInputs bounds the list while a block is paused for hours and the app
// notes input every minute; a decision needs at most the ones since the
// previous transition, and keeping the latest is what matters then.
const maxInputs = 64

func (in *inputs) note(at time.Time) {
	i := sort.Search(len(in.at), func(i int) bool { return !in.at[i].Before(at) })
	if i < len(in.at) && in.at[i].Equal(at) {
		return
	}
	in.at = slices.Insert(in.at, i, at)
	if n := len(in.at); n > maxInputs {
		in.at = append(in.at[:0], in.at[n-maxInputs:]...)
	}
}

// seen reports whether there was input in (prev, end].
func (in *inputs) seen(prev, end time.Time) bool {
	i := sort.Search(len(in.at), func(i int) bool { return in.at[i].After(prev) })
	return i < len(in.at) && !in.at[i].After(end)
}

// forgetUpTo drops input at or before a transition at at.
func (in *inputs) forgetUpTo(at time.Time) {
	i := sort.Search(len(in.at), func(i int) bool { return in.at[i].After(at) })
	in.at = append(in.at[:0], in.at[i:]...)
}

// NoInputAfter takes back the input noted after at: the idle source says
// the last input was at at (it speaks only after its threshold, so the
// app may have taken "not idle yet" for input in between). A decision due
// later then sees that nobody was there.
func (e *Engine) NoInputAfter(at time.Time) {
	i := sort.Search(len(e.inputs.at), func(i int) bool { return e.inputs.at[i].After(at) })
	e.inputs.at = e.inputs.at[:i]
}

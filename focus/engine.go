package focus

import (
	"errors"
	"fmt"
	"time"
)

// Kind is what a block is for.
type Kind string

// Block kinds.
const (
	KindFocus      Kind = "focus"
	KindShortBreak Kind = "short_break"
	KindLongBreak  Kind = "long_break"
)

// IsBreak reports whether the kind is a break of either length.
func (k Kind) IsBreak() bool { return k == KindShortBreak || k == KindLongBreak }

// Label is the kind as shown to people.
func (k Kind) Label() string {
	switch k {
	case KindFocus:
		return "Focus"
	case KindShortBreak:
		return "Short break"
	case KindLongBreak:
		return "Long break"
	}
	return string(k)
}

// State is the engine's state as a whole.
type State string

// Engine states. A paused block keeps its kind; State reports StatePaused.
const (
	StateIdle       State = "idle"
	StateFocus      State = "focus"
	StateShortBreak State = "short_break"
	StateLongBreak  State = "long_break"
	StatePaused     State = "paused"
)

// Outcome is how a block ended.
type Outcome string

// Block outcomes; a running block has none.
const (
	OutcomeNone      Outcome = ""
	OutcomeCompleted Outcome = "completed"
	OutcomeStopped   Outcome = "stopped"
)

// Reason says why an Event happened.
type Reason string

// Event reasons.
const (
	ReasonStarted   Reason = "started"
	ReasonPaused    Reason = "paused"
	ReasonResumed   Reason = "resumed"
	ReasonStopped   Reason = "stopped"
	ReasonCompleted Reason = "completed"
	// ReasonWoke: the machine was asleep (or the app was not running) while
	// a block ran; that time is in Block.Suspended, not Block.Active.
	ReasonWoke Reason = "woke"
)

// SuspendThreshold is how far the wall clock must run ahead of the monotonic
// clock between two observations before the gap counts as sleep. Smaller
// differences are clock slew (NTP), not suspend.
const SuspendThreshold = 5 * time.Second

// PauseReason says why a block was paused. It decides whether the paused
// time is time away (Block.Away) and, for the app, whether coming back
// resumes the block by itself.
type PauseReason string

// Pause reasons. A paused block always has one; a running block has none.
const (
	// PauseManual: the user paused (Pause, `headsdown pause`).
	PauseManual PauseReason = "manual"
	// PauseAway: the user stepped away: the screen locked, the machine went
	// to sleep, input went idle, or the user chose Away.
	PauseAway PauseReason = "away"
)

// Errors returned for commands that do not fit the current state.
var (
	ErrIdle           = errors.New("nothing is running")
	ErrAlreadyFocused = errors.New("a focus block is already running; stop it first")
	ErrNotPaused      = errors.New("nothing is paused")
	ErrAlreadyPaused  = errors.New("already paused")
)

// Block is one focus block or break, as the engine accounts for it. All
// instants are wall-clock times.
type Block struct {
	ID        int64
	Kind      Kind
	Plan      string
	Tag       string
	StartedAt time.Time
	Planned   time.Duration
	// Deadline is when the block ends; zero while paused.
	Deadline time.Time
	// Remaining is the time left, kept only while paused.
	Remaining time.Duration
	// PausedAt is when the current pause began; zero unless paused.
	PausedAt time.Time
	// PauseReason is why the current pause began; empty unless paused.
	PauseReason PauseReason
	// Active is time spent running while the machine was awake: for a
	// focus block, the deep work that counts.
	Active time.Duration
	// Paused is the total time spent paused, for any reason. Away is the
	// part of it spent paused with PauseAway, so manual pauses are
	// Paused - Away. Paused keeps its old meaning so that figures and
	// exports made before Away existed read the same.
	Paused time.Duration
	Away   time.Duration
	// AwaySpans are the wall-clock stretches that make up Away, in order,
	// so reports can split time away across days as they split focus.
	AwaySpans []Interval
	// Suspended is time that passed while running but that the app could
	// not see: the machine was asleep or the app was not running.
	Suspended time.Duration
	Pauses    int
	// Segments are the wall-clock stretches that make up Active, in order:
	// a pause or a sleep starts a new one. Reports use them to split focus
	// across days and hours exactly.
	Segments []Interval
	// CheckpointAt: Active and Suspended are accounted up to this instant.
	CheckpointAt time.Time
	EndedAt      time.Time
	Outcome      Outcome
	// Manual: the user added the block by hand, or changed its times or
	// tag after the fact; reports say how much of a period is manual.
	Manual bool
	// UID is the block's stable unique id across computers (the store
	// gives one to each new block); ID is only one file's own.
	UID string
}

// Interval is a stretch of wall-clock time, End exclusive.
type Interval struct{ Start, End time.Time }

// Duration is the interval's length.
func (i Interval) Duration() time.Duration { return i.End.Sub(i.Start) }

// IsPaused reports whether the block is paused.
func (b Block) IsPaused() bool { return !b.PausedAt.IsZero() }

// Ended reports whether the block has ended.
func (b Block) Ended() bool { return !b.EndedAt.IsZero() }

// State is the engine state this block puts the engine in.
func (b Block) State() State {
	if b.IsPaused() {
		return StatePaused
	}
	return State(b.Kind)
}

// Event is one transition. Block is a snapshot of the affected block after
// the transition (zero when there is none, as for a wake-up while idle).
type Event struct {
	At     time.Time
	Reason Reason
	From   State
	To     State
	Block  Block
	// Cycle is the number of focus blocks completed since the last long
	// break, after this event.
	Cycle int
	// Waiting is set on a completion after which the engine held back an
	// automatic start because nobody was there (see Engine.NoteInput). It
	// is what Status.Waiting says from then on.
	Waiting *Wait
}

// Wait is an automatic start the engine held back because nobody had been
// at the machine since the previous transition. The engine stays idle
// until the user starts something.
type Wait struct {
	// Next is what would have started: KindFocus, or the break (short or
	// long) that StartBreak would begin now.
	Next Kind
	// Since is when it was due: the end of the block before it.
	Since time.Time
}

// Status is a read-only view of the engine for display.
type Status struct {
	Now       time.Time
	State     State
	Block     *Block
	Remaining time.Duration
	Cycle     int
	Settings  Settings
	// Waiting is the automatic start held back for the user ("Break over
	// — waiting for you"); nil when none is.
	Waiting *Wait
}

// Engine is the focus-timer state machine. It is not safe for concurrent
// use: the app owns it from a single goroutine.
//
// Every command returns the events it caused, in order, so the caller can
// persist them before telling anyone. Events are returned even alongside an
// error: a command first catches up with time (a block may have ended while
// the machine slept) and only then checks whether it applies.
type Engine struct {
	clock    Clock
	settings Settings
	cur      *Block
	cycle    int
	lastID   int64
	// lastTag is the tag of the latest focus block, carried into focus
	// blocks that start automatically after a break.
	lastTag  string
	lastWall time.Time
	lastMono time.Duration
	// lastTransition is the instant of the latest start, pause, resume or
	// end: "since the previous transition" for the auto-start rule.
	lastTransition time.Time
	// attendanceKnown: the app has an input source and reports input
	// (NoteInput), so automatic starts need input since lastTransition.
	attendanceKnown bool
	inputs          inputs
	waiting         *Wait
}

// NewEngine returns an idle engine.
func NewEngine(clock Clock, s Settings) *Engine {
	return &Engine{clock: clock, settings: s}
}

// Settings returns the engine's current settings.
func (e *Engine) Settings() Settings { return e.settings }

// SetSettings changes the plan and automation; it applies from the next block.
func (e *Engine) SetSettings(s Settings) { e.settings = s }

// Restore puts the engine back in the state saved before a restart or crash:
// the block that was in flight (nil if none), the long-break cycle and the
// highest block ID used so far. Time between the block's last checkpoint and
// now was not observed, so it never counts as active: a block whose deadline
// passed meanwhile is closed at its deadline, one whose deadline is ahead
// continues. A paused block keeps its PauseReason (one saved without, from
// before reasons existed, is manual). A wait for the user is not saved: a
// restart is a fresh start, and the wait would be stale by then. No input
// from before the restart is known, so with attendance known (see
// SetAttendedUnknown) nothing due in the gap starts by itself.
func (e *Engine) Restore(cur *Block, cycle int, lastID int64) []Event {
	e.cycle, e.lastID = cycle, lastID
	e.waiting = nil
	e.lastWall, e.lastMono = e.clock.Now(), e.clock.Monotonic()
	if cur == nil || cur.Ended() {
		e.cur = nil
		return nil
	}
	b := cur.clone()
	if b.IsPaused() && b.PauseReason == "" {
		// Saved before pause reasons existed, when every pause was manual.
		b.PauseReason = PauseManual
	}
	e.cur = &b
	// The old process's last transition is unknown; its last checkpoint
	// is the latest instant it is known to have seen.
	e.lastTransition = b.CheckpointAt
	if b.Kind == KindFocus {
		e.lastTag = b.Tag
	}
	if b.ID > e.lastID {
		e.lastID = b.ID
	}
	if b.IsPaused() {
		return nil
	}
	// The whole gap since the checkpoint is unobserved.
	return e.advance(e.lastWall, b.CheckpointAt)
}

// Start begins a focus block of d (the plan's length when d is 0) with an
// optional tag. A running break is ended first.
func (e *Engine) Start(d time.Duration, tag string) ([]Event, error) {
	now, evs := e.catchUp()
	if err := checkLength(d); err != nil {
		return evs, err
	}
	if e.cur != nil {
		if e.cur.Kind == KindFocus {
			return evs, ErrAlreadyFocused
		}
		evs = append(evs, e.stop(now))
	}
	return append(evs, e.startBlock(now, KindFocus, d, tag)), nil
}

// StartBreak begins a break of d (the plan's length when d is 0): a long one
// when enough focus blocks have completed, else a short one. A running focus
// block is stopped first.
func (e *Engine) StartBreak(d time.Duration) ([]Event, error) {
	now, evs := e.catchUp()
	if err := checkLength(d); err != nil {
		return evs, err
	}
	if e.cur != nil {
		evs = append(evs, e.stop(now))
	}
	return append(evs, e.startBreak(now, d)), nil
}

// Pause pauses the running block now, as the user asked: PauseAt(now,
// PauseManual).
func (e *Engine) Pause() ([]Event, error) {
	return e.PauseAt(e.clock.Now(), PauseManual)
}

// PauseAt pauses the running block as of at, an instant the app learnt
// late: the last input before the user went idle, or when the screen
// locked. The active stretch ends at at, and the time from at to now is
// paused time (time away with PauseAway), never focus; the block keeps
// the time it had left at at.
//
// at is clamped to now (and a zero at means now), and to no earlier than
// the start of the block's current active stretch (its start, last resume
// or wake-up), since only that stretch can be taken back: before it the
// block was paused or the machine asleep, and that is accounted already.
// A block whose deadline fell before at ends completed first, and a block
// started automatically after it is what gets paused (no earlier than its
// own start).
//
// Errors: ErrIdle, ErrAlreadyPaused (an existing pause keeps its reason,
// so a block paused by hand is not resumed by coming back), or an unknown
// reason.
func (e *Engine) PauseAt(at time.Time, why PauseReason) ([]Event, error) {
	if why != PauseManual && why != PauseAway {
		return nil, fmt.Errorf("pause: unknown reason %q (want %q or %q)", why, PauseManual, PauseAway)
	}
	now, awakeUntil := e.observe()
	switch {
	case e.cur == nil:
		return e.advance(now, awakeUntil), ErrIdle
	case e.cur.IsPaused():
		return e.advance(now, awakeUntil), ErrAlreadyPaused
	}
	at, evs := e.settle(at, now, awakeUntil)
	if e.cur == nil {
		return evs, ErrIdle
	}
	from := e.state()
	b := e.cur
	b.Remaining = b.Deadline.Sub(at)
	b.Deadline = time.Time{}
	b.PausedAt = at
	b.PauseReason = why
	b.Pauses++
	return append(evs, e.event(at, ReasonPaused, from)), nil
}

// settle brings the running block's accounting to exactly at instead of
// now: backwards when ticks have already counted past at, forwards
// (completing blocks due by then and starting what follows) otherwise. It
// returns at as clamped (see PauseAt).
func (e *Engine) settle(at, now, awakeUntil time.Time) (time.Time, []Event) {
	if at.IsZero() || at.After(now) {
		at = now
	}
	b := e.cur
	at = maxTime(at, b.rewindFloor())
	if at.Before(b.CheckpointAt) {
		b.rewind(at)
		return at, nil
	}
	return at, e.advance(at, minTime(awakeUntil, at))
}

// rewindFloor is the earliest instant the block's accounting can be taken
// back to: the start of its last active stretch when that stretch reaches
// the checkpoint, else the checkpoint itself (a pause or a sleep came
// after the stretch, and is accounted as such). A sleep the engine only
// detected afterwards therefore bounds a rewind: at most the minute of
// focus before it, placed there by the awake-first rule, stays counted.
func (b *Block) rewindFloor() time.Time {
	if n := len(b.Segments); n > 0 && b.Segments[n-1].End.Equal(b.CheckpointAt) {
		return b.Segments[n-1].Start
	}
	return b.CheckpointAt
}

// rewind takes the active time from at to the checkpoint back, for
// rewindFloor() <= at < CheckpointAt: it all lies in the last segment.
func (b *Block) rewind(at time.Time) {
	n := len(b.Segments)
	b.Active -= b.CheckpointAt.Sub(at)
	b.Segments[n-1].End = at
	if !at.After(b.Segments[n-1].Start) {
		b.Segments = b.Segments[:n-1]
	}
	b.CheckpointAt = at
}

// closePause ends the current pause at end, counting it as paused and, for
// PauseAway, as time away.
func (b *Block) closePause(end time.Time) {
	if d := end.Sub(b.PausedAt); d > 0 {
		b.Paused += d
		if b.PauseReason == PauseAway {
			b.Away += d
			b.AwaySpans = append(b.AwaySpans, Interval{Start: b.PausedAt, End: end})
		}
	}
	b.PausedAt = time.Time{}
	b.PauseReason = ""
}

// Resume continues a paused block with the time it had left.
func (e *Engine) Resume() ([]Event, error) {
	now, evs := e.catchUp()
	if e.cur == nil || !e.cur.IsPaused() {
		return evs, ErrNotPaused
	}
	from := e.state()
	b := e.cur
	b.closePause(now)
	b.Deadline = now.Add(b.Remaining)
	b.Remaining = 0
	b.CheckpointAt = now
	return append(evs, e.event(now, ReasonResumed, from)), nil
}

// Stop ends the current block now: StopAt(now).
func (e *Engine) Stop() ([]Event, error) {
	return e.StopAt(e.clock.Now())
}

// StopAt ends the current block early as of at, for a user who comes back
// after a long absence: the block is logged up to the moment they left
// (EndedAt = at), running or paused. A running block's active stretch ends
// at at; a paused one's pause ends there (and counts up to it). at is
// clamped as in PauseAt, so a paused block's pause can be cut short but
// its accounted focus is only taken back within its last active stretch.
// A focus block keeps the active time it really had; it does not count
// towards the long break.
//
// With nothing running but an automatic start waiting for the user (see
// Status.Waiting), it cancels the wait and returns no event and no error:
// the user said no to what was waiting. Otherwise, with nothing running,
// ErrIdle.
func (e *Engine) StopAt(at time.Time) ([]Event, error) {
	now, awakeUntil := e.observe()
	if e.cur == nil {
		evs := e.advance(now, awakeUntil)
		if e.waiting != nil {
			e.waiting = nil
			return evs, nil
		}
		return evs, ErrIdle
	}
	var evs []Event
	if b := e.cur; b.IsPaused() {
		if at.IsZero() || at.After(now) {
			at = now
		}
		at = maxTime(at, b.rewindFloor())
		if at.Before(b.PausedAt) {
			if at.Before(b.CheckpointAt) {
				b.rewind(at)
			}
			b.PausedAt = at
		}
	} else {
		at, evs = e.settle(at, now, awakeUntil)
		if e.cur == nil {
			return evs, ErrIdle
		}
	}
	return append(evs, e.stop(at)), nil
}

// Tick catches up with time: it accounts active and slept time, completes
// blocks whose deadline has passed and auto-starts what follows. Call it at
// NextWake and whenever the machine may have woken up.
func (e *Engine) Tick() []Event {
	_, evs := e.catchUp()
	return evs
}

// Current returns a copy of the block in flight, or nil when idle.
func (e *Engine) Current() *Block {
	if e.cur == nil {
		return nil
	}
	b := e.cur.clone()
	return &b
}

// clone copies the block, segments included, so snapshots never share
// memory with the engine's live block.
func (b Block) clone() Block {
	b.Segments = append([]Interval(nil), b.Segments...)
	b.AwaySpans = append([]Interval(nil), b.AwaySpans...)
	return b
}

// Cycle is the number of focus blocks completed since the last long break.
func (e *Engine) Cycle() int { return e.cycle }

// ReserveID makes the engine's next block take an ID above id: a block
// added by hand took it while the engine ran.
func (e *Engine) ReserveID(id int64) {
	if id > e.lastID {
		e.lastID = id
	}
}

// LastID is the highest block ID the engine has issued.
func (e *Engine) LastID() int64 { return e.lastID }

// Status describes the engine now without changing it.
func (e *Engine) Status() Status {
	now := e.clock.Now()
	st := Status{Now: now, State: e.state(), Cycle: e.cycle, Settings: e.settings}
	if e.waiting != nil {
		w := *e.waiting
		st.Waiting = &w
	}
	if b := e.Current(); b != nil {
		st.Block = b
		if b.IsPaused() {
			st.Remaining = b.Remaining
		} else {
			st.Remaining = nonNegative(b.Deadline.Sub(now))
		}
	}
	return st
}

// NextWake is when the engine next needs a Tick: the next change of the
// countdown shown (each minute, every 5 s in the last one) or the
// deadline, whichever is first. It is zero when nothing is running or the
// block is paused, so an idle app sleeps indefinitely.
func (e *Engine) NextWake() time.Time {
	if e.cur == nil || e.cur.IsPaused() {
		return time.Time{}
	}
	return NextDisplayChange(e.clock.Now(), e.cur.Deadline)
}

func (e *Engine) state() State {
	if e.cur == nil {
		return StateIdle
	}
	return e.cur.State()
}

// catchUp observes the clocks and advances the engine to now.
func (e *Engine) catchUp() (time.Time, []Event) {
	now, awakeUntil := e.observe()
	return now, e.advance(now, awakeUntil)
}

// observe reads both clocks and splits the wall time since the previous
// observation into an awake part, ending at awakeUntil, and an asleep part
// from awakeUntil to now. Where in the interval the sleep fell is unknown;
// the app observes at least once a minute while a block runs, so assuming
// "awake first" misplaces at most a minute.
func (e *Engine) observe() (now, awakeUntil time.Time) {
	now, mono := e.clock.Now(), e.clock.Monotonic()
	if e.lastWall.IsZero() {
		e.lastWall, e.lastMono = now, mono
		return now, now
	}
	wall, awake := now.Sub(e.lastWall), mono-e.lastMono
	awakeUntil = now
	if wall-awake > SuspendThreshold {
		awakeUntil = e.lastWall.Add(awake)
	}
	e.lastWall, e.lastMono = now, mono
	return now, awakeUntil
}

// advance accounts the running block up to now, where wall time after
// awakeUntil was not observed, completing blocks whose deadline has passed
// and starting what follows them.
func (e *Engine) advance(now, awakeUntil time.Time) []Event {
	evs := e.completeDue(now, awakeUntil)
	if awakeUntil.Before(now) && (len(evs) > 0 || (e.cur != nil && !e.cur.IsPaused())) {
		// Reported last, at the wake-up instant, so events stay in time
		// order and the snapshot shows the accounting.
		evs = append(evs, e.wokeEvent(now))
	}
	return evs
}

// completeDue is advance without the wake-up report.
func (e *Engine) completeDue(now, awakeUntil time.Time) []Event {
	var evs []Event
	// Each pass completes a block; a chain is at most focus then break,
	// since a focus block only auto-starts while awake. The bound is a
	// guard against a bad clock, not a limit that real use reaches.
	for range 1000 {
		b := e.cur
		if b == nil || b.IsPaused() {
			return evs
		}
		if now.Before(b.Deadline) {
			e.account(b, now, awakeUntil)
			return evs
		}
		end := b.Deadline
		e.account(b, end, awakeUntil)
		// Decided before finish, which forgets input up to end.
		attended := !e.attendanceKnown || e.inputs.seen(e.lastTransition, end)
		evs = append(evs, e.finish(end, OutcomeCompleted, ReasonCompleted))
		awake := !end.After(awakeUntil)
		var held Kind
		switch {
		case b.Kind == KindFocus && e.settings.AutoStartBreak && attended:
			evs = append(evs, e.startBreak(end, 0))
		case b.Kind == KindFocus && e.settings.AutoStartBreak:
			held = e.nextBreakKind()
		case b.Kind.IsBreak() && e.settings.AutoStartFocus && awake && attended:
			evs = append(evs, e.startBlock(end, KindFocus, 0, e.lastTag))
		case b.Kind.IsBreak() && e.settings.AutoStartFocus && e.attendanceKnown:
			// Asleep at the end counts as nobody there. With attendance
			// unknown the engine just goes idle, as it always did.
			held = KindFocus
		}
		if held != "" {
			e.waiting = &Wait{Next: held, Since: end}
			w := *e.waiting
			evs[len(evs)-1].Waiting = &w
		}
	}
	return evs
}

func (e *Engine) wokeEvent(now time.Time) Event {
	st := e.state()
	ev := Event{At: now, Reason: ReasonWoke, From: st, To: st, Cycle: e.cycle}
	if e.cur != nil {
		ev.Block = e.cur.clone()
	}
	return ev
}

// account adds the time from the block's checkpoint to until: the part up
// to awakeUntil as active, the rest as suspended.
func (e *Engine) account(b *Block, until, awakeUntil time.Time) {
	from := b.CheckpointAt
	if !until.After(from) {
		return
	}
	if awakeEnd := minTime(until, awakeUntil); awakeEnd.After(from) {
		b.Active += awakeEnd.Sub(from)
		if n := len(b.Segments); n > 0 && b.Segments[n-1].End.Equal(from) {
			b.Segments[n-1].End = awakeEnd
		} else {
			b.Segments = append(b.Segments, Interval{Start: from, End: awakeEnd})
		}
	}
	if sleepFrom := maxTime(from, awakeUntil); until.After(sleepFrom) {
		b.Suspended += until.Sub(sleepFrom)
	}
	b.CheckpointAt = until
}

func (e *Engine) startBlock(at time.Time, kind Kind, d time.Duration, tag string) Event {
	from := e.state()
	if d == 0 {
		d = e.planLength(kind)
	}
	e.lastID++
	if kind == KindFocus {
		e.lastTag = tag
	}
	e.cur = &Block{
		ID: e.lastID, Kind: kind, Plan: e.settings.Plan.Name, Tag: tag,
		StartedAt: at, Planned: d, Deadline: at.Add(d), CheckpointAt: at,
	}
	// Whatever was waiting for the user is superseded by what starts now.
	e.waiting = nil
	return e.event(at, ReasonStarted, from)
}

func (e *Engine) startBreak(at time.Time, d time.Duration) Event {
	kind := e.nextBreakKind()
	if kind == KindLongBreak {
		e.cycle = 0
	}
	return e.startBlock(at, kind, d, "")
}

// nextBreakKind is the break StartBreak would begin now.
func (e *Engine) nextBreakKind() Kind {
	if n := e.settings.Plan.LongBreakEvery; n > 0 && e.cycle >= n {
		return KindLongBreak
	}
	return KindShortBreak
}

// stop ends the current block at at; a running block must already be
// accounted up to at.
func (e *Engine) stop(at time.Time) Event {
	b := e.cur
	from := e.state() // paused, for a paused block: taken before the pause closes
	if b.IsPaused() {
		b.closePause(at)
		b.Remaining = 0
	} else {
		b.Deadline = time.Time{}
	}
	ev := e.finish(at, OutcomeStopped, ReasonStopped)
	ev.From = from
	return ev
}

// finish ends the current block at the given instant.
func (e *Engine) finish(at time.Time, outcome Outcome, reason Reason) Event {
	from := e.state()
	b := e.cur
	b.EndedAt, b.Outcome = at, outcome
	b.CheckpointAt = at
	if b.Kind == KindFocus && outcome == OutcomeCompleted {
		e.cycle++
	}
	ev := Event{At: at, Reason: reason, From: from, To: StateIdle, Block: b.clone(), Cycle: e.cycle}
	e.cur = nil
	e.transition(at)
	return ev
}

func (e *Engine) event(at time.Time, r Reason, from State) Event {
	e.transition(at)
	return Event{At: at, Reason: r, From: from, To: e.state(), Block: e.cur.clone(), Cycle: e.cycle}
}

// transition notes a start, pause, resume or end at at, and forgets
// input that no later decision can look at.
func (e *Engine) transition(at time.Time) {
	e.lastTransition = at
	e.inputs.forgetUpTo(at)
}

func (e *Engine) planLength(k Kind) time.Duration {
	p := e.settings.Plan
	switch k {
	case KindShortBreak:
		return p.ShortBreak
	case KindLongBreak:
		return p.LongBreak
	}
	return p.Focus
}

func checkLength(d time.Duration) error {
	if d < 0 || d > MaxBlock {
		return fmt.Errorf("block length %s is out of range (0 for the plan's length, at most %s)", d, FormatDuration(MaxBlock))
	}
	return nil
}

func nonNegative(d time.Duration) time.Duration { return max(d, 0) }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

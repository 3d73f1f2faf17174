package inbox

import (
	"time"

	"github.com/headsdown-app/headsdown/store"
)

// Fate is what happens to a ping once it is on disk.
type Fate int

// Fates.
const (
	// Free: you were not focusing; Slack showed it to you as usual and
	// Heads Down holds nothing.
	Free Fate = iota
	// Held: it waits, silent, for the next review window.
	Held
	// Through: a VIP or keyword rule lets it through a focus block at once.
	Through
)

func (f Fate) String() string {
	switch f {
	case Held:
		return "held"
	case Through:
		return "through"
	}
	return "free"
}

// Situation is what the app knows when it decides.
type Situation struct {
	// Focusing: a focus block runs (paused counts: it is still your block).
	Focusing bool
	// HoldAllDay holds pings outside focus too.
	HoldAllDay bool
	// Away: you are away (locked, asleep, idle, or said so); pings wait
	// for your return like in focus.
	Away bool
	// LastFocus is the focus block that ended last. A ping received while
	// it ran but handed over after it ended (the app was busy, or it came
	// in just before Stop) is still held: it arrived in focus.
	LastFocus struct{ Start, End time.Time }
}

// Decide is the one place that decides a ping's fate. The intake only
// records which rule matched (p.Reason); whether that matters depends on
// whether you were focusing when it arrived.
func Decide(p store.Ping, s Situation) Fate {
	inLastBlock := !s.LastFocus.End.IsZero() && !p.ReceivedAt.Before(s.LastFocus.Start) && p.ReceivedAt.Before(s.LastFocus.End)
	switch {
	case !(s.Focusing || s.HoldAllDay || s.Away || inLastBlock):
		return Free
	case p.Bypassed:
		return Through
	}
	return Held
}

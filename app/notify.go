package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gen2brain/beeep"

	"github.com/headsdown-app/headsdown/assets"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Notification is one desktop notification.
type Notification struct {
	Title string
	Body  string
	// Sound asks for an audible alert where the platform has one; only
	// for things that happened on their own (a block ending), and only
	// within working hours (see soundAllowed).
	Sound bool
	// Actions are buttons, shown where the notification server supports
	// them (see ActionNotifier).
	Actions []Action
	// Instead is a last line for where the notification's buttons cannot
	// be shown: how to do the same another way.
	Instead string
	// Category is the freedesktop notification category ("im.received"),
	// so desktops can sort and mute; empty for none.
	Category string
}

// FullBody is the body with Instead as its last line: what a notifier
// that shows no buttons shows.
func (n Notification) FullBody() string {
	switch {
	case n.Instead == "":
		return n.Body
	case n.Body == "":
		return n.Instead
	}
	return n.Body + "\n" + n.Instead
}

// soundAllowed reports whether a notification may make a sound now: sound
// is on in the settings, and it is within working hours (no bell at
// night). Without any working hours set, the setting alone decides.
func (a *App) soundAllowed() bool {
	if !a.cfg.Notifications.Sound {
		return false
	}
	s := a.rules.Schedule
	return s.Empty() || s.Working(a.clock.Now())
}

// Notifier shows notifications.
type Notifier interface {
	Notify(Notification) error
}

// ActionNotifier is a Notifier that can put buttons on its notifications
// (where the notification server supports them) and report the one the
// user chose.
type ActionNotifier interface {
	Notifier
	// Listen calls chose for each button the user chooses on one of this
	// notifier's notifications, until ctx ends. It runs on a loose driver:
	// chose must not block on anything but ctx.
	Listen(ctx context.Context, chose func(Action))
}

// Action is a button on a notification.
type Action struct {
	Key   string // ActionReview, ActionSnooze, ActionStartBreak, ActionStartFocus
	Label string
	// Pings are the pings that Snooze puts back on hold.
	Pings []int64
}

// The actions notifications offer.
const (
	ActionReview     = "review"      // open the review window
	ActionSnooze     = "snooze"      // hold the digest's pings for the next review window
	ActionStartBreak = "start-break" // start a break now
	ActionStartFocus = "start-focus" // start the next focus block now
)

// AppID is the application's id: the installed .desktop file's name
// (dev.headsdown.app.desktop) and its icon's name.
const AppID = "dev.headsdown.app"

// beeepNotify shows n with beeep: D-Bus org.freedesktop.Notifications
// (then notify-send, kdialog) on Linux, Notification Center on macOS,
// toasts on Windows. It shows no buttons, so the body says Instead.
func beeepNotify(n Notification) error {
	beeep.AppName = beeepAppName
	if n.Sound {
		// Alert is an urgent notification plus a beep; a missing beep
		// device is not worth failing over once the notification is shown.
		if err := beeep.Alert(n.Title, n.FullBody(), assets.Icon); err != nil {
			if nerr := beeep.Notify(n.Title, n.FullBody(), assets.Icon); nerr != nil {
				return fmt.Errorf("show notification: %w", nerr)
			}
		}
		return nil
	}
	if err := beeep.Notify(n.Title, n.FullBody(), assets.Icon); err != nil {
		return fmt.Errorf("show notification: %w", err)
	}
	return nil
}

// Notify queues a notification from outside the loop (the tray's
// start-up); it never blocks.
func (a *App) Notify(n Notification) { a.notes.send(n) }

// notifyQueue delivers notifications on their own goroutine (a driver),
// so a slow or missing notification daemon never holds up the loop.
type notifyQueue struct {
	ch  chan Notification
	n   Notifier
	log *slog.Logger
}

func newNotifyQueue(n Notifier, log *slog.Logger) *notifyQueue {
	return &notifyQueue{ch: make(chan Notification, 16), n: n, log: log}
}

// run shows notifications until ctx ends, then the ones already queued
// (a block that ended as the app quit), and returns.
func (q *notifyQueue) run(ctx context.Context) {
	for {
		select {
		case note := <-q.ch:
			q.show(note)
		case <-ctx.Done():
			for {
				select {
				case note := <-q.ch:
					q.show(note)
				default:
					if c, ok := q.n.(io.Closer); ok {
						c.Close()
					}
					return
				}
			}
		}
	}
}

func (q *notifyQueue) show(note Notification) {
	if err := q.n.Notify(note); err != nil {
		q.log.Warn("notification not shown", "title", note.Title, "err", err)
	}
}

// send queues a notification without ever blocking the loop; when the
// daemon is so slow that 16 wait, the newest is dropped and logged.
func (q *notifyQueue) send(n Notification) {
	select {
	case q.ch <- n:
	default:
		q.log.Warn("notification dropped: queue full", "title", n.Title)
	}
}

// plural is "1 day", "3 days": n and the noun that fits it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// The block-end buttons. A focus block that ended with its break started
// offers to skip the break; one that ended with nothing started offers
// both; a break that ended offers the next block.
var (
	startBreak = Action{Key: ActionStartBreak, Label: "Start break"}
	startFocus = Action{Key: ActionStartFocus, Label: "Start next block"}
)

// timerCategory is the category hint of the timer's notifications.
const timerCategory = "x-headsdown.timer"

// describe composes one notification for a batch of events (a block ending
// and the break it starts are one message, not two). ok is false when the
// batch is not worth interrupting anyone for.
// Times are written on the clock h.
func describe(evs []focus.Event, loc *time.Location, h timefmt.Hours) (n Notification, ok bool) {
	if len(evs) == 0 {
		return n, false
	}
	until := func(b focus.Block) string { return h.Time(b.Deadline.In(loc)) }
	var ended *focus.Event
	for i := range evs {
		if evs[i].Reason == focus.ReasonCompleted || evs[i].Reason == focus.ReasonStopped {
			ended = &evs[i]
		}
	}
	last := evs[len(evs)-1]
	if last.Reason == focus.ReasonWoke {
		// The wake-up itself is not news; what it caused may be.
		if len(evs) == 1 {
			return n, false
		}
		last = evs[len(evs)-2]
	}
	switch last.Reason {
	case focus.ReasonStarted:
		b := last.Block
		switch {
		case b.Kind == focus.KindFocus && ended != nil && ended.Block.Kind.IsBreak() && ended.Reason == focus.ReasonCompleted:
			return Notification{Title: "Break over — back to focus", Body: fmt.Sprintf("Focus for %s, until %s.", focus.FormatDuration(b.Planned), until(b)), Sound: true,
				Category: timerCategory}, true
		case b.Kind == focus.KindFocus:
			body := fmt.Sprintf("%s of focus, until %s.", focus.FormatDuration(b.Planned), until(b))
			if b.Tag != "" {
				body = fmt.Sprintf("%s of focus on %s, until %s.", focus.FormatDuration(b.Planned), b.Tag, until(b))
			}
			return Notification{Title: "Heads down", Body: body}, true
		case ended != nil && ended.Block.Kind == focus.KindFocus && ended.Reason == focus.ReasonCompleted:
			return Notification{Title: "Focus block done", Body: fmt.Sprintf("%s of deep work. %s until %s.",
				focus.FormatDuration(ended.Block.Active), b.Kind.Label(), until(b)), Sound: true,
				Actions: []Action{startFocus}, Category: timerCategory}, true
		default:
			return Notification{Title: b.Kind.Label(), Body: fmt.Sprintf("%s, until %s.", focus.FormatDuration(b.Planned), until(b))}, true
		}
	case focus.ReasonCompleted:
		if last.Block.Kind == focus.KindFocus {
			return Notification{Title: "Focus block done", Body: fmt.Sprintf("%s of deep work. Take a break.", focus.FormatDuration(last.Block.Active)), Sound: true,
				Actions: []Action{startBreak, startFocus}, Category: timerCategory}, true
		}
		return Notification{Title: "Break over", Body: "Ready for the next block?", Sound: true,
			Actions: []Action{startFocus}, Category: timerCategory}, true
	case focus.ReasonStopped:
		if last.Block.Kind == focus.KindFocus {
			return Notification{Title: "Focus stopped", Body: fmt.Sprintf("%s of deep work logged.", focus.FormatDuration(last.Block.Active))}, true
		}
		body := "Start a block when you are ready."
		if d := last.Block.Active; d >= time.Minute {
			body = fmt.Sprintf("%s of break taken. %s", focus.FormatDuration(d), body)
		}
		return Notification{Title: "Break ended", Body: body}, true
	case focus.ReasonPaused:
		return Notification{Title: "Paused", Body: fmt.Sprintf("%s left.", focus.FormatDuration(last.Block.Remaining))}, true
	case focus.ReasonResumed:
		return Notification{Title: "Resumed", Body: fmt.Sprintf("Until %s.", until(last.Block))}, true
	}
	return n, false
}

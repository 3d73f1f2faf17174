package away

import (
	"context"
	"time"
)

// idlePoll is how often a polled idle source looks for input while the user
// is idle. The X server, Windows and macOS only answer "how long since the
// last input"; none of them reports the input itself without a hook on
// every event (X11's MIT-SCREEN-SAVER event fires only at the server's own
// screen-saver timeout, which is the user's setting, not ours). So while the
// user is away, and only then, the source asks once a second; while they
// are active it wakes once, when the threshold could first be reached.
const idlePoll = time.Second

// pollIdle reports Idle and Active for a source that can only be asked how
// long ago the last input was (query). It returns when ctx ends or query
// fails (the display is gone); the source is then marked not live. probed
// is called once the source is listed.
func (m *Monitor) pollIdle(ctx context.Context, name, note string, probed func(), query func() (time.Duration, error)) {
	var (
		tr    idleTracker
		timer = time.NewTimer(time.Hour)
	)
	timer.Stop()
	defer timer.Stop()
	for {
		after := m.currentIdleAfter()
		if after <= 0 {
			m.setSource(Source{Name: name, What: WhatIdle, Note: noteIdleOff})
			if tr.idle {
				tr = idleTracker{}
				m.hub.set(idleGroup, name, false, m.now())
			}
			timer.Stop()
			probed()
		} else {
			m.setSource(Source{Name: name, What: WhatIdle, Live: true, Note: note})
			d, err := query()
			if err != nil {
				m.setSource(Source{Name: name, What: WhatIdle, Note: "lost: " + err.Error()})
				if tr.idle {
					m.hub.set(idleGroup, name, false, m.now())
				}
				probed()
				return
			}
			// time.Now for the monotonic comparison between checks, the
			// caller's clock for what is reported.
			c := tr.check(d, time.Now(), m.now(), after)
			if c.report {
				m.hub.set(idleGroup, name, c.idle, c.at)
			}
			probed() // after the first answer: an idle user at start is reported first
			timer.Reset(c.next)
		}
		select {
		case <-ctx.Done():
			return
		case <-m.idleChanged:
		case <-timer.C:
		}
	}
}

// idleTracker is pollIdle's judgement, kept apart from the clocks and the
// timer so that it is tested on a fake clock: whether the user is idle,
// and the last input seen.
type idleTracker struct {
	idle bool
	// lastInput is, while idle, the last input as the previous check saw
	// it, on the monotonic clock.
	lastInput time.Time
}

// idleCheck is what one answer of the source means.
type idleCheck struct {
	report bool          // tell the hub: idle (Idle) or not (Active)
	idle   bool          // the state reported
	at     time.Time     // when it began: the last input, on the caller's clock
	next   time.Duration // when to ask again
}

// check takes one answer: the last input was d ago, asked at mono (the
// monotonic clock, to compare checks) and now (the caller's clock, for
// what is reported); after is the idle threshold. Idle begins once d
// reaches after, exactly at it included.
func (t *idleTracker) check(d time.Duration, mono, now time.Time, after time.Duration) idleCheck {
	d = max(d, 0)
	input := mono.Add(-d)
	at := now.Add(-d)
	var c idleCheck
	switch {
	case !t.idle && d >= after:
		t.idle = true
		c = idleCheck{report: true, idle: true, at: at, next: idlePoll}
	case !t.idle:
		c = idleCheck{next: after - d}
	case input.Sub(t.lastInput) > inputTolerance(after):
		// The last input moved forward: there was input since the
		// previous check, even if the idle time has grown again.
		t.idle = false
		c = idleCheck{report: true, idle: false, at: at, next: max(after-d, 0)}
	default:
		c = idleCheck{next: idlePoll}
	}
	t.lastInput = input
	return c
}

// inputTolerance is how far the last input may seem to move between two
// checks without any input: the sources count milliseconds on their own
// clock and each query takes a little time.
func inputTolerance(after time.Duration) time.Duration {
	return min(250*time.Millisecond, after/2)
}

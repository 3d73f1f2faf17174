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
		idle      bool
		lastInput time.Time // while idle: the last input seen at the previous check (monotonic)
		timer     = time.NewTimer(time.Hour)
	)
	timer.Stop()
	defer timer.Stop()
	for {
		after := m.currentIdleAfter()
		if after <= 0 {
			m.setSource(Source{Name: name, What: WhatIdle, Note: noteIdleOff})
			if idle {
				idle = false
				m.hub.set(idleGroup, name, false, m.now())
			}
			timer.Stop()
			probed()
		} else {
			m.setSource(Source{Name: name, What: WhatIdle, Live: true, Note: note})
			d, err := query()
			if err != nil {
				m.setSource(Source{Name: name, What: WhatIdle, Note: "lost: " + err.Error()})
				if idle {
					m.hub.set(idleGroup, name, false, m.now())
				}
				probed()
				return
			}
			d = max(d, 0)
			input := time.Now().Add(-d) // monotonic: compared with the previous check
			at := m.now().Add(-d)       // the caller's clock: reported
			var next time.Duration
			switch {
			case !idle && d >= after:
				idle = true
				m.hub.set(idleGroup, name, true, at)
				next = idlePoll
			case !idle:
				next = after - d
			case input.Sub(lastInput) > inputTolerance(after):
				// The last input moved forward: there was input since the
				// previous check, even if the idle time has grown again.
				idle = false
				m.hub.set(idleGroup, name, false, at)
				next = max(after-d, 0)
			default:
				next = idlePoll
			}
			lastInput = input
			probed() // after the first answer: an idle user at start is reported first
			timer.Reset(next)
		}
		select {
		case <-ctx.Done():
			return
		case <-m.idleChanged:
		case <-timer.C:
		}
	}
}

// inputTolerance is how far the last input may seem to move between two
// checks without any input: the sources count milliseconds on their own
// clock and each query takes a little time.
func inputTolerance(after time.Duration) time.Duration {
	return min(250*time.Millisecond, after/2)
}

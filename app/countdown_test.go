package app

import (
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

// movingClock runs at real speed from a fixed start and can be moved on,
// so a test can jump to a block's last seconds and then watch the loop's
// own real-time timer fire there.
type movingClock struct {
	mu     sync.Mutex
	base   time.Time
	real   time.Time
	offset time.Duration
	jumped chan struct{}
}

func newMovingClock(t time.Time) *movingClock {
	return &movingClock{base: t, real: time.Now(), jumped: make(chan struct{}, 1)}
}

func (m *movingClock) elapsed() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return time.Since(m.real) + m.offset
}
func (m *movingClock) Now() time.Time           { return m.base.Add(m.elapsed()) }
func (m *movingClock) Monotonic() time.Duration { return m.elapsed() }
func (m *movingClock) Jumped() <-chan struct{}  { return m.jumped }
func (m *movingClock) Advance(d time.Duration) {
	m.mu.Lock()
	m.offset += d
	m.mu.Unlock()
	select {
	case m.jumped <- struct{}{}:
	default:
	}
}

// In a block's last minute the status (the tray's "N s left") moves every
// 5 s on its own, by the loop's timer: not once at the deadline only.
func TestLastMinuteCountsDownInSteps(t *testing.T) {
	clock := newMovingClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	r := launchApp(t, t.TempDir(), Options{Clock: clock})
	st := r.do(t, control.Request{Cmd: control.CmdStart, Plan: "pomodoro"})
	if st.State != "focus" || st.Deadline == nil {
		t.Fatalf("start: %+v", st)
	}
	updates := r.app.Subscribe()
	// Jump to 7.5 s before the end: the next step is "5 s left", 2.5 s on.
	clock.Advance(st.Deadline.Add(-7500 * time.Millisecond).Sub(clock.Now()))
	timeout := time.After(5 * time.Second)
	var seen []int64
	for {
		select {
		case <-updates:
			s := r.app.Status()
			seen = append(seen, s.RemainingSeconds)
			if s.RemainingSeconds == 5 && s.State == "focus" {
				return
			}
		case <-timeout:
			t.Fatalf("no \"5 s left\" status within 5 s of jumping to 7.5 s before the end; remaining seen: %v", seen)
		}
	}
}

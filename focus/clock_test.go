package focus

import (
	"testing"
	"time"
)

// machine is a computer's clocks as Windows keeps them: the wall clock,
// the interrupt time (what Go's monotonic clock reads on Windows), which
// keeps counting while the machine sleeps, and the unbiased interrupt
// time (QueryUnbiasedInterruptTime), which stops.
type machine struct {
	wall      time.Time
	interrupt time.Duration
	unbiased  time.Duration
}

func (m *machine) awake(d time.Duration) {
	m.wall = m.wall.Add(d)
	m.interrupt += d
	m.unbiased += d
}

// sleep is a suspend that no power event announced (Modern Standby may
// send none): only the clocks tell.
func (m *machine) sleep(d time.Duration) {
	m.wall = m.wall.Add(d)
	m.interrupt += d
}

// A sleep in the middle of a focus block is not focus, when the clock's
// awake time comes from a source that stops during sleep; the interrupt
// time, which does not stop, would log it as focus (the second case shows
// that this scenario is the one that matters).
func TestSystemClockSleepIsNotFocus(t *testing.T) {
	cases := []struct {
		name                string
		awake               func(m *machine) time.Duration
		wantActive, wantOff time.Duration
	}{
		{"unbiased interrupt time", func(m *machine) time.Duration { return m.unbiased }, 10 * time.Minute, 10 * time.Minute},
		{"interrupt time (Go's monotonic clock on Windows)", func(m *machine) time.Duration { return m.interrupt }, 20 * time.Minute, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &machine{wall: t0, interrupt: 7 * time.Hour, unbiased: 5 * time.Hour} // since boot: any origin
			clock := NewSystemClockFrom(func() time.Time { return m.wall }, func() time.Duration { return c.awake(m) })
			e := NewEngine(clock, Settings{Plan: Pomodoro})
			ok(t)(e.Start(0, ""))
			m.awake(5 * time.Minute)
			e.Tick()
			m.sleep(10 * time.Minute)
			m.awake(5 * time.Minute)
			e.Tick()
			b := e.Current()
			if b == nil || b.Active != c.wantActive || b.Suspended != c.wantOff {
				t.Fatalf("block %+v: want active %v, suspended %v", b, c.wantActive, c.wantOff)
			}
		})
	}
}

// The system clock's wall time carries no monotonic reading and is
// rounded to the millisecond history keeps.
func TestSystemClockNow(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 123456789, time.UTC)
	c := NewSystemClockFrom(func() time.Time { return at }, nil)
	if got := c.Now(); !got.Equal(at.Truncate(time.Millisecond)) || got != got.Round(0) {
		t.Fatalf("Now = %v", got)
	}
	if d := c.Monotonic(); d < 0 || d > time.Minute {
		t.Fatalf("Monotonic on Go's clock right after making it = %v", d)
	}
}

package focus

import "time"

// Clock gives the engine two views of time. Wall is the calendar time that
// deadlines are expressed in; it jumps when the machine suspends and resumes
// (and when NTP corrects it). Monotonic only advances while the machine is
// awake, so the difference between the two over an interval is the time the
// machine spent asleep.
type Clock interface {
	Now() time.Time
	Monotonic() time.Duration
}

// SystemClock is the real clock: wall time from the system, awake time
// from a source that stops while the machine sleeps. Which source that is
// depends on the OS, and only the caller can reach it (focus makes no OS
// calls), so it is injected: see NewSystemClockFrom.
type SystemClock struct {
	wall   func() time.Time
	awake  func() time.Duration
	origin time.Duration // awake() when the clock was made
}

// NewSystemClock returns a clock whose awake time is Go's monotonic clock,
// right where that clock stops during sleep:
//   - Linux: Go reads CLOCK_MONOTONIC, which does not count suspend.
//   - macOS: Go's runtime nanotime calls mach_absolute_time
//     (runtime/sys_darwin.go, nanotime_trampoline in sys_darwin_*.s),
//     which does not advance while the machine sleeps
//     (mach_continuous_time is the one that does).
//
// Not on Windows: there Go reads the interrupt time
// (KUSER_SHARED_DATA.InterruptTime, runtime/sys_windows_amd64.s), which
// keeps counting through sleep and hibernation, so a sleep would be logged
// as focus. The app passes QueryUnbiasedInterruptTime there instead.
func NewSystemClock() *SystemClock { return NewSystemClockFrom(nil, nil) }

// NewSystemClockFrom returns a clock that reads wall time from wall
// (time.Now if nil) and awake time from awake (Go's monotonic clock if
// nil). awake is the time the machine has been awake since any fixed
// origin; only its differences are used, so its origin does not matter.
// Tests pass fakes for both.
func NewSystemClockFrom(wall func() time.Time, awake func() time.Duration) *SystemClock {
	if wall == nil {
		wall = time.Now
	}
	if awake == nil {
		start := time.Now()
		awake = func() time.Duration { return time.Since(start) }
	}
	return &SystemClock{wall: wall, awake: awake, origin: awake()}
}

// Now returns the wall-clock time stripped of Go's monotonic reading, so that
// subtractions between two Now values measure wall time (including sleep),
// at the millisecond precision history is stored with, so a restored block
// is identical to the one that was saved.
func (c *SystemClock) Now() time.Time { return c.wall().Round(0).Truncate(time.Millisecond) }

// Monotonic returns awake time since the clock was made.
func (c *SystemClock) Monotonic() time.Duration { return c.awake() - c.origin }

// FakeClock is a manual clock for tests and simulations.
type FakeClock struct {
	wall time.Time
	mono time.Duration
}

// NewFakeClock returns a fake clock at the given wall time.
func NewFakeClock(wall time.Time) *FakeClock { return &FakeClock{wall: wall} }

// Now returns the fake wall time.
func (c *FakeClock) Now() time.Time { return c.wall }

// Monotonic returns the fake awake time.
func (c *FakeClock) Monotonic() time.Duration { return c.mono }

// Advance moves both clocks: time passes while the machine is awake.
func (c *FakeClock) Advance(d time.Duration) {
	c.wall = c.wall.Add(d)
	c.mono += d
}

// Suspend moves only the wall clock: the machine slept for d.
func (c *FakeClock) Suspend(d time.Duration) { c.wall = c.wall.Add(d) }

// Set moves the wall clock to t without advancing the monotonic clock, as a
// process restart or a long suspend would look.
func (c *FakeClock) Set(t time.Time) { c.wall = t }

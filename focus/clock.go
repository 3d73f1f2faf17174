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

// SystemClock is the real clock.
type SystemClock struct{ origin time.Time }

// NewSystemClock returns a clock whose monotonic reading starts at zero now.
func NewSystemClock() *SystemClock { return &SystemClock{origin: time.Now()} }

// Now returns the wall-clock time stripped of Go's monotonic reading, so that
// subtractions between two Now values measure wall time (including sleep),
// at the millisecond precision history is stored with, so a restored block
// is identical to the one that was saved.
func (c *SystemClock) Now() time.Time { return time.Now().Round(0).Truncate(time.Millisecond) }

// Monotonic returns awake time since the clock was made. On Linux Go's
// monotonic clock is CLOCK_MONOTONIC, which stops during suspend.
func (c *SystemClock) Monotonic() time.Duration { return time.Since(c.origin) }

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

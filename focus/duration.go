package focus

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxBlock is the longest block Heads Down accepts. Anything longer is far
// more likely a typo ("99999h", "500" meant as seconds) than a plan.
const MaxBlock = 12 * time.Hour

// ParseDuration reads a block length as users type it: Go's form ("25m",
// "1h30m", "90s") or a bare number of minutes ("50"). Zero, negative and
// overlong values are errors that name the bad value and say what would work.
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration: give minutes (50) or a Go duration (25m, 1h30m)")
	}
	var d time.Duration
	if n, err := strconv.ParseFloat(in, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) > MaxBlock.Minutes()*1000 {
			return 0, fmt.Errorf("duration %q is out of range: the longest block is %s", s, FormatDuration(MaxBlock))
		}
		d = time.Duration(n * float64(time.Minute))
	} else {
		parsed, err := time.ParseDuration(in)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: give minutes (50) or a Go duration (25m, 1h30m)", s)
		}
		d = parsed
	}
	switch {
	case d <= 0:
		return 0, fmt.Errorf("duration %q must be positive", s)
	case d < time.Second:
		return 0, fmt.Errorf("duration %q is shorter than a second", s)
	case d > MaxBlock:
		return 0, fmt.Errorf("duration %q is too long: the longest block is %s", s, FormatDuration(MaxBlock))
	}
	return d.Round(time.Second), nil
}

// FormatDuration renders a duration the way people read it: "1 h 25 min",
// "25 min", "40 s". Seconds are only shown under a minute.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	m := int(d.Round(time.Minute) / time.Minute)
	h, m := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	default:
		return fmt.Sprintf("%d h %d min", h, m)
	}
}

// MinutesLeft is the countdown number shown in the tray: whole minutes,
// rounded up, so "1" is shown until the very end and "0" never appears while
// something is running.
func MinutesLeft(remaining time.Duration) int {
	if remaining <= 0 {
		return 0
	}
	return int((remaining + time.Minute - 1) / time.Minute)
}

// NextCountdownChange is the wall-clock instant at which MinutesLeft of a
// block ending at deadline next changes, so a caller can sleep until exactly
// then instead of ticking every second.
func NextCountdownChange(now, deadline time.Time) time.Time {
	rem := deadline.Sub(now)
	if rem <= 0 {
		return deadline
	}
	return deadline.Add(-((rem - 1) / time.Minute) * time.Minute)
}

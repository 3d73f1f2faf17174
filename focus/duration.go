package focus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxBlock is the longest block Heads Down accepts. Anything longer is far
// more likely a typo ("99999h", "500" meant as seconds) than a plan.
const MaxBlock = 12 * time.Hour

// DurationForms says, for every message about a length typed by hand, what
// would work.
const DurationForms = "give minutes, or like 1h30 (also 90, 1:30, 25m, 25 min, 1h 30m)"

// ParseDuration reads a block length in the forms people type, and only
// those: bare whole minutes ("90"), hours and minutes on a clock ("1:30",
// minutes 00–59), or units ("25m", "1h30m", "90s", "1h 30m", "25 min",
// "1 hour 30 minutes") where each of hours, minutes and seconds comes at
// most once, largest first, and a bare number after the hours is minutes
// ("1h30", "1h 30"). It does its own parsing rather than
// lean on time.ParseDuration and strconv.ParseFloat, which also take
// "1h1h1h", "0x1p4", "1e2", "+5" and "1.5h": forms nobody means and that
// make a typo silently start a block of some other length. Zero, negative
// and overlong values are errors that name the bad value and say what
// would work. The CLI and the Custom window both use it, so both take and
// refuse the same things in the same words.
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("no length given: %s", DurationForms)
	}
	// A minus sign is refused, but "-5m" is a well-formed negative length,
	// so it gets the more useful "must be positive" rather than "invalid".
	body, negative := strings.CutPrefix(in, "-")
	d, tooLong, ok := parseStrict(body)
	switch {
	case !ok:
		hint := ""
		if strings.Contains(in, ".") {
			hint = ", in whole numbers (1h30 rather than 1.5h)"
		}
		return 0, fmt.Errorf("%q is not a length: %s%s", s, DurationForms, hint)
	case negative:
		return 0, fmt.Errorf("length %q must be positive", s)
	case tooLong || d > MaxBlock:
		return 0, fmt.Errorf("length %q is too long: the longest block is %s", s, FormatDuration(MaxBlock))
	case d <= 0:
		return 0, fmt.Errorf("length %q must be positive", s)
	}
	return d, nil
}

// ReadLength reads a length in ParseDuration's forms without judging it:
// zero is zero, and whether it is too long is the caller's to say. ok is
// false for anything else, and for numbers too big to add up.
func ReadLength(s string) (d time.Duration, ok bool) {
	d, tooLong, ok := parseStrict(strings.TrimSpace(s))
	return d, ok && !tooLong
}

// parseStrict parses the forms ParseDuration documents. ok is false when s
// is in none of them; tooLong is set when it is well-formed but a number is
// too big to add up, which is then certainly over MaxBlock.
func parseStrict(s string) (d time.Duration, tooLong, ok bool) {
	digits := func(s string) int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		return n
	}
	// add adds n units of unit to d, noting (rather than failing on) an
	// overflow so a malformed rest of the string still reads as invalid.
	add := func(num string, unit time.Duration) {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > int64(MaxBlock/unit) {
			tooLong = true
			return
		}
		d += time.Duration(n) * unit
	}
	if n := digits(s); n > 0 && n == len(s) {
		add(s, time.Minute)
		return d, tooLong, true
	}
	if h, m, clock := strings.Cut(s, ":"); clock {
		// H:MM, as on a clock: two digits of minutes, 00 to 59.
		if n := digits(h); n == 0 || n != len(h) || len(m) != 2 || digits(m) != 2 || m[0] > '5' {
			return 0, false, false
		}
		add(h, time.Hour)
		add(m, time.Minute)
		return d, tooLong, true
	}
	units := []struct {
		sym  byte
		size time.Duration
	}{{'h', time.Hour}, {'m', time.Minute}, {'s', time.Second}}
	next := 0 // index into units: each unit at most once, in this order
	for s != "" {
		n := digits(s)
		if n == 0 {
			return 0, false, false
		}
		if n == len(s) {
			// A bare number after the hours is minutes: "1h30".
			if next != 1 {
				return 0, false, false
			}
			add(s, time.Minute)
			return d, tooLong, true
		}
		// The unit: a letter or a word ("25m", "25 min", "1 hour"), with
		// spaces allowed between, as people write it.
		num, rest := s[:n], strings.TrimLeft(s[n:], " ")
		k := 0
		for k < len(rest) && rest[k] >= 'a' && rest[k] <= 'z' {
			k++
		}
		sym, known := unitWords[rest[:k]]
		if !known {
			return 0, false, false
		}
		i := next
		for i < len(units) && units[i].sym != sym {
			i++
		}
		if i == len(units) {
			return 0, false, false // unknown unit, repeated, or out of order
		}
		add(num, units[i].size)
		next, s = i+1, strings.TrimLeft(rest[k:], " ")
	}
	return d, tooLong, next > 0
}

// unitWords are the units a length may be written in, each to its letter:
// Go's h, m and s, and the words people type ("25 min", "1 hour 30 minutes"),
// so FormatDuration's own "1 h 25 min" reads back too. Lower case only, as
// Go's: "1H" is refused rather than guessed.
var unitWords = map[string]byte{
	"h": 'h', "hr": 'h', "hrs": 'h', "hour": 'h', "hours": 'h',
	"m": 'm', "min": 'm', "mins": 'm', "minute": 'm', "minutes": 'm',
	"s": 's', "sec": 's', "secs": 's', "second": 's', "seconds": 's',
}

// FormatDuration renders a duration the way people read it: "1 h 25 min",
// "25 min", "40 s". Seconds are only shown under a minute, and nothing at
// all reads "0 min" (an empty day is not counted in seconds).
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Second/2 {
		return "0 min"
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

// LastMinuteStep is how often the countdown moves in a block's last minute,
// where the tray shows seconds ("55 s left") instead of minutes.
const LastMinuteStep = 5 * time.Second

// NextDisplayChange is when the countdown shown for a block ending at
// deadline next changes: once a minute (NextCountdownChange), then every
// LastMinuteStep in the last minute, on multiples of it before the
// deadline (55 s, 50 s … 5 s), then the deadline. Twelve wakes in a
// block's last minute, none more before it.
func NextDisplayChange(now, deadline time.Time) time.Time {
	rem := deadline.Sub(now)
	if rem > time.Minute {
		return NextCountdownChange(now, deadline)
	}
	if rem <= 0 {
		return deadline
	}
	return deadline.Add(-((rem - 1) / LastMinuteStep) * LastMinuteStep)
}

package focus

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"25m": 25 * time.Minute, "50": 50 * time.Minute, "1h30m": 90 * time.Minute,
		" 45 ": 45 * time.Minute, "1.5": 90 * time.Second, "90s": 90 * time.Second, "12h": 12 * time.Hour,
	}
	for in, want := range good {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"0": "must be positive", "-5m": "must be positive", "25x": "invalid duration \"25x\"",
		"99999h": "too long", "": "empty", "abc": "invalid duration", "1e400": "out of range",
		"NaN": "out of range", "100ms": "shorter than a second", "-0": "must be positive", "721": "too long",
	}
	for in, want := range bad {
		_, err := ParseDuration(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDuration(%q) error = %v; want it to say %q", in, err, want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"25m", "50", "0", "-5m", "25x", "99999h", "1e400", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && (d < time.Second || d > MaxBlock) {
			t.Fatalf("ParseDuration(%q) = %v accepted out of range", s, d)
		}
	})
}

func TestFormatDuration(t *testing.T) {
	cases := map[time.Duration]string{
		85 * time.Minute: "1 h 25 min", 25 * time.Minute: "25 min", 2 * time.Hour: "2 h",
		40 * time.Second: "40 s", 0: "0 s",
	}
	for d, want := range cases {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q want %q", d, got, want)
		}
	}
}

func TestMinutesLeft(t *testing.T) {
	cases := map[time.Duration]int{0: 0, -time.Second: 0, time.Second: 1, time.Minute: 1, time.Minute + time.Nanosecond: 2, 25 * time.Minute: 25}
	for d, want := range cases {
		if got := MinutesLeft(d); got != want {
			t.Errorf("MinutesLeft(%v) = %d want %d", d, got, want)
		}
	}
}

func TestNextCountdownChange(t *testing.T) {
	deadline := t0.Add(25 * time.Minute)
	cases := []struct {
		now  time.Time
		want time.Time
	}{
		{t0, t0.Add(time.Minute)},
		{t0.Add(30 * time.Second), t0.Add(time.Minute)},
		{t0.Add(time.Minute), t0.Add(2 * time.Minute)},
		{t0.Add(24*time.Minute + time.Second), deadline},
		{deadline.Add(time.Second), deadline},
	}
	for _, c := range cases {
		if got := NextCountdownChange(c.now, deadline); !got.Equal(c.want) {
			t.Errorf("NextCountdownChange(%v) = %v want %v", c.now.Sub(t0), got.Sub(t0), c.want.Sub(t0))
		}
		// The number shown must actually change at the returned instant.
		if c.now.Before(deadline) {
			next := NextCountdownChange(c.now, deadline)
			if MinutesLeft(deadline.Sub(next)) == MinutesLeft(deadline.Sub(c.now)) {
				t.Errorf("countdown does not change at %v", next.Sub(t0))
			}
		}
	}
}

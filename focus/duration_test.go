package focus

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"25m", 25 * time.Minute},
		{"50", 50 * time.Minute},
		{"050", 50 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"1h30m15s", 90*time.Minute + 15*time.Second},
		{"1h15s", time.Hour + 15*time.Second},
		{"90m", 90 * time.Minute},
		{" 45 ", 45 * time.Minute},
		{"\t25m\n", 25 * time.Minute},
		{"90s", 90 * time.Second},
		{"1s", time.Second},
		{"12h", 12 * time.Hour},
		{"720", 12 * time.Hour},
		{"11h60m", 12 * time.Hour},
		// The forms people type besides Go's.
		{"90", 90 * time.Minute},
		{"1h30", 90 * time.Minute},
		{"1h 30", 90 * time.Minute},
		{"1h 30m", 90 * time.Minute},
		{"1h  30m", 90 * time.Minute},
		{"1h 30m 15s", 90*time.Minute + 15*time.Second},
		{"1h05", 65 * time.Minute},
		{"1:30", 90 * time.Minute},
		{"0:45", 45 * time.Minute},
		{"01:05", 65 * time.Minute},
		{"12:00", 12 * time.Hour},
		{"11h60", 12 * time.Hour},
		// Units in words, as people write them and as FormatDuration does.
		{"25 min", 25 * time.Minute},
		{"25min", 25 * time.Minute},
		{"90 minutes", 90 * time.Minute},
		{"1 minute", time.Minute},
		{"1 h 25 min", 85 * time.Minute},
		// Refused before issue 20 ("start 25 min" must work): a space
		// between a number and its unit.
		{"1 h", time.Hour},
		{"1h 30 m", 90 * time.Minute},
		{"1 hour 30", 90 * time.Minute},
		{"2 hours", 2 * time.Hour},
		{"1hr 30mins", 90 * time.Minute},
		{"40 s", 40 * time.Second},
		{"45 secs", 45 * time.Second},
		{"1 hour 2 minutes 3 seconds", time.Hour + 2*time.Minute + 3*time.Second},
	}
	for _, c := range good {
		t.Run("accept "+c.in, func(t *testing.T) {
			got, err := ParseDuration(c.in)
			if err != nil || got != c.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
		})
	}
	const forms = "give minutes, or like 1h30"
	bad := []struct{ in, want string }{
		{"", "no length given: " + forms},
		{"   ", "no length given"},
		{"0", `length "0" must be positive`},
		{"0:00", "must be positive"},
		{"0m", "must be positive"},
		{"0h0m0s", "must be positive"},
		{"-0", "must be positive"},
		{"-5", "must be positive"},
		{"-5m", `length "-5m" must be positive`},
		{"-1:30", "must be positive"},
		{"99999h", `length "99999h" is too long`},
		{"12:01", "too long"},
		{"13h", "too long"},
		{"721", "too long"},
		{"12h1s", "too long"},
		{"99999999999999999999", "too long"},
		{"99999999999999999999h", "too long"},
		{"25x", `"25x" is not a length: ` + forms},
		{"25 lightyears", `"25 lightyears" is not a length`},
		{"25 min min", `"25 min min" is not a length`},
		{"30 min 1 hour", `"30 min 1 hour" is not a length`},
		{"1ms", `"1ms" is not a length`},
		{"min", `"min" is not a length`},
		{"abc", `"abc" is not a length`},
		{"1:75", `"1:75" is not a length`},
		{"1:60", "not a length"},
		{"1:5", "not a length"},
		{"1:300", "not a length"},
		{":30", "not a length"},
		{"1:", "not a length"},
		{"1:30:00", "not a length"},
		{"1h:30", "not a length"},
		{"1h30x", `"1h30x" is not a length`},
		{"30m15", "not a length"},
		{"1h30m15", "not a length"},
		{"15s30", "not a length"},
		{"1h\t30m", "not a length"},
		// Loose forms strconv and time.ParseDuration would take.
		{"0x1p4", `"0x1p4" is not a length`},
		{"1e2", `"1e2" is not a length`},
		{"1e400", "not a length"},
		{"NaN", "not a length"},
		{"Inf", "not a length"},
		{"1h1h1h", `"1h1h1h" is not a length`},
		{"5m5m", "not a length"},
		{"30m1h", "not a length"},
		{"1s1m", "not a length"},
		{"+5", "not a length"},
		{"+5m", "not a length"},
		{"--5", "not a length"},
		{"-", "not a length"},
		{"1.5", `"1.5" is not a length: ` + forms + " (also 90, 1:30, 25m, 25 min, 1h 30m), in whole numbers"},
		{"1.5h", "in whole numbers"},
		{".5h", "not a length"},
		{"100ms", "not a length"},
		{"1us", "not a length"},
		{"1µs", "not a length"},
		{"1ns", "not a length"},
		{"1d", "not a length"},
		{"h", "not a length"},
		{"1H", "not a length"},
		{"1_000", "not a length"},
		{"٥٠", "not a length"}, // Arabic-Indic digits
	}
	for _, c := range bad {
		t.Run("refuse "+c.in, func(t *testing.T) {
			d, err := ParseDuration(c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseDuration(%q) = %v, %v; want an error saying %q", c.in, d, err, c.want)
			}
		})
	}
}

// strictForm is the documented grammar, written independently of the parser
// as the fuzzer's oracle.
var strictForm = regexp.MustCompile(`^(?:[0-9]+|[0-9]+:[0-5][0-9]|[0-9]+ *` + hWord + ` *[0-9]+|([0-9]+ *` + hWord + `)? *([0-9]+ *` + mWord + `)? *([0-9]+ *` + sWord + `)?)$`)

const (
	hWord = `(?:h|hrs?|hours?)`
	mWord = `(?:m|mins?|minutes?)`
	sWord = `(?:s|secs?|seconds?)`
)

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"25m", "50", "0", "-5m", "25x", "99999h", "1e400", "NaN", "0x1p4", "1h1h1h", "1e2", "1h30m15s", "1.5h", "1h30", "1:30", "1:75", "1h 30m", "1h30x", "25 min", "1 hour 30 minutes", "2 hoursm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(s)) && strings.TrimSpace(s) != "" {
				t.Fatalf("ParseDuration(%q) error %q does not name the value", s, err)
			}
			// A documented form may only be refused for its value.
			if in := strings.TrimSpace(s); in != "" && strictForm.MatchString(in) &&
				!strings.Contains(err.Error(), "must be positive") && !strings.Contains(err.Error(), "too long") {
				t.Fatalf("ParseDuration(%q) refused a documented form: %v", s, err)
			}
			return
		}
		if d < time.Second || d > MaxBlock {
			t.Fatalf("ParseDuration(%q) = %v accepted out of range", s, d)
		}
		if in := strings.TrimSpace(s); in == "" || !strictForm.MatchString(in) {
			t.Fatalf("ParseDuration(%q) = %v accepted a form outside the documented ones", s, d)
		}
	})
}

func TestFormatDuration(t *testing.T) {
	cases := map[time.Duration]string{
		85 * time.Minute: "1 h 25 min", 25 * time.Minute: "25 min", 2 * time.Hour: "2 h",
		40 * time.Second: "40 s", 0: "0 min", time.Second: "1 s", -25 * time.Minute: "25 min",
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

func TestNextDisplayChange(t *testing.T) {
	deadline := t0.Add(25 * time.Minute)
	last := deadline.Add(-time.Minute)
	cases := []struct {
		now  time.Time
		want time.Time
	}{
		{t0, t0.Add(time.Minute)}, // minutes: as NextCountdownChange
		{t0.Add(23*time.Minute + 30*time.Second), last},
		{last.Add(-time.Second), last},
		{last, deadline.Add(-55 * time.Second)}, // "1 min left" → "55 s left"
		{deadline.Add(-57 * time.Second), deadline.Add(-55 * time.Second)},
		{deadline.Add(-55 * time.Second), deadline.Add(-50 * time.Second)},
		{deadline.Add(-54*time.Second - time.Millisecond), deadline.Add(-50 * time.Second)},
		{deadline.Add(-5 * time.Second), deadline},
		{deadline.Add(-time.Second), deadline},
		{deadline, deadline},
		{deadline.Add(time.Second), deadline},
	}
	for _, c := range cases {
		if got := NextDisplayChange(c.now, deadline); !got.Equal(c.want) {
			t.Errorf("NextDisplayChange(%v before the end) = %v before, want %v before",
				deadline.Sub(c.now), deadline.Sub(got), deadline.Sub(c.want))
		}
	}
	// A whole block: one wake a minute, then twelve in the last minute.
	wakes := 0
	for now := t0; now.Before(deadline); now = NextDisplayChange(now, deadline) {
		wakes++
	}
	if wakes != 24+12 {
		t.Errorf("%d wakes in a 25 min block, want 36", wakes)
	}
}

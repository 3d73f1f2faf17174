package focus

import (
	"errors"
	"fmt"
	"time"
)

// Plan is a rhythm of focus blocks and breaks.
type Plan struct {
	Name       string
	Focus      time.Duration
	ShortBreak time.Duration
	LongBreak  time.Duration
	// LongBreakEvery is how many completed focus blocks earn a long break;
	// 0 means never.
	LongBreakEvery int
}

// The two built-in plans.
var (
	Pomodoro = Plan{Name: "pomodoro", Focus: 25 * time.Minute, ShortBreak: 5 * time.Minute, LongBreak: 15 * time.Minute, LongBreakEvery: 4}
	DeepWork = Plan{Name: "deep-work", Focus: 50 * time.Minute, ShortBreak: 10 * time.Minute, LongBreak: 10 * time.Minute, LongBreakEvery: 0}
)

// Validate reports every problem with the plan's lengths.
func (p Plan) Validate() error {
	var errs []error
	check := func(name string, d time.Duration) {
		switch {
		case d <= 0:
			errs = append(errs, fmt.Errorf("%s length must be positive, got %s", name, d))
		case d < time.Minute:
			errs = append(errs, fmt.Errorf("%s length %s is shorter than a minute", name, d))
		case d > MaxBlock:
			errs = append(errs, fmt.Errorf("%s length %s is longer than %s", name, FormatDuration(d), FormatDuration(MaxBlock)))
		}
	}
	check("focus", p.Focus)
	check("short break", p.ShortBreak)
	check("long break", p.LongBreak)
	if p.LongBreakEvery < 0 || p.LongBreakEvery > 100 {
		errs = append(errs, fmt.Errorf("blocks before a long break must be between 0 and 100, got %d", p.LongBreakEvery))
	}
	return errors.Join(errs...)
}

// Settings are the engine's behaviour switches.
type Settings struct {
	Plan Plan
	// AutoStartBreak starts the break when a focus block completes.
	AutoStartBreak bool
	// AutoStartFocus starts the next focus block when a break completes
	// (only when the break ends while the machine is awake).
	AutoStartFocus bool
}

// Package doctor checks every part of a Heads Down set-up that a user can
// get wrong — the settings file, the database, the folders, the tray host,
// the notification daemon, the keyring, the Slack tokens and their scopes,
// the desktop's lock/idle/suspend signals — and says, for each problem,
// what to do. `headsdown doctor` prints its findings, one line each.
//
// Every check reads; none writes, so it is safe while the app runs.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Level is how a finding counts.
type Level int

const (
	// OK: works.
	OK Level = iota
	// Note: works, with something worth knowing (Slack not connected, no
	// keyring service so the tokens are in a file).
	Note
	// Problem: something does not work until the user acts on Fix.
	Problem
)

func (l Level) String() string {
	switch l {
	case Note:
		return "note"
	case Problem:
		return "PROBLEM"
	}
	return "ok"
}

// Finding is one checked part.
type Finding struct {
	Level Level
	Part  string // "config", "database", "tray host", …
	Says  string // what was found, in a sentence
	Fix   string // what to do; set for every Problem
}

// Check is one part's check; it may return several findings (one per
// folder, one per kind of desktop signal).
type Check struct {
	Part string
	Run  func(ctx context.Context) []Finding
}

// checkTimeout bounds one check: Slack may be slow or unreachable, a
// keyring may wait on an unlock prompt.
const checkTimeout = 20 * time.Second

// Run runs the checks in order and returns every finding.
func Run(ctx context.Context, checks []Check) []Finding {
	return run(ctx, checks, checkTimeout)
}

func run(ctx context.Context, checks []Check, limit time.Duration) []Finding {
	var out []Finding
	for _, c := range checks {
		cctx, cancel := context.WithTimeout(ctx, limit)
		fs := c.Run(cctx)
		// Read before cancel, which would make every check look timed out.
		timedOut := errors.Is(cctx.Err(), context.DeadlineExceeded)
		cancel()
		if len(fs) == 0 && timedOut {
			fs = []Finding{{Problem, c.Part, "did not answer within " + limit.String(), "run `headsdown doctor` again"}}
		}
		out = append(out, fs...)
	}
	return out
}

// Problems counts the findings that need the user.
func Problems(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Level == Problem {
			n++
		}
	}
	return n
}

// Write prints the findings as aligned lines — level, part, what was
// found, and for a problem "→ fix" — then a summary line.
func Write(w io.Writer, fs []Finding) error {
	width := 0
	for _, f := range fs {
		width = max(width, len(f.Part))
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%-7s %-*s  %s", f.Level, width, f.Part, f.Says)
		if f.Fix != "" {
			fmt.Fprintf(&b, " → %s", f.Fix)
		}
		b.WriteString("\n")
	}
	switch n := Problems(fs); n {
	case 0:
		b.WriteString("No problems found.\n")
	case 1:
		b.WriteString("1 problem found.\n")
	default:
		fmt.Fprintf(&b, "%d problems found.\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ok, note and problem build findings tersely.
func ok(part, says string) Finding           { return Finding{OK, part, says, ""} }
func note(part, says string) Finding         { return Finding{Note, part, says, ""} }
func problem(part, says, fix string) Finding { return Finding{Problem, part, says, fix} }

// errText is an error as a finding says it: the first line, without a
// trailing full stop (the finding adds its own punctuation).
func errText(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return strings.TrimSuffix(s, ".")
}

var errNoBus = errors.New("no D-Bus session bus")

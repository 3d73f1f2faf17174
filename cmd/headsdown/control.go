package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// parsed is a subcommand's arguments: positionals and --flags, in any order.
type parsed struct {
	pos   []string
	flags map[string]string
}

// parseArgs accepts --name value, --name=value and boolean --name, anywhere
// among the positionals, and refuses flags the command does not take.
func parseArgs(args []string, valued, boolean []string) (parsed, error) {
	p := parsed{flags: map[string]string{}}
	is := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" || isNumber(a) {
			p.pos = append(p.pos, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case is(boolean, name):
			p.flags[name] = "true"
		case is(valued, name) && hasVal:
			p.flags[name] = val
		case is(valued, name) && i+1 < len(args):
			i++
			p.flags[name] = args[i]
		case is(valued, name):
			return p, fmt.Errorf("%w: --%s needs a value", errUsage, name)
		default:
			var flags []string
			for _, f := range append(append([]string(nil), valued...), boolean...) {
				if len(f) > 1 {
					flags = append(flags, "--"+f)
				}
			}
			return p, fmt.Errorf("%w: unknown flag %s%s", errUsage, a, strings.Replace(didYouMean("--"+strings.TrimLeft(name, "-"), flags), " ", "; ", 1))
		}
	}
	return p, nil
}

// isNumber lets "-5" through as a (bad) duration, so it gets a duration
// error rather than "unknown flag".
func isNumber(s string) bool {
	return len(s) > 1 && s[0] == '-' && (s[1] >= '0' && s[1] <= '9')
}

// sendCommand sends one command to the running instance and prints the result.
func sendCommand(ctx context.Context, cmd string, args []string, stdout io.Writer) error {
	var req ctl.Request
	var asJSON bool
	switch cmd {
	case "start":
		p, err := parseFor("start", args)
		if err != nil {
			return err
		}
		// The words of one length, as typed: `start 25 min`, `start 1h 30m`.
		req = ctl.Request{Cmd: ctl.CmdStart, Tag: p.flags["tag"], Plan: p.flags["plan"], Duration: strings.Join(p.pos, " ")}
	case "break", "afk":
		p, err := parseFor(cmd, args)
		if err != nil {
			return err
		}
		req = ctl.Request{Cmd: cmd, Duration: strings.Join(p.pos, " ")}
	case "status":
		p, err := parseFor("status", args)
		if err != nil {
			return err
		}
		if len(p.pos) > 0 {
			return fmt.Errorf("%w: status takes no arguments", errUsage)
		}
		asJSON = p.flags["json"] == "true"
		req = ctl.Request{Cmd: ctl.CmdStatus}
	default:
		if len(args) > 0 {
			return fmt.Errorf("%w: %s takes no arguments", errUsage, cmd)
		}
		req = ctl.Request{Cmd: cmd}
	}
	// A bad duration is reported before looking for the app: the user
	// learns what to fix even when nothing is running.
	if req.Duration != "" {
		if _, err := focus.ParseDuration(req.Duration); err != nil {
			return err
		}
	}
	st, notes, err := callAppNotes(ctx, req)
	if asJSON && errors.Is(err, ctl.ErrNotRunning) {
		// A status bar reads one shape whether or not the app runs; the
		// exit status (1) still says it does not.
		fmt.Fprintln(stdout, `{"running": false}`)
		return errProblems
	}
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stdout, n) // what the app did beyond the command: "50 min → 35 min: meeting at 11:00"
	}
	if req.Cmd == ctl.CmdQuit {
		// The app answers, then ends: its status is no longer anyone's.
		fmt.Fprintln(stdout, "Heads Down quit.")
		return nil
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	fmt.Fprint(stdout, describeStatus(st, time.Local))
	if cmd == "status" {
		// Only here: every other command's reply is about what it did.
		if line := ctl.AwayLine(st.AwaySources); line != "" {
			fmt.Fprintln(stdout, line)
		}
	}
	return nil
}

// callApp sends one request to the running app and returns its status
// afterwards, or why it refused.
func callApp(ctx context.Context, req ctl.Request) (ctl.Status, error) {
	st, _, err := callAppNotes(ctx, req)
	return st, err
}

// callAppNotes is callApp with the notes the app adds to its answer.
func callAppNotes(ctx context.Context, req ctl.Request) (ctl.Status, []string, error) {
	paths, err := files.Default()
	if err != nil {
		return ctl.Status{}, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := ctl.Call(ctx, paths.Socket, req)
	if err != nil {
		return ctl.Status{}, nil, err
	}
	if !resp.OK {
		return ctl.Status{}, nil, errors.New(resp.Error)
	}
	return *resp.Status, resp.Notes, nil
}

// describeStatus is `headsdown status` for people. Times are on the
// running app's clock (st.Clock), so they read as the tray and the Slack
// status do.
func describeStatus(st ctl.Status, loc *time.Location) string {
	h := st.Hours()
	var b strings.Builder
	kind := focus.Kind(st.Kind).Label()
	left := focus.FormatDuration(time.Duration(st.RemainingSeconds) * time.Second)
	switch focus.State(st.State) {
	case focus.StateIdle:
		b.WriteString("Idle.\n")
	case focus.StatePaused:
		fmt.Fprintf(&b, "%s paused, %s left.\n", kind, left)
	default:
		fmt.Fprintf(&b, "%s", kind)
		if st.Tag != "" {
			fmt.Fprintf(&b, " on %q", st.Tag)
		}
		fmt.Fprintf(&b, ": %s left, until %s.\n", left, h.Time(st.Deadline.In(loc)))
	}
	fmt.Fprintf(&b, "Today: %s of deep work, %s completed.\n",
		focus.FormatDuration(time.Duration(st.TodayFocusSeconds)*time.Second), ctl.Plural(st.TodayBlocks, "block", "blocks"))
	if st.Waiting != "" {
		fmt.Fprintf(&b, "Waiting for you: the next %s starts when you do (`headsdown start` or `break`).\n",
			strings.ToLower(focus.Kind(st.Waiting).Label()))
	}
	if st.AFK {
		b.WriteString(awayLine(st, loc) + "\n")
	}
	b.WriteString(st.Slack.Line + "\n")
	if line := ctl.MeetingLine(st, time.Now(), loc); line != "" {
		b.WriteString(line + ".\n")
	}
	for _, f := range st.Calendar.Feeds {
		if !f.OK && f.Problem != "" {
			fmt.Fprintf(&b, "Calendar %q: %s.\n", f.Name, f.Problem)
		}
	}
	if line := pingsLine(st.Pings, loc, h); line != "" {
		b.WriteString(line + "\n")
	}
	for _, w := range st.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}

// awayLine says since when and why you are away.
func awayLine(st ctl.Status, loc *time.Location) string {
	h := st.Hours()
	why := map[string]string{"lock": "screen locked", "suspend": "suspended", "idle": "idle"}[st.AwayReason]
	line := "Away"
	if st.AwaySince != nil {
		line += " since " + h.Time(st.AwaySince.In(loc))
	}
	if why != "" {
		line += " (" + why + ")"
	}
	switch {
	case st.AFKUntil != nil:
		line += ", until " + h.Time(st.AFKUntil.In(loc)) + "."
	case st.AwayReason == "manual" || st.AwayReason == "":
		line += " (`headsdown back` when you return)."
	default:
		line += "; back as soon as you are."
	}
	return line
}

// pingsLine sums up the inbox for `status`, in the tray's words
// (ctl.PingWords): held, delivered, and the two together to review.
func pingsLine(p ctl.PingStatus, loc *time.Location, h timefmt.Hours) string {
	words := p.Words()
	if p.Intake == "off" || p.Intake == "" {
		if words != "" {
			return "Pings: " + words + " (`headsdown pings`)."
		}
		return ""
	}
	if words == "" {
		words = "none waiting"
	}
	line := "Pings: " + words
	if p.NextReview != nil {
		line += "; next review " + h.DayTime(p.NextReview.In(loc))
	}
	if p.Problem != "" {
		line += " (" + p.Problem + ")"
	}
	return line + "."
}

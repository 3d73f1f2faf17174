// Command headsdown is the Heads Down tray app, its headless twin, its
// window processes and the CLI that talks to whichever is running.
//
//	headsdown                      the tray app
//	headsdown --headless           the same engine with no GUI
//	headsdown start [DURATION] [--tag TAG] [--plan pomodoro|deep-work]
//	headsdown stop | pause | resume | break [DURATION]
//	headsdown status [--json]
//	headsdown afk [DURATION] | back
//	headsdown slack login|logout|status
//	headsdown report [--week 2026-W47] [--format text|md|html|csv|json] [-o FILE]
//	headsdown export [--format csv|json] [-o FILE]
//	headsdown window settings [SECTION]|custom|report   (runs headsdown-ui, which holds the Fyne windows)
//
// Exit status: 0 done, 1 refused or not running, 2 bad usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `Heads Down — focus timer and presence for async teams

Usage:
  headsdown [-v]                     run in the system tray
  headsdown --headless [-v]          run without any GUI (control it with the commands below)

  headsdown start [DURATION] [--tag TAG] [--plan pomodoro|deep-work]
  headsdown stop                     end the running block (time so far is logged)
  headsdown pause | resume
  headsdown break [DURATION]
  headsdown status [--json]
  headsdown afk [DURATION]           away: pauses focus, sets Slack away (until DURATION, if given)
  headsdown back
  headsdown slack login|logout|status
  headsdown report [--week 2026-W47] [--format text|md|html|csv|json] [-o FILE]
  headsdown export [--format csv|json] [-o FILE]   every block and ping metric
  headsdown pings [--json]           Slack pings held for review, by conversation
  headsdown review ID...|--all       mark pings reviewed
  headsdown window settings [SECTION]|custom|report|review
                                            open one window (the tray menu runs these);
                                            SECTION: hours, focus, review, slack, notifications, away
  headsdown version

DURATION is minutes (50) or a Go duration (25m, 1h30m).
Environment: HEADSDOWN_DATA_DIR (default: your config dir + /headsdown),
HEADSDOWN_SLACK_TOKEN and HEADSDOWN_SLACK_APP_TOKEN (override the keyring),
HEADSDOWN_SLACK_API_URL.
`

// errUsage marks errors that are the caller's syntax, exit status 2.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(args, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "headsdown: %v\n\n%s", strings.TrimPrefix(err.Error(), "usage: "), usage)
		return 2
	default:
		fmt.Fprintf(stderr, "headsdown: %v\n", err)
		return 1
	}
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return runApp(args, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "start", "stop", "pause", "resume", "break", "status", "afk", "back":
		return sendCommand(context.Background(), cmd, rest, stdout)
	case "slack":
		return slackCommand(rest, stdin, stdout, stderr)
	case "report", "export":
		return reportCommand(cmd, rest, stdout)
	case "pings":
		return pingsCommand(rest, stdout)
	case "review":
		return reviewCommand(rest, stdout)
	case "window":
		if len(rest) < 1 || len(rest) > 2 || (len(rest) == 2 && rest[0] != "settings") {
			return fmt.Errorf("%w: window needs one name: settings [SECTION], custom or report", errUsage)
		}
		return runWindow(rest...)
	case "version":
		fmt.Fprintln(stdout, "headsdown", version)
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

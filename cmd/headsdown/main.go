// Command headsdown is the Heads Down tray app, its headless twin, its
// window processes and the CLI that talks to whichever is running.
//
//	headsdown                      the tray app (--help, --version: print that and exit)
//	headsdown --headless           the same engine with no GUI
//	headsdown start [DURATION] [--tag TAG] [--plan pomodoro|deep-work]
//	headsdown stop | pause | resume | break [DURATION]
//	headsdown status [--json]
//	headsdown afk [DURATION] | back
//	headsdown quit
//	headsdown slack login|logout|status
//	headsdown calendar add URL|FILE [--name NAME] | list | remove NAME | refresh
//	headsdown report [--week 2026-W47 | --month 2026-11 | --year 2026 | --from DATE --to DATE] [--format text|md|html|csv|json|share] [-o FILE]
//	headsdown export [--format csv|json] [-o FILE]
//	headsdown history [--from DATE] [--to DATE] [--tag TAG] [--json]
//	headsdown add --start TIME --end TIME [--tag TAG] | edit ID [--start TIME] [--end TIME] [--tag TAG] | delete ID | restore ID
//	headsdown import FILE
//	headsdown window settings [SECTION]|custom|report [TAB]|review|welcome [--wait]   (runs headsdown-ui, which holds the Fyne windows)
//	headsdown doctor
//	headsdown completion bash|zsh|fish
//	headsdown COMMAND --help      (any command's own usage; commands.go is the table of them)
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

	"github.com/headsdown-app/headsdown/app/sessionbus"
)

// usage is the whole CLI, built from the command table.
var usage = buildUsage()

func buildUsage() string {
	var b strings.Builder
	b.WriteString("Heads Down — focus timer and presence for async teams\n\nUsage:\n")
	line := func(synopsis, summary string) {
		const col = 34
		if s := "headsdown " + synopsis; len(s) <= col {
			fmt.Fprintf(&b, "  %-*s %s\n", col, s, summary)
		} else {
			fmt.Fprintf(&b, "  %s\n  %-*s %s\n", s, col, "", summary)
		}
	}
	line(appCommand.synopsis, appCommand.summary)
	line("--version", "print the version")
	b.WriteString("\n")
	for _, c := range commands {
		line(c.synopsis, c.summary)
	}
	b.WriteString(`
Every command takes -h or --help for its own usage: ` + "`headsdown report --help`" + `.
DURATION is minutes (90) or like 1h30 (also 1:30, 25m, 25 min, 1h 30m); at most 12 h.
Environment: HEADSDOWN_DATA_DIR (one folder for everything; default: the XDG folders),
HEADSDOWN_SLACK_TOKEN and HEADSDOWN_SLACK_APP_TOKEN (override the keyring),
HEADSDOWN_SLACK_API_URL.
`)
	return b.String()
}

// shortUsage follows an unknown command: one line, pointing to the list.
const shortUsage = "Usage: headsdown COMMAND [ARGS]; `headsdown help` lists the commands.\n"

// errUsage marks errors that are the caller's syntax, exit status 2.
var errUsage = errors.New("usage")

func main() {
	// Before anything looks for D-Bus: no library (systray, the keyring,
	// notifications) may start a private bus that nobody stops.
	sessionbus.NeverAutolaunch()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(args, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errProblems):
		return 1 // the command has said what is wrong
	case errors.Is(err, errUsage):
		// A command's own usage, a few lines; never the whole list for
		// a typo, which would bury the one line that matters.
		help := shortHelp(appCommand)
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			help = shortUsage
			if c, ok := lookup(args[0]); ok {
				help = shortHelp(c)
			}
		}
		fmt.Fprintf(stderr, "headsdown: %v\n\n%s", strings.TrimPrefix(err.Error(), "usage: "), help)
		return 2
	default:
		fmt.Fprintf(stderr, "headsdown: %v\n", err)
		return 1
	}
}

// shortHelp is a command's usage line and where its whole help is: what
// follows a usage error, so the one line that says what went wrong is not
// buried under the flags.
func shortHelp(c command) string {
	name := c.name
	if name != "" {
		name += " "
	}
	return fmt.Sprintf("Usage: headsdown %s\n`headsdown %s--help` shows the flags and an example.\n", c.synopsis, name)
}

func commandHelp(c command) string {
	var b strings.Builder
	writeHelp(&b, c)
	return b.String()
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		// The app itself: its help and version are answered here, before
		// anything is opened, locked or started.
		if wantsHelp(args) {
			fmt.Fprint(stdout, usage)
			fmt.Fprintf(stdout, "\nRunning the app (headsdown %s):\n%s\n", appCommand.synopsis, appCommand.desc)
			writeFlags(stdout, appCommand)
			return nil
		}
		p, err := parseFor("", args)
		if err != nil {
			return err
		}
		if p.flags["version"] != "" {
			if len(args) > 1 {
				return fmt.Errorf("%w: --version takes nothing else", errUsage)
			}
			fmt.Fprintln(stdout, "headsdown", appVersion())
			return nil
		}
		return runApp(args, stderr)
	}
	cmd, rest := args[0], args[1:]
	if c, ok := lookup(cmd); ok && wantsHelp(rest) {
		// Before the command runs: no connection, no file, no side effect.
		writeHelp(stdout, c)
		return nil
	}
	switch cmd {
	case "start", "stop", "pause", "resume", "break", "status", "afk", "back", "quit":
		return sendCommand(context.Background(), cmd, rest, stdout)
	case "slack":
		return slackCommand(rest, stdin, stdout, stderr)
	case "report", "export":
		return reportCommand(cmd, rest, stdout)
	case "calendar":
		return calendarCommand(rest, stdin, stdout, stderr)
	case "pings":
		return pingsCommand(rest, stdout)
	case "history":
		return historyCommand(rest, stdout)
	case "add", "edit", "delete", "restore":
		return editCommand(cmd, rest, stdout)
	case "import":
		return importCommand(rest, stdout)
	case "review":
		return reviewCommand(rest, stdout)
	case "window":
		return windowCommand(rest, stderr)
	case "doctor":
		if len(rest) > 0 {
			return fmt.Errorf("%w: doctor takes no arguments", errUsage)
		}
		return doctorCommand(stdout)
	case "version":
		if len(rest) > 0 {
			return fmt.Errorf("%w: version takes no arguments", errUsage)
		}
		fmt.Fprintln(stdout, "headsdown", appVersion())
		return nil
	case "completion":
		if len(rest) != 1 {
			return fmt.Errorf("%w: completion needs one shell: bash, zsh or fish", errUsage)
		}
		return writeCompletion(stdout, rest[0])
	case "help":
		switch len(rest) {
		case 0:
			fmt.Fprint(stdout, usage)
			return nil
		case 1:
			if c, ok := lookup(rest[0]); ok {
				writeHelp(stdout, c)
				return nil
			}
			return fmt.Errorf("%w: %s", errUsage, unknown("unknown command", rest[0], commandNames(), ""))
		}
		return fmt.Errorf("%w: help takes at most one COMMAND", errUsage)
	}
	return fmt.Errorf("%w: %s", errUsage, unknown("unknown command", cmd, commandNames(), ""))
}

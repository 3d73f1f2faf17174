package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
)

// option is one flag of a command. The same table parses the command's
// arguments, prints its help and generates the shell completions, so the
// three cannot drift apart.
type option struct {
	name   string   // long name, without dashes: "format"
	short  string   // one-letter alias, without the dash: "o"; "" for none
	arg    string   // the value's placeholder ("FORMAT"); "" for a boolean flag
	values []string // the values to complete; nil: free text
	file   bool     // the value is a file name (complete file names)
	hidden bool     // parsed, but neither shown nor completed
	help   string
}

// command is one subcommand of headsdown.
type command struct {
	name     string
	synopsis string // after "headsdown "
	summary  string // one line, for the command list
	desc     string // what it does, in a few lines
	options  []option
	args     []string            // choices for the first positional argument
	then     map[string][]string // choices for the second one, by the first
	example  string
}

// windowNames and settingsSections are what headsdown-ui opens (app/ui
// holds the sections, ui.Sections; this package does not link Fyne).
var (
	windowNames      = []string{"settings", "custom", "report", "review", "welcome"}
	settingsSections = []string{"hours", "focus", "review", "slack", "notifications", "away", "calendar"}
	reportTabs       = []string{"week", "month", "year", "history"} // ui.ReportTabs
	shells           = []string{"bash", "zsh", "fish"}
)

var helpOption = option{name: "help", short: "h", help: "show this help"}

// appCommand is headsdown itself, with no subcommand: the tray app.
var appCommand = command{
	name:     "",
	synopsis: "[--headless] [-v]",
	summary:  "run Heads Down (in the system tray, or headless)",
	desc: "Runs the focus timer in the system tray, or with --headless the same engine without\n" +
		"any GUI. Control a running instance with the other commands.",
	options: []option{
		{name: "headless", help: "run without any GUI (control it with the commands)"},
		{name: "verbose", short: "v", help: "also log to standard error"},
		{name: "version", help: "print the version and exit"},
	},
	example: "headsdown --headless -v",
}

func durationArg(what string) string {
	return "DURATION is minutes (90) or like 1h30 (also 1:30, 25m, 25 min, 1h 30m); " + what + "."
}

// commands is every subcommand, in the order the usage lists them.
var commands = []command{
	{name: "start", synopsis: "start [DURATION] [--tag TAG] [--plan pomodoro|deep-work]",
		summary: "start a focus block",
		desc:    "Starts a focus block in the running app.\n" + durationArg("without it, the plan's length"),
		options: []option{
			{name: "tag", arg: "TAG", help: "what the block is for (shown in reports)"},
			{name: "plan", arg: "PLAN", values: []string{focus.Pomodoro.Name, focus.DeepWork.Name}, help: "the plan to follow: pomodoro or deep-work"},
		},
		example: "headsdown start 50 --tag essay"},
	{name: "stop", synopsis: "stop", summary: "end the running block (time so far is logged)",
		desc: "Ends the running block or break in the running app; the time so far is logged.", example: "headsdown stop"},
	{name: "pause", synopsis: "pause", summary: "pause the running block",
		desc: "Pauses the running block; `headsdown resume` goes on where it stopped.", example: "headsdown pause"},
	{name: "resume", synopsis: "resume", summary: "resume a paused block",
		desc: "Resumes a paused block; its end moves by exactly the pause.", example: "headsdown resume"},
	{name: "break", synopsis: "break [DURATION]", summary: "take a break",
		desc: "Starts a break in the running app.\n" + durationArg("without it, the plan's break"), example: "headsdown break 10"},
	{name: "status", synopsis: "status [--json]", summary: "show the timer, today's totals, Slack and pings",
		desc:    "Prints the running app's state: the block and its time left, today's deep work,\nthe Slack status, held pings and the away signals.",
		options: []option{{name: "json", help: "print a stable JSON shape for scripts and status bars"}},
		example: "headsdown status --json"},
	{name: "afk", synopsis: "afk [DURATION]", summary: "go away: pause focus, Slack away",
		desc: "Marks you away: pauses focus and sets Slack away with an AFK status.\n" + durationArg("with it, the away ends by itself"), example: "headsdown afk 30m"},
	{name: "back", synopsis: "back", summary: "come back from afk",
		desc: "Ends a manual away (`headsdown afk`).", example: "headsdown back"},
	{name: "quit", synopsis: "quit", summary: "quit the running app (a block so far is logged)",
		desc: "Quits the running app as its tray menu's Quit does: a running block is logged as\n" +
			"stopped and Slack is put back as it was. The Windows installer and uninstaller use it.",
		example: "headsdown quit"},
	{name: "slack", synopsis: "slack login|logout|status", summary: "connect to Slack, disconnect, or check the connection",
		desc: "login reads a Slack User OAuth Token (from the terminal without echo, or from standard\n" +
			"input), checks it with Slack and saves it in the OS keyring (without a keyring service,\n" +
			"in an owner-only file in the config folder). logout removes the tokens;\n" +
			"status checks the saved token again.",
		args: []string{"login", "logout", "status"}, example: "headsdown slack status"},
	{name: "calendar", synopsis: "calendar add [URL|FILE|-] [--name NAME] | list | remove NAME | refresh",
		summary: "meetings from an ICS link or file: add, list, remove, refresh",
		desc: "add fetches a calendar's secret ICS address (Google's \"Secret address in iCal format\",\n" +
			"Outlook's published ICS link, Fastmail, Nextcloud, iCloud) or reads an .ics file once, and\n" +
			"keeps it only if it is a calendar; the link is kept like the Slack tokens, never in\n" +
			"config.toml. list shows them (links elided), remove forgets one and its saved copy,\n" +
			"refresh fetches them all now. Only times are used; titles never reach Slack.\n" +
			"Without URL (or with -) add reads the link from standard input, keeping it out of the\n" +
			"shell's history and the process list.",
		options: []option{{name: "name", arg: "NAME", help: "what to call the calendar (default: the service's or file's name)"}},
		args:    []string{"add", "list", "remove", "refresh"},
		example: "headsdown calendar add https://calendar.google.com/calendar/ical/…/basic.ics --name work"},
	{name: "report", synopsis: "report [--week 2026-W47 | --month 2026-11 | --year 2026 | --from DATE --to DATE] [--format text|md|html|csv|json|share] [-o FILE]",
		summary: "the focus report: a week, a month, a year or any range",
		desc: "Prints a report, read from the database (the app need not run): a week (the default),\n" +
			"a month, a year, or the days --from DATE --to DATE (both included, in your time zone).\n" +
			"--format share prints only the line to paste to your team, such as " +
			"\"This week: 14 h deep work · 25 pings held · median wait 46 min\".",
		options: []option{
			{name: "week", arg: "WEEK", help: "the ISO week, such as 2026-W47 (default: this week)"},
			{name: "month", arg: "MONTH", help: "a calendar month, such as 2026-11"},
			{name: "year", arg: "YEAR", help: "a calendar year, such as 2026"},
			{name: "from", arg: "DATE", help: "the first day of a range, such as 2026-11-03"},
			{name: "to", arg: "DATE", help: "the last day of a range, included (default: today)"},
			{name: "format", arg: "FORMAT", values: report.Formats, help: "one of " + strings.Join(report.Formats, ", ") + " (default text)"},
			{name: "output", short: "o", arg: "FILE", file: true, help: "write to FILE (replaced whole, or left as it was)"},
		},
		example: "headsdown report --week 2026-W47 --format html -o week.html"},
	{name: "export", synopsis: "export [--format csv|json] [-o FILE]", summary: "every block and ping metric",
		desc: "Exports the whole history, every block and ping metric (never message text),\nread from the database (the app need not run).",
		options: []option{
			{name: "format", arg: "FORMAT", values: report.ExportFormats, help: "one of " + strings.Join(report.ExportFormats, ", ") + " (default json)"},
			{name: "output", short: "o", arg: "FILE", file: true, help: "write to FILE (replaced whole, or left as it was)"},
			{name: "week", arg: "WEEK", hidden: true}, // refused with a pointer to report
		},
		example: "headsdown export --format csv -o history.csv"},
	{name: "history", synopsis: "history [--from DATE] [--to DATE] [--tag TAG] [--json]", summary: "every focus block, newest first",
		desc: "Lists focus blocks, newest first: id, start, end, focus, tag, outcome, and \"manual\" for\n" +
			"blocks added or edited by hand. Read from the database (the app need not run).\n" +
			"Dates are days in your time zone, both included.",
		options: []option{
			{name: "from", arg: "DATE", help: "the first day, such as 2026-11-03"},
			{name: "to", arg: "DATE", help: "the last day, included"},
			{name: "tag", arg: "TAG", help: "only blocks under TAG"},
			{name: "json", help: "print JSON (id, uid, start, end, focus_seconds, tag, outcome, manual)"},
		},
		example: "headsdown history --from 2026-11-01 --tag essay"},
	{name: "add", synopsis: "add --start TIME --end TIME [--tag TAG]", summary: "add a focus block the timer missed",
		desc: "Adds a finished focus block, marked manual, and prints its ID. TIME is local time in your\n" +
			"time zone (\"2026-12-01 09:00\") or RFC 3339. Refused: an end before the start or in the\n" +
			"future, more than 12 h, or an overlap with another block (named).",
		options: []option{
			{name: "start", arg: "TIME", help: "when it started, such as \"2026-12-01 09:00\""},
			{name: "end", arg: "TIME", help: "when it ended"},
			{name: "tag", arg: "TAG", help: "what it was for"},
		},
		example: "headsdown add --start \"2026-12-01 09:00\" --end \"2026-12-01 10:30\" --tag essay"},
	{name: "edit", synopsis: "edit ID [--start TIME] [--end TIME] [--tag TAG]", summary: "change a block's times or tag",
		desc: "Changes a finished block (IDs from `headsdown history`). New times obey the rules of add;\n" +
			"the block is then marked manual and its original times are kept. A running block is refused.",
		options: []option{
			{name: "start", arg: "TIME", help: "the new start"},
			{name: "end", arg: "TIME", help: "the new end"},
			{name: "tag", arg: "TAG", help: "the new tag (\"\" for none)"},
		},
		example: "headsdown edit 42 --end \"2026-12-01 10:45\""},
	{name: "delete", synopsis: "delete ID", summary: "delete a block (undo with restore)",
		desc: "Deletes a finished block from reports and lists; `headsdown restore ID` brings it back.", example: "headsdown delete 42"},
	{name: "restore", synopsis: "restore ID", summary: "undo a delete",
		desc: "Brings a deleted block back, unless a block added since overlaps it.", example: "headsdown restore 42"},
	{name: "import", synopsis: "import FILE", summary: "merge an export (from this computer or another) into the history",
		desc: "Merges the blocks of FILE, written by `headsdown export --format json`, into the history.\n" +
			"Blocks already here (the same file twice) are not added again; a block that overlaps\n" +
			"one here is skipped and named, never doubled. Pings are not imported.",
		example: "headsdown import laptop-export.json"},
	{name: "pings", synopsis: "pings [--json]", summary: "Slack pings held for review, by conversation",
		desc:    "Lists the pings held for review, grouped by conversation, read from the database.",
		options: []option{{name: "json", help: "print JSON"}},
		example: "headsdown pings"},
	{name: "review", synopsis: "review ID...|--all", summary: "mark pings reviewed",
		desc:    "Marks held pings reviewed (IDs from `headsdown pings`), through the running app.",
		options: []option{{name: "all", help: "mark every held ping reviewed"}},
		example: "headsdown review 12 13"},
	{name: "window", synopsis: "window settings [SECTION]|custom|report [TAB]|review|welcome [--wait]", summary: "open one window (the tray menu runs these)",
		desc: "Opens one window (run by headsdown-ui) and returns once it shows, as xdg-open does;\n" +
			"a window that cannot open says why, and the command exits 1.\n" +
			"SECTION: " + strings.Join(settingsSections, ", ") + ". TAB: " + strings.Join(reportTabs, ", ") + ".",
		options: []option{{name: "wait", help: "wait until the window is closed; Ctrl-C closes it"}},
		args:    windowNames, then: map[string][]string{"settings": settingsSections, "report": reportTabs},
		example: "headsdown window settings slack"},
	{name: "doctor", synopsis: "doctor", summary: "check the set-up: what is wrong and how to fix it",
		desc: "Checks every part a set-up can get wrong, one line each, with a fix for each problem:\n" +
			"the settings file, the database, the folders, the tray host, notifications, the keyring,\n" +
			"the Slack tokens and their scopes, and the desktop's lock, suspend and idle signals.\n" +
			"It writes nothing. Exit status 1 when there is a problem.",
		example: "headsdown doctor"},
	{name: "version", synopsis: "version", summary: "print the version",
		desc: "Prints \"headsdown VERSION\", as `headsdown --version` does.", example: "headsdown version"},
	{name: "completion", synopsis: "completion bash|zsh|fish", summary: "print a shell completion script",
		desc: "Prints a completion script for the shell to standard output. Install it with, e.g.:\n" +
			"  headsdown completion bash > ~/.local/share/bash-completion/completions/headsdown\n" +
			"  echo 'source <(headsdown completion zsh)' >> ~/.zshrc\n" +
			"  headsdown completion fish > ~/.config/fish/completions/headsdown.fish",
		args: shells, example: "source <(headsdown completion bash)"},
	{name: "help", synopsis: "help [COMMAND]", summary: "show the usage, or one command's",
		desc:    "Prints the usage, or with COMMAND that command's own help (as `headsdown COMMAND --help`).",
		example: "headsdown help report"},
}

func init() {
	// help completes command names; done here, as commands refers to itself.
	for i := range commands {
		if commands[i].name == "help" {
			commands[i].args = commandNames()
		}
	}
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// allOptions is the command's options plus --help.
func (c command) allOptions() []option {
	return append(append([]option(nil), c.options...), helpOption)
}

// parseFor parses a command's arguments with the flags its table entry
// declares.
func parseFor(name string, args []string) (parsed, error) {
	c, ok := lookup(name)
	if !ok {
		c = appCommand
	}
	var valued, boolean []string
	for _, o := range c.options {
		list := &boolean
		if o.arg != "" {
			list = &valued
		}
		*list = append(*list, o.name)
		if o.short != "" {
			*list = append(*list, o.short)
		}
	}
	return parseArgs(args, valued, boolean)
}

// wantsHelp reports whether args ask for help: -h or --help anywhere.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
		if a == "--" {
			return false
		}
	}
	return false
}

// flagLabel is "-o, --output FILE".
func (o option) label() string {
	s := "--" + o.name
	if o.short != "" {
		s = "-" + o.short + ", " + s
	}
	if o.arg != "" {
		s += " " + o.arg
	}
	return s
}

// writeHelp prints one command's help.
func writeHelp(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: headsdown %s\n\n%s\n", c.synopsis, c.desc)
	writeFlags(w, c)
}

// writeFlags prints a command's flags and example.
func writeFlags(w io.Writer, c command) {
	var opts []option
	for _, o := range c.allOptions() {
		if !o.hidden {
			opts = append(opts, o)
		}
	}
	width := 0
	for _, o := range opts {
		width = max(width, len(o.label()))
	}
	fmt.Fprintln(w, "\nFlags:")
	for _, o := range opts {
		fmt.Fprintf(w, "  %-*s  %s\n", width, o.label(), o.help)
	}
	fmt.Fprintf(w, "\nExample:\n  %s\n", c.example)
}

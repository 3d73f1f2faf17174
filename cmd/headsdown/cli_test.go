package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/app/report"
)

// Every command's --help and -h print its own usage to stdout and exit 0,
// before doing anything: with an empty data folder, a command that tried
// to reach the app or open the database would fail ("not running", "no
// database") instead.
func TestHelpOnEveryCommand(t *testing.T) {
	want := []string{"start", "stop", "pause", "resume", "break", "status", "afk", "back", "quit",
		"slack", "calendar", "report", "export", "history", "add", "edit", "delete", "restore", "import", "pings", "review", "window", "doctor", "version", "completion", "help"}
	if got := strings.Join(commandNames(), " "); got != strings.Join(want, " ") {
		t.Fatalf("commands %q, want %q", got, want)
	}
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	cases := [][]string{{"--help"}, {"-h"}, {"-v", "--help"}, {"--headless", "-h"}}
	for _, c := range commands {
		cases = append(cases, []string{c.name, "--help"}, []string{c.name, "-h"})
	}
	// Help anywhere wins over the arguments, even bad ones or ones that
	// would act (start a block, write a file, read a token from stdin).
	cases = append(cases,
		[]string{"start", "50", "--tag", "x", "--help"},
		[]string{"report", "-o", filepath.Join(dir, "r.txt"), "-h"},
		[]string{"report", "--format", "nope", "--help"},
		[]string{"slack", "login", "--help"},
		[]string{"window", "settings", "-h"},
		[]string{"review", "--all", "-h"},
		[]string{"help", "status"},
	)
	for _, args := range cases {
		out, errs, code := runCLI(t, "xoxp-from-stdin\n", args...)
		synopsis := appCommand.synopsis
		if c, ok := lookup(args[0]); ok && !(args[0] == "help" && len(args) == 2 && args[1] == "status") {
			synopsis = c.synopsis
		} else if args[0] == "help" {
			synopsis = "status [--json]"
		}
		if code != 0 || errs != "" || !strings.Contains(out, "headsdown "+synopsis) ||
			!strings.Contains(out, "Example:") || !strings.Contains(out, "-h, --help") {
			t.Errorf("headsdown %s: exit %d, stderr %q, stdout:\n%s", strings.Join(args, " "), code, errs, out)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Fatalf("help left files behind: %v %v", entries, err)
	}
}

func TestHelpShowsEveryVisibleFlag(t *testing.T) {
	for _, c := range append([]command{appCommand}, commands...) {
		help := commandHelp(c)
		for _, o := range c.options {
			if strings.Contains(help, "--"+o.name) == o.hidden {
				t.Errorf("%q help: --%s shown %v, hidden %v", c.name, o.name, !o.hidden, o.hidden)
			}
		}
	}
	if !strings.Contains(usage, "--version") || !strings.Contains(usage, "completion bash|zsh|fish") {
		t.Errorf("usage:\n%s", usage)
	}
}

// Bad usage is still refused: exit 2, the command's usage on stderr.
func TestBadUsageStillRefused(t *testing.T) {
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "--bogus"}, "unknown flag --bogus"},
		{[]string{"report", "--format"}, "--format needs a value"},
		{[]string{"--bogus"}, "unknown flag --bogus"},
		{[]string{"--version", "extra"}, "--version takes nothing else"},
		{[]string{"version", "x"}, "version takes no arguments"},
		{[]string{"completion"}, "completion needs one shell"},
		{[]string{"completion", "tcsh"}, `unknown shell "tcsh"`},
		{[]string{"help", "nope"}, `unknown command "nope"`},
		{[]string{"nope"}, `unknown command "nope"`},
	} {
		out, errs, code := runCLI(t, "", tc.args...)
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "Usage:") {
			t.Errorf("headsdown %s: exit %d, stdout %q, stderr:\n%s", strings.Join(tc.args, " "), code, out, errs)
		}
	}
	if _, errs, _ := runCLI(t, "", "status", "--bogus"); !strings.Contains(errs, "Usage: headsdown status [--json]") {
		t.Errorf("status --bogus shows the whole usage, not status's:\n%s", errs)
	}
}

func TestVersion(t *testing.T) {
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	old := version
	version = "1.2.3-test"
	defer func() { version = old }()
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, errs, code := runCLI(t, "", args...)
		if code != 0 || errs != "" || out != "headsdown 1.2.3-test\n" {
			t.Errorf("headsdown %s: exit %d %q %q", args[0], code, out, errs)
		}
	}
}

// Without make's -X (go install, go build), the version comes from what
// Go recorded about the module.
func TestVersionFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		name, recorded string
		ok             bool
		want           string
	}{
		{"go install @tag", "v0.1.0", true, "0.1.0"},
		{"go build in a checkout", "v0.1.1-0.20261126015432-6187ca7abcde+dirty", true, "0.1.1-0.20261126015432-6187ca7abcde+dirty"},
		{"go build outside VCS", "(devel)", true, "dev"},
		{"no build info", "", false, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Version: tc.recorded}}
			if got := versionFromBuildInfo(info, tc.ok); got != tc.want {
				t.Errorf("versionFromBuildInfo(%q) = %q, want %q", tc.recorded, got, tc.want)
			}
		})
	}
}

// The table agrees with what the commands accept.
func TestCommandTableMatchesTheParsers(t *testing.T) {
	c, _ := lookup("report")
	for _, o := range c.options {
		if o.name == "format" {
			for _, f := range o.values {
				if err := report.CheckFormat(f); err != nil {
					t.Errorf("report --format %s: %v", f, err)
				}
			}
		}
	}
	// Every visible flag of every command parses (its value, if any, given).
	for _, c := range append([]command{appCommand}, commands...) {
		for _, o := range c.options {
			args := []string{"--" + o.name}
			if o.arg != "" {
				args = append(args, "x")
			}
			if _, err := parseFor(c.name, args); err != nil {
				t.Errorf("%q: %v", c.name, err)
			}
		}
	}
}

func completionScript(t *testing.T, shell string) string {
	t.Helper()
	out, errs, code := runCLI(t, "", "completion", shell)
	if code != 0 || errs != "" || out == "" {
		t.Fatalf("completion %s: exit %d %q", shell, code, errs)
	}
	return out
}

func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	script := filepath.Join(t.TempDir(), "headsdown.bash")
	if err := os.WriteFile(script, []byte(completionScript(t, "bash")), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	// complete LINE: the words of LINE, the last one (possibly empty) being
	// completed, as bash would call the function on TAB.
	complete := func(line string) string {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var q []string
		for _, w := range words {
			q = append(q, "'"+w+"'")
		}
		prog := `source "$1"
COMP_WORDS=(` + strings.Join(q, " ") + `)
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_headsdown
printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '`
		out, err := exec.Command(bash, "--norc", "--noprofile", "-c", prog, "bash", script).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	for _, tc := range []struct{ line, want string }{
		{"headsdown rep", "report"},
		{"headsdown re", "report restore resume review"},
		{"headsdown --v", "--verbose --version"},
		{"headsdown report --format ", "csv html json md share text"},
		{"headsdown report --week 2026-W47 --format h", "html"},
		{"headsdown report -", "--format --from --help --month --output --to --week --year -h -o"},
		{"headsdown history -", "--from --help --json --tag --to -h"},
		{"headsdown export --format ", "csv json"},
		{"headsdown start --plan ", "deep-work pomodoro"},
		{"headsdown window ", "custom report review settings welcome"},
		{"headsdown window settings ", "away calendar focus hours notifications review slack"},
		{"headsdown window settings slack ", "--help --wait -h"},
		{"headsdown slack ", "login logout status"},
		{"headsdown completion ", "bash fish zsh"},
		{"headsdown help sta", "start status"},
		{"headsdown status ", "--help --json -h"},
	} {
		if got := complete(tc.line); got != tc.want {
			t.Errorf("%q<TAB> = %q, want %q", tc.line, got, tc.want)
		}
	}
	// -o completes file names.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "week47.html"), nil, 0o600)
	if got := complete("headsdown report -o " + dir + "/we"); got != dir+"/week47.html" {
		t.Errorf("-o FILE: %q", got)
	}
}

func TestZshCompletion(t *testing.T) {
	script := completionScript(t, "zsh")
	if !strings.Contains(script, "bashcompinit") || !strings.Contains(script, "complete -F _headsdown headsdown") {
		t.Errorf("zsh script:\n%.300s", script)
	}
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh is not installed: the zsh script was not checked by zsh -n")
	}
	f := filepath.Join(t.TempDir(), "_headsdown")
	os.WriteFile(f, []byte(script), 0o600)
	if out, err := exec.Command(zsh, "-n", f).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
}

func TestFishCompletion(t *testing.T) {
	script := completionScript(t, "fish")
	for _, want := range []string{"-l format -r -a 'text md html csv json share'", "-s o -l output -r -F",
		"-a 'settings custom report review welcome'", "-a 'hours focus review slack notifications away calendar'", "-a 'login logout status'"} {
		if !strings.Contains(script, want) {
			t.Errorf("fish script lacks %q", want)
		}
	}
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed: the fish script was not checked by fish --no-execute")
	}
	f := filepath.Join(t.TempDir(), "headsdown.fish")
	os.WriteFile(f, []byte(script), 0o600)
	if out, err := exec.Command(fish, "--no-execute", f).CombinedOutput(); err != nil {
		t.Fatalf("fish --no-execute: %v\n%s", err, out)
	}
}

// A typo gets one line that says what was meant, then a short usage: the
// command's own, or one line pointing to the list; never the whole list.
func TestTypoMessages(t *testing.T) {
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	for _, tc := range []struct {
		args  []string
		first string // the first line of stderr, whole
		usage string // what the usage part starts with
	}{
		{[]string{"statsu"}, `headsdown: unknown command "statsu"; did you mean "status"?`, shortUsage},
		{[]string{"strat", "25"}, `headsdown: unknown command "strat"; did you mean "start"?`, shortUsage},
		{[]string{"reprot"}, `headsdown: unknown command "reprot"; did you mean "report"?`, shortUsage},
		{[]string{"frobnicate"}, `headsdown: unknown command "frobnicate"`, shortUsage},
		{[]string{"help", "stauts"}, `headsdown: unknown command "stauts"; did you mean "status"?`, "Usage: headsdown help"},
		{[]string{"status", "--jsno"}, `headsdown: unknown flag --jsno; did you mean --json?`, "Usage: headsdown status"},
		{[]string{"report", "--fromat", "md"}, `headsdown: unknown flag --fromat; did you mean --format?`, "Usage: headsdown report"},
		{[]string{"--headles"}, `headsdown: unknown flag --headles; did you mean --headless?`, "Usage: headsdown [--headless]"},
		{[]string{"window"}, `headsdown: window needs the name of a window: settings, custom, report, review and welcome`, "Usage: headsdown window"},
		{[]string{"window", "foo"}, `headsdown: there is no window "foo". The windows are settings, custom, report, review and welcome.`, "Usage: headsdown window"},
		{[]string{"window", "setings"}, `headsdown: there is no window "setings"; did you mean "settings"? The windows are settings, custom, report, review and welcome.`, "Usage: headsdown window"},
		{[]string{"window", "settings", "hourz"}, `headsdown: Settings has no section "hourz"; did you mean "hours"? The sections are hours, focus, review, slack, notifications, away and calendar.`, "Usage: headsdown window"},
		{[]string{"window", "report", "hours"}, `headsdown: the report window has no tab "hours". The tabs are week, month, year and history.`, "Usage: headsdown window"},
		{[]string{"window", "report", "mnth"}, `headsdown: the report window has no tab "mnth"; did you mean "month"? The tabs are week, month, year and history.`, "Usage: headsdown window"},
		{[]string{"window", "custom", "hours"}, `headsdown: only the settings window opens at a section and the report window at a tab, not the custom window`, "Usage: headsdown window"},
		{[]string{"window", "settings", "hours", "x"}, `headsdown: window takes a name, and for settings a section or for report a tab, not "x"`, "Usage: headsdown window"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := runCLI(t, "", tc.args...)
			first, rest, _ := strings.Cut(errs, "\n")
			if code != 2 || out != "" || first != tc.first {
				t.Fatalf("exit %d, stdout %q, first line of stderr:\n  %s\nwant\n  %s", code, out, first, tc.first)
			}
			if rest = strings.TrimPrefix(rest, "\n"); !strings.HasPrefix(rest, tc.usage) {
				t.Errorf("after the message:\n%s\nwant it to start %q", rest, tc.usage)
			}
			if n := strings.Count(errs, "\n"); n > 4 {
				t.Errorf("%d lines on stderr for a typo:\n%s", n, errs)
			}
		})
	}
}

// Lengths are checked before the app is looked for, as one length however
// many words it was typed in.
func TestDurationWordsBeforeTheApp(t *testing.T) {
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"start", "25", "min"}, "Heads Down is not running"},
		{[]string{"start", "1", "h", "30", "min", "--tag", "essay"}, "Heads Down is not running"},
		{[]string{"break", "10", "minutes"}, "Heads Down is not running"},
		{[]string{"afk", "1", "hour"}, "Heads Down is not running"},
		{[]string{"start", "25", "essay"}, `"25 essay" is not a length`},
		{[]string{"break", "5", "lightyears"}, `"5 lightyears" is not a length`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errs, code := runCLI(t, "", tc.args...)
			if code != 1 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, tc.want)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	names := commandNames()
	for _, tc := range []struct{ typed, want string }{
		{"statsu", ` did you mean "status"?`},
		{"strat", ` did you mean "start"?`},
		{"STATUS", ` did you mean "status"?`},
		{"stat", ` did you mean "start"?`}, // one letter from start, two from status
		{"xyz", ""},
		{"s", ""},
		{"", ""},
		{"--jsno", ""}, // not among commands
	} {
		if got := didYouMean(tc.typed, names); got != tc.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

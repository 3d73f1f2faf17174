package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent, plus
// the build events of Go 1.24 and newer).
type event struct {
	Action      string
	Package     string
	ImportPath  string // build-output, build-fail
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
}

// pkgResult is what one package's test program did.
type pkgResult struct {
	name                    string
	output                  strings.Builder // everything it printed, in order
	tests                   map[string]*testResult
	order                   []string // test names in the order they started
	passed, failed, skipped int
	done                    bool
	ok                      bool
	elapsed                 float64
	failedBuild             string
}

type testResult struct {
	lines  []string // its own output, for the skip reason
	result string   // pass, fail, skip; "" while running
}

// summary gathers the events of one or more go test runs.
type summary struct {
	module   string // trimmed from package names when printed
	pkgs     map[string]*pkgResult
	order    []string
	builds   map[string]*strings.Builder // build output by ImportPath
	goFailed bool                        // go test failed outside any package
}

func newSummary(module string) *summary {
	return &summary{module: module, pkgs: map[string]*pkgResult{}, builds: map[string]*strings.Builder{}}
}

func (s *summary) pkg(name string) *pkgResult {
	p := s.pkgs[name]
	if p == nil {
		p = &pkgResult{name: strings.TrimPrefix(name, s.module+"/"), tests: map[string]*testResult{}}
		s.pkgs[name] = p
		s.order = append(s.order, name)
	}
	return p
}

// read consumes go test -json output and prints a line per package as it
// ends (with all its output when verbose). Lines that are not JSON (go's
// own messages) are passed through.
func (s *summary) read(r io.Reader, out io.Writer, verbose bool) error {
	sc := lineReader(r)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line)
			continue
		}
		if p := s.add(e); p != nil {
			if verbose {
				io.WriteString(out, p.output.String())
			}
			fmt.Fprintln(out, p.line())
		}
	}
	return sc.Err()
}

// add records one event and returns the package when this event ended it.
func (s *summary) add(e event) *pkgResult {
	switch e.Action {
	case "build-output":
		b := s.builds[e.ImportPath]
		if b == nil {
			b = &strings.Builder{}
			s.builds[e.ImportPath] = b
		}
		b.WriteString(e.Output)
		return nil
	case "build-fail":
		return nil
	}
	if e.Package == "" {
		return nil
	}
	p := s.pkg(e.Package)
	if e.Test == "" {
		switch e.Action {
		case "output":
			p.output.WriteString(e.Output)
		case "pass", "fail", "skip":
			p.done, p.ok, p.elapsed = true, e.Action != "fail", e.Elapsed
			p.failedBuild = e.FailedBuild
			p.finish()
			return p
		}
		return nil
	}
	t := p.tests[e.Test]
	if t == nil {
		t = &testResult{}
		p.tests[e.Test] = t
		p.order = append(p.order, e.Test)
	}
	switch e.Action {
	case "output":
		p.output.WriteString(e.Output)
		t.lines = append(t.lines, e.Output)
	case "pass", "fail", "skip":
		t.result = e.Action
	}
	return nil
}

// finish counts the package's tests. A test that never reported a result
// (its program crashed or timed out under it) counts as failed, and so does
// a failed package with no failed test (it crashed before or after its
// tests), so a failing run never closes with "0 failed".
func (p *pkgResult) finish() {
	p.passed, p.failed, p.skipped = 0, 0, 0
	for _, name := range p.order {
		switch p.tests[name].result {
		case "pass":
			p.passed++
		case "skip":
			p.skipped++
		default:
			p.failed++
		}
	}
	if !p.ok && p.failed == 0 {
		p.failed = 1
	}
}

func (p *pkgResult) line() string {
	status := "ok  "
	if !p.ok {
		status = "FAIL"
	}
	what := fmt.Sprintf("%d passed", p.passed)
	if p.failed > 0 {
		what += fmt.Sprintf(", %d failed", p.failed)
	}
	if p.skipped > 0 {
		what += fmt.Sprintf(", %d skipped", p.skipped)
	}
	if p.failedBuild != "" {
		what = "build failed"
	}
	return fmt.Sprintf("%s %-24s %6.1fs  %s", status, p.name, p.elapsed, what)
}

// anyFailed: ok is set only by a package's final pass or skip, so one that
// never finished (its program was killed) counts as failed too.
func (s *summary) anyFailed() bool {
	for _, p := range s.pkgs {
		if !p.ok {
			return true
		}
	}
	return false
}

// logLine is a test's log line as go test -v prints it: "    file.go:12: text".
var logLine = regexp.MustCompile(`^\s+[\w.-]+\.go:\d+: (.*)$`)

// skipReason is the last thing a skipped test logged before "--- SKIP",
// which is t.Skip's message.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if m := logLine.FindStringSubmatch(strings.TrimRight(lines[i], "\r\n")); m != nil {
			return m[1]
		}
	}
	return "(no reason given)"
}

// report prints the failing packages' output, the failed tests, the skip
// reasons grouped and counted, and the totals, ending with the closing line.
func (s *summary) report(out io.Writer, took time.Duration) {
	var passed, failed, skipped, failedPkgs, topLevel int
	reasons := map[string][]string{}
	var failedTests []string
	for _, name := range s.order {
		p := s.pkgs[name]
		if !p.done { // go test ended without a word on it
			p.finish()
			p.ok = false
			if p.failed == 0 {
				p.failed = 1
			}
		}
		passed += p.passed
		failed += p.failed
		skipped += p.skipped
		for _, tn := range p.order {
			if !strings.Contains(tn, "/") {
				topLevel++
			}
			switch t := p.tests[tn]; t.result {
			case "skip":
				r := skipReason(t.lines)
				reasons[r] = append(reasons[r], p.name+"."+tn)
			case "pass":
			default:
				failedTests = append(failedTests, p.name+"."+tn)
			}
		}
		if p.ok {
			continue
		}
		failedPkgs++
		fmt.Fprintf(out, "\n=== output of %s (failed)\n", p.name)
		if p.failedBuild != "" {
			if b := s.builds[p.failedBuild]; b != nil {
				io.WriteString(out, b.String())
			}
		}
		io.WriteString(out, p.output.String())
	}
	// Build errors of packages go test never got to (a test variant).
	for ip, b := range s.builds {
		if _, seen := s.pkgs[ip]; !seen && !s.namedByFailedBuild(ip) {
			fmt.Fprintf(out, "\n=== build output of %s\n%s", ip, b.String())
		}
	}

	if len(reasons) > 0 {
		fmt.Fprintf(out, "\nSkipped under Wine, by reason:\n")
		keys := make([]string, 0, len(reasons))
		for r := range reasons {
			keys = append(keys, r)
		}
		sort.Slice(keys, func(i, j int) bool {
			if len(reasons[keys[i]]) != len(reasons[keys[j]]) {
				return len(reasons[keys[i]]) > len(reasons[keys[j]])
			}
			return keys[i] < keys[j]
		})
		for _, r := range keys {
			tests := reasons[r]
			fmt.Fprintf(out, "%4d  %s\n", len(tests), r)
			io.WriteString(out, wrap(tests, "      ", 100))
		}
	}
	if len(failedTests) > 0 {
		fmt.Fprintf(out, "\nFailed:\n")
		for _, t := range failedTests {
			fmt.Fprintf(out, "      %s\n", t)
		}
	}
	if s.goFailed {
		fmt.Fprintf(out, "\ngo test failed outside the packages (see its messages above)\n")
		failed++
	}
	fmt.Fprintf(out, "\n%d packages (%d failed), %d tests (%d top-level, the rest subtests) in %s\n", len(s.order), failedPkgs,
		passed+failed+skipped, topLevel, took.Round(time.Second))
	fmt.Fprintf(out, "windows: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
}

func (s *summary) namedByFailedBuild(ip string) bool {
	for _, p := range s.pkgs {
		if p.failedBuild == ip {
			return true
		}
	}
	return false
}

// wrap lists words on lines of about width characters, each indented.
func wrap(words []string, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, w := range words {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}

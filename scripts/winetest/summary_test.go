package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// stream is go test -json output for three packages: one with a pass, two
// skips for one reason, a failing subtest; one all green; one whose program
// died in a test; and a build failure.
func stream(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	ev := func(e event) {
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
	}
	out := func(pkg, test, text string) { ev(event{Action: "output", Package: pkg, Test: test, Output: text}) }
	const a, g, c, d = "m/a", "m/good", "m/crash", "m/broken"

	ev(event{Action: "start", Package: a})
	ev(event{Action: "run", Package: a, Test: "TestPass"})
	out(a, "TestPass", "=== RUN   TestPass\n")
	out(a, "TestPass", "--- PASS: TestPass (0.00s)\n")
	ev(event{Action: "pass", Package: a, Test: "TestPass"})
	for _, name := range []string{"TestModes", "TestExecBit"} {
		ev(event{Action: "run", Package: a, Test: name})
		out(a, name, "=== RUN   "+name+"\n")
		out(a, name, "    a_test.go:12: some log line\n")
		out(a, name, "    a_test.go:14: Windows: Unix file modes\n")
		out(a, name, "--- SKIP: "+name+" (0.00s)\n")
		ev(event{Action: "skip", Package: a, Test: name})
	}
	ev(event{Action: "run", Package: a, Test: "TestTable"})
	ev(event{Action: "run", Package: a, Test: "TestTable/one"})
	out(a, "TestTable/one", "    a_test.go:30: got 1, want 2\n")
	ev(event{Action: "fail", Package: a, Test: "TestTable/one"})
	ev(event{Action: "run", Package: a, Test: "TestTable/bare"})
	out(a, "TestTable/bare", "    --- SKIP: TestTable/bare (0.00s)\n")
	ev(event{Action: "skip", Package: a, Test: "TestTable/bare"})
	ev(event{Action: "fail", Package: a, Test: "TestTable"})
	out(a, "", "FAIL\n")
	ev(event{Action: "fail", Package: a, Elapsed: 1.5})

	ev(event{Action: "start", Package: g})
	ev(event{Action: "run", Package: g, Test: "TestFine"})
	out(g, "TestFine", "    g_test.go:3: GREEN-PACKAGE-LOG\n")
	ev(event{Action: "pass", Package: g, Test: "TestFine"})
	ev(event{Action: "pass", Package: g, Elapsed: 0.2})

	ev(event{Action: "start", Package: c})
	ev(event{Action: "run", Package: c, Test: "TestDies"})
	out(c, "", "panic: test timed out after 10m0s\n")
	ev(event{Action: "fail", Package: c, Elapsed: 600})

	ev(event{Action: "build-output", ImportPath: d + " [" + d + ".test]", Output: "broken/x.go:3:1: syntax error\n"})
	ev(event{Action: "build-fail", ImportPath: d + " [" + d + ".test]"})
	out(d, "", "FAIL\tm/broken [build failed]\n")
	ev(event{Action: "fail", Package: d, FailedBuild: d + " [" + d + ".test]"})
	return b.String()
}

func TestSummary(t *testing.T) {
	s := newSummary("m")
	var live bytes.Buffer
	if err := s.read(strings.NewReader("go: downloading x v1\n"+stream(t)), &live, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(live.String()), "\n")
	for i, want := range []string{
		`^go: downloading x v1$`, // go's own words pass through
		`^FAIL a +1\.5s  1 passed, 2 failed, 3 skipped$`,
		`^ok   good +0\.2s  1 passed$`,
		`^FAIL crash +600\.0s  0 passed, 1 failed$`,
		`^FAIL broken +0\.0s  build failed$`,
	} {
		if i >= len(lines) || !regexp.MustCompile(want).MatchString(lines[i]) {
			t.Errorf("live line %d = %q, want %s\nall:\n%s", i, lines[i:min(i+1, len(lines))], want, live.String())
		}
	}
	if strings.Contains(live.String(), "GREEN-PACKAGE-LOG") {
		t.Error("a passing package's output was printed without -v")
	}
	if !s.anyFailed() {
		t.Error("anyFailed = false")
	}

	var rep bytes.Buffer
	s.report(&rep, 3*time.Minute)
	r := rep.String()
	for _, want := range []string{
		"=== output of a (failed)\n",
		"a_test.go:30: got 1, want 2",
		"=== output of crash (failed)\npanic: test timed out",
		"=== output of broken (failed)\nbroken/x.go:3:1: syntax error\n",
		"   2  Windows: Unix file modes\n      a.TestModes a.TestExecBit\n",
		"   1  (no reason given)\n      a.TestTable/bare\n",
		"Failed:\n      a.TestTable\n      a.TestTable/one\n      crash.TestDies\n",
		"4 packages (3 failed), 9 tests (6 top-level, the rest subtests) in 3m0s\n",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r, "GREEN-PACKAGE-LOG") {
		t.Error("the report printed a passing package's output")
	}
	// The build failure counts as one failed: a run that failed never
	// closes with "0 failed".
	if !strings.HasSuffix(r, "\nwindows: 2 passed, 4 failed, 3 skipped\n") {
		t.Errorf("closing line:\n%s", r)
	}
}

func TestAllGreen(t *testing.T) {
	s := newSummary("m")
	in := `{"Action":"run","Package":"m/p","Test":"TestA"}
{"Action":"pass","Package":"m/p","Test":"TestA"}
{"Action":"pass","Package":"m/p","Elapsed":0.1}
`
	if err := s.read(strings.NewReader(in), &bytes.Buffer{}, false); err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	s.report(&rep, time.Second)
	if s.anyFailed() || strings.Contains(rep.String(), "output of") ||
		!strings.HasSuffix(rep.String(), "windows: 1 passed, 0 failed, 0 skipped\n") {
		t.Errorf("anyFailed %v, report:\n%s", s.anyFailed(), rep.String())
	}
	// A package go test started but never finished (it was killed) fails.
	s.add(event{Action: "run", Package: "m/q", Test: "TestHangs"})
	if !s.anyFailed() {
		t.Error("an unfinished package is not a failure")
	}
}

func TestSkipReason(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"t.Skip's message", []string{"=== RUN   TestX\n", "    x_test.go:9: Windows: no exec bit\n", "--- SKIP: TestX (0.00s)\n"}, "Windows: no exec bit"},
		{"the last of several logs", []string{"    x_test.go:3: first\n", "    x_test.go:4: the reason\n"}, "the reason"},
		{"a subtest's deeper indent", []string{"        x_test.go:20: Windows: why\r\n"}, "Windows: why"},
		{"no message", []string{"=== RUN   TestX\n", "--- SKIP: TestX (0.00s)\n"}, "(no reason given)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := skipReason(tc.lines); got != tc.want {
				t.Errorf("skipReason = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitPackages(t *testing.T) {
	list := strings.Join([]string{
		"runtime/cgo\tcgo\tC\t",
		"example.com/glfw\tglfw\tC\truntime/cgo",
		"m/pure\tpure\t\tfmt",
		"m/pure [m/pure.test]\tpure\t\tfmt",
		"m/pure.test\tmain\t\tfmt,m/pure [m/pure.test],testing",
		"m/ui\tui\t\texample.com/glfw",
		"m/ui.test\tmain\t\texample.com/glfw,m/ui,runtime/cgo,testing",
		"m/cmd\tmain\t\tfmt", // a command without tests: no .test main
		"m/left.test\tmain\t\tfmt,testing",
		"",
	}, "\n")
	pure, cgo, err := splitPackages(list, regexp.MustCompile(`^m/left$`))
	if err != nil || !slices.Equal(pure, []string{"m/pure"}) || !slices.Equal(cgo, []string{"m/ui"}) {
		t.Errorf("splitPackages = %v, %v, %v; want [m/pure] [m/ui]", pure, cgo, err)
	}
	if _, _, err := splitPackages("m/cmd\tmain\t\tfmt\n", nil); err == nil {
		t.Error("no package with tests: no error")
	}
}

func TestWineEnv(t *testing.T) {
	env := wineEnv([]string{"PATH=/bin", "DISPLAY=:0", "WINEPREFIX=/elsewhere", "GOOS=linux", "HOME=/root"}, "/p", `Z:\go\lib\time\zoneinfo.zip`)
	want := []string{"PATH=/bin", "HOME=/root", "WINEPREFIX=/p", "WINEDEBUG=-all", `ZONEINFO=Z:\go\lib\time\zoneinfo.zip`, "WINEDLLOVERRIDES=mscoree,mshtml="}
	if !slices.Equal(env, want) {
		t.Errorf("wineEnv =\n%q\nwant\n%q", env, want)
	}
}

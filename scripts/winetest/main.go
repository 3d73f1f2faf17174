// Command winetest runs every package's Windows test program under Wine,
// so `make test` on Linux checks the Windows code paths by running them, not
// only by compiling them.
//
// It keeps a private Wine prefix under bin/wine (rebuilt when Wine, the
// stand-in DLL or this program's set-up changes), puts the ProcessPrng
// stand-in of scripts/wine into its system32, builds the test programs with
// GOOS=windows, -trimpath and the overlay of scripts/wine/overlay.sh, and
// lets `go test -exec` run each one under the wine64 loader: the go command
// then builds and runs packages side by side and streams -json events, from
// which this program prints one line per package, the failing packages'
// output, the skip reasons grouped and counted, and the closing line
//
//	windows: N passed, N failed, N skipped
//
// It exits 1 when any test or build fails. The prefix's wineserver is
// stopped at the end, so no Wine process outlives the run.
//
//	go run ./scripts/winetest [-run REGEXP] [-skip-pkgs REGEXP] [-timeout 10m] [PACKAGES]
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// setupVersion is part of the prefix key: bump it when prefixSetup changes,
// so prefixes made the old way are rebuilt.
const setupVersion = "2"

type options struct {
	root      string // bin/wine: prefixes, overlay
	wine      string // the wine64 loader
	wineserv  string // the wineserver of that Wine
	mingw     string // the C compiler for the stand-in DLL and cgo
	run       string // -run for go test
	skipPkgs  string // packages to leave out (iteration only)
	timeout   time.Duration
	parallel  int
	verbose   bool
	pkgs      []string
	goCommand string
}

func main() {
	var o options
	flag.StringVar(&o.root, "dir", "bin/wine", "where the Wine prefix and the overlay live")
	flag.StringVar(&o.wine, "wine", "/usr/lib/wine/wine64", "the wine64 loader (Debian's; the wine wrapper warns on every call)")
	flag.StringVar(&o.wineserv, "wineserver", "/usr/lib/wine/wineserver64", "the wineserver of that Wine")
	flag.StringVar(&o.mingw, "cc", "x86_64-w64-mingw32-gcc", "the mingw C compiler")
	flag.StringVar(&o.run, "run", "", "run only the tests matching this regexp (go test -run)")
	flag.StringVar(&o.skipPkgs, "skip-pkgs", "", "leave out the packages whose import path matches this regexp (for iterating; make test runs all)")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "how long one package's test program may run")
	flag.IntVar(&o.parallel, "p", 0, "how many packages to build and run at once (go test -p; 0: one per CPU)")
	flag.BoolVar(&o.verbose, "v", false, "print every package's output, not only the failing ones'")
	flag.Parse()
	o.pkgs = flag.Args()
	if len(o.pkgs) == 0 {
		o.pkgs = []string{"./..."}
	}
	o.goCommand = "go"
	if g := os.Getenv("GO"); g != "" {
		o.goCommand = g
	}

	// Ctrl-C reaches go test and Wine too (one process group); this program
	// stays to stop the wineserver.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "winetest:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, out io.Writer) (bool, error) {
	start := time.Now()
	for _, tool := range []string{o.wine, o.wineserv} {
		if _, err := os.Stat(tool); err != nil {
			return false, fmt.Errorf("Wine is not installed (%w): on Debian or Ubuntu, apt-get install --no-install-recommends wine wine64 libwine fonts-wine", err)
		}
	}
	if _, err := exec.LookPath(o.mingw); err != nil {
		return false, fmt.Errorf("the mingw C compiler %s is missing (%w): apt-get install gcc-mingw-w64-x86-64", o.mingw, err)
	}
	root, err := filepath.Abs(o.root)
	if err != nil {
		return false, err
	}
	// A go.mod makes root a module of its own, so that ./... of this one
	// neither builds the overlay's copy of Go's file nor walks the prefix.
	if err := os.MkdirAll(root, 0o755); err != nil {
		return false, err
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module winetest.scratch\n"), 0o644); err != nil {
		return false, err
	}
	prefix, err := ensurePrefix(ctx, o, root, out)
	if err != nil {
		return false, err
	}
	// Whatever happens from here on, the prefix's wineserver and every Wine
	// process under it (services, explorer, a hung test) end with the run.
	defer killWine(o, prefix)

	overlay := filepath.Join(root, "overlay")
	if b, err := exec.Command("bash", "scripts/wine/overlay.sh", overlay).CombinedOutput(); err != nil {
		return false, fmt.Errorf("making the Go overlay for Wine: %v: %s", err, b)
	}
	zoneinfo, err := zoneinfoPath(o.goCommand)
	if err != nil {
		return false, err
	}
	pure, cgo, err := testPackages(o)
	if err != nil {
		return false, err
	}
	mod, err := exec.Command(o.goCommand, "list", "-m", "-f", "{{.Path}}").Output()
	if err != nil {
		return false, fmt.Errorf("go list -m: %w", err)
	}
	sum := newSummary(strings.TrimSpace(string(mod)))
	for _, group := range []struct {
		pkgs []string
		cgo  bool
	}{{pure, false}, {cgo, true}} {
		if len(group.pkgs) == 0 {
			continue
		}
		args := []string{"test", "-json", "-count=1", "-vet=off", "-trimpath",
			"-overlay", filepath.Join(overlay, "overlay.json"),
			"-exec", o.wine, "-timeout", o.timeout.String()}
		if o.run != "" {
			args = append(args, "-run", o.run)
		}
		if o.parallel > 0 {
			args = append(args, fmt.Sprintf("-p=%d", o.parallel))
		}
		args = append(args, group.pkgs...)
		cmd := exec.CommandContext(ctx, o.goCommand, args...)
		cmd.Env = wineEnv(os.Environ(), prefix, zoneinfo)
		cmd.Env = append(cmd.Env, "GOOS=windows", "GOARCH=amd64")
		if group.cgo {
			// Only packages whose tests link C (Fyne's GL driver) pay for cgo.
			cmd.Env = append(cmd.Env, "CGO_ENABLED=1", "CC="+o.mingw)
		} else {
			cmd.Env = append(cmd.Env, "CGO_ENABLED=0")
		}
		cmd.Stderr = out // go's own complaints (a bad flag, a missing module)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return false, err
		}
		// go test with -exec starts Wine processes; on cancel, Ctrl-C has
		// already reached them, so give go time to report and end.
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = 30 * time.Second
		if err := cmd.Start(); err != nil {
			return false, fmt.Errorf("starting go test: %w", err)
		}
		readErr := sum.read(stdout, out, o.verbose)
		waitErr := cmd.Wait()
		if readErr != nil {
			return false, fmt.Errorf("reading go test's events: %w", readErr)
		}
		var exitErr *exec.ExitError
		if waitErr != nil && !errors.As(waitErr, &exitErr) {
			return false, fmt.Errorf("go test: %w", waitErr)
		}
		if exitErr != nil && !sum.anyFailed() {
			// go test failed without a failing package in its events: a
			// build or set-up error that it printed on stderr above.
			sum.goFailed = true
		}
	}
	if ctx.Err() != nil {
		return false, errors.New("interrupted")
	}
	sum.report(out, time.Since(start))
	return !sum.anyFailed() && !sum.goFailed, nil
}

// wineEnv is the environment of go test and, through -exec, of Wine: this
// run's prefix, no Wine debug chatter, Go's time zone database (a Windows Go
// program looks for it in GOROOT, which -trimpath leaves unset, and Wine's
// registry has no IANA names), and no display, so that nothing of a test
// shows up on the developer's screen.
func wineEnv(env []string, prefix, zoneinfo string) []string {
	drop := map[string]bool{"WINEPREFIX": true, "WINEDEBUG": true, "ZONEINFO": true,
		"DISPLAY": true, "WAYLAND_DISPLAY": true, "GOOS": true, "GOARCH": true,
		"CGO_ENABLED": true, "CC": true, "WINEDLLOVERRIDES": true}
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !drop[name] {
			kept = append(kept, kv)
		}
	}
	return append(kept, "WINEPREFIX="+prefix, "WINEDEBUG=-all", "ZONEINFO="+zoneinfo,
		// No Mono or Gecko: their installers would ask, and no test needs them.
		"WINEDLLOVERRIDES=mscoree,mshtml=")
}

// zoneinfoPath is GOROOT's zoneinfo.zip as Wine's Z: drive (the Unix root)
// names it.
func zoneinfoPath(goCommand string) (string, error) {
	b, err := exec.Command(goCommand, "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	zip := filepath.Join(strings.TrimSpace(string(b)), "lib", "time", "zoneinfo.zip")
	if _, err := os.Stat(zip); err != nil {
		return "", fmt.Errorf("Go's time zone database is missing (%w); tests that load zones would fail", err)
	}
	return `Z:` + strings.ReplaceAll(zip, "/", `\`), nil
}

// ensurePrefix returns a ready Wine prefix under root, made anew when none
// matches the current key. The key covers the Wine version, the stand-in
// DLL's source and setupVersion; a prefix is ready only once its marker is
// written, so one left half-made by an interrupted run is rebuilt.
func ensurePrefix(ctx context.Context, o options, root string, out io.Writer) (string, error) {
	ver, err := exec.Command(o.wine, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", o.wine, err)
	}
	src, err := os.ReadFile("scripts/wine/bcryptprimitives.c")
	if err != nil {
		return "", fmt.Errorf("the ProcessPrng stand-in's source: %w (run from the repository's root)", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", setupVersion, ver)
	h.Write(src)
	key := hex.EncodeToString(h.Sum(nil))[:12]
	prefix := filepath.Join(root, "prefix-"+key)
	marker := filepath.Join(prefix, ".winetest-ready")
	if _, err := os.Stat(marker); err == nil {
		clearTemp(prefix)
		return prefix, nil
	}

	// Stale prefixes (another Wine, another DLL) and a half-made one go.
	old, _ := filepath.Glob(filepath.Join(root, "prefix-*"))
	for _, p := range old {
		killWine(o, p)
		if err := os.RemoveAll(p); err != nil {
			return "", fmt.Errorf("removing the old Wine prefix %s: %w", p, err)
		}
	}
	if err := os.MkdirAll(prefix, 0o700); err != nil {
		return "", err
	}
	fmt.Fprintf(out, "winetest: making the Wine prefix %s\n", prefix)
	t0 := time.Now()
	boot := exec.CommandContext(ctx, o.wine, "wineboot", "-i")
	boot.Env = wineEnv(os.Environ(), prefix, "")
	if b, err := boot.CombinedOutput(); err != nil {
		killWine(o, prefix)
		return "", fmt.Errorf("wineboot -i in %s: %v: %s", prefix, err, b)
	}
	// Wine's null display driver: windows (the away monitor's hidden one,
	// the tray's) can be made with no X server, and nothing shows up on
	// the developer's screen.
	reg := exec.CommandContext(ctx, o.wine, "reg", "add", `HKCU\Software\Wine\Drivers`, "/v", "Graphics", "/d", "null", "/f")
	reg.Env = boot.Env
	if b, err := reg.CombinedOutput(); err != nil {
		killWine(o, prefix)
		return "", fmt.Errorf("choosing Wine's null display driver: %v: %s", err, b)
	}
	// wineboot returns before the registry is written; -w waits for it.
	wait := exec.CommandContext(ctx, o.wineserv, "-w")
	wait.Env = boot.Env
	if err := wait.Run(); err != nil {
		return "", fmt.Errorf("waiting for the new Wine prefix to settle: %w", err)
	}
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(sys32); err != nil {
		return "", fmt.Errorf("wineboot made no system32 in %s: %w", prefix, err)
	}
	// Go ≥ 1.22 needs ProcessPrng, which Wine 8 lacks; the DLL must be in
	// system32 (Go loads it from the system directory only).
	dll := filepath.Join(sys32, "bcryptprimitives.dll")
	cc := exec.CommandContext(ctx, o.mingw, "-O2", "-shared", "-o", dll, "scripts/wine/bcryptprimitives.c", "-ladvapi32")
	if b, err := cc.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the ProcessPrng stand-in DLL: %v: %s", err, b)
	}
	if err := os.WriteFile(marker, []byte(string(ver)), 0o600); err != nil {
		return "", err
	}
	fmt.Fprintf(out, "winetest: prefix ready in %.1fs\n", time.Since(t0).Seconds())
	return prefix, nil
}

// clearTemp empties the prefix's temporary folders, where t.TempDir lives:
// a test program killed by its timeout leaves its folders behind.
func clearTemp(prefix string) {
	dirs, _ := filepath.Glob(filepath.Join(prefix, "drive_c", "users", "*", "AppData", "Local", "Temp"))
	dirs = append(dirs, filepath.Join(prefix, "drive_c", "windows", "temp"))
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			os.RemoveAll(filepath.Join(d, e.Name()))
		}
	}
}

// killWine stops the prefix's wineserver and every process in it.
func killWine(o options, prefix string) {
	cmd := exec.Command(o.wineserv, "-k")
	cmd.Env = wineEnv(os.Environ(), prefix, "")
	_ = cmd.Run() // "no server running" is fine
}

// testPackages lists the packages that have tests, split by whether their
// test program links C code for Windows (then it is built with mingw; today
// only the Fyne GL driver would, and no test program links it).
func testPackages(o options) (pure, cgo []string, err error) {
	var skip *regexp.Regexp
	if o.skipPkgs != "" {
		if skip, err = regexp.Compile(o.skipPkgs); err != nil {
			return nil, nil, fmt.Errorf("-skip-pkgs: %w", err)
		}
	}
	// One line per package: import path, name, whether it has cgo files,
	// and for a test main ("pkg.test") its dependencies.
	args := append([]string{"list", "-test", "-deps", "-f",
		"{{.ImportPath}}\t{{.Name}}\t{{if .CgoFiles}}C{{end}}\t{{join .Deps \",\"}}"}, o.pkgs...)
	cmd := exec.Command(o.goCommand, args...)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=1", "CC="+o.mingw)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("listing the packages for Windows: %w", err)
	}
	return splitPackages(string(b), skip)
}

// splitPackages reads testPackages' go list output. go list -test makes a
// test main "pkg.test" exactly for the named packages that have tests; one
// links C when any of its dependencies has cgo files.
func splitPackages(list string, skip *regexp.Regexp) (pure, cgo []string, err error) {
	cFiles := map[string]bool{}
	type main struct {
		pkg  string
		deps []string
	}
	var mains []main
	for _, line := range strings.Split(list, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		if f[2] == "C" {
			cFiles[f[0]] = true
		}
		if pkg, ok := strings.CutSuffix(f[0], ".test"); ok && f[1] == "main" {
			mains = append(mains, main{pkg, strings.Split(f[3], ",")})
		}
	}
	for _, m := range mains {
		if skip != nil && skip.MatchString(m.pkg) {
			continue
		}
		linksC := false
		for _, d := range m.deps {
			linksC = linksC || cFiles[d]
		}
		if linksC {
			cgo = append(cgo, m.pkg)
		} else {
			pure = append(pure, m.pkg)
		}
	}
	if len(pure)+len(cgo) == 0 {
		return nil, nil, errors.New("no package with tests to run")
	}
	return pure, cgo, nil
}

// lineReader scans lines of any length (a test can print long ones).
func lineReader(r io.Reader) *bufio.Scanner {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return s
}

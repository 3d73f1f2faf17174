package files

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// UIProgramName is the program that holds the Fyne windows.
const UIProgramName = "headsdown-ui"

// UIProgram finds headsdown-ui: next to the running executable first (a
// build, the Windows and macOS installs), then where a Linux install puts
// it, <prefix>/libexec/headsdown beside <prefix>/bin (no person runs it, so
// it is not on PATH), then on PATH.
//
// Windows live in a separate program, not just a separate process: merely
// linking Fyne into the tray binary costs it ~17 MB of RSS (its package
// initialisers, libGL and X11 loaded at start), even if no window ever opens.
func UIProgram() (string, error) {
	p, err := siblingProgram(UIProgramName, ".", uiDir)
	if err != nil {
		return "", fmt.Errorf("%w: windows need it (build both with `make build`)", err)
	}
	return p, nil
}

// TrayProgram finds the headsdown program for launch at login, from
// headsdown-ui next to it: a path that survives an upgrade (see
// launchPath), never the version folder a package manager resolves it to.
func TrayProgram() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		exe = ""
	}
	return launchPath(exeName("headsdown"), exe, exec.LookPath, filepath.EvalSymlinks, isFile, ".", trayDir)
}

// uiDir is where headsdown-ui is installed on Linux, from the folder of
// headsdown (<prefix>/bin); trayDir the way back.
const (
	uiDir   = "../libexec/headsdown"
	trayDir = "../../bin"
)

// siblingProgram looks for name next to the running executable (how both
// programs are installed and built), then on PATH. The result is absolute.
func siblingProgram(name string, dirs ...string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		exe = ""
	}
	return launchPath(exeName(name), exe, exec.LookPath, filepath.EvalSymlinks, isFile, dirs...)
}

func exeName(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// launchPath is the path to start program name by, kept for later (launch
// at login) or used now, that outlives an upgrade:
//
//   - the name on PATH, as PATH spells it, when it is this very program
//     (it resolves to the same file as the one beside exe): Homebrew's
//     /opt/homebrew/bin/headsdown, Nix's ~/.nix-profile/bin/headsdown,
//     which the next upgrade points at the new version;
//   - else the program beside exe (or in one of dirs, relative to exe's
//     folder, in order: "." is beside) as the OS named exe, unresolved (scoop's
//     …\apps\headsdown\current\headsdown.exe, whose "current" is a link);
//   - only then beside exe's resolved path (Linux names /proc/self/exe
//     resolved already), or whatever PATH finds.
//
// Resolving symlinks would store a Homebrew Cellar, Nix store or scoop
// version folder, which the next upgrade deletes: the app would silently
// stop starting at login.
func launchPath(name, exe string, lookPath func(string) (string, error), resolve func(string) (string, error), isFile func(string) bool, dirs ...string) (string, error) {
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	var beside string
	if exe != "" {
	find:
		for _, dir := range dirs {
			if p := filepath.Join(filepath.Dir(exe), dir, name); isFile(p) {
				beside = p
				break find
			} else if real, err := resolve(exe); err == nil {
				if p := filepath.Join(filepath.Dir(real), dir, name); isFile(p) {
					beside = p
					break find
				}
			}
		}
	}
	onPath, err := lookPath(name)
	if err == nil {
		if abs, err := filepath.Abs(onPath); err == nil {
			onPath = abs
		}
	} else {
		onPath = ""
	}
	same := func(a, b string) bool {
		ra, err1 := resolve(a)
		rb, err2 := resolve(b)
		return err1 == nil && err2 == nil && filepath.Clean(ra) == filepath.Clean(rb)
	}
	switch {
	case beside != "" && onPath != "" && same(beside, onPath):
		return onPath, nil
	case beside != "":
		return filepath.Abs(beside)
	case onPath != "":
		return onPath, nil
	}
	return "", fmt.Errorf("%s was not found next to %s, in %s, or on PATH", name, filepath.Base(os.Args[0]), filepath.Join(filepath.Dir(exe), dirs[len(dirs)-1]))
}

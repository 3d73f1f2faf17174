package app

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// UIProgramName is the program that holds the Fyne windows.
const UIProgramName = "headsdown-ui"

// UIProgram finds headsdown-ui: next to the running executable first (how
// it is installed and built), then on PATH.
//
// Windows live in a separate program, not just a separate process: merely
// linking Fyne into the tray binary costs it ~17 MB of RSS (its package
// initialisers, libGL and X11 loaded at start), even if no window ever opens.
func UIProgram() (string, error) {
	p, err := siblingProgram(UIProgramName)
	if err != nil {
		return "", fmt.Errorf("%w: windows need it (build both with `make build`)", err)
	}
	return p, nil
}

// TrayProgram finds the headsdown program, for launch at login, from
// headsdown-ui next to it.
func TrayProgram() (string, error) {
	return siblingProgram("headsdown")
}

// siblingProgram looks for name next to the running executable (how both
// programs are installed and built), then on PATH. The result is absolute.
func siblingProgram(name string) (string, error) {
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		p := filepath.Join(filepath.Dir(exe), name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return filepath.Abs(p)
	}
	return "", fmt.Errorf("%s was not found next to %s or on PATH", name, filepath.Base(os.Args[0]))
}

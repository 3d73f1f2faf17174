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
	name := UIProgramName
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
		return p, nil
	}
	return "", fmt.Errorf("%s was not found next to headsdown or on PATH: windows need it (build both with `make build`)", name)
}

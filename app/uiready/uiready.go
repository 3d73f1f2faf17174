// Package uiready is how `headsdown window NAME` learns that the window
// program (headsdown-ui) has shown its window, so the command can return
// as xdg-open does while a window that cannot open still says why in the
// terminal.
//
// The command starts headsdown-ui with Env=1 and a pipe as its standard
// error, and passes on every line it reads. Once the window shows,
// headsdown-ui moves its standard error to the log (Ready), writes Line
// to the pipe and closes it: the command stops reading and returns. A
// program that exits before that has failed, and its words are already in
// the terminal.
package uiready

import (
	"fmt"
	"os"
)

// Env asks headsdown-ui to say when its window shows.
const Env = "HEADSDOWN_UI_READY"

// Line is what headsdown-ui writes, alone on a line, when its window shows.
const Line = "\x00headsdown-ui: window shown"

// Asked reports whether the program was started by `headsdown window`
// and should call Ready. It clears Env so nothing the program starts
// inherits it, and on Unix ignores SIGPIPE: should the command be gone
// (Ctrl-C while the window opened), a write to its pipe then fails rather
// than kill the window.
func Asked() bool {
	if os.Getenv(Env) != "1" {
		return false
	}
	os.Unsetenv(Env)
	ignoreSIGPIPE()
	return true
}

// Ready moves standard error to the end of logPath (or, when that cannot
// be opened, to the null device), then tells the command on the old one
// that the window shows, and closes it.
func Ready(logPath string) error {
	f, err := os.OpenFile(logPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		if f, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0); err != nil {
			return fmt.Errorf("open %s for the window's messages: %w", os.DevNull, err)
		}
	}
	old, err := moveStderr(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("move the window's messages to %s: %w", logPath, err)
	}
	_, err = fmt.Fprintln(old, Line)
	if cerr := old.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("tell `headsdown window` the window shows: %w", err)
	}
	return nil
}

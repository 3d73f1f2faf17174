// Package autostart turns "launch at login" on and off the way each
// desktop expects: an XDG autostart .desktop file on Linux and the BSDs, a
// LaunchAgent on macOS, and a value under the Run key on Windows.
//
// The entry itself is the setting: Enabled reads it back, so the settings
// window always shows what will really happen at the next login, even if
// the user removed the entry with another tool.
package autostart

import "errors"

// Name is how the entry is labelled in the desktop's startup list.
const Name = "Heads Down"

// ErrUnsupported is returned on systems with no known autostart mechanism.
var ErrUnsupported = errors.New("launch at login is not supported on this system")

// Enable makes the desktop start program (an absolute path) with args at
// login, replacing any older entry (say, one pointing at a moved binary).
func Enable(program string, args ...string) error { return enable(program, args) }

// Disable removes the entry; it is not an error if there is none.
func Disable() error { return disable() }

// Enabled reports whether the entry exists.
func Enabled() (bool, error) { return enabled() }

// Location is where the entry lives (a file, or a registry value), for
// the settings window and the README to name.
func Location() string { return location() }

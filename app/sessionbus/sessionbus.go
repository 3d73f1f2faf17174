// Package sessionbus finds the D-Bus session bus of the user's desktop
// session, and never starts one.
//
// Why a package of its own: godbus's SessionBus and ConnectSessionBus (which
// fyne.io/systray, beeep and go-keyring call inside) "autolaunch" a private
// bus through dbus-launch when DBUS_SESSION_BUS_ADDRESS is unset, as on a
// server, over SSH or in a container. Such a bus has nothing on it (no tray,
// no notification daemon, no keyring, no screen saver), and nobody ever
// stops it: one machine had collected 150 of them from `headsdown doctor`
// runs. Without a session bus every part that needs one is simply "not
// available", and says so.
package sessionbus

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/godbus/dbus/v5"
)

// Disabled is the address NeverAutolaunch sets when there is no session
// bus: not empty, so no D-Bus library (godbus, GLib's, libdbus) tries to
// launch one, and no transport, so every connection fails at once.
const Disabled = "disabled:"

// ErrNone says, in a person's words, that there is no session bus.
var ErrNone = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

// Address is the session bus's address: DBUS_SESSION_BUS_ADDRESS, or the
// user bus systemd keeps at $XDG_RUNTIME_DIR/bus (or /run/user/UID/bus);
// "" when there is none. It never starts a bus.
func Address() string {
	return address(os.Getenv, exists, os.Getuid())
}

func address(getenv func(string) string, exists func(string) bool, uid int) string {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		if a == Disabled {
			return ""
		}
		return a
	}
	var dirs []string
	if d := getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		dirs = append(dirs, d)
	}
	if uid >= 0 {
		dirs = append(dirs, filepath.Join("/run/user", strconv.Itoa(uid)))
	}
	for _, d := range dirs {
		if p := filepath.Join(d, "bus"); exists(p) {
			return "unix:path=" + dbus.EscapeBusAddressValue(p)
		}
	}
	return ""
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// NeverAutolaunch makes sure that nothing in this process or its children
// (the window program, notify-send) starts a session bus: it names the bus
// found in DBUS_SESSION_BUS_ADDRESS, or sets it to Disabled when there is
// none. Call it first thing in main, before any goroutine reads the
// environment. On Windows and macOS, where D-Bus is not the desktop's own,
// it does nothing.
func NeverAutolaunch() {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return
	}
	a := Address()
	if a == "" {
		a = Disabled
	}
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
}

// Connect opens a private, authenticated connection to the session bus, or
// returns ErrNone when there is none. It never autolaunches a bus.
func Connect() (*dbus.Conn, error) {
	a := Address()
	if a == "" {
		return nil, ErrNone
	}
	conn, err := dbus.Dial(a)
	if err != nil {
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// Shared is godbus's shared session bus connection (the one fyne.io/systray
// uses), or ErrNone when there is no session bus: it is never autolaunched.
func Shared() (*dbus.Conn, error) {
	a := Address()
	if a == "" {
		return nil, ErrNone
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		// godbus looks only in /run/user/UID, not in $XDG_RUNTIME_DIR:
		// name the bus found, so it never falls back to launching one.
		os.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
	}
	return dbus.SessionBus()
}

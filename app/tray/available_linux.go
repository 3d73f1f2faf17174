package tray

import (
	"errors"
	"log/slog"

	"github.com/headsdown-app/headsdown/app/sessionbus"
)

// Available reports whether a tray can be shown. Without a session bus the
// systray library cannot work at all (and has panicked on quit), so the app
// runs headless.
func Available(*slog.Logger) (bool, string) {
	// Shared, not autolaunched: systray then uses this connection, and
	// with no session bus the app runs headless instead of on a bus of
	// its own that nothing shows.
	if _, err := sessionbus.Shared(); err != nil {
		if errors.Is(err, sessionbus.ErrNone) {
			return false, err.Error()
		}
		return false, "no D-Bus session bus: " + err.Error()
	}
	return true, ""
}

// HostMissing reports whether no tray host (StatusNotifierWatcher) is on
// the session bus, as on GNOME without the AppIndicator extension: the
// tray still starts, and its icon appears as soon as a host does, but
// until then nothing of Heads Down can be seen.
func HostMissing() bool {
	conn, err := sessionbus.Shared()
	if err != nil {
		return true
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && !has
}

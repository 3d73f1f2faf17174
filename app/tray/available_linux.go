package tray

import (
	"log/slog"

	"github.com/godbus/dbus/v5"
)

// Available reports whether a tray can be shown. Without a session bus the
// systray library cannot work at all (and has panicked on quit), so the app
// runs headless. Without a StatusNotifierWatcher (GNOME without the
// AppIndicator extension) the icon would be invisible; the tray still
// starts, since the library registers as soon as a host appears.
func Available(log *slog.Logger) (bool, string) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return false, "no D-Bus session bus: " + err.Error()
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has); err == nil && !has {
		log.Warn("no tray host (org.kde.StatusNotifierWatcher) on the session bus yet; the icon appears when one starts. On GNOME, install the AppIndicator extension.")
	}
	return true, ""
}

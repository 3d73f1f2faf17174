package ui

import "github.com/headsdown-app/headsdown/app/sessionbus"

// trayHostMissing reports whether no tray host (StatusNotifierWatcher) is
// on the session bus (GNOME without the AppIndicator extension): then the
// app's icon cannot be seen, and the welcome window says so. A variable so
// tests can choose.
var trayHostMissing = func() bool {
	conn, err := sessionbus.Shared()
	if err != nil {
		return false // no bus: the app runs headless and says so itself
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && !has
}

package sessionbus

import "github.com/godbus/dbus/v5"

// sessionBusOfALibrary is what fyne.io/systray, beeep and go-keyring call:
// godbus's shared connection, which autolaunches when it finds no address.
func sessionBusOfALibrary() (*dbus.Conn, error) { return dbus.SessionBus() }

//go:build linux || freebsd || openbsd || netbsd || dragonfly

package doctor

import (
	"slices"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/sessionbus"
)

// SessionBus is the D-Bus session bus the tray, notifications and the
// keyring use, or why there is none.
func SessionBus() (Bus, error) {
	conn, err := sessionbus.Connect() // never a bus of its own: see sessionbus
	if err != nil {
		return nil, err
	}
	return sessionBus{conn}, nil
}

type sessionBus struct{ conn *dbus.Conn }

func (b sessionBus) HasOwner(name string) (bool, error) {
	var has bool
	err := b.conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return has, err
}

func (b sessionBus) Activatable(name string) (bool, error) {
	var names []string
	err := b.conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names)
	return slices.Contains(names, name), err
}

package awaytest

import (
	"fmt"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// ScreenSaver is a fake screen saver (org.freedesktop.ScreenSaver,
// org.gnome.ScreenSaver, org.xfce.ScreenSaver, org.mate.ScreenSaver, …):
// GetActive and the ActiveChanged signal, at the usual path (the name with
// dots as slashes).
type ScreenSaver struct {
	Conn *dbus.Conn
	Name string
	Path dbus.ObjectPath

	mu     sync.Mutex
	active bool
}

// StartScreenSaver claims name on the bus at address (the test's session
// bus), such as "org.xfce.ScreenSaver".
func StartScreenSaver(address, name string) (*ScreenSaver, error) {
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("connect to bus: %w", err)
	}
	s := &ScreenSaver{Conn: conn, Name: name, Path: dbus.ObjectPath("/" + strings.ReplaceAll(name, ".", "/"))}
	if err := conn.ExportMethodTable(map[string]any{"GetActive": s.getActive}, s.Path, name); err != nil {
		conn.Close()
		return nil, err
	}
	if err := claim(conn, name); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *ScreenSaver) getActive() (bool, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active, nil
}

// SetActive turns the screen saver on or off and emits ActiveChanged.
func (s *ScreenSaver) SetActive(active bool) error {
	s.mu.Lock()
	s.active = active
	s.mu.Unlock()
	return s.Conn.Emit(s.Path, s.Name+".ActiveChanged", active)
}

// Close leaves the bus, as a screen saver that quits.
func (s *ScreenSaver) Close() { s.Conn.Close() }

//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"errors"
	"fmt"
	"runtime/debug"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// ItemID is the StatusNotifierItem Id: the same every launch, so a
// desktop remembers where the user put the icon and whether to show it.
const ItemID = "headsdown"

// sniPath is where fyne.io/systray exports the item.
const sniPath = "/StatusNotifierItem"

// platformForms: SNI hosts take pixmaps (the PNG for systray.SetIcon is
// drawn only if the fallback is needed).
const platformForms = formPixmaps

// itemConn is the connection the item is on (set before ready closes).
var itemConn *dbus.Conn

// runTray runs fyne.io/systray with the item's Id fixed and closes ready
// once the item is on the bus. systray takes the Id from the title at the
// moment it exports the item (else "systray_<pid>", new every launch), and
// systray.Run calls onReady concurrently with that export: so the title is
// set before start, and nothing else sets it until start has returned.
func runTray(onReady, onExit func(), ready chan<- struct{}, quit <-chan struct{}) {
	systray.SetTitle(ItemID)
	start, end := systray.RunWithExternalLoop(onReady, onExit)
	start() // exports the item, its menu and properties; onReady runs meanwhile
	// systray exported the item on the shared session bus connection. Kept
	// here: if the bus goes away, dbus.SessionBus would dial a new one.
	itemConn, _ = dbus.SessionBus()
	systray.SetTitle("Heads Down")
	close(ready)
	<-quit
	end()
}

// setTrayTitle is text beside the icon: SNI hosts show none (the item's
// Title is its name, which stays "Heads Down").
func setTrayTitle(string) {}

// setTrayIcon sends every pixmap size with straight alpha. systray.SetIcon
// takes one image and converts it with premultiplied, truncated values
// (see ARGB32), so the property systray exports is set over D-Bus instead
// (it is writable), on systray's own connection, and NewIcon is emitted
// from it as systray would. If the item refuses (a systray that made the
// property read-only), systray.SetIcon's single image is the fallback;
// with the bus gone there is nothing to draw on.
func setTrayIcon(ic *trayIcon) error {
	err := setPixmaps(ic.pixmaps)
	var refused dbus.Error
	if errors.As(err, &refused) {
		systray.SetIcon(encodePNG(Draw(IconSize, ic.face)))
	}
	return err
}

func setPixmaps(px []Pixmap) error {
	conn := itemConn
	if conn == nil || !conn.Connected() {
		return fmt.Errorf("not connected to the session bus")
	}
	names := conn.Names()
	if len(names) == 0 {
		return fmt.Errorf("no unique name on the session bus")
	}
	err := conn.Object(names[0], sniPath).Call("org.freedesktop.DBus.Properties.Set", 0,
		"org.kde.StatusNotifierItem", "IconPixmap", dbus.MakeVariant(px)).Err
	if err != nil {
		return fmt.Errorf("set IconPixmap: %w", err)
	}
	err = conn.Emit(sniPath, "org.kde.StatusNotifierItem.NewIcon")
	// godbus decodes the call's 35 KB of pixels (on our own connection)
	// one element at a time: about 2 MB of garbage per new icon. An idle
	// tray allocates nothing else to prompt a collection, so it would sit
	// 2 MB larger (20 MB, measured) for as long as it stays idle. Return it
	// now: a forced collection of a 1 MB heap, under a millisecond, at
	// most once a minute.
	debug.FreeOSMemory()
	return err
}

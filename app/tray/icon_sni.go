//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"fmt"
	"log/slog"
	"sync"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// ItemID is the StatusNotifierItem Id: the same every launch, so a
// desktop remembers where the user put the icon and whether to show it.
const ItemID = "headsdown"

// sniPath is where fyne.io/systray exports the item; sniIface its interface.
const (
	sniPath  = "/StatusNotifierItem"
	sniIface = "org.kde.StatusNotifierItem"
)

// platformForms: SNI hosts take pixmaps (the PNG for systray.SetIcon is
// drawn only if the fallback is needed).
const platformForms = formPixmaps

// item answers for the item's properties once runTray has taken them over
// (nil if it could not: then systray's own SetIcon and SetTooltip are used).
var item *itemProps

// runTray runs fyne.io/systray with the item's Id fixed and closes ready
// once the item is on the bus. systray takes the Id from the title at the
// moment it exports the item (else "systray_<pid>", new every launch), and
// systray.Run calls onReady concurrently with that export: so the title is
// set before start, and nothing else sets it until start has returned.
func runTray(log *slog.Logger, onReady, onExit func(), ready chan<- struct{}, quit <-chan struct{}) {
	systray.SetTitle(ItemID)
	start, end := systray.RunWithExternalLoop(onReady, onExit)
	start() // exports the item, its menu and properties; onReady runs meanwhile
	systray.SetTitle("Heads Down")
	// systray exported the item on the shared session bus connection.
	if conn, err := dbus.SessionBus(); err == nil {
		if item, err = takeOverProps(conn); err != nil {
			log.Warn("tray icon: the item's properties stay systray's, so the icon is one image", "err", err)
		}
	}
	close(ready)
	<-quit
	end()
}

// itemProps answers org.freedesktop.DBus.Properties for the item in place
// of systray's handler, so that a new icon is a value set in this process
// and a NewIcon signal. systray.SetIcon takes one image and converts it
// with premultiplied, truncated values (see ARGB32); setting systray's
// IconPixmap property instead had to go out to the bus and back (systray
// keeps its handler to itself), and godbus decodes the 35 KB of pixels
// of such a call one element at a time: about 1.7 MB of garbage for each
// new icon, once a minute during a block, and the collections after it.
// The properties are read-only, as the spec has them.
type itemProps struct {
	conn *dbus.Conn
	mu   sync.Mutex
	v    map[string]any // sniIface's properties
}

// toolTip is the SNI ToolTip, (sa(iiay)ss): icon name, icon, title, text.
type toolTip struct {
	IconName string
	Icon     []Pixmap
	Title    string
	Text     string
}

// takeOverProps reads the properties systray exported (a call to itself,
// once) and exports a handler for them in systray's place. It refuses when
// a property is of a kind it would not know how to answer for: a systray
// that exports more than it did when this was written keeps its handler.
func takeOverProps(conn *dbus.Conn) (*itemProps, error) {
	names := conn.Names()
	if len(names) == 0 {
		return nil, fmt.Errorf("no unique name on the session bus")
	}
	var all map[string]dbus.Variant
	if err := conn.Object(names[0], sniPath).Call("org.freedesktop.DBus.Properties.GetAll", 0, sniIface).Store(&all); err != nil {
		return nil, fmt.Errorf("read systray's item properties: %w", err)
	}
	p := &itemProps{conn: conn, v: map[string]any{}}
	for name, v := range all {
		switch val := v.Value().(type) {
		case string, bool, int32, uint32, dbus.ObjectPath:
			p.v[name] = val
		default:
			switch name {
			case "IconPixmap":
				p.v[name] = []Pixmap{}
			case "ToolTip":
				p.v[name] = toolTip{Title: "Heads Down"}
			default:
				return nil, fmt.Errorf("systray's item has a property %s of type %s", name, v.Signature())
			}
		}
	}
	if err := conn.Export(p, sniPath, "org.freedesktop.DBus.Properties"); err != nil {
		return nil, fmt.Errorf("export the item's properties: %w", err)
	}
	return p, nil
}

// Get implements org.freedesktop.DBus.Properties.Get.
func (p *itemProps) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if iface != sniIface {
		return dbus.Variant{}, prop.ErrIfaceNotFound
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.v[name]
	if !ok {
		return dbus.Variant{}, prop.ErrPropNotFound
	}
	return dbus.MakeVariant(v), nil
}

// GetAll implements org.freedesktop.DBus.Properties.GetAll.
func (p *itemProps) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	if iface != sniIface {
		return nil, prop.ErrIfaceNotFound
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	all := make(map[string]dbus.Variant, len(p.v))
	for k, v := range p.v {
		all[k] = dbus.MakeVariant(v)
	}
	return all, nil
}

// Set implements org.freedesktop.DBus.Properties.Set: nothing is writable.
func (p *itemProps) Set(iface, name string, _ dbus.Variant) *dbus.Error {
	if _, err := p.Get(iface, name); err != nil {
		return err
	}
	return prop.ErrReadOnly
}

// set changes a property and tells hosts: the signal the spec names (hosts
// then ask for the value, so none is sent that nobody asks for), and
// PropertiesChanged without the value, for hosts that watch that instead.
func (p *itemProps) set(name string, v any, signal string) error {
	p.mu.Lock()
	p.v[name] = v
	p.mu.Unlock()
	if err := p.conn.Emit(sniPath, sniIface+"."+signal); err != nil {
		return fmt.Errorf("emit %s: %w", signal, err)
	}
	err := p.conn.Emit(sniPath, "org.freedesktop.DBus.Properties.PropertiesChanged", sniIface, map[string]dbus.Variant{}, []string{name})
	if err != nil {
		return fmt.Errorf("emit PropertiesChanged: %w", err)
	}
	return nil
}

// setTrayTitle is text beside the icon: SNI hosts show none (the item's
// Title is its name, which stays "Heads Down").
func setTrayTitle(string) {}

// setTrayIcon sends every pixmap size with straight alpha (see itemProps);
// if the properties stayed systray's, systray.SetIcon's single image.
func setTrayIcon(ic *trayIcon) error {
	if item == nil {
		systray.SetIcon(encodePNG(Draw(IconSize, ic.face)))
		return nil
	}
	return item.set("IconPixmap", ic.pixmaps, "NewIcon")
}

// setTrayTooltip is the text hosts show on hover.
func setTrayTooltip(s string) {
	if item == nil {
		systray.SetTooltip(s)
		return
	}
	_ = item.set("ToolTip", toolTip{Title: s}, "NewToolTip") // a lost bus shows in setTrayIcon's error
}

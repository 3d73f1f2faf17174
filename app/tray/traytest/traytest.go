// Package traytest is a minimal tray host for tests and measurements: a
// private dbus-daemon, a StatusNotifierWatcher that records who registers,
// and helpers that read a tray's menu over com.canonical.dbusmenu and click
// its items, as a desktop panel would.
package traytest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

// Bus is a private session bus.
type Bus struct {
	Address string
	cmd     *exec.Cmd
}

// StartBus runs a private dbus-daemon with a session configuration whose
// socket lives in dir.
func StartBus(ctx context.Context, dir string) (*Bus, error) {
	conf := filepath.Join(dir, "session.conf")
	err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dbus-daemon: %w", err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("read dbus-daemon address: %w", err)
	}
	return &Bus{Address: strings.TrimSpace(line), cmd: cmd}, nil
}

// Stop ends the daemon.
func (b *Bus) Stop() {
	if b.cmd.Process != nil {
		b.cmd.Process.Kill()
		b.cmd.Wait()
	}
}

// Watcher is a minimal org.kde.StatusNotifierWatcher.
type Watcher struct {
	Conn *dbus.Conn
	mu   sync.Mutex
	// items are "sender path" for each registration.
	items      []Item
	registered chan Item
}

// Item is one registered StatusNotifierItem.
type Item struct {
	Sender string // the item's unique bus name
	Path   string
	At     time.Time
}

// RegisterStatusNotifierItem is the D-Bus method trays call.
func (w *Watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	path := service
	if !strings.HasPrefix(path, "/") {
		path = "/StatusNotifierItem"
	}
	it := Item{Sender: string(sender), Path: path, At: time.Now()}
	w.mu.Lock()
	w.items = append(w.items, it)
	w.mu.Unlock()
	select {
	case w.registered <- it:
	default:
	}
	return nil
}

// RegisterStatusNotifierHost accepts hosts; nothing to do.
func (w *Watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// StartWatcher claims org.kde.StatusNotifierWatcher on the bus at address.
func StartWatcher(address string) (*Watcher, error) {
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("connect to bus: %w", err)
	}
	w := &Watcher{Conn: conn, registered: make(chan Item, 16)}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		conn.Close()
		return nil, err
	}
	node := &introspect.Node{Name: "/StatusNotifierWatcher", Interfaces: []introspect.Interface{
		introspect.IntrospectData,
		{Name: "org.kde.StatusNotifierWatcher", Methods: introspect.Methods(w)},
	}}
	_ = conn.Export(introspect.NewIntrospectable(node), "/StatusNotifierWatcher", "org.freedesktop.DBus.Introspectable")
	reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return nil, fmt.Errorf("claim org.kde.StatusNotifierWatcher: %v (reply %v)", err, reply)
	}
	return w, nil
}

// WaitItem waits for the next registration.
func (w *Watcher) WaitItem(ctx context.Context) (Item, error) {
	select {
	case it := <-w.registered:
		return it, nil
	case <-ctx.Done():
		return Item{}, fmt.Errorf("no tray item registered: %w", ctx.Err())
	}
}

// Close disconnects.
func (w *Watcher) Close() { w.Conn.Close() }

// MenuItem is one dbusmenu entry.
type MenuItem struct {
	ID       int32
	Label    string
	Enabled  bool
	Visible  bool
	Children []MenuItem
}

// Find returns the first item, depth first, whose label starts with prefix.
func (m MenuItem) Find(prefix string) (MenuItem, bool) {
	if m.ID != 0 && strings.HasPrefix(m.Label, prefix) {
		return m, true
	}
	for _, c := range m.Children {
		if f, ok := c.Find(prefix); ok {
			return f, true
		}
	}
	return MenuItem{}, false
}

// Labels lists the visible top-level labels.
func (m MenuItem) Labels() []string {
	var out []string
	for _, c := range m.Children {
		if c.Visible && c.Label != "" {
			out = append(out, c.Label)
		}
	}
	return out
}

// GetLayout reads the whole menu of the tray item.
func GetLayout(conn *dbus.Conn, it Item) (MenuItem, error) {
	obj := conn.Object(it.Sender, dbus.ObjectPath(it.Path+"/menu"))
	if it.Path == "/StatusNotifierItem" {
		// The menu path is a property of the item; fyne.io/systray uses this one.
		var p dbus.Variant
		if err := conn.Object(it.Sender, "/StatusNotifierItem").Call("org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierItem", "Menu").Store(&p); err == nil {
			if path, ok := p.Value().(dbus.ObjectPath); ok {
				obj = conn.Object(it.Sender, path)
			}
		}
	}
	var (
		rev    uint32
		layout struct {
			ID       int32
			Props    map[string]dbus.Variant
			Children []dbus.Variant
		}
	)
	if err := obj.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &layout); err != nil {
		return MenuItem{}, fmt.Errorf("GetLayout: %w", err)
	}
	return convert(layout.ID, layout.Props, layout.Children), nil
}

func convert(id int32, props map[string]dbus.Variant, children []dbus.Variant) MenuItem {
	m := MenuItem{ID: id, Enabled: true, Visible: true}
	if v, ok := props["label"]; ok {
		m.Label, _ = v.Value().(string)
	}
	if v, ok := props["enabled"]; ok {
		m.Enabled, _ = v.Value().(bool)
	}
	if v, ok := props["visible"]; ok {
		m.Visible, _ = v.Value().(bool)
	}
	for _, c := range children {
		fields, ok := c.Value().([]any)
		if !ok || len(fields) != 3 {
			continue
		}
		cid, _ := fields[0].(int32)
		cprops, _ := fields[1].(map[string]dbus.Variant)
		cchildren, _ := fields[2].([]dbus.Variant)
		m.Children = append(m.Children, convert(cid, cprops, cchildren))
	}
	return m
}

// Click sends the "clicked" event to a menu item.
func Click(conn *dbus.Conn, it Item, id int32) error {
	obj := conn.Object(it.Sender, dbus.ObjectPath(it.Path+"/menu"))
	return obj.Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
}

// IconPixmap reads the item's current icon (ARGB32, network byte order).
func IconPixmap(conn *dbus.Conn, it Item) (w, h int32, pixels []byte, err error) {
	var v dbus.Variant
	err = conn.Object(it.Sender, dbus.ObjectPath(it.Path)).Call("org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierItem", "IconPixmap").Store(&v)
	if err != nil {
		return 0, 0, nil, err
	}
	pix, ok := v.Value().([][]any)
	if !ok || len(pix) == 0 || len(pix[0]) != 3 {
		return 0, 0, nil, fmt.Errorf("unexpected IconPixmap %T", v.Value())
	}
	w, _ = pix[0][0].(int32)
	h, _ = pix[0][1].(int32)
	pixels, _ = pix[0][2].([]byte)
	return w, h, pixels, nil
}

// Pixmap is one IconPixmap entry.
type Pixmap struct {
	W, H int32
	Pix  []byte // ARGB32, network byte order
}

// IconPixmaps reads every size of the item's current icon.
func IconPixmaps(conn *dbus.Conn, it Item) ([]Pixmap, error) {
	var v dbus.Variant
	err := conn.Object(it.Sender, dbus.ObjectPath(it.Path)).Call("org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierItem", "IconPixmap").Store(&v)
	if err != nil {
		return nil, err
	}
	var px []Pixmap
	if err := dbus.Store([]any{v.Value()}, &px); err != nil {
		return nil, fmt.Errorf("unexpected IconPixmap %T: %w", v.Value(), err)
	}
	return px, nil
}

// ItemID reads the item's Id, by which hosts remember its place.
func ItemID(conn *dbus.Conn, it Item) (string, error) {
	var v dbus.Variant
	err := conn.Object(it.Sender, dbus.ObjectPath(it.Path)).Call("org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierItem", "Id").Store(&v)
	if err != nil {
		return "", err
	}
	id, ok := v.Value().(string)
	if !ok {
		return "", fmt.Errorf("unexpected Id %T", v.Value())
	}
	return id, nil
}

// HaloPixels lists the edge pixels of an ARGB32 pixmap whose colour is
// not that of an opaque neighbour: with straight alpha, as hosts read it,
// an antialiased edge of a one-coloured shape keeps the shape's colour and
// only its alpha falls. Premultiplied values darken such pixels (a dark
// halo); truncated 16-bit values scatter them (speckles).
func HaloPixels(w, h int, argb []byte) []string {
	at := func(x, y int) []byte { i := 4 * (y*w + x); return argb[i : i+4] }
	var bad []string
	for y := range h {
		for x := range w {
			p := at(x, y)
			if p[0] == 0 || p[0] == 0xFF {
				continue
			}
		neighbours:
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					q := at(nx, ny)
					if q[0] != 0xFF {
						continue
					}
					for c := 1; c < 4; c++ {
						if d := int(p[c]) - int(q[c]); d > 2 || d < -2 {
							bad = append(bad, fmt.Sprintf("(%d,%d) argb %x next to %x", x, y, p, q))
							break neighbours
						}
					}
					break neighbours
				}
			}
		}
	}
	return bad
}

// Notifications is a fake org.freedesktop.Notifications daemon that records
// what it is asked to show, and can press a notification's button as a
// user would (Invoke).
type Notifications struct {
	Conn *dbus.Conn
	mu   sync.Mutex
	got  []Note
	caps []string
	// shown receives each notification as it arrives (see Next).
	shown chan Note
}

// Note is one received notification.
type Note struct {
	ID                     uint32
	AppName, Summary, Body string
	AppIcon                string
	// Actions are the buttons as (key, label) pairs, flattened as on the
	// wire.
	Actions  []string
	HasImage bool
	Urgency  byte
	// DesktopEntry, Category, SoundName and SuppressSound are the hints of
	// those names.
	DesktopEntry, Category, SoundName string
	SuppressSound                     bool
}

// ActionKeys are the notification's button keys.
func (n Note) ActionKeys() []string {
	var keys []string
	for i := 0; i+1 < len(n.Actions); i += 2 {
		keys = append(keys, n.Actions[i])
	}
	return keys
}

// ActionLabels are the notification's button labels.
func (n Note) ActionLabels() []string {
	var labels []string
	for i := 0; i+1 < len(n.Actions); i += 2 {
		labels = append(labels, n.Actions[i+1])
	}
	return labels
}

// Notify is the D-Bus method.
func (n *Notifications) Notify(appName string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	note := Note{AppName: appName, AppIcon: icon, Summary: summary, Body: body, Actions: actions}
	_, note.HasImage = hints["image-data"]
	if u, ok := hints["urgency"]; ok {
		note.Urgency, _ = u.Value().(byte)
	}
	str := func(k string) string {
		v, _ := hints[k].Value().(string)
		return v
	}
	note.DesktopEntry, note.Category, note.SoundName = str("desktop-entry"), str("category"), str("sound-name")
	note.SuppressSound, _ = hints["suppress-sound"].Value().(bool)
	n.mu.Lock()
	note.ID = uint32(len(n.got) + 1)
	n.got = append(n.got, note)
	n.mu.Unlock()
	select {
	case n.shown <- note:
	default:
	}
	return note.ID, nil
}

// SetCapabilities sets what GetCapabilities answers (default: "body",
// "sound"; add "actions" for buttons).
func (n *Notifications) SetCapabilities(caps ...string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.caps = caps
}

// GetCapabilities is the D-Bus method.
func (n *Notifications) GetCapabilities() ([]string, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.caps...), nil
}

// GetServerInformation is the D-Bus method.
func (n *Notifications) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "traytest", "headsdown", "1", "1.2", nil
}

// CloseNotification is the D-Bus method.
func (n *Notifications) CloseNotification(uint32) *dbus.Error { return nil }

// Received returns the notifications so far.
func (n *Notifications) Received() []Note {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Note(nil), n.got...)
}

// Next waits for the next notification to arrive.
func (n *Notifications) Next(ctx context.Context) (Note, error) {
	select {
	case note := <-n.shown:
		return note, nil
	case <-ctx.Done():
		return Note{}, fmt.Errorf("no notification: %w", ctx.Err())
	}
}

// Invoke presses the button key of notification id, as a server does when
// the user clicks it: ActionInvoked, then NotificationClosed (reason 2,
// dismissed by the user), both broadcast.
func (n *Notifications) Invoke(id uint32, key string) error {
	if err := n.Conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.ActionInvoked", id, key); err != nil {
		return err
	}
	return n.Conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.NotificationClosed", id, uint32(2))
}

// StartNotifications claims org.freedesktop.Notifications on the bus.
func StartNotifications(address string) (*Notifications, error) {
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("connect to bus: %w", err)
	}
	n := &Notifications{Conn: conn, caps: []string{"body", "sound"}, shown: make(chan Note, 64)}
	if err := conn.Export(n, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		conn.Close()
		return nil, err
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return nil, fmt.Errorf("claim org.freedesktop.Notifications: %v (reply %v)", err, reply)
	}
	return n, nil
}

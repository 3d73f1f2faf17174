//go:build linux || freebsd || netbsd || openbsd || dragonfly

package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/sessionbus"
	"github.com/headsdown-app/headsdown/assets"
)

// DesktopNotifier shows notifications. On Linux and the BSDs it speaks
// org.freedesktop.Notifications over the session bus itself, because
// beeep can neither put buttons on a notification nor send the hints that
// let a desktop group and mute an app's notifications ("desktop-entry").
// Buttons are added only when the server lists the "actions" capability;
// the server's ActionInvoked and NotificationClosed signals for the ids
// it sent are read by Listen. With no notification server on the bus it
// falls back to beeep (notify-send, kdialog).
type DesktopNotifier struct {
	log *slog.Logger

	mu      sync.Mutex
	conn    *dbus.Conn // nil until first used; private to this notifier
	signals chan *dbus.Signal
	connErr error
	closed  bool
	// sent are the buttons of the notifications shown with buttons and
	// not yet closed, by the server's id.
	sent map[uint32][]Action
}

// NewDesktopNotifier is the notifier of the running app.
func NewDesktopNotifier(log *slog.Logger) *DesktopNotifier {
	if log == nil {
		log = slog.Default()
	}
	return &DesktopNotifier{log: log, sent: map[uint32][]Action{}}
}

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
	// busTimeout bounds each call to the notification server: a hung
	// server must not hold the notifier for ever.
	busTimeout = 5 * time.Second
	// keepSent is how many notifications with buttons are remembered; a
	// server that never says they closed does not grow the map for ever.
	keepSent = 32
)

// connect opens the notifier's own session-bus connection once, and
// subscribes to the server's signals before anything is sent, so no
// ActionInvoked can come before the subscription.
func (d *DesktopNotifier) connect() (*dbus.Conn, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, fmt.Errorf("notifier closed")
	}
	if d.conn != nil || d.connErr != nil {
		return d.conn, d.connErr
	}
	conn, err := sessionbus.Connect() // never a bus of its own: see sessionbus
	if err != nil {
		d.connErr = err
		return nil, err
	}
	if err := conn.AddMatchSignal(dbus.WithMatchObjectPath(notifyPath), dbus.WithMatchInterface(notifyIface)); err != nil {
		conn.Close()
		d.connErr = err
		return nil, err
	}
	d.signals = make(chan *dbus.Signal, 16)
	conn.Signal(d.signals)
	d.conn = conn
	return conn, nil
}

// Notify shows n on the session bus's notification server, with buttons
// when the server has them (Listen reports them); else with beeep.
func (d *DesktopNotifier) Notify(n Notification) error {
	conn, err := d.connect()
	if err == nil {
		err = d.notifyBus(conn, n)
		if err == nil {
			return nil
		}
	}
	d.log.Debug("notification server not usable; trying beeep", "err", err)
	return beeepNotify(n)
}

func (d *DesktopNotifier) notifyBus(conn *dbus.Conn, n Notification) error {
	ctx, cancel := context.WithTimeout(context.Background(), busTimeout)
	defer cancel()
	obj := conn.Object(notifyName, notifyPath)
	var caps []string
	if err := obj.CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return err
	}
	body, actions := n.FullBody(), []string{}
	withButtons := len(n.Actions) > 0 && slices.Contains(caps, "actions")
	if withButtons {
		body = n.Body
		for _, a := range n.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	}
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}
	// The server may report a click before its reply to Notify has been
	// read here: holding the lock until the id is recorded makes Listen
	// wait for it, so that click is not taken for another app's.
	d.mu.Lock()
	defer d.mu.Unlock()
	var id uint32
	err := obj.CallWithContext(ctx, notifyIface+".Notify", 0, "Heads Down", uint32(0), AppID, n.Title, body,
		actions, busHints(n), int32(-1)).Store(&id)
	if err != nil {
		return err
	}
	if withButtons {
		d.sent[id] = n.Actions
		for len(d.sent) > keepSent {
			delete(d.sent, minKey(d.sent))
		}
	}
	return nil
}

// busHints are the notification's hints: the desktop entry (so desktops
// group, badge and mute Heads Down's notifications as the app's), the
// icon's pixels, the urgency and, when it must be silent, no sound.
func busHints(n Notification) map[string]dbus.Variant {
	h := map[string]dbus.Variant{
		"desktop-entry": dbus.MakeVariant(AppID),
		"urgency":       dbus.MakeVariant(byte(1)),
	}
	if n.Sound {
		// As beeep's Alert did: a block that ended on its own, within
		// working hours, asks to be heard.
		h["urgency"] = dbus.MakeVariant(byte(2))
		h["sound-name"] = dbus.MakeVariant("bell")
	} else {
		h["suppress-sound"] = dbus.MakeVariant(true)
	}
	if n.Category != "" {
		h["category"] = dbus.MakeVariant(n.Category)
	}
	if img, ok := iconHint(); ok {
		h["image-data"] = dbus.MakeVariant(img)
	}
	return h
}

// imageData is the spec's (iiibiiay) image.
type imageData struct {
	Width, Height, Rowstride int32
	HasAlpha                 bool
	BitsPerSample, Channels  int32
	Data                     []byte
}

var iconHint = sync.OnceValues(func() (imageData, bool) {
	src, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		return imageData{}, false
	}
	// 64 px is plenty for a notification and keeps each message small.
	const size = 64
	b := src.Bounds()
	rgba := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			rgba.Set(x, y, src.At(b.Min.X+x*b.Dx()/size, b.Min.Y+y*b.Dy()/size))
		}
	}
	return imageData{Width: size, Height: size, Rowstride: int32(rgba.Stride), HasAlpha: true,
		BitsPerSample: 8, Channels: 4, Data: rgba.Pix}, true
})

// escapeMarkup keeps a server that reads markup from reading a ping's "<"
// or "&" as markup.
func escapeMarkup(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func minKey(m map[uint32][]Action) uint32 {
	first := true
	var k uint32
	for id := range m {
		if first || id < k {
			k, first = id, false
		}
	}
	return k
}

// Listen reads the server's signals until ctx ends: a button chosen on one
// of this notifier's notifications is reported to chose, a closed one is
// forgotten. Signals for other apps' notifications are ignored.
func (d *DesktopNotifier) Listen(ctx context.Context, chose func(Action)) {
	if _, err := d.connect(); err != nil {
		// Notify cannot connect either, and falls back to beeep: no buttons.
		d.log.Info("notification buttons off: no session bus", "err", err)
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sig, ok := <-d.signals:
			if !ok {
				return // the connection closed
			}
			d.signal(sig, chose)
		}
	}
}

func (d *DesktopNotifier) signal(sig *dbus.Signal, chose func(Action)) {
	if len(sig.Body) < 2 {
		return
	}
	id, _ := sig.Body[0].(uint32)
	d.mu.Lock()
	actions, ours := d.sent[id]
	if ours && (sig.Name == notifyIface+".ActionInvoked" || sig.Name == notifyIface+".NotificationClosed") {
		delete(d.sent, id)
	}
	d.mu.Unlock()
	if !ours || sig.Name != notifyIface+".ActionInvoked" {
		return
	}
	key, _ := sig.Body[1].(string)
	for _, a := range actions {
		if a.Key == key {
			chose(a)
			return
		}
	}
}

// Close closes the notifier's bus connection; the notifier queue calls it
// once the last notification is out.
func (d *DesktopNotifier) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.conn != nil {
		return d.conn.Close()
	}
	return nil
}

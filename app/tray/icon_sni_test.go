//go:build linux

package tray

import (
	"context"
	"io"
	"log/slog"
	"os/exec"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

// The item's properties are answered in this process: a new icon is a
// value set here and a NewIcon signal, where setting systray's property
// went out to the bus and back and left about 1.7 MB of garbage. A host
// still reads every size, the Id and the tooltip, and can write nothing.
func TestIconSetInProcess(t *testing.T) {
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("no dbus-daemon")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	bus, err := traytest.StartBus(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer bus.Stop()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	host, err := traytest.StartWatcher(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	signals := make(chan *dbus.Signal, 16)
	host.Conn.Signal(signals)
	if err := host.Conn.AddMatchSignal(dbus.WithMatchInterface(sniIface)); err != nil {
		t.Fatal(err)
	}

	ready, quit, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		runTray(slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, func() {}, ready, quit)
	}()
	defer func() { close(quit); <-done }()
	select {
	case <-ready:
	case <-ctx.Done():
		t.Fatal("the tray never got ready")
	}
	it, err := host.WaitItem(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if item == nil {
		t.Fatal("the item's properties stayed systray's")
	}

	ic := drawIcon(faces[0], formPixmaps)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := setTrayIcon(ic); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	got := after.TotalAlloc - before.TotalAlloc
	t.Logf("a new icon allocated %d KB", got>>10)
	if got > 256<<10 {
		t.Errorf("a new icon allocated %d KB; the pixels should not go through the bus", got>>10)
	}
	waitSignal(t, ctx, signals, sniIface+".NewIcon")
	px, err := traytest.IconPixmaps(host.Conn, it)
	if err != nil {
		t.Fatal(err)
	}
	if len(px) != len(ic.pixmaps) {
		t.Fatalf("host read %d pixmaps, want %d", len(px), len(ic.pixmaps))
	}
	for i := range px {
		if px[i].W != ic.pixmaps[i].W || px[i].H != ic.pixmaps[i].H || !reflect.DeepEqual(px[i].Pix, ic.pixmaps[i].Pix) {
			t.Fatalf("pixmap %d differs from the one set (%dx%d)", i, px[i].W, px[i].H)
		}
	}

	if id, err := traytest.ItemID(host.Conn, it); err != nil || id != ItemID {
		t.Errorf("Id %q (%v), want %q", id, err, ItemID)
	}
	setTrayTooltip("Heads Down — Focus — 24 min left")
	waitSignal(t, ctx, signals, sniIface+".NewToolTip")
	obj := host.Conn.Object(it.Sender, dbus.ObjectPath(it.Path))
	var tip dbus.Variant
	if err := obj.Call("org.freedesktop.DBus.Properties.Get", 0, sniIface, "ToolTip").Store(&tip); err != nil {
		t.Fatal(err)
	}
	if f, ok := tip.Value().([]any); !ok || len(f) != 4 || f[2] != "Heads Down — Focus — 24 min left" {
		t.Errorf("ToolTip %s %v", tip.Signature(), tip.Value())
	}
	var all map[string]dbus.Variant
	if err := obj.Call("org.freedesktop.DBus.Properties.GetAll", 0, sniIface).Store(&all); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Id", "Title", "Status", "Category", "Menu", "ItemIsMenu", "IconPixmap", "ToolTip"} {
		if _, ok := all[name]; !ok {
			t.Errorf("GetAll has no %s", name)
		}
	}
	if all["Menu"].Value() != dbus.ObjectPath(it.Path+"/menu") { // where traytest.Click finds the menu
		t.Errorf("Menu is %v", all["Menu"].Value())
	}
	err = obj.Call("org.freedesktop.DBus.Properties.Set", 0, sniIface, "IconPixmap", dbus.MakeVariant([]Pixmap{})).Err
	if err == nil {
		t.Error("a host could set IconPixmap")
	}
}

func waitSignal(t *testing.T, ctx context.Context, signals <-chan *dbus.Signal, name string) {
	t.Helper()
	for {
		select {
		case s := <-signals:
			if s.Name == name {
				return
			}
		case <-ctx.Done():
			t.Fatalf("no %s signal", name)
		}
	}
}

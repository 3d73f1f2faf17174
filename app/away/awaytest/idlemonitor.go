package awaytest

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	mutterIdle     = "org.gnome.Mutter.IdleMonitor"
	mutterIdlePath = dbus.ObjectPath("/org/gnome/Mutter/IdleMonitor/Core")
)

// IdleMonitor is a fake of GNOME's org.gnome.Mutter.IdleMonitor at
// /org/gnome/Mutter/IdleMonitor/Core. Like Mutter, an idle watch fires
// WatchFired(id) when the idle time reaches its interval (here: when the
// test calls GoIdle with a time far enough back), and a user-active watch
// fires once, at the next input (GoActive), and is then gone.
type IdleMonitor struct {
	Conn *dbus.Conn

	mu        sync.Mutex
	lastInput time.Time
	nextID    uint32
	idle      map[uint32]time.Duration // idle watches and their intervals
	active    map[uint32]bool          // user-active watches
}

// StartIdleMonitor claims org.gnome.Mutter.IdleMonitor on the bus at address.
func StartIdleMonitor(address string) (*IdleMonitor, error) {
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("connect to bus: %w", err)
	}
	im := &IdleMonitor{Conn: conn, lastInput: time.Now(), idle: map[uint32]time.Duration{}, active: map[uint32]bool{}}
	err = conn.ExportMethodTable(map[string]any{
		"GetIdletime":        im.getIdletime,
		"AddIdleWatch":       im.addIdleWatch,
		"AddUserActiveWatch": im.addUserActiveWatch,
		"RemoveWatch":        im.removeWatch,
	}, mutterIdlePath, mutterIdle)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := claim(conn, mutterIdle); err != nil {
		return nil, err
	}
	return im, nil
}

func (im *IdleMonitor) getIdletime() (uint64, *dbus.Error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return uint64(time.Since(im.lastInput) / time.Millisecond), nil
}

func (im *IdleMonitor) addIdleWatch(intervalMs uint64) (uint32, *dbus.Error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.nextID++
	im.idle[im.nextID] = time.Duration(intervalMs) * time.Millisecond
	return im.nextID, nil
}

func (im *IdleMonitor) addUserActiveWatch() (uint32, *dbus.Error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.nextID++
	im.active[im.nextID] = true
	return im.nextID, nil
}

func (im *IdleMonitor) removeWatch(id uint32) *dbus.Error {
	im.mu.Lock()
	defer im.mu.Unlock()
	delete(im.idle, id)
	delete(im.active, id)
	return nil
}

// GoIdle says the last input was at since and fires the idle watches whose
// interval that idle time reaches.
func (im *IdleMonitor) GoIdle(since time.Time) error {
	im.mu.Lock()
	im.lastInput = since
	idleFor := time.Since(since)
	var fire []uint32
	for id, interval := range im.idle {
		if interval <= idleFor {
			fire = append(fire, id)
		}
	}
	im.mu.Unlock()
	return im.fire(fire)
}

// GoActive is input now: the idle time starts again from zero and the
// user-active watches fire, once.
func (im *IdleMonitor) GoActive() error {
	im.mu.Lock()
	im.lastInput = time.Now()
	var fire []uint32
	for id := range im.active {
		fire = append(fire, id)
	}
	clear(im.active)
	im.mu.Unlock()
	return im.fire(fire)
}

func (im *IdleMonitor) fire(ids []uint32) error {
	slices.Sort(ids)
	for _, id := range ids {
		if err := im.Conn.Emit(mutterIdlePath, mutterIdle+".WatchFired", id); err != nil {
			return err
		}
	}
	return nil
}

// IdleWatches lists the intervals of the idle watches, sorted.
func (im *IdleMonitor) IdleWatches() []time.Duration {
	im.mu.Lock()
	defer im.mu.Unlock()
	var out []time.Duration
	for _, d := range im.idle {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// ActiveWatches counts the user-active watches waiting for input.
func (im *IdleMonitor) ActiveWatches() int {
	im.mu.Lock()
	defer im.mu.Unlock()
	return len(im.active)
}

// Close leaves the bus, as gnome-shell does when it restarts; the watches
// are forgotten.
func (im *IdleMonitor) Close() { im.Conn.Close() }

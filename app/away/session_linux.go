package away

import (
	"context"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/sessionbus"
)

// The screen savers on the session bus: KDE and light-locker own
// org.freedesktop.ScreenSaver, GNOME org.gnome.ScreenSaver, and
// xfce4-screensaver, MATE's and Cinnamon's each a name of their own (they
// say nothing on the freedesktop name). Each says ActiveChanged(b) when the
// screen saver (and with it the lock screen) comes on or goes off, and
// answers GetActive(). xscreensaver says nothing on D-Bus; logind's
// LockedHint covers the lockers that set it.
var screenSavers = []struct {
	name string
	path dbus.ObjectPath
}{
	{"org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"},
	{"org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"},
	{"org.xfce.ScreenSaver", "/org/xfce/ScreenSaver"},
	{"org.mate.ScreenSaver", "/org/mate/ScreenSaver"},
	{"org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver"},
}

const (
	mutterIdle     = "org.gnome.Mutter.IdleMonitor"
	mutterIdlePath = dbus.ObjectPath("/org/gnome/Mutter/IdleMonitor/Core")
	srcMutterIdle  = "mutter-idle"
	busDaemon      = "org.freedesktop.DBus"
)

// connectSession connects to the session bus named by
// DBUS_SESSION_BUS_ADDRESS (or found in $XDG_RUNTIME_DIR/bus), and never
// autolaunches one: a bus of our own would have no screen saver on it.
func connectSession() (*dbus.Conn, error) { return sessionbus.Connect() }

// runSessionBus watches the screen savers and, where it is present, GNOME's
// idle monitor. It sends on noMutter, once, "" if the idle monitor is in
// use, or why not.
func (m *Monitor) runSessionBus(ctx context.Context, probed func(), noMutter chan<- string) {
	defer probed()
	var once sync.Once
	tell := func(why string) { once.Do(func() { noMutter <- why }) }
	defer tell("no session bus")
	conn, err := connectSession()
	if err != nil {
		for _, ss := range screenSavers {
			m.setSource(Source{Name: ss.name, What: WhatLock, Note: "no session bus: " + err.Error()})
		}
		return
	}
	defer conn.Close()
	sigs := make(chan *dbus.Signal, 64)
	conn.Signal(sigs)

	s := &sessionBus{m: m, conn: conn, present: map[string]bool{}}
	for _, ss := range screenSavers {
		s.watchScreenSaver(ctx, ss.name, ss.path)
	}
	if s.watchMutter(ctx) {
		tell("")
	} else {
		tell("no " + mutterIdle + " on the session bus")
	}
	probed()

	var idleChanged <-chan struct{}
	if s.mutter != nil {
		idleChanged = m.idleChanged
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-idleChanged:
			s.mutter.setup(ctx)
		case sig, ok := <-sigs:
			if !ok {
				for _, ss := range screenSavers {
					s.gone(ss.name, "lost the session bus connection")
				}
				if s.mutter != nil {
					s.mutter.gone("lost the session bus connection")
				}
				return
			}
			s.signal(ctx, sig)
		}
	}
}

type sessionBus struct {
	m       *Monitor
	conn    *dbus.Conn
	present map[string]bool // screen saver name → owned on the bus
	mutter  *mutterWatch    // nil when the idle monitor is not used
}

// watchScreenSaver subscribes to a screen saver's ActiveChanged and to its
// name's owner changes (it may start after us, or restart), then reads its
// state if it is running.
func (s *sessionBus) watchScreenSaver(ctx context.Context, name string, path dbus.ObjectPath) {
	err := addMatch(ctx, s.conn, dbus.WithMatchSender(name), dbus.WithMatchInterface(name), dbus.WithMatchMember("ActiveChanged"))
	if err == nil {
		err = watchOwner(ctx, s.conn, name)
	}
	if err != nil {
		s.m.setSource(Source{Name: name, What: WhatLock, Note: "cannot watch the session bus: " + err.Error()})
		return
	}
	if !hasOwner(ctx, s.conn, name) {
		s.m.setSource(Source{Name: name, What: WhatLock, Note: "not running on the session bus"})
		return
	}
	s.screenSaverAppeared(ctx, name, path)
}

func (s *sessionBus) screenSaverAppeared(ctx context.Context, name string, path dbus.ObjectPath) {
	s.present[name] = true
	s.m.setSource(Source{Name: name, What: WhatLock, Live: true, Note: "ActiveChanged"})
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var active bool
	// Some screen savers do not implement GetActive; their signals still count.
	if err := s.conn.Object(name, path).CallWithContext(ctx, name+".GetActive", 0).Store(&active); err == nil {
		s.m.hub.set(lockGroup, name, active, s.m.now())
	}
}

// gone marks a screen saver that left the bus and forgets what it said.
func (s *sessionBus) gone(name, why string) {
	s.present[name] = false
	s.m.setSource(Source{Name: name, What: WhatLock, Note: why})
	s.m.hub.set(lockGroup, name, false, s.m.now())
}

func (s *sessionBus) signal(ctx context.Context, sig *dbus.Signal) {
	if sig.Name == busDaemon+".NameOwnerChanged" && len(sig.Body) == 3 {
		name, _ := sig.Body[0].(string)
		newOwner, _ := sig.Body[2].(string)
		for _, ss := range screenSavers {
			if name != ss.name {
				continue
			}
			if newOwner == "" {
				s.gone(name, "left the session bus")
			} else {
				s.screenSaverAppeared(ctx, ss.name, ss.path)
			}
		}
		if name == mutterIdle && s.mutter != nil {
			if newOwner == "" {
				s.mutter.gone("left the session bus")
			} else {
				// A restarted gnome-shell has forgotten our watches.
				s.mutter.reset()
				s.mutter.setup(ctx)
			}
		}
		return
	}
	for _, ss := range screenSavers {
		if sig.Name == ss.name+".ActiveChanged" {
			if active, ok := firstBool(sig.Body); ok && s.present[ss.name] {
				s.m.hub.set(lockGroup, ss.name, active, s.m.now())
			}
			return
		}
	}
	if sig.Name == mutterIdle+".WatchFired" && sig.Path == mutterIdlePath && s.mutter != nil && len(sig.Body) == 1 {
		if id, ok := sig.Body[0].(uint32); ok {
			s.mutter.fired(ctx, id)
		}
	}
}

// watchOwner subscribes to NameOwnerChanged for one name.
func watchOwner(ctx context.Context, conn *dbus.Conn, name string) error {
	return addMatch(ctx, conn, dbus.WithMatchSender(busDaemon), dbus.WithMatchInterface(busDaemon),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, name))
}

// watchMutter sets up GNOME's idle monitor if it is running; it reports
// whether it is used.
func (s *sessionBus) watchMutter(ctx context.Context) bool {
	err := addMatch(ctx, s.conn, dbus.WithMatchSender(mutterIdle), dbus.WithMatchObjectPath(mutterIdlePath),
		dbus.WithMatchInterface(mutterIdle), dbus.WithMatchMember("WatchFired"))
	if err == nil {
		err = watchOwner(ctx, s.conn, mutterIdle)
	}
	if err != nil || !hasOwner(ctx, s.conn, mutterIdle) {
		return false
	}
	s.mutter = &mutterWatch{m: s.m, obj: s.conn.Object(mutterIdle, mutterIdlePath)}
	s.mutter.setup(ctx)
	return true
}

// mutterWatch drives GNOME's idle monitor: an idle watch fires when there
// has been no input for IdleAfter, a user-active watch fires once, at the
// next input. Nothing polls.
type mutterWatch struct {
	m        *Monitor
	obj      dbus.BusObject
	idleID   uint32        // the idle watch, 0 if none
	interval time.Duration // its threshold
	activeID uint32        // the user-active watch, 0 if none
	idle     bool
}

func (w *mutterWatch) call(ctx context.Context, method string, ret any, args ...any) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	call := w.obj.CallWithContext(ctx, mutterIdle+"."+method, 0, args...)
	if ret == nil {
		return call.Err
	}
	return call.Store(ret)
}

func (w *mutterWatch) idletime(ctx context.Context) (time.Duration, error) {
	var ms uint64
	if err := w.call(ctx, "GetIdletime", &ms); err != nil {
		return 0, err
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// setup brings the watches in line with IdleAfter: at start, after
// SetIdleAfter and after the idle monitor restarted.
func (w *mutterWatch) setup(ctx context.Context) {
	after := w.m.currentIdleAfter()
	if w.idleID != 0 && w.interval != after {
		w.call(ctx, "RemoveWatch", nil, w.idleID)
		w.idleID = 0
	}
	if after <= 0 {
		if w.activeID != 0 {
			w.call(ctx, "RemoveWatch", nil, w.activeID)
			w.activeID = 0
		}
		w.setIdle(false, w.m.now())
		w.m.setSource(Source{Name: srcMutterIdle, What: WhatIdle, Note: noteIdleOff})
		return
	}
	if w.idleID == 0 {
		var id uint32
		if err := w.call(ctx, "AddIdleWatch", &id, uint64(after/time.Millisecond)); err != nil {
			w.m.setSource(Source{Name: srcMutterIdle, What: WhatIdle, Note: noteNoIdle + mutterIdle + ".AddIdleWatch: " + err.Error()})
			return
		}
		w.idleID, w.interval = id, after
	}
	w.m.setSource(Source{Name: srcMutterIdle, What: WhatIdle, Live: true, Note: mutterIdle})
	// The idle watch fires when the idle time crosses the threshold; if it
	// is already past it (at start, or a lower threshold), say so now.
	if !w.idle {
		if d, err := w.idletime(ctx); err == nil && d >= after {
			w.wentIdle(ctx, d)
		}
	}
}

// fired handles WatchFired.
func (w *mutterWatch) fired(ctx context.Context, id uint32) {
	switch {
	case id == 0:
	case id == w.idleID && !w.idle:
		d, err := w.idletime(ctx)
		if err != nil {
			d = w.interval
		}
		w.wentIdle(ctx, d)
	case id == w.activeID:
		w.activeID = 0 // user-active watches fire once and are gone
		w.setIdle(false, w.m.now())
	}
}

// wentIdle reports Idle since the last input, d ago, and waits for input.
func (w *mutterWatch) wentIdle(ctx context.Context, d time.Duration) {
	w.setIdle(true, w.m.now().Add(-d))
	if w.activeID == 0 {
		if err := w.call(ctx, "AddUserActiveWatch", &w.activeID); err != nil {
			w.activeID = 0
		}
	}
	// Input between GetIdletime and AddUserActiveWatch would not fire the
	// new watch: if the idle time went down meanwhile, the user is back.
	if d2, err := w.idletime(ctx); err == nil && d2 < d {
		if w.activeID != 0 {
			w.call(ctx, "RemoveWatch", nil, w.activeID)
			w.activeID = 0
		}
		w.setIdle(false, w.m.now().Add(-d2))
	}
}

func (w *mutterWatch) setIdle(idle bool, at time.Time) {
	if w.idle == idle {
		return
	}
	w.idle = idle
	w.m.hub.set(idleGroup, srcMutterIdle, idle, at)
}

// reset forgets the watches (the idle monitor that held them is gone).
func (w *mutterWatch) reset() { w.idleID, w.activeID = 0, 0 }

func (w *mutterWatch) gone(why string) {
	w.reset()
	w.setIdle(false, w.m.now())
	w.m.setSource(Source{Name: srcMutterIdle, What: WhatIdle, Note: why})
}

package away

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/godbus/dbus/v5"
	"golang.org/x/sys/unix"
)

const (
	login1        = "org.freedesktop.login1"
	login1Path    = dbus.ObjectPath("/org/freedesktop/login1")
	login1Manager = "org.freedesktop.login1.Manager"
	login1Session = "org.freedesktop.login1.Session"
	propsIface    = "org.freedesktop.DBus.Properties"
	srcLogind     = "logind"

	// callTimeout bounds every D-Bus call, so a hung service cannot
	// keep Run from returning or a signal loop from draining.
	callTimeout = 5 * time.Second
)

// runLogind watches systemd-logind: PrepareForSleep for suspend and resume,
// with a delay inhibitor lock so the app can set Slack away before the
// machine sleeps, and the LockedHint of this process's session.
func (m *Monitor) runLogind(ctx context.Context, probed func()) {
	defer probed()
	notLive := func(note string) {
		m.setSource(Source{Name: srcLogind, What: WhatSuspend, Note: note})
		m.setSource(Source{Name: srcLogind, What: WhatLock, Note: note})
	}
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		notLive("no system bus: " + err.Error())
		return
	}
	defer conn.Close()
	sigs := make(chan *dbus.Signal, 64)
	conn.Signal(sigs)

	// Subscribe before reading any state, so no change falls in between.
	err = addMatch(ctx, conn, dbus.WithMatchSender(login1), dbus.WithMatchObjectPath(login1Path),
		dbus.WithMatchInterface(login1Manager), dbus.WithMatchMember("PrepareForSleep"))
	if err == nil {
		err = addMatch(ctx, conn, dbus.WithMatchSender(login1), dbus.WithMatchObjectPath(login1Path),
			dbus.WithMatchInterface(login1Manager), dbus.WithMatchMember("PrepareForShutdown"))
	}
	if err != nil {
		notLive("cannot watch the system bus: " + err.Error())
		return
	}
	if !hasOwner(ctx, conn, login1) {
		notLive("systemd-logind (" + login1 + ") is not running on the system bus")
		return
	}
	l := &logind{m: m, conn: conn, fd: -1}
	defer l.release("Run ended")
	l.inhibit(ctx)
	l.watchSession(ctx)
	probed()

	var (
		delay   *time.Timer
		delayC  <-chan time.Time
		readyC  <-chan struct{}
		holding = func() { // suspend is being held back for the app
			readyC = m.sleepReady
			delay = time.NewTimer(m.sleepDelay)
			delayC = delay.C
		}
		stopHolding = func() {
			readyC, delayC = nil, nil
			if delay != nil {
				delay.Stop()
			}
		}
	)
	defer stopHolding()
	for {
		select {
		case <-ctx.Done():
			return
		case <-readyC:
			stopHolding()
			l.release("the app is ready to sleep")
		case <-delayC:
			stopHolding()
			l.release(fmt.Sprintf("the app did not say it was ready within %v", m.sleepDelay))
		case s, ok := <-sigs:
			if !ok {
				// The bus went away under us (godbus closes the channel).
				// A source that is gone says nothing: clear what it said.
				notLive("lost the system bus connection")
				m.hub.set(lockGroup, srcLogind, false, m.now())
				m.hub.set(sleepGroup, srcLogind, false, m.now())
				return
			}
			switch {
			case s.Path == login1Path && s.Name == login1Manager+".PrepareForSleep":
				start, ok := firstBool(s.Body)
				if !ok {
					continue
				}
				if start {
					m.takeSleepReady()
					m.hub.set(sleepGroup, srcLogind, true, m.now())
					if l.fd >= 0 {
						stopHolding()
						holding()
					}
				} else {
					stopHolding()
					l.release("resumed")
					m.hub.set(sleepGroup, srcLogind, false, m.now())
					l.inhibit(ctx)
				}
			case s.Path == login1Path && s.Name == login1Manager+".PrepareForShutdown":
				// The machine is going down: SIGTERM follows, perhaps with
				// the network already gone. Say so now.
				if start, ok := firstBool(s.Body); ok && start {
					m.hub.push(Event{Kind: Ending, At: m.now(), Source: srcLogind})
				}
			case l.session != "" && s.Path == l.session && s.Name == propsIface+".PropertiesChanged":
				l.propertiesChanged(ctx, s.Body)
			}
		}
	}
}

type logind struct {
	m       *Monitor
	conn    *dbus.Conn
	fd      int             // the delay inhibitor lock, -1 when none is held
	session dbus.ObjectPath // the session whose LockedHint is watched
	ending  bool            // the session's closing was reported
}

func (l *logind) manager() dbus.BusObject { return l.conn.Object(login1, login1Path) }

// inhibit takes a delay inhibitor lock on sleep: logind then waits for it
// to be closed (or for its InhibitDelayMaxSec) before suspending, which is
// the time the app has to set Slack away.
func (l *logind) inhibit(ctx context.Context) {
	l.release("taking a new one")
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var fd dbus.UnixFD
	err := l.manager().CallWithContext(ctx, login1Manager+".Inhibit", 0,
		"sleep", "Heads Down", "Set Slack away before sleeping", "delay").Store(&fd)
	if err != nil {
		// Suspend is still reported, possibly too late to reach Slack.
		l.m.setSource(Source{Name: srcLogind, What: WhatSuspend, Live: true,
			Note: "no delay inhibitor lock (" + err.Error() + "): Slack may not be told before the machine sleeps"})
		return
	}
	l.fd = int(fd)
	l.m.setSource(Source{Name: srcLogind, What: WhatSuspend, Live: true, Note: "PrepareForSleep, with a delay inhibitor lock"})
}

// release closes the delay inhibitor lock, if one is held: logind may now
// suspend.
func (l *logind) release(why string) {
	if l.fd < 0 {
		return
	}
	unix.Close(l.fd)
	l.fd = -1
	l.m.log.Debug("released the sleep inhibitor lock", "why", why)
}

// watchSession finds this process's session and reports its LockedHint,
// now and on every change.
func (l *logind) watchSession(ctx context.Context) {
	path, how, err := l.findSession(ctx)
	if err != nil {
		l.m.setSource(Source{Name: srcLogind, What: WhatLock, Note: "no login session: " + err.Error()})
		return
	}
	if err := addMatch(ctx, l.conn, dbus.WithMatchSender(login1), dbus.WithMatchObjectPath(path),
		dbus.WithMatchInterface(propsIface), dbus.WithMatchMember("PropertiesChanged"),
		dbus.WithMatchArg(0, login1Session)); err != nil {
		l.m.setSource(Source{Name: srcLogind, What: WhatLock, Note: "cannot watch session " + string(path) + ": " + err.Error()})
		return
	}
	locked, err := l.lockedHint(ctx, path)
	if err != nil {
		l.m.setSource(Source{Name: srcLogind, What: WhatLock, Note: "session " + string(path) + " has no LockedHint: " + err.Error()})
		return
	}
	l.session = path
	l.m.setSource(Source{Name: srcLogind, What: WhatLock, Live: true, Note: "LockedHint of session " + string(path) + " (" + how + ")"})
	l.m.hub.set(lockGroup, srcLogind, locked, l.m.now())
}

// findSession asks logind for the session of this process, then for the
// one named by $XDG_SESSION_ID, then for "auto" (logind's pick for the
// caller's user: a process started by systemd --user is in no session).
func (l *logind) findSession(ctx context.Context) (path dbus.ObjectPath, how string, err error) {
	call := func(method string, arg any) (dbus.ObjectPath, error) {
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		var p dbus.ObjectPath
		err := l.manager().CallWithContext(ctx, login1Manager+"."+method, 0, arg).Store(&p)
		return p, err
	}
	var errs []error
	if p, err := call("GetSessionByPID", uint32(os.Getpid())); err == nil {
		return p, "the session of this process", nil
	} else {
		errs = append(errs, fmt.Errorf("GetSessionByPID: %w", err))
	}
	if id := os.Getenv("XDG_SESSION_ID"); id != "" {
		if p, err := call("GetSession", id); err == nil {
			return p, "XDG_SESSION_ID=" + id, nil
		} else {
			errs = append(errs, fmt.Errorf("GetSession(%q): %w", id, err))
		}
	}
	if p, err := call("GetSession", "auto"); err == nil {
		return p, "logind's session for this user", nil
	} else {
		errs = append(errs, fmt.Errorf("GetSession(auto): %w", err))
	}
	return "", "", errors.Join(errs...)
}

func (l *logind) lockedHint(ctx context.Context, path dbus.ObjectPath) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var v dbus.Variant
	if err := l.conn.Object(login1, path).CallWithContext(ctx, propsIface+".Get", 0, login1Session, "LockedHint").Store(&v); err != nil {
		return false, err
	}
	b, ok := v.Value().(bool)
	if !ok {
		return false, fmt.Errorf("LockedHint is a %s, not a boolean", v.Signature())
	}
	return b, nil
}

// propertiesChanged handles the session's PropertiesChanged signal: the new
// LockedHint is in it, or, if logind only says it changed, read again; a
// State of "closing" is the end of the session. (Where logind does not
// announce State, the SIGTERM that ends the session's processes does the
// same.)
func (l *logind) propertiesChanged(ctx context.Context, body []any) {
	if len(body) < 3 {
		return
	}
	if iface, _ := body[0].(string); iface != login1Session {
		return
	}
	if changed, ok := body[1].(map[string]dbus.Variant); ok {
		if v, ok := changed["State"]; ok {
			// "closing": the user logged out, and this process outlived
			// the session (logind's KillUserProcesses=no).
			if st, _ := v.Value().(string); st == "closing" && !l.ending {
				l.ending = true
				l.m.hub.push(Event{Kind: Ending, At: l.m.now(), Source: srcLogind})
			}
		}
		if v, ok := changed["LockedHint"]; ok {
			if b, ok := v.Value().(bool); ok {
				l.m.hub.set(lockGroup, srcLogind, b, l.m.now())
			}
			return
		}
	}
	if invalidated, ok := body[2].([]string); ok {
		for _, name := range invalidated {
			if name == "LockedHint" {
				if b, err := l.lockedHint(ctx, l.session); err == nil {
					l.m.hub.set(lockGroup, srcLogind, b, l.m.now())
				}
			}
		}
	}
}

// addMatch adds a match rule, bounded by callTimeout.
func addMatch(ctx context.Context, conn *dbus.Conn, opts ...dbus.MatchOption) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return conn.AddMatchSignalContext(ctx, opts...)
}

// hasOwner tells whether a bus name is owned now. It does not start a
// D-Bus-activatable service: a screen saver that is not running is not one
// the desktop uses.
func hasOwner(ctx context.Context, conn *dbus.Conn, name string) bool {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var has bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

func firstBool(body []any) (bool, bool) {
	if len(body) == 0 {
		return false, false
	}
	b, ok := body[0].(bool)
	return b, ok
}

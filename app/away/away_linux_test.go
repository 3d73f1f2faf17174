package away

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/headsdown-app/headsdown/app/away/awaytest"
)

// One lock seen by logind's LockedHint and both screen savers is one
// Locked event; Unlocked comes only when every source says unlocked.
func TestLockIsOneEventAcrossSources(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{})
	r.wantSource(t, "logind", WhatLock, true, string(d.logind.SessionPath()))
	r.wantSource(t, "org.freedesktop.ScreenSaver", WhatLock, true, "")
	r.wantSource(t, "org.gnome.ScreenSaver", WhatLock, true, "")

	must(t, d.logind.Lock())
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Locked || evs[0].Source != "logind" {
		t.Fatalf("first event %+v, want Locked from logind", evs[0])
	}
	must(t, d.fdo.SetActive(true))
	must(t, d.gnome.SetActive(true))
	waitFor(t, "both screen savers seen active", func() bool {
		return r.hub.says(lockGroup, "org.freedesktop.ScreenSaver") && r.hub.says(lockGroup, "org.gnome.ScreenSaver")
	})
	must(t, d.logind.Unlock())
	waitFor(t, "logind seen unlocked", func() bool { return !r.hub.says(lockGroup, "logind") })
	must(t, d.fdo.SetActive(false))
	waitFor(t, "org.freedesktop.ScreenSaver seen inactive", func() bool { return !r.hub.says(lockGroup, "org.freedesktop.ScreenSaver") })
	if got := kindsOf(r.got()); !slices.Equal(got, []Kind{Locked}) {
		t.Fatalf("events while one source still says locked: %v, want [locked]", got)
	}
	must(t, d.gnome.SetActive(false))
	evs = r.waitEvents(t, 2)
	if got := kindsOf(evs); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v, want [locked unlocked]", got)
	}
	if evs[1].Source != "org.gnome.ScreenSaver" {
		t.Errorf("Unlocked from %q, want the last source to clear", evs[1].Source)
	}
}

// A screen saver turning on is a lock too, on its own.
func TestScreenSaverAloneLocks(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{})
	before := time.Now()
	must(t, d.gnome.SetActive(true))
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Locked || evs[0].Source != "org.gnome.ScreenSaver" || evs[0].At.Before(before) {
		t.Fatalf("got %+v, want Locked from org.gnome.ScreenSaver after %v", evs[0], before)
	}
	must(t, d.gnome.SetActive(false))
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v", got)
	}
}

// A session already locked when Run starts is reported at once.
func TestLockedAtStart(t *testing.T) {
	d := newDesk(t, deskOpts{})
	must(t, d.logind.Lock())
	must(t, d.fdo.SetActive(true))
	r := start(t, Options{})
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Locked {
		t.Fatalf("got %+v, want Locked", evs[0])
	}
	// Probed comes after the lock found at start, never before it: the
	// app takes "probed and nothing said" for "present".
	waitFor(t, "Probed", func() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.sawProbed })
	r.mu.Lock()
	after := r.probedAfter
	r.mu.Unlock()
	if after < 1 {
		t.Fatalf("Probed came after %d events, before the lock found at start", after)
	}
	waitFor(t, "LockedHint and GetActive read at start", func() bool {
		return r.hub.says(lockGroup, "logind") && r.hub.says(lockGroup, "org.freedesktop.ScreenSaver")
	})
	must(t, d.logind.Unlock())
	must(t, d.fdo.SetActive(false))
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v", got)
	}
}

// PrepareForSleep(true) is Sleeping, emitted while the delay inhibitor
// lock still holds suspend back; SleepReady releases it; PrepareForSleep
// (false) is Awake, and a new lock is taken for the next suspend.
func TestSleepHoldsInhibitorUntilSleepReady(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{SleepDelay: time.Hour})
	waitFor(t, "an inhibitor lock", d.logind.InhibitorHeld)
	want := awaytest.InhibitCall{What: "sleep", Who: "Heads Down", Why: "Set Slack away before sleeping", Mode: "delay"}
	if calls := d.logind.InhibitCalls(); len(calls) != 1 || calls[0] != want {
		t.Fatalf("Inhibit calls %+v, want one %+v", calls, want)
	}
	r.wantSource(t, "logind", WhatSuspend, true, "delay inhibitor")

	must(t, d.logind.Sleep())
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Sleeping || evs[0].Source != "logind" {
		t.Fatalf("got %+v, want Sleeping from logind", evs[0])
	}
	// A lock after the PrepareForSleep signal, on the same connection:
	// once it is seen, the monitor has done all it does on PrepareForSleep.
	must(t, d.logind.Lock())
	r.waitEvents(t, 2)
	if n := d.logind.HeldInhibitors(); n != 1 {
		t.Fatalf("%d inhibitor locks held after Sleeping and before SleepReady, want 1", n)
	}
	r.SleepReady()
	waitFor(t, "the inhibitor lock released after SleepReady", func() bool { return !d.logind.InhibitorHeld() })

	must(t, d.logind.Wake())
	evs = r.waitEvents(t, 3)
	if got := kindsOf(evs); !slices.Equal(got, []Kind{Sleeping, Locked, Awake}) {
		t.Fatalf("events %v, want [sleeping locked awake]", got)
	}
	waitFor(t, "a new inhibitor lock after resume", func() bool {
		return d.logind.HeldInhibitors() == 1 && len(d.logind.InhibitCalls()) == 2
	})
}

// Without SleepReady, the lock is released after SleepDelay.
func TestSleepDelayReleasesInhibitor(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{SleepDelay: 50 * time.Millisecond})
	waitFor(t, "an inhibitor lock", d.logind.InhibitorHeld)
	must(t, d.logind.Sleep())
	r.waitEvents(t, 1)
	waitFor(t, "the inhibitor lock released after SleepDelay", func() bool { return !d.logind.InhibitorHeld() })
	must(t, d.logind.Wake())
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Sleeping, Awake}) {
		t.Fatalf("events %v", got)
	}
	waitFor(t, "a new inhibitor lock", d.logind.InhibitorHeld)
}

// A SleepReady from before a suspend does not release the next lock early.
func TestStaleSleepReadyIsIgnored(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{SleepDelay: time.Hour})
	waitFor(t, "an inhibitor lock", d.logind.InhibitorHeld)
	r.SleepReady() // nothing held back: does nothing
	must(t, d.logind.Sleep())
	r.waitEvents(t, 1)
	must(t, d.logind.Lock()) // see TestSleepHoldsInhibitorUntilSleepReady
	r.waitEvents(t, 2)
	if !d.logind.InhibitorHeld() {
		t.Fatal("a SleepReady made before the suspend released its lock")
	}
}

// When logind refuses the delay lock, suspend is still reported.
func TestInhibitRefused(t *testing.T) {
	d := newDesk(t, deskOpts{logind: []awaytest.LogindOption{awaytest.WithInhibitRefused()}})
	r := start(t, Options{})
	r.wantSource(t, "logind", WhatSuspend, true, "no delay inhibitor lock")
	must(t, d.logind.Sleep())
	if evs := r.waitEvents(t, 1); evs[0].Kind != Sleeping {
		t.Fatalf("got %+v", evs[0])
	}
}

// The session is the one logind returns for this process, else for
// $XDG_SESSION_ID, else "auto"; at the object path logind returns.
func TestSessionLookup(t *testing.T) {
	const path = dbus.ObjectPath("/org/freedesktop/login1/session/c7_2dx")
	for _, tc := range []struct {
		name, xdgID string
		opts        []awaytest.LogindOption
		asks        []string
		note        string
	}{
		{"by pid", "", nil, []string{"GetSessionByPID"}, "the session of this process"},
		{"XDG_SESSION_ID", "c7", []awaytest.LogindOption{awaytest.WithoutSessionByPID()},
			[]string{"GetSessionByPID", "GetSession(c7)"}, "XDG_SESSION_ID=c7"},
		{"auto", "", []awaytest.LogindOption{awaytest.WithoutSessionByPID()},
			[]string{"GetSessionByPID", "GetSession(auto)"}, "logind's session for this user"},
		{"unknown XDG_SESSION_ID then auto", "nope", []awaytest.LogindOption{awaytest.WithoutSessionByPID()},
			[]string{"GetSessionByPID", "GetSession(nope)", "GetSession(auto)"}, "logind's session for this user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t, deskOpts{noScreenSavers: true, logind: append(tc.opts, awaytest.WithSession("c7", path))})
			t.Setenv("XDG_SESSION_ID", tc.xdgID)
			r := start(t, Options{})
			r.wantSource(t, "logind", WhatLock, true, string(path)+" ("+tc.note+")")
			if got := d.logind.SessionCalls(); !slices.Equal(got, tc.asks) {
				t.Errorf("asked logind %v, want %v", got, tc.asks)
			}
			must(t, d.logind.Lock())
			if evs := r.waitEvents(t, 1); evs[0].Kind != Locked {
				t.Fatalf("got %+v", evs[0])
			}
		})
	}
}

// logind may only say that LockedHint changed; then it is read again.
func TestLockedHintInvalidated(t *testing.T) {
	d := newDesk(t, deskOpts{noScreenSavers: true, logind: []awaytest.LogindOption{awaytest.WithLockedHintInvalidated()}})
	r := start(t, Options{})
	must(t, d.logind.Lock())
	r.waitEvents(t, 1)
	must(t, d.logind.Unlock())
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v", got)
	}
}

// A logind without LockedHint: the lock source says so; suspend still works.
func TestNoLockedHint(t *testing.T) {
	d := newDesk(t, deskOpts{noScreenSavers: true, logind: []awaytest.LogindOption{awaytest.WithoutLockedHint()}})
	r := start(t, Options{})
	r.wantSource(t, "logind", WhatLock, false, "has no LockedHint")
	must(t, d.logind.Sleep())
	if evs := r.waitEvents(t, 1); evs[0].Kind != Sleeping {
		t.Fatalf("got %+v", evs[0])
	}
}

// No system bus, or no logind on it: those sources are not live and say
// why; the screen savers still work.
func TestWithoutLogind(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts deskOpts
		note string
	}{
		{"no system bus", deskOpts{noSystemBus: true}, "no system bus"},
		{"no logind", deskOpts{noLogind: true}, "systemd-logind (org.freedesktop.login1) is not running"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t, tc.opts)
			r := start(t, Options{})
			r.wantSource(t, "logind", WhatLock, false, tc.note)
			r.wantSource(t, "logind", WhatSuspend, false, tc.note)
			must(t, d.fdo.SetActive(true))
			if evs := r.waitEvents(t, 1); evs[0].Kind != Locked || evs[0].Source != "org.freedesktop.ScreenSaver" {
				t.Fatalf("got %+v", evs[0])
			}
		})
	}
}

// No bus at all and no display: every source says why it is not live, and
// Run still runs and ends.
func TestNothingAvailable(t *testing.T) {
	newDesk(t, deskOpts{noSystemBus: true, noSessionBus: true})
	r := start(t, Options{IdleAfter: time.Minute})
	r.wantSource(t, "logind", WhatLock, false, "no system bus")
	r.wantSource(t, "org.gnome.ScreenSaver", WhatLock, false, "no session bus")
	r.wantSource(t, "org.freedesktop.ScreenSaver", WhatLock, false, "no session bus")
	r.wantSource(t, "idle", WhatIdle, false, "idle detection is unavailable on this desktop: no session bus, and no X server")
}

// A screen saver that starts after Heads Down is picked up; one that quits
// no longer holds the lock.
func TestScreenSaverComesAndGoes(t *testing.T) {
	d := newDesk(t, deskOpts{noScreenSavers: true, noLogind: true})
	r := start(t, Options{})
	r.wantSource(t, "org.gnome.ScreenSaver", WhatLock, false, "not running")
	gnome := d.startScreenSaver(t, "org.gnome.ScreenSaver")
	r.wantSource(t, "org.gnome.ScreenSaver", WhatLock, true, "")
	must(t, gnome.SetActive(true))
	r.waitEvents(t, 1)
	gnome.Close()
	r.wantSource(t, "org.gnome.ScreenSaver", WhatLock, false, "left the session bus")
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v", got)
	}
}

// The system bus dying under a running monitor panics nothing: logind's
// sources say so, the session bus's keep working, and Run ends cleanly.
func TestSystemBusDies(t *testing.T) {
	d := newDesk(t, deskOpts{})
	r := start(t, Options{})
	waitFor(t, "an inhibitor lock", d.logind.InhibitorHeld)
	must(t, d.logind.Lock())
	r.waitEvents(t, 1)
	d.system.Stop()
	r.wantSource(t, "logind", WhatLock, false, "lost the system bus")
	r.wantSource(t, "logind", WhatSuspend, false, "lost the system bus")
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
		t.Fatalf("events %v, want the lock of a source that is gone cleared", got)
	}
	must(t, d.fdo.SetActive(true))
	if got := kindsOf(r.waitEvents(t, 3)); !slices.Equal(got, []Kind{Locked, Unlocked, Locked}) {
		t.Fatalf("events %v", got)
	}
}

// Run returns when its context ends even while emit is blocked (it
// returns when its ctx ends, as the contract says).
func TestRunEndsWhileEmitBlocks(t *testing.T) {
	d := newDesk(t, deskOpts{})
	m := New(Options{Log: testLog(t)})
	ctx, cancel := context.WithCancel(context.Background())
	entered := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(ctx, func(ctx context.Context, ev Event) {
			select {
			case entered <- struct{}{}:
			default:
			}
			<-ctx.Done()
		})
	}()
	<-m.Probed()
	must(t, d.logind.Lock())
	<-entered
	must(t, d.logind.Unlock())
	must(t, d.logind.Sleep()) // the loops keep going while emit is stuck
	waitFor(t, "logind seen asleep", func() bool { return m.hub.says(sleepGroup, "logind") })
	cancel()
	select {
	case <-done:
	case <-time.After(deadline):
		t.Fatal("Run did not return")
	}
}

// GNOME's idle monitor: an idle watch at IdleAfter, Idle dated at the last
// input, a user-active watch for Active; SetIdleAfter moves the watch.
func TestMutterIdle(t *testing.T) {
	d := newDesk(t, deskOpts{mutter: true})
	r := start(t, Options{IdleAfter: 5 * time.Minute})
	r.wantSource(t, "mutter-idle", WhatIdle, true, "org.gnome.Mutter.IdleMonitor")
	if got := d.mutter.IdleWatches(); !slices.Equal(got, []time.Duration{5 * time.Minute}) {
		t.Fatalf("idle watches %v", got)
	}
	lastInput := time.Now().Add(-6 * time.Minute)
	must(t, d.mutter.GoIdle(lastInput))
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Idle || evs[0].Source != "mutter-idle" {
		t.Fatalf("got %+v", evs[0])
	}
	if diff := evs[0].At.Sub(lastInput).Abs(); diff > time.Second {
		t.Errorf("Idle at %v, want the last input %v", evs[0].At, lastInput)
	}
	waitFor(t, "a user-active watch", func() bool { return d.mutter.ActiveWatches() == 1 })
	before := time.Now()
	must(t, d.mutter.GoActive())
	evs = r.waitEvents(t, 2)
	if evs[1].Kind != Active || evs[1].At.Before(before) {
		t.Fatalf("got %+v, want Active after %v", evs[1], before)
	}

	r.SetIdleAfter(10 * time.Minute)
	waitFor(t, "the idle watch at 10 min", func() bool {
		return slices.Equal(d.mutter.IdleWatches(), []time.Duration{10 * time.Minute})
	})
	r.SetIdleAfter(0)
	r.wantSource(t, "mutter-idle", WhatIdle, false, "off")
	waitFor(t, "no idle watch", func() bool { return len(d.mutter.IdleWatches()) == 0 })
}

// Already idle past the threshold when Run starts (or when it is lowered):
// the watch would fire only at the next crossing, so Idle comes at once.
func TestMutterAlreadyIdle(t *testing.T) {
	d := newDesk(t, deskOpts{mutter: true})
	lastInput := time.Now().Add(-20 * time.Minute)
	must(t, d.mutter.GoIdle(lastInput))
	r := start(t, Options{IdleAfter: 10 * time.Minute})
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Idle || evs[0].At.Sub(lastInput).Abs() > time.Second {
		t.Fatalf("got %+v, want Idle at %v", evs[0], lastInput)
	}
	r.SetIdleAfter(0) // idle detection off: the idle stretch ends
	if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Idle, Active}) {
		t.Fatalf("events %v", got)
	}
}

// gnome-shell restarting forgets our watches: they are added again.
func TestMutterRestart(t *testing.T) {
	d := newDesk(t, deskOpts{mutter: true})
	r := start(t, Options{IdleAfter: 5 * time.Minute})
	r.wantSource(t, "mutter-idle", WhatIdle, true, "")
	d.mutter.Close()
	r.wantSource(t, "mutter-idle", WhatIdle, false, "left the session bus")
	m2, err := awaytest.StartIdleMonitor(d.session.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m2.Close)
	r.wantSource(t, "mutter-idle", WhatIdle, true, "")
	waitFor(t, "the idle watch again", func() bool { return len(m2.IdleWatches()) == 1 })
	must(t, m2.GoIdle(time.Now().Add(-6*time.Minute)))
	if evs := r.waitEvents(t, 1); evs[0].Kind != Idle {
		t.Fatalf("got %+v", evs[0])
	}
}

// The X server's idle time under Xvfb, with a test-short threshold: no
// input → Idle dated at the last input; XTEST input → Active; and idle again.
func TestX11Idle(t *testing.T) {
	needTool(t, "Xvfb")
	newDesk(t, deskOpts{noLogind: true})
	display, stop, err := awaytest.StartXvfb(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	t.Setenv("DISPLAY", display)
	const after = 300 * time.Millisecond
	// The timing logic is TestIdleTrackerOnAFakeClock's. Here, on the wall
	// clock of a machine that may be busy, each instant reported must lie
	// between the moment before the input was made and the moment the
	// event was seen: the input happened in between, and the server's
	// millisecond count may put it a few milliseconds early.
	within := func(what string, at, before, seen time.Time) {
		t.Helper()
		if at.Before(before.Add(-5*time.Millisecond)) || at.After(seen) {
			t.Errorf("%s at %v, not between the input (made after %v) and the event (seen at %v)", what, at, before, seen)
		}
	}

	before := time.Now()
	if err := awaytest.X11Input(display); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{IdleAfter: after})
	r.wantSource(t, "x11-idle", WhatIdle, true, "MIT-SCREEN-SAVER of X server "+display)
	evs := r.waitEvents(t, 1)
	if evs[0].Kind != Idle || evs[0].Source != "x11-idle" {
		t.Fatalf("got %+v", evs[0])
	}
	within("Idle", evs[0].At, before, time.Now())

	before = time.Now()
	if err := awaytest.X11Input(display); err != nil {
		t.Fatal(err)
	}
	evs = r.waitEvents(t, 2)
	if evs[1].Kind != Active {
		t.Fatalf("got %+v, want Active", evs[1])
	}
	within("Active", evs[1].At, before, time.Now())
	if got := kindsOf(r.waitEvents(t, 3)); !slices.Equal(got, []Kind{Idle, Active, Idle}) {
		t.Fatalf("events %v", got)
	}
}

// Where neither Mutter nor X11 can tell idle time, the idle source says
// idle detection is unavailable, and why; it never guesses.
func TestNoIdleSource(t *testing.T) {
	for _, tc := range []struct {
		name, display, wayland, note string
	}{
		{"no display", "", "", "no org.gnome.Mutter.IdleMonitor on the session bus, and no X server ($DISPLAY is not set)"},
		{"wayland", ":0", "wayland-0", "this is a Wayland session"},
		{"no X server", noXServer, "", "cannot connect to the X server " + noXServer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.display == noXServer {
				tc.display = freeDisplay(t)
				tc.note = strings.ReplaceAll(tc.note, noXServer, tc.display)
			}
			newDesk(t, deskOpts{})
			t.Setenv("DISPLAY", tc.display)
			t.Setenv("WAYLAND_DISPLAY", tc.wayland)
			r := start(t, Options{IdleAfter: time.Minute})
			s, _ := r.source("", WhatIdle)
			if s.Name != "idle" || s.Live || !strings.HasPrefix(s.Note, "idle detection is unavailable on this desktop: ") ||
				!strings.Contains(s.Note, tc.note) {
				t.Fatalf("idle source %+v, want not live and %q", s, tc.note)
			}
		})
	}
}

// noXServer stands for a display number with no X server, chosen when the
// test runs (freeDisplay): any fixed one may be taken on a shared machine.
const noXServer = ":none"

// freeDisplay is a display with no X server: its socket does not exist
// (X clients connect to /tmp/.X11-unix/XN, nothing else, for ":N") and no
// server holds its lock file.
func freeDisplay(t *testing.T) string {
	t.Helper()
	for n := 600 + os.Getpid()%300; n < 1600; n++ {
		_, errSock := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		_, errLock := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n))
		if errors.Is(errSock, os.ErrNotExist) && errors.Is(errLock, os.ErrNotExist) {
			return fmt.Sprintf(":%d", n)
		}
	}
	t.Fatal("no free X display number between 600 and 1600")
	return ""
}

// The lockers that are not GNOME's and do not speak on the freedesktop
// name (xfce4-screensaver, MATE's, Cinnamon's) are heard on their own.
func TestOtherDesktopsLockers(t *testing.T) {
	for _, name := range []string{"org.xfce.ScreenSaver", "org.mate.ScreenSaver", "org.cinnamon.ScreenSaver"} {
		t.Run(name, func(t *testing.T) {
			d := newDesk(t, deskOpts{noScreenSavers: true, noLogind: true})
			saver := d.startScreenSaver(t, name)
			r := start(t, Options{})
			r.wantSource(t, name, WhatLock, true, "")
			must(t, saver.SetActive(true))
			evs := r.waitEvents(t, 1)
			if evs[0].Kind != Locked || evs[0].Source != name {
				t.Fatalf("got %+v, want Locked from %s", evs[0], name)
			}
			must(t, saver.SetActive(false))
			if got := kindsOf(r.waitEvents(t, 2)); !slices.Equal(got, []Kind{Locked, Unlocked}) {
				t.Fatalf("events %v", got)
			}
		})
	}
}

// The end of the login session (logout) and a shutdown are each reported
// once as Ending, so the app can put Slack back while the network is up.
func TestSessionEndAndShutdownAreEnding(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(*awaytest.Logind) error
	}{
		{"logout", (*awaytest.Logind).CloseSession},
		{"shutdown", (*awaytest.Logind).Shutdown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t, deskOpts{noScreenSavers: true})
			r := start(t, Options{})
			r.wantSource(t, "logind", WhatLock, true, "")
			must(t, tc.end(d.logind))
			evs := r.waitEvents(t, 1)
			if evs[0].Kind != Ending || evs[0].Source != "logind" {
				t.Fatalf("got %+v, want Ending from logind", evs[0])
			}
		})
	}
}

// In a home with no ~/.Xauthority (a fresh account; Xvfb lets anyone in),
// xgb's "Could not get authority info" goes to the log, not to standard
// error where a person starting Heads Down would read it.
func TestX11NoAuthorityGoesToTheLog(t *testing.T) {
	needTool(t, "Xvfb")
	newDesk(t, deskOpts{noLogind: true})
	display, stop, err := awaytest.StartXvfb(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	t.Setenv("DISPLAY", display)
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XAUTHORITY", "")
	var logged syncWriter
	old, oldFlags := log.Writer(), log.Flags()
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(old); log.SetFlags(oldFlags) })

	r := start(t, Options{IdleAfter: time.Hour})
	r.wantSource(t, "x11-idle", WhatIdle, true, "MIT-SCREEN-SAVER of X server "+display)
	if got := logged.String(); !strings.Contains(got, "X11 (xgb): ") || !strings.Contains(got, "Could not get authority info") {
		t.Fatalf("the log package got %q; xgb wrote elsewhere (standard error)", got)
	}
}

// syncWriter is a buffer the log package and the test share.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

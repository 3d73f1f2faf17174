package away

import (
	"context"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/away/awaytest"
)

// deadline bounds every wait for a state; nothing waits by sleeping.
const deadline = 10 * time.Second

// desk is a fake desktop: a private system bus with a fake logind, a
// private session bus with the two screen savers and, if asked, GNOME's
// idle monitor; DISPLAY and WAYLAND_DISPLAY unset.
type desk struct {
	system, session *awaytest.Bus
	logind          *awaytest.Logind
	fdo, gnome      *awaytest.ScreenSaver
	mutter          *awaytest.IdleMonitor
}

type deskOpts struct {
	noSystemBus, noLogind, noSessionBus, noScreenSavers, mutter bool
	logind                                                      []awaytest.LogindOption
}

func newDesk(t *testing.T, o deskOpts) *desk {
	t.Helper()
	checkLeaks(t) // first, so that it runs last
	for _, v := range []string{"DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "XDG_SESSION_ID"} {
		t.Setenv(v, "")
	}
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/session_bus_socket")
	needTool(t, "dbus-daemon")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dir := t.TempDir()
	d := &desk{}
	var err error
	if !o.noSystemBus {
		if d.system, err = awaytest.StartSystemBus(ctx, dir); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.system.Stop)
		t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", d.system.Address)
		if !o.noLogind {
			if d.logind, err = awaytest.StartLogind(d.system.Address, o.logind...); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(d.logind.Close)
		}
	}
	if !o.noSessionBus {
		if d.session, err = awaytest.StartSessionBus(ctx, dir); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.session.Stop)
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", d.session.Address)
		if !o.noScreenSavers {
			d.fdo = d.startScreenSaver(t, "org.freedesktop.ScreenSaver")
			d.gnome = d.startScreenSaver(t, "org.gnome.ScreenSaver")
		}
		if o.mutter {
			if d.mutter, err = awaytest.StartIdleMonitor(d.session.Address); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(d.mutter.Close)
		}
	}
	return d
}

func (d *desk) startScreenSaver(t *testing.T, name string) *awaytest.ScreenSaver {
	t.Helper()
	s, err := awaytest.StartScreenSaver(d.session.Address, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed", name)
	}
}

// running is a Monitor whose Run runs until the test ends, recording what
// it emits.
type running struct {
	*Monitor
	mu     sync.Mutex
	events []Event
	cancel context.CancelFunc
	done   chan struct{}
	// libBefore counts godbus's goroutines before Run (the fakes'):
	// after Run, no more may be left.
	libBefore int
	// sawProbed: Probed was emitted, after probedAfter other events.
	sawProbed   bool
	probedAfter int
}

func start(t *testing.T, opts Options) *running {
	t.Helper()
	if opts.Log == nil {
		opts.Log = testLog(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Monitor: New(opts), cancel: cancel, done: make(chan struct{}), libBefore: len(goroutinesWith(godbusPkg))}
	go func() {
		defer close(r.done)
		r.Run(ctx, func(ctx context.Context, ev Event) {
			r.mu.Lock()
			if ev.Kind == Probed {
				// Kept apart: the tests of state changes count those only.
				r.probedAfter = len(r.events)
				r.sawProbed = true
			} else {
				r.events = append(r.events, ev)
			}
			r.mu.Unlock()
		})
	}()
	t.Cleanup(func() { r.stop(t) })
	select {
	case <-r.Probed():
	case <-time.After(deadline):
		t.Fatal("the monitor did not probe its sources")
	}
	return r
}

// stop ends Run, waits for it to return, and checks that it left nothing
// running: no goroutine of this package at once (Run's contract), and, a
// moment later, no goroutine of a connection it opened.
func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(deadline):
		t.Fatalf("Run did not return after its context ended:\n%s", goroutines())
	}
	if leaks := packageGoroutines(); len(leaks) > 0 {
		t.Errorf("goroutines of package away outlived Run:\n%s", strings.Join(leaks, "\n\n"))
	}
	// The fakes keep their D-Bus connections: no more than before Run may
	// be left. Only Run connects to X (X11Input closes its connection).
	var dbusLeft, xLeft []string
	end := time.Now().Add(deadline)
	for {
		dbusLeft, xLeft = goroutinesWith(godbusPkg), goroutinesWith(xgbPkg)
		if len(dbusLeft) <= r.libBefore && len(xLeft) == 0 || time.Now().After(end) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if len(dbusLeft) > r.libBefore {
		t.Errorf("%d godbus goroutines after Run, %d before: a connection was left open:\n%s",
			len(dbusLeft), r.libBefore, strings.Join(dbusLeft, "\n\n"))
	}
	if len(xLeft) > 0 {
		t.Errorf("the X connection was left open:\n%s", strings.Join(xLeft, "\n\n"))
	}
}

func (r *running) got() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// waitEvents waits until n events were emitted and returns them.
func (r *running) waitEvents(t *testing.T, n int) []Event {
	t.Helper()
	waitFor(t, "event "+strconv.Itoa(n), func() bool { return len(r.got()) >= n })
	return r.got()
}

// source returns the listed source with that name and what.
func (r *running) source(name, what string) (Source, bool) {
	for _, s := range r.Sources() {
		if s.What == what && (s.Name == name || name == "") {
			return s, true
		}
	}
	return Source{}, false
}

func (r *running) wantSource(t *testing.T, name, what string, live bool, note string) {
	t.Helper()
	var s Source
	var ok bool
	waitFor(t, name+" "+what+" live="+strconv.FormatBool(live)+" note~"+note, func() bool {
		s, ok = r.source(name, what)
		return ok && s.Live == live && strings.Contains(s.Note, note)
	})
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func goroutines() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// checkLeaks fails the test if, once everything else has been cleaned up,
// a goroutine of this package (outside tests and fakes) or of the D-Bus and
// X11 libraries it uses is still running. Library goroutines end a moment
// after their connection is closed, so this waits for that, with a deadline.
func checkLeaks(t *testing.T) {
	t.Cleanup(func() {
		var leaks []string
		end := time.Now().Add(deadline)
		for {
			leaks = leakedGoroutines()
			if len(leaks) == 0 || time.Now().After(end) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if len(leaks) > 0 {
			t.Errorf("goroutines outlived the test:\n%s", strings.Join(leaks, "\n\n"))
		}
	})
}

func leakedGoroutines() []string {
	return append(packageGoroutines(), libraryGoroutines()...)
}

// packageGoroutines lists the goroutines running code of this package,
// outside tests and fakes.
func packageGoroutines() []string {
	return goroutinesWith("github.com/headsdown-app/headsdown/app/away.")
}

const (
	godbusPkg = "github.com/godbus/dbus/"
	xgbPkg    = "github.com/jezek/xgb"
)

// libraryGoroutines lists the goroutines of godbus and xgb connections.
func libraryGoroutines() []string { return goroutinesWith(godbusPkg, xgbPkg) }

func goroutinesWith(prefixes ...string) []string {
	var out []string
	for _, g := range strings.Split(goroutines(), "\n\n") {
		if strings.Contains(g, "_test.go") || strings.Contains(g, "testing.tRunner") {
			continue
		}
		for _, line := range strings.Split(g, "\n") {
			if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(line, p) }) {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// Package away reports the desktop's own signals that the user has stepped
// away (the screen locked, the machine going to sleep, no input for a while)
// and that they are back, as plain events for the app loop.
//
// Why a package of its own: these signals come from a different place on
// every desktop (systemd-logind and the screen savers over D-Bus, Mutter's
// idle monitor or the X server on Linux; window messages on Windows;
// CoreFoundation and IOKit on macOS), and each of them may be missing. The
// app should see none of that: it gets Locked/Unlocked, Sleeping/Awake and
// Idle/Active, once per change however many sources saw it, and a list of
// which sources are live so `status`, `doctor` and Settings can say plainly
// when a desktop offers no idle or lock signal instead of guessing.
//
// Nothing here decides anything: what being away means for Slack and the
// focus block is the app's business. The one thing this package does on its
// own is hold suspend back for a moment (a logind delay inhibitor lock on
// Linux, the IOKit sleep notice on macOS) so that the app can set Slack away
// before the network goes down; see Monitor.SleepReady.
package away

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// Kind is what happened.
type Kind string

// The kinds of event, in pairs.
const (
	Locked   Kind = "locked"   // the screen locked (or a screen saver came on)
	Unlocked Kind = "unlocked" // every source that said locked says unlocked again
	Sleeping Kind = "sleeping" // the machine is about to suspend
	Awake    Kind = "awake"    // it has resumed
	Idle     Kind = "idle"     // no input for Options.IdleAfter
	Active   Kind = "active"   // input again after Idle
	// Probed comes once, after the events for the state found at start
	// (a screen already locked): from then on, no event means "present".
	Probed Kind = "probed"
	// Ending: the login session is closing (logout) or the machine is
	// shutting down. The app stops as on SIGTERM, and puts back what Slack
	// would not expire by itself while the network is still up.
	Ending Kind = "ending"
)

// Event is one change of the combined state.
type Event struct {
	Kind Kind
	// At is when it happened. For Idle it is the time of the last input,
	// so that the idle minutes are not counted as focus; for Active it is
	// the time of the input that ended the idle stretch, when the source
	// can tell.
	At     time.Time
	Source string // which source saw it, e.g. "logind", "org.gnome.ScreenSaver"
}

// What a source tells.
const (
	WhatLock    = "lock"
	WhatSuspend = "suspend"
	WhatIdle    = "idle"
)

// Source is one desktop signal this package listens to, live or not.
type Source struct {
	Name string // "logind", "org.gnome.ScreenSaver", "mutter-idle", "x11-idle", …
	What string // WhatLock, WhatSuspend or WhatIdle
	Live bool   // events from it are being reported
	Note string // why it is not live, or which session it watches
}

// Options configure a Monitor.
type Options struct {
	// IdleAfter is how long without input counts as idle; 0 turns idle
	// detection off. SetIdleAfter changes it while Run runs.
	IdleAfter time.Duration
	Log       *slog.Logger     // nil: slog.Default()
	Now       func() time.Time // the clock for Event.At; nil: time.Now
	// SleepDelay is the longest a delay inhibitor lock holds suspend back
	// after a Sleeping event when the app does not call SleepReady
	// (default 3 s; logind itself gives up after InhibitDelayMaxSec, 5 s
	// by default).
	SleepDelay time.Duration
}

// DefaultSleepDelay is Options.SleepDelay's default.
const DefaultSleepDelay = 3 * time.Second

// Monitor watches every source of this OS. Create it with New.
type Monitor struct {
	log        *slog.Logger
	now        func() time.Time
	sleepDelay time.Duration

	mu        sync.Mutex
	idleAfter time.Duration
	sources   []Source

	idleChanged chan struct{} // SetIdleAfter was called (capacity 1)
	sleepReady  chan struct{} // SleepReady was called (capacity 1)
	probed      chan struct{} // closed once Run has probed every source
	probeOnce   sync.Once

	hub *hub
}

// New makes a Monitor; nothing happens until Run.
func New(opts Options) *Monitor {
	m := &Monitor{
		log:         opts.Log,
		now:         opts.Now,
		sleepDelay:  opts.SleepDelay,
		idleAfter:   max(opts.IdleAfter, 0),
		idleChanged: make(chan struct{}, 1),
		sleepReady:  make(chan struct{}, 1),
		probed:      make(chan struct{}),
	}
	if m.log == nil {
		m.log = slog.Default()
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.sleepDelay <= 0 {
		m.sleepDelay = DefaultSleepDelay
	}
	m.hub = newHub()
	return m
}

// Run watches until ctx ends; every goroutine it starts has ended when it
// returns. emit is called from Run's goroutines, one call at a time and in
// order; it may block, but must return when its ctx ends. Sources report
// into a queue, so a slow emit never makes this package miss a signal or
// hold suspend back longer than SleepDelay. Run is meant to be called once.
func (m *Monitor) Run(ctx context.Context, emit func(context.Context, Event)) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { m.hub.deliver(ctx, emit) })
	m.runSources(ctx)
	cancel()
	wg.Wait()
	m.markProbed() // even if ctx ended before every source was probed
}

// Sources lists the sources of this OS, live or not. Safe from any
// goroutine; filled once Run has probed (see Probed), and kept up to date
// afterwards (a screen saver that starts later becomes live).
func (m *Monitor) Sources() []Source {
	m.mu.Lock()
	out := append([]Source(nil), m.sources...)
	m.mu.Unlock()
	// Sources are probed side by side; list them in a stable order: lock,
	// suspend, idle, then by name.
	rank := map[string]int{WhatLock: 0, WhatSuspend: 1, WhatIdle: 2}
	slices.SortStableFunc(out, func(a, b Source) int {
		if c := cmp.Compare(rank[a.What], rank[b.What]); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// Probed is closed once Run has probed every source, so Sources is complete.
func (m *Monitor) Probed() <-chan struct{} { return m.probed }

// SleepReady tells the monitor that the app has done its pre-sleep work
// after a Sleeping event: the delay inhibitor lock is released at once
// instead of after SleepDelay. Safe from any goroutine; a call when nothing
// is held back does nothing.
func (m *Monitor) SleepReady() {
	select {
	case m.sleepReady <- struct{}{}:
	default:
	}
}

// SetIdleAfter changes the idle threshold (settings reload); 0 turns idle
// detection off, and ends an idle stretch in progress with Active.
func (m *Monitor) SetIdleAfter(d time.Duration) {
	m.mu.Lock()
	m.idleAfter = max(d, 0)
	m.mu.Unlock()
	select {
	case m.idleChanged <- struct{}{}:
	default:
	}
}

func (m *Monitor) currentIdleAfter() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.idleAfter
}

// setSource records a source's state and logs it when it changed. Sources
// are keyed by Name and What, except that there is one idle source: the
// one in use, or the reason why there is none.
func (m *Monitor) setSource(s Source) {
	m.mu.Lock()
	changed := true
	found := false
	for i, old := range m.sources {
		if old.What == s.What && (old.Name == s.Name || s.What == WhatIdle) {
			changed = old != s
			m.sources[i] = s
			found = true
			break
		}
	}
	if !found {
		m.sources = append(m.sources, s)
	}
	m.mu.Unlock()
	if !changed {
		return
	}
	if s.Live {
		m.log.Info("away source in use", "source", s.Name, "what", s.What, "note", s.Note)
	} else {
		m.log.Info("away source not in use", "source", s.Name, "what", s.What, "why", s.Note)
	}
}

func (m *Monitor) markProbed() {
	m.probeOnce.Do(func() {
		close(m.probed)
		// Through the hub's queue, so it follows the start state's events.
		m.hub.push(Event{Kind: Probed, At: m.now(), Source: "away"})
	})
}

// takeSleepReady empties the SleepReady signal, so that a call made before
// this suspend cannot release the next inhibitor early.
func (m *Monitor) takeSleepReady() {
	select {
	case <-m.sleepReady:
	default:
	}
}

const (
	// noteIdleOff is the idle source's note when idle detection is off.
	noteIdleOff = "idle detection is off (idle minutes = 0)"
	// noteNoIdle starts the idle source's note when there is none.
	noteNoIdle = "idle detection is unavailable on this desktop: "
	// srcNoIdle names the idle source when there is none.
	srcNoIdle = "idle"
)

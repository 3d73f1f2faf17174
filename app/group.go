package app

import (
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
)

// group supervises the app's drivers: each is a named goroutine that the
// app starts and waits for before it closes the store. Names are kept so a
// driver that does not end is named in the log instead of hanging quietly.
//
// Loose drivers use nothing that closes (the keyring reader, the
// notifier): they end with their context too, but a call they cannot
// interrupt (a keyring unlock prompt, a D-Bus call to a hung notification
// daemon) must not hold the app's exit, so waitLoose gives up on them
// after a while.
type group struct {
	log     *slog.Logger
	wg      sync.WaitGroup
	loose   sync.WaitGroup
	mu      sync.Mutex
	running map[string]int
}

// spawn runs fn on a new goroutine owned by the group.
func (g *group) spawn(name string, fn func()) { g.start(&g.wg, name, fn) }

// spawnLoose runs fn, which must not use the store, on a loose driver.
func (g *group) spawnLoose(name string, fn func()) { g.start(&g.loose, name, fn) }

func (g *group) start(wg *sync.WaitGroup, name string, fn func()) {
	g.mu.Lock()
	if g.running == nil {
		g.running = map[string]int{}
	}
	g.running[name]++
	g.mu.Unlock()
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			g.mu.Lock()
			if g.running[name]--; g.running[name] == 0 {
				delete(g.running, name)
			}
			g.mu.Unlock()
		}()
		fn()
	}()
}

// wait waits for every driver, naming the ones still running every
// `every` so a stuck shutdown is diagnosable.
func (g *group) wait(every time.Duration) {
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			g.log.Warn("still waiting for drivers to stop", "drivers", g.names())
		}
	}
}

// waitLoose waits for the loose drivers at most limit, and says so when
// one is left behind (it ends with the process).
func (g *group) waitLoose(limit time.Duration) {
	done := make(chan struct{})
	go func() { g.loose.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		g.log.Warn("left behind at exit: a keyring or notification call did not return", "drivers", g.names())
	}
}

func (g *group) names() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var names []string
	for n := range g.running {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

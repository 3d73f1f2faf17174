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
type group struct {
	log     *slog.Logger
	wg      sync.WaitGroup
	mu      sync.Mutex
	running map[string]int
}

// spawn runs fn on a new goroutine owned by the group.
func (g *group) spawn(name string, fn func()) {
	g.mu.Lock()
	if g.running == nil {
		g.running = map[string]int{}
	}
	g.running[name]++
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
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

package away

import (
	"context"
	"sync"
	"time"
)

// group is one pair of kinds whose state the hub combines over sources.
type group int

const (
	lockGroup group = iota
	idleGroup
	sleepGroup
	groups
)

// kinds[g][0] ends a state, kinds[g][1] starts it.
var kinds = [groups][2]Kind{
	lockGroup:  {Unlocked, Locked},
	idleGroup:  {Active, Idle},
	sleepGroup: {Awake, Sleeping},
}

// hub combines what the sources report and queues one event per change of
// the combined state: the user is locked out while ANY source says locked
// (logind's LockedHint and two screen savers usually all report the same
// lock), and back only when ALL say unlocked. Sources never block on it, so
// a slow emit cannot stall a D-Bus signal loop or the inhibitor's timer.
type hub struct {
	mu       sync.Mutex
	on       [groups]map[string]bool // per group: the sources that say "on"
	combined [groups]bool
	queue    []Event
	wake     chan struct{} // something was queued (capacity 1)
}

func newHub() *hub {
	h := &hub{wake: make(chan struct{}, 1)}
	for g := range h.on {
		h.on[g] = map[string]bool{}
	}
	return h
}

// set records that source says on (locked, idle, asleep) or not, and queues
// an event when that changes the combined state.
func (h *hub) set(g group, source string, on bool, at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if on {
		h.on[g][source] = true
	} else {
		delete(h.on[g], source)
	}
	any := len(h.on[g]) > 0
	if any == h.combined[g] {
		return
	}
	h.combined[g] = any
	k := kinds[g][0]
	if any {
		k = kinds[g][1]
	}
	h.queueLocked(Event{Kind: k, At: at, Source: source})
}

// push queues an event that no source's state decides (Probed).
func (h *hub) push(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queueLocked(ev)
}

func (h *hub) queueLocked(ev Event) {
	h.queue = append(h.queue, ev)
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// says reports whether source currently says on, for tests.
func (h *hub) says(g group, source string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.on[g][source]
}

// deliver calls emit for each queued event, in order, until ctx ends.
func (h *hub) deliver(ctx context.Context, emit func(context.Context, Event)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		}
		h.mu.Lock()
		q := h.queue
		h.queue = nil
		h.mu.Unlock()
		for _, ev := range q {
			if ctx.Err() != nil {
				return
			}
			emit(ctx, ev)
		}
	}
}

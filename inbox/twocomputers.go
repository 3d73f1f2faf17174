package inbox

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Two computers, one Slack app (issue 19): Slack gives each Socket Mode
// event to ONE of the app's open connections (up to 10), at random, so a
// laptop and a desktop both connected each see about half the pings live,
// and a VIP alert pops on whichever machine got it. The hello that opens a
// connection says how many are open (num_connections). The rule: while
// the user is away from this computer (locked, asleep, idle, or said so)
// and another connection is open, this one closes its socket and reads
// history instead (the same backfill that runs after every reconnect), so
// every live event goes to the computer the user is at. When the user is
// back, it connects again. While away with no other connection seen, it
// reconnects now and then (AwayRecheck) to learn whether one has appeared,
// say the laptop opened at work while the desktop at home sat locked.

// errStandAside ends a Socket Mode connection so the intake reads history
// instead: you are away here and another computer is connected.
var errStandAside = errors.New("standing aside for another computer")

// errRecheck ends a connection to open a new one, whose hello tells how
// many connections are open now.
var errRecheck = errors.New("reconnecting to count connections")

// awayState is what the intake knows of the user and the other
// connections; the app's loop writes Away, the socket goroutine reads.
type awayState struct {
	mu     sync.Mutex
	away   bool
	others int // open connections besides ours at the last hello
	// changed is poked when away changes.
	changed chan struct{}
}

// SetAway tells the intake whether the user is away from this computer.
// It never blocks: the app's loop calls it.
func (in *Intake) SetAway(away bool) {
	in.two.mu.Lock()
	changed := away != in.two.away
	in.two.away = away
	in.two.mu.Unlock()
	if changed {
		select {
		case in.two.changed <- struct{}{}:
		default:
		}
	}
}

// Others is how many other Socket Mode connections the app had at this
// computer's last hello: another computer (or more) running Heads Down.
func (in *Intake) Others() int {
	in.two.mu.Lock()
	defer in.two.mu.Unlock()
	return in.two.others
}

func (in *Intake) setOthers(n int) {
	in.two.mu.Lock()
	in.two.others = max(n, 0)
	in.two.mu.Unlock()
}

// away reports whether the user is away, and whether to stand aside:
// away with another connection open.
func (in *Intake) awayNow() (away, aside bool) {
	in.two.mu.Lock()
	defer in.two.mu.Unlock()
	return in.two.away, in.two.away && in.two.others > 0
}

// standAside reads history while the user is away here, until they are
// back (or ctx ends): polling, as without an app token. The socket
// goroutine calls it between connections.
func (in *Intake) standAside(ctx context.Context) {
	in.opts.Log.Info("inbox: you are away from this computer and Heads Down on another one is connected to Slack; " +
		"reading history here instead until you are back")
	actx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ends the polling when the user is back
		defer wg.Done()
		for {
			select {
			case <-actx.Done():
				return
			case <-in.two.changed:
				if away, _ := in.awayNow(); !away {
					cancel()
					return
				}
			}
		}
	}()
	in.runPolling(actx)
	cancel()
	wg.Wait()
	// Back: the next connection's hello says who else is connected now.
	in.setOthers(0)
}

// awayTimer fires AwayRecheck after the user went away with no other
// connection seen; nil (never fires) otherwise.
func (in *Intake) awayTimer() (<-chan time.Time, func()) {
	if away, aside := in.awayNow(); !away || aside || in.opts.AwayRecheck < 0 {
		return nil, func() {}
	}
	t := time.NewTimer(in.opts.AwayRecheck)
	return t.C, func() { t.Stop() }
}

package inbox

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// startComputer is startIntake for one of two computers: its own
// database, the given AwayRecheck, and polling slow enough (1 s) that a
// ping the laptop has within a few hundred milliseconds came live, over
// its socket.
func startComputer(t *testing.T, srv *slacktest.Server, name string, recheck time.Duration, log *pingLog) *intakeRun {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	in := NewIntake(IntakeOptions{UserToken: testUserToken, AppToken: testAppToken, APIURL: srv.APIURL, Store: st,
		OnPings: func(_ context.Context, ps []store.Ping) { log.add(ps) }, Log: slog.New(slog.DiscardHandler),
		PollEvery: 100 * time.Millisecond, DMEvery: 100 * time.Millisecond, ChannelEvery: 100 * time.Millisecond,
		Pacer: noPacing(), Backoff: 20 * time.Millisecond, AwayRecheck: recheck})
	ctx, cancel := context.WithCancel(context.Background())
	r := &intakeRun{in: in, st: st, cancel: cancel, done: make(chan struct{})}
	go func() { in.Run(ctx); close(r.done) }()
	t.Cleanup(r.stop)
	return r
}

// Two computers, one Slack app, and Slack giving each event to one
// connection: while the user is away from the desktop it leaves Socket
// Mode to the laptop, so every event reaches the laptop live; the desktop
// still has every ping, from history; back at the desktop, it connects
// again.
func TestAwayComputerLeavesEventsToTheOther(t *testing.T) {
	srv := fakeWorkspace(t)
	srv.SplitEvents()
	laptopLog, desktopLog := newPingLog(), newPingLog()
	laptop := startComputer(t, srv, "laptop", -1, laptopLog)
	eventually(t, "the laptop connected", 5*time.Second, func() bool { return laptop.in.State().Connected && srv.Connected() == 1 })
	desktop := startComputer(t, srv, "desktop", -1, desktopLog)
	eventually(t, "the desktop connected too", 5*time.Second, func() bool { return srv.Connected() == 2 && desktop.in.Others() == 1 })

	// Both in use: Slack gives each event to one of them (the fake: in
	// turn, the laptop first). The laptop reads history only when it
	// connects, long before: what it has, it had live.
	first, second := srv.Post("D0BO", "U0BO", "one"), srv.Post("D0BO", "U0BO", "two")
	eventually(t, "the first ping on the laptop", 3*time.Second, func() bool { return laptopLog.count() >= 1 })
	eventually(t, "the second ping on the desktop", 3*time.Second, func() bool { return desktopLog.count() >= 1 })
	laptopLog.mu.Lock()
	split := laptopLog.seen["D0BO/"+first] == 1 && laptopLog.seen["D0BO/"+second] == 0
	laptopLog.mu.Unlock()
	if !split {
		t.Fatalf("each event to one connection? the laptop has %v", laptopLog.seen)
	}

	desktop.in.SetAway(true) // the desktop's screen locks
	eventually(t, "the desktop left Socket Mode", 5*time.Second, func() bool { return srv.Connected() == 1 })
	const n = 6
	var later []string
	for range n {
		later = append(later, srv.Post("D0BO", "U0BO", "are you there?"))
	}
	// Live: without standing aside, half of these would reach only the
	// desktop, and the laptop would not have them.
	eventually(t, "every ping live on the laptop", 3*time.Second, func() bool { return laptopLog.count() == 1+n })
	// The desktop reads history from the newest message it has seen.
	// (What went only to the laptop before may be missing here: each
	// computer keeps the pings it was given.)
	eventually(t, "every later ping on the desktop, from history", 5*time.Second, func() bool {
		desktopLog.mu.Lock()
		defer desktopLog.mu.Unlock()
		for _, ts := range later {
			if desktopLog.seen["D0BO/"+ts] != 1 {
				return false
			}
		}
		return true
	})

	desktop.in.SetAway(false) // back at the desktop
	eventually(t, "the desktop connected again", 5*time.Second, func() bool { return srv.Connected() == 2 })
}

// The desktop went away while it was the only one connected; the laptop
// connects later. The desktop, reconnecting now and then while away,
// learns of it and leaves Socket Mode to the laptop.
func TestAwayComputerNoticesALaterConnection(t *testing.T) {
	srv := fakeWorkspace(t)
	srv.SplitEvents()
	desktop := startComputer(t, srv, "desktop", 200*time.Millisecond, newPingLog())
	eventually(t, "the desktop connected", 5*time.Second, func() bool { return desktop.in.State().Connected && srv.Connected() == 1 })
	desktop.in.SetAway(true)
	laptop := startComputer(t, srv, "laptop", 200*time.Millisecond, newPingLog())
	eventually(t, "the laptop connected", 5*time.Second, func() bool { return laptop.in.State().Connected })
	eventually(t, "the desktop left Socket Mode to the laptop", 5*time.Second, func() bool {
		return srv.Connected() == 1 && desktop.in.State().Mode == "polling"
	})
	if laptop.in.Others() != 1 {
		t.Fatalf("the laptop saw %d other connections at its hello, want 1", laptop.in.Others())
	}
}

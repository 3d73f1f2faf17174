package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// The promise: quit, SIGTERM and a token reload finish within
// 2 s, even under a ping flood.
const quitWithin = 2 * time.Second

// floodRig is an app on Socket Mode whose loop a test can hold busy while
// the intake piles up pings for it: the situation that deadlocked quit.
type floodRig struct {
	srv      *slacktest.Server
	app      *App
	paths    files.Paths
	cancel   context.CancelFunc
	busy     chan struct{} // the loop is held in its first batch of pings
	release  chan struct{} // lets it go on
	tokens   atomic.Pointer[Tokens]
	released sync.Once
}

func newFloodRig(t *testing.T) *floodRig {
	t.Helper()
	srv, dir := withSlack(t)
	srv.SetAppToken(appToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[slack]\noff_hours = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &floodRig{srv: srv, paths: files.In(dir), busy: make(chan struct{}), release: make(chan struct{})}
	r.tokens.Store(&Tokens{User: slackToken, App: appToken})
	ctx, cancel := context.WithCancel(context.Background())
	a, err := Open(ctx, Options{Paths: r.paths, Notifier: &recordingNotifier{}, Logger: testLogger(), Desktop: newFakeDesktop(false),
		Tokens: func() (Tokens, error) { return *r.tokens.Load(), nil }})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	var first sync.Once
	a.testBeforePings = func() {
		first.Do(func() {
			close(r.busy)
			<-r.release
		})
	}
	r.app, r.cancel = a, cancel
	go a.Run(ctx, nil)
	t.Cleanup(func() {
		r.letGo()
		cancel()
		select {
		case <-a.Done():
		case <-time.After(10 * time.Second):
			t.Error("the app never stopped (deadlock)")
		}
	})
	waitFor(t, "Socket Mode", func() bool { st := a.Status().Pings; return st.Intake == "socket" && st.Connected })
	return r
}

func (r *floodRig) letGo() { r.released.Do(func() { close(r.release) }) }

// flood posts n pings, each its own envelope, and waits until the loop is
// held busy and every ping is on disk: the intake has acked them and is
// trying to hand them over to a loop that does not listen.
func (r *floodRig) flood(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		r.srv.Post("D0BO", "U0BO", fmt.Sprintf("ping %d", i))
	}
	select {
	case <-r.busy:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop never took a batch of pings")
	}
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waitFor(t, "every ping stored", func() bool {
		c, err := db.CountPings(context.Background(), store.PingFilter{})
		return err == nil && c == n
	})
}

func TestQuitUnderAPingFloodNeverDeadlocks(t *testing.T) {
	for i := range 50 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			r := newFloodRig(t)
			r.flood(t, 20)
			r.quit(t, r.letGo) // SIGTERM, or Quit from the tray
		})
	}
}

func TestTokenReloadUnderAPingFloodNeverDeadlocks(t *testing.T) {
	for i := range 50 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			r := newFloodRig(t)
			r.flood(t, 20)
			// A new app-level token (none: polling) replaces the intake
			// while the old one is stuck handing pings over.
			r.tokens.Store(&Tokens{User: slackToken})
			replies := make(chan control.Response, 1)
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				replies <- r.app.Handle(ctx, control.Request{Cmd: control.CmdReload})
			}()
			start := time.Now()
			r.letGo()
			resp := <-replies
			if !resp.OK {
				t.Fatalf("reload: %s", resp.Error)
			}
			waitFor(t, "the polling intake", func() bool { return r.app.Status().Pings.Intake == "polling" })
			if took := time.Since(start); took > quitWithin {
				t.Fatalf("reload took %v", took)
			}
			r.quit(t, func() {})
		})
	}
}

// quit cancels the app's context, runs then (e.g. lets the loop go on),
// and checks that Run returns within quitWithin leaving no goroutine.
func (r *floodRig) quit(t *testing.T, then func()) {
	t.Helper()
	start := time.Now()
	r.cancel()
	then()
	select {
	case <-r.app.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("Run did not return 10 s after quit (deadlock)\n%s", goroutines())
	}
	if took := time.Since(start); took > quitWithin {
		t.Fatalf("quit took %v, more than %v", took, quitWithin)
	}
	if leaks := leakedGoroutines(); len(leaks) > 0 {
		t.Fatalf("goroutines outlived the app:\n%s", strings.Join(leaks, "\n\n"))
	}
}

func goroutines() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// leakedGoroutines lists goroutines that code of this repository started
// outside tests and that are still running: once Done is closed there
// must be none. Goroutines of libraries started on our behalf (the HTTP
// transport's idle connections) and of the fake Slack (test code in a
// package of its own) are not the app's and not listed. A goroutine that
// has just called wg.Done may still be returning: allow it a moment.
func leakedGoroutines() []string {
	deadline := time.Now().Add(time.Second)
	for {
		var leaks []string
		for _, g := range strings.Split(goroutines(), "\n\n") {
			i := strings.LastIndex(g, "created by ")
			if i < 0 {
				continue
			}
			creator := g[i:]
			if strings.Contains(creator, "github.com/headsdown-app/headsdown/") && !strings.Contains(creator, "_test.go") &&
				!strings.Contains(creator, "testing.") && !strings.Contains(creator, "/slacktest.") {
				leaks = append(leaks, g)
			}
		}
		if len(leaks) == 0 || time.Now().After(deadline) {
			return leaks
		}
		time.Sleep(10 * time.Millisecond)
	}
}

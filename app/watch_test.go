package app

import (
	"context"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

type watchResult struct {
	resp control.Response
	err  error
}

// watchFrom holds a window's watch on the app's socket, as headsdown-ui
// does, and returns where its answer arrives once the app holds it.
func watchFrom(t *testing.T, r *running) <-chan watchResult {
	t.Helper()
	answer := make(chan watchResult, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		resp, err := control.Call(ctx, r.paths.Socket, control.Request{Cmd: control.CmdWatch})
		answer <- watchResult{resp, err}
	}()
	waitFor(t, "the app to hold the window's watch", func() bool { return r.app.watchers.Load() == 1 })
	return answer
}

// The open windows hear that the app is quitting, however it quits: Quit
// (the tray's menu) or the signal that cancels its context (a logout).
// That answer is what closes them on Windows, where no signal can.
func TestWatchIsAnsweredWhenTheAppQuits(t *testing.T) {
	cases := []struct {
		name string
		quit func(t *testing.T, r *running)
	}{
		{"Quit", func(t *testing.T, r *running) { r.do(t, control.Request{Cmd: control.CmdQuit}) }},
		{"signal", func(t *testing.T, r *running) { r.cancel() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := startApp(t, t.TempDir())
			answer := watchFrom(t, r)
			c.quit(t, r)
			select {
			case got := <-answer:
				if got.err != nil || !got.resp.OK || !got.resp.Close {
					t.Fatalf("watch answered %+v, %v; want close", got.resp, got.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the watch was not answered when the app quit")
			}
		})
	}
}

// While the app runs, a watch is answered with nothing to do after
// WatchRenew, before the connection's deadline could cut it.
func TestWatchIsRenewedWhileTheAppRuns(t *testing.T) {
	r := launchApp(t, t.TempDir(), Options{WatchRenew: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, r.paths.Socket, control.Request{Cmd: control.CmdWatch})
	if err != nil || !resp.OK || resp.Close {
		t.Fatalf("watch answered %+v, %v; want nothing to do", resp, err)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdStatus}); st.State != "idle" {
		t.Fatalf("the app after a renewed watch: %+v", st)
	}
}

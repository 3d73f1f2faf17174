package control

import (
	"context"
	"log/slog"
	"testing"
	"time"
)

// A window's watch is answered before the server's per-connection
// deadline would cut it, with room for a slow answer.
func TestWatchRenewsBeforeTheConnectionDeadline(t *testing.T) {
	if WatchRenew > requestTimeout*3/4 {
		t.Fatalf("WatchRenew %v is too close to the %v a connection may last", WatchRenew, requestTimeout)
	}
}

// An answer given as the server stops reaches the client whole: the app
// answers the windows' watches as it quits, and stopping the server must
// not cut those answers off.
func TestAnswerAtShutdownIsDelivered(t *testing.T) {
	addr := SocketPath(t.TempDir())
	ln, err := Listen(addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	held := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ln, func(ctx context.Context, req Request) Response {
			close(held)
			<-ctx.Done()
			return Response{OK: true, Close: true}
		}, slog.New(slog.DiscardHandler))
	}()
	answer := make(chan Response, 1)
	go func() {
		callCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		resp, err := Call(callCtx, addr, Request{Cmd: CmdWatch})
		if err != nil {
			resp.Error = err.Error()
		}
		answer <- resp
	}()
	<-held
	cancel()
	if got := <-answer; !got.OK || !got.Close {
		t.Fatalf("answer at shutdown: %+v", got)
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

package control

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests run on every OS against the real transport: a Unix socket,
// or under Windows a named pipe. The helpers that differ (rawDial,
// acceptWaiting, playOtherUser) are in the _unix_ and _windows_ test files.

// quiet is a logger for tests that do not look at the log.
func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// listen listens on a fresh address until the test ends.
func listen(t *testing.T) (string, net.Listener) {
	t.Helper()
	addr := SocketPath(t.TempDir())
	ln, err := Listen(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return addr, ln
}

// serve listens on a fresh address and serves h until the test ends; stop
// ends it early and says how long Serve took to return.
func serve(t *testing.T, h Handler, log *slog.Logger) (addr string, stop func() time.Duration) {
	t.Helper()
	addr, ln := listen(t)
	return addr, serveOn(t, ln, h, log)
}

func serveOn(t *testing.T, ln net.Listener, h Handler, log *slog.Logger) (stop func() time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, h, log) }()
	var once sync.Once
	var took time.Duration
	stop = func() time.Duration {
		once.Do(func() {
			start := time.Now()
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve returned %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Serve did not return within 10 s of its context ending")
			}
			took = time.Since(start)
		})
		return took
	}
	t.Cleanup(func() { stop() })
	return stop
}

func echo(_ context.Context, req Request) Response {
	return Response{OK: true, Status: &Status{State: "focus", Tag: req.Tag}}
}

func TestCallRoundTrip(t *testing.T) {
	addr, stop := serve(t, func(_ context.Context, req Request) Response {
		if req.Cmd != CmdStart || req.Duration != "25m" || req.Tag != "q3" {
			return Response{Error: "unexpected request"}
		}
		return Response{OK: true, Status: &Status{State: "focus", Tag: req.Tag}}
	}, quiet())
	if SocketIsFile {
		fi, err := os.Stat(addr)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("socket mode %v, %v", fi.Mode(), err)
		}
	}
	resp, err := Call(context.Background(), addr, Request{Cmd: CmdStart, Duration: "25m", Tag: "q3"})
	if err != nil || !resp.OK || resp.Status.State != "focus" {
		t.Fatalf("Call = %+v, %v", resp, err)
	}
	stop()
	if _, err := Call(context.Background(), addr, Request{Cmd: CmdStatus}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Call after the server stopped: %v, want ErrNotRunning", err)
	}
}

func TestCallWithNobodyListening(t *testing.T) {
	_, err := Call(context.Background(), SocketPath(t.TempDir()), Request{Cmd: CmdStatus})
	if !errors.Is(err, ErrNotRunning) {
		t.Fatalf("got %v", err)
	}
}

func TestManyConcurrentClients(t *testing.T) {
	var calls atomic.Int32
	addr, _ := serve(t, func(ctx context.Context, req Request) Response {
		calls.Add(1)
		return echo(ctx, req)
	}, quiet())
	const clients, each = 16, 5
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	errs := make(chan error, clients*each)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				tag := fmt.Sprintf("c%d-%d", c, i)
				resp, err := Call(ctx, addr, Request{Cmd: CmdStatus, Tag: tag})
				if err == nil && (!resp.OK || resp.Status.Tag != tag) {
					err = fmt.Errorf("answer %+v for %s", resp, tag)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := calls.Load(); n != clients*each {
		t.Errorf("handler ran %d times, want %d", n, clients*each)
	}
}

func TestCloseUnblocksAccept(t *testing.T) {
	ln, err := Listen(SocketPath(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	waiting := acceptWaiting(ln)
	accepted := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if c != nil {
			c.Close()
		}
		accepted <- err
	}()
	if waiting != nil {
		<-waiting // Accept is surely blocked now, not about to start
	}
	start := time.Now()
	// Close in its own goroutine: a Close that cannot wake Accept may
	// itself wait for it, and the test must fail, not hang.
	closed := make(chan error, 1)
	go func() { closed <- ln.Close() }()
	select {
	case err := <-accepted:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Accept took %v to return after Close", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Accept still blocked 5 s after Close")
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if c, err := ln.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept on a closed listener = %v, %v", c, err)
	}
}

func TestSilentClientDoesNotHoldUpShutdown(t *testing.T) {
	addr, stop := serve(t, echo, quiet())
	silent := rawDial(t, addr)
	defer silent.Close()
	// Connections are accepted in turn: once a later client has its
	// answer, the silent one is being served, waiting for a request.
	if _, err := Call(context.Background(), addr, Request{Cmd: CmdStatus}); err != nil {
		t.Fatal(err)
	}
	if took := stop(); took > 5*time.Second {
		t.Errorf("Serve took %v to stop with a silent client connected (its read deadline is %v)", took, requestTimeout)
	}
	// And the silent client sees its connection end.
	silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := silent.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Errorf("silent client read %d, %v after shutdown; want the connection closed", n, err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestCallHonoursContextDeadline(t *testing.T) {
	release := make(chan struct{})
	addr, _ := serve(t, func(ctx context.Context, req Request) Response {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return echo(ctx, req)
	}, quiet())
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Call(ctx, addr, Request{Cmd: CmdStatus})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Call to a server that does not answer: %v, want a deadline error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Call took %v with a 200 ms deadline", d)
	}
}

// A call without a deadline ends when its context is cancelled, even
// while the app has not answered.
func TestCallHonoursCancel(t *testing.T) {
	release, asked := make(chan struct{}), make(chan struct{})
	addr, _ := serve(t, func(ctx context.Context, req Request) Response {
		close(asked)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return echo(ctx, req)
	}, quiet())
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := Call(ctx, addr, Request{Cmd: CmdStatus}); done <- err }()
	<-asked
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Call cancelled while waiting: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second): // a failsafe, not a synchronisation
		t.Fatal("Call still waiting 10 s after its context was cancelled")
	}
}

func TestServerCutsOffStalledClient(t *testing.T) {
	old := requestTimeout
	requestTimeout = 200 * time.Millisecond
	t.Cleanup(func() { requestTimeout = old }) // after the server has stopped
	addr, _ := serve(t, echo, quiet())
	conn := rawDial(t, addr)
	defer conn.Close()
	if _, err := conn.Write([]byte(`{"cmd":`)); err != nil { // and nothing more
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	// The deadline covers the answer too: the server hangs up unanswered.
	if b, err := io.ReadAll(conn); err != nil || len(b) > 0 {
		t.Errorf("stalled client read %q, %v; want the connection closed", b, err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("server took %v to cut off a client with a 200 ms deadline", d)
	}
}

// TestConnDeadlines checks the connection type itself (on Windows, the
// pipe connection): a read deadline ends a blocked read with a timeout,
// and clearing it lets the next read wait for data.
func TestConnDeadlines(t *testing.T) {
	addr, ln := listen(t)
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			t.Error(err)
		}
		accepted <- c
	}()
	client := rawDial(t, addr)
	defer client.Close()
	server := <-accepted
	if server == nil {
		t.FailNow()
	}
	defer server.Close()

	if err := server.SetReadDeadline(time.Now().Add(100 * time.Millisecond)); err != nil {
		t.Fatalf("SetReadDeadline: %v", err)
	}
	start := time.Now()
	_, err := server.Read(make([]byte, 8))
	if !isTimeout(err) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past its deadline: %v, want a timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("read with a 100 ms deadline took %v", d)
	}

	server.SetReadDeadline(time.Time{})
	go client.Write([]byte("hi"))
	server.SetWriteDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, 8)
	n, err := server.Read(b)
	if err != nil || string(b[:n]) != "hi" {
		t.Fatalf("read after clearing the deadline: %q, %v", b[:n], err)
	}
}

func TestSecondListenOnALiveAddressIsRefused(t *testing.T) {
	addr, stop := serve(t, echo, quiet())
	if ln, err := Listen(addr); err == nil {
		ln.Close()
		t.Fatal("a second Listen on a live address succeeded")
	} else if !strings.Contains(err.Error(), "another program is serving it") {
		t.Errorf("second Listen: %v", err)
	}
	// The first server is untouched.
	if _, err := Call(context.Background(), addr, Request{Cmd: CmdStatus}); err != nil {
		t.Fatalf("first server after the refused Listen: %v", err)
	}
	// Once it has stopped, the address is free again.
	stop()
	ln, err := Listen(addr)
	if err != nil {
		t.Fatalf("Listen after the first server stopped: %v", err)
	}
	ln.Close()
}

func TestPeerCheckRefusesAnotherUser(t *testing.T) {
	var calls atomic.Int32
	var log syncBuffer
	addr, ln := listen(t)
	playOtherUser(t) // the server now takes this process for someone else's
	serveOn(t, ln, func(ctx context.Context, req Request) Response {
		calls.Add(1)
		return echo(ctx, req)
	}, slog.New(slog.NewTextHandler(&log, nil)))
	conn := rawDial(t, addr)
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte(`{"cmd":"stop"}` + "\n"))
	b, err := io.ReadAll(conn)
	if len(b) > 0 || isTimeout(err) {
		t.Errorf("refused client read %q, %v; want the connection closed unanswered", b, err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("handler ran %d times for a client of another user", n)
	}
	if !strings.Contains(log.String(), "refused connection") {
		t.Errorf("log %q does not name the refusal", log.String())
	}
}

// TestPeerCheckAdmitsOurOwnProcess runs the real check on a real
// connection from this process.
func TestPeerCheckAdmitsOurOwnProcess(t *testing.T) {
	addr, ln := listen(t)
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client := rawDial(t, addr)
	defer client.Close()
	server := <-accepted
	if server == nil {
		t.Fatal("Accept failed")
	}
	defer server.Close()
	if err := checkPeer(server); err != nil {
		t.Errorf("checkPeer on our own connection: %v", err)
	}
}

func TestMalformedRequestGetsAnError(t *testing.T) {
	addr, _ := serve(t, func(context.Context, Request) Response { return Response{OK: true} }, quiet())
	conn := rawDial(t, addr)
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte("{not json\n"))
	b, _ := io.ReadAll(conn)
	if !strings.Contains(string(b), "bad request") {
		t.Fatalf("got %q", b)
	}
}

// BenchmarkCallRoundTrip is one Call (connect, request, answer, close)
// against a trivial handler, over the real transport.
func BenchmarkCallRoundTrip(b *testing.B) {
	addr := SocketPath(b.TempDir())
	ln, err := Listen(addr)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, echo, quiet()) }()
	defer func() { cancel(); <-done }()
	for b.Loop() {
		if _, err := Call(context.Background(), addr, Request{Cmd: CmdStatus}); err != nil {
			b.Fatal(err)
		}
	}
}

// A request that ends the server (quit) still gets its answer: the
// connection is not cut when the server's context ends after the request
// has been read. Run a few times, as the cut raced the answer.
func TestAnswerSurvivesTheShutdownItCauses(t *testing.T) {
	for i := range 10 {
		addr, inner := listen(t)
		ln := &closeSignal{Listener: inner, closed: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Serve(ctx, ln, func(_ context.Context, req Request) Response {
				cancel()
				<-ln.closed // the shutdown is under way
				return Response{OK: true, Status: &Status{State: "idle"}}
			}, quiet())
		}()
		resp, err := Call(context.Background(), addr, Request{Cmd: CmdQuit})
		if err != nil || !resp.OK {
			t.Fatalf("run %d: quit answered %+v, %v; want its answer", i, resp, err)
		}
		if err := <-done; err != nil {
			t.Fatalf("Serve: %v", err)
		}
	}
}

// closeSignal is a listener that tells when Serve has closed it.
type closeSignal struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func (l *closeSignal) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

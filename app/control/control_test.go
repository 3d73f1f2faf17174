package control

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCallRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := SocketPath(dir)
	ln, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, %v", fi.Mode(), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, func(_ context.Context, req Request) Response {
			if req.Cmd != CmdStart || req.Duration != "25m" || req.Tag != "q3" {
				return Response{Error: "unexpected request"}
			}
			return Response{OK: true, Status: &Status{State: "focus", Tag: req.Tag}}
		}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	resp, err := Call(ctx, path, Request{Cmd: CmdStart, Duration: "25m", Tag: "q3"})
	if err != nil || !resp.OK || resp.Status.State != "focus" {
		t.Fatalf("Call = %+v, %v", resp, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve returned %v", err)
	}
}

func TestCallWithNobodyListening(t *testing.T) {
	_, err := Call(context.Background(), filepath.Join(t.TempDir(), "none.sock"), Request{Cmd: CmdStatus})
	if !errors.Is(err, ErrNotRunning) {
		t.Fatalf("got %v", err)
	}
}

func TestListenReplacesStaleSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a crash: the file stays, nobody listens.
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	ln2, err := Listen(path)
	if err != nil {
		t.Fatalf("Listen over stale socket: %v", err)
	}
	ln2.Close()
}

func TestMalformedRequestGetsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	ln, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Serve(ctx, ln, func(context.Context, Request) Response { return Response{OK: true} }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte("{not json\n"))
	b, _ := io.ReadAll(conn)
	if !strings.Contains(string(b), "bad request") {
		t.Fatalf("got %q", b)
	}
}

func TestLongDataDirGetsShortSocketPath(t *testing.T) {
	long := "/" + strings.Repeat("d", 120)
	if p := SocketPath(long); len(p) >= 104 || !strings.HasSuffix(p, ".sock") {
		t.Fatalf("SocketPath = %q", p)
	}
	if SocketPath(long) == SocketPath(long+"x") {
		t.Fatal("different data dirs share a socket")
	}
}

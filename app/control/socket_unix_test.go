//go:build !windows

package control

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func rawDial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("unix", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// acceptWaiting cannot see into the standard library's Accept: nil, and
// the test closes a listener that is waiting or about to.
func acceptWaiting(net.Listener) <-chan struct{} { return nil }

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
	defer ln2.Close()
	go func() {
		if c, err := ln2.Accept(); err == nil {
			c.Close()
		}
	}()
	if c, err := dial(context.Background(), path); err != nil {
		t.Fatalf("dial the replaced socket: %v", err)
	} else {
		c.Close()
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

package inbox

import (
	"errors"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// recordingConn records the write deadlines set on a real connection.
type recordingConn struct {
	net.Conn
	mu        sync.Mutex
	deadlines []time.Time
}

func (r *recordingConn) SetWriteDeadline(t time.Time) error {
	r.mu.Lock()
	r.deadlines = append(r.deadlines, t)
	r.mu.Unlock()
	return r.Conn.SetWriteDeadline(t)
}

func (r *recordingConn) last() (time.Time, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.deadlines) == 0 {
		return time.Time{}, 0
	}
	return r.deadlines[len(r.deadlines)-1], len(r.deadlines)
}

// A write runs under the deadline set before it, and leaves none armed
// behind: gorilla/websocket's pong deadline would otherwise fire 10 s after
// every ping and wake the idle process.
func TestWriteDeadlineOnlyWhileWriting(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() { // the peer reads everything
		buf := make([]byte, 64)
		for {
			if _, err := b.Read(buf); err != nil {
				return
			}
		}
	}()
	rec := &recordingConn{Conn: a}
	c := &writeDeadlineConn{Conn: rec}
	deadline := time.Now().Add(10 * time.Second)
	if err := c.SetWriteDeadline(deadline); err != nil {
		t.Fatal(err)
	}
	if _, n := rec.last(); n != 0 {
		t.Fatal("the deadline reached the connection before any write")
	}
	if _, err := c.Write([]byte("pong")); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	got := append([]time.Time(nil), rec.deadlines...)
	rec.mu.Unlock()
	if len(got) != 2 || !got[0].Equal(deadline) || !got[1].IsZero() {
		t.Fatalf("write deadlines set on the connection %v, want the deadline for the write, then none", got)
	}
	// A write with no deadline set touches none.
	if err := c.SetWriteDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("data")); err != nil {
		t.Fatal(err)
	}
	if _, n := rec.last(); n != 2 {
		t.Errorf("a write without a deadline set one: %d calls", n)
	}
}

// Deadlines still do their work: one already past fails the write, and one
// set while a write is blocked cuts it short.
func TestWriteDeadlineStillBounds(t *testing.T) {
	a, b := net.Pipe() // nobody reads b: writes block
	defer a.Close()
	defer b.Close()
	c := &writeDeadlineConn{Conn: a}
	if err := c.SetWriteDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("late")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write past its deadline: %v, want a timeout", err)
	}

	if err := c.SetWriteDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := c.Write([]byte("blocked")); done <- err }()
	for { // until the write is under way
		c.mu.Lock()
		writing := c.writing
		c.mu.Unlock()
		if writing {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the write with no deadline ended at once (%v): a deadline stayed on the connection", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := c.SetWriteDeadline(time.Now()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("blocked write ended with %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a deadline set during a blocked write did not end it")
	}
}

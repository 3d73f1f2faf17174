package inbox

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketDialer is the dialer slack-go's Socket Mode client would use (the
// proxy from the environment, its handshake timeout and write buffer), over
// connections that keep a write deadline only while a write runs: see
// writeDeadlineConn.
func socketDialer() *websocket.Dialer {
	var d net.Dialer
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 45 * time.Second,
		WriteBufferSize:  32 * 1024,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &writeDeadlineConn{Conn: c}, nil
		},
	}
}

// writeDeadlineConn applies the write deadline it is given to the writes
// that run while it is set, and clears it from the connection after each.
//
// gorilla/websocket answers each of Slack's pings (every ~10 s) with a pong
// written under a deadline 10 s ahead, and leaves that deadline set. The
// runtime keeps a timer for it, which fires 10 s later for nothing (no write
// is waiting) and wakes the idle process: the thread that runs timers, and
// the runtime's monitor thread, which spins in 20 µs sleeps until the timer
// has run. That was most of a connected tray's wakeups. A write still gets
// its deadline, and a deadline set while a write is blocked still cuts it
// short.
type writeDeadlineConn struct {
	net.Conn
	write sync.Mutex // one write at a time, each under the deadline of its start

	mu       sync.Mutex
	deadline time.Time
	writing  bool
}

// SetWriteDeadline keeps t for the next writes; a write under way gets it
// at once.
func (c *writeDeadlineConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	if c.writing {
		return c.Conn.SetWriteDeadline(t)
	}
	return nil
}

// SetDeadline sets the read deadline on the connection and keeps the write
// deadline as SetWriteDeadline does.
func (c *writeDeadlineConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

func (c *writeDeadlineConn) Write(b []byte) (int, error) {
	c.write.Lock()
	defer c.write.Unlock()
	c.mu.Lock()
	armed := !c.deadline.IsZero()
	var err error
	if armed {
		err = c.Conn.SetWriteDeadline(c.deadline)
	}
	c.writing = true
	c.mu.Unlock()
	n := 0
	if err == nil {
		n, err = c.Conn.Write(b)
	}
	c.mu.Lock()
	c.writing = false
	if armed || !c.deadline.IsZero() { // set before or during this write
		if cerr := c.Conn.SetWriteDeadline(time.Time{}); err == nil {
			err = cerr
		}
	}
	c.mu.Unlock()
	return n, err
}

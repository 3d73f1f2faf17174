package control

import (
	"net"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// pipeConn is one end of a connected pipe instance as a net.Conn. The
// handle is opened overlapped, and os.NewFile puts such a handle on Go's
// I/O completion port (Go 1.25 and later): reads and writes park the
// goroutine instead of a thread, deadlines work, and Close cancels a
// pending read or write (CancelIoEx) before it closes the handle. So a
// deadline or Close ends every wait, as on a socket.
type pipeConn struct {
	f    *os.File
	addr pipeAddr
}

func newPipeConn(h windows.Handle, name string) *pipeConn {
	return &pipeConn{f: os.NewFile(uintptr(h), name), addr: pipeAddr(name)}
}

// handle runs fn with the pipe's handle, which stays open until fn returns
// even if Close is called meanwhile.
func (c *pipeConn) handle(fn func(windows.Handle) error) error {
	raw, err := c.f.SyscallConn()
	if err != nil {
		return err
	}
	var fnErr error
	if err := raw.Control(func(fd uintptr) { fnErr = fn(windows.Handle(fd)) }); err != nil {
		return err
	}
	return fnErr
}

func (c *pipeConn) Read(b []byte) (int, error)         { return c.f.Read(b) }
func (c *pipeConn) Write(b []byte) (int, error)        { return c.f.Write(b) }
func (c *pipeConn) Close() error                       { return c.f.Close() }
func (c *pipeConn) LocalAddr() net.Addr                { return c.addr }
func (c *pipeConn) RemoteAddr() net.Addr               { return c.addr }
func (c *pipeConn) SetDeadline(t time.Time) error      { return c.f.SetDeadline(t) }
func (c *pipeConn) SetReadDeadline(t time.Time) error  { return c.f.SetReadDeadline(t) }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }

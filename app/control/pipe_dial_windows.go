package control

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// waitNamedPipe is kernel32's WaitNamedPipeW, which x/sys/windows lacks.
var waitNamedPipe = windows.NewLazySystemDLL("kernel32.dll").NewProc("WaitNamedPipeW")

// dial opens the control pipe name and checks that its server runs as this
// user (the pipe namespace is machine-wide: another user could create the
// name first and pose as Heads Down).
func dial(ctx context.Context, name string) (net.Conn, error) {
	c, err := openPipe(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := c.handle(checkServer); err != nil {
		c.Close()
		return nil, fmt.Errorf("refusing the control pipe %s: %w", name, err)
	}
	return c, nil
}

// openPipe opens the client end of the pipe name. Every instance busy
// (ERROR_PIPE_BUSY: the server is between two clients) means wait for one,
// as long as ctx allows; no pipe at all means no app runs.
func openPipe(ctx context.Context, name string) (*pipeConn, error) {
	name16, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, fmt.Errorf("open the control pipe %q: %w", name, err)
	}
	for {
		// SECURITY_IDENTIFICATION: the server may learn who we are but
		// may not act as us, should it be someone else's.
		h, err := windows.CreateFile(name16, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING,
			windows.FILE_FLAG_OVERLAPPED|windows.SECURITY_SQOS_PRESENT|windows.SECURITY_IDENTIFICATION, 0)
		switch {
		case err == nil:
			return newPipeConn(h, name), nil
		case errors.Is(err, windows.ERROR_FILE_NOT_FOUND), errors.Is(err, windows.ERROR_PATH_NOT_FOUND):
			return nil, ErrNotRunning
		case !errors.Is(err, windows.ERROR_PIPE_BUSY):
			return nil, fmt.Errorf("open the control pipe %s: %w", name, err)
		}
		// WaitNamedPipe blocks its thread and knows no ctx: wait in short
		// turns and look at ctx between them.
		turn := 250 * time.Millisecond
		if dl, ok := ctx.Deadline(); ok {
			turn = min(turn, time.Until(dl))
		}
		if turn <= 0 || ctx.Err() != nil {
			cause := context.Cause(ctx)
			if cause == nil {
				cause = context.DeadlineExceeded
			}
			return nil, fmt.Errorf("open the control pipe %s: Heads Down is busy with other clients: %w", name, cause)
		}
		ok, _, werr := waitNamedPipe.Call(uintptr(unsafe.Pointer(name16)), uintptr(max(turn.Milliseconds(), 1)))
		if ok == 0 && errors.Is(werr, windows.ERROR_FILE_NOT_FOUND) {
			return nil, ErrNotRunning // the server went away meanwhile
		}
		// Otherwise (an instance is free, or the turn ran out) try again.
	}
}

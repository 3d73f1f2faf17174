package control

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SocketIsFile says that SocketPath names no file: on Windows it is a named
// pipe, which exists only while its server runs and vanishes with it.
const SocketIsFile = false

// SocketPath is the name of the control pipe of the app using dataDir:
// \\.\pipe\headsdown-<user SID>-<hash of dataDir>. The pipe namespace is one
// per machine, so the SID keeps two users apart and the hash keeps apart
// instances on other data directories (HEADSDOWN_DATA_DIR, tests). Windows
// paths are case-insensitive: the hash is of the lower-cased clean path, so
// two spellings of one directory meet at one pipe.
func SocketPath(dataDir string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(filepath.Clean(dataDir))))
	sid := "unknown-user"
	if s, err := ownSID(); err == nil {
		sid = s.String()
	}
	return `\\.\pipe\headsdown-` + sid + "-" + hex.EncodeToString(sum[:6])
}

// Pipe instances are byte streams, at most this much buffered each way.
const pipeBuffer = 4096

// Listen creates the control pipe name and returns a listener on it. Its
// security descriptor admits only this user and SYSTEM (which can open any
// object anyway), and remote clients are refused. The first instance is
// created with FILE_FLAG_FIRST_PIPE_INSTANCE: if the name exists already,
// another server holds it (a second Heads Down past the lock, or a program
// squatting on the name) and Listen refuses rather than share it. Nothing
// stale can be left behind: a pipe ends with its last handle.
func Listen(name string) (net.Listener, error) {
	sid, err := ownSID()
	if err != nil {
		return nil, fmt.Errorf("listen on control pipe %s: %w", name, err)
	}
	// D:P is a protected DACL (nothing inherited): generic-all for SYSTEM
	// and for this user, and no entry for anyone else.
	sd, err := windows.SecurityDescriptorFromString("D:P(A;;GA;;;SY)(A;;GA;;;" + sid.String() + ")")
	if err != nil {
		return nil, fmt.Errorf("listen on control pipe %s: build its security descriptor: %w", name, err)
	}
	name16, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, fmt.Errorf("listen on control pipe %q: %w", name, err)
	}
	l := &pipeListener{
		name:   name,
		name16: name16,
		sa: &windows.SecurityAttributes{
			Length:             uint32(unsafe.Sizeof(windows.SecurityAttributes{})),
			SecurityDescriptor: sd,
		},
		ov: new(windows.Overlapped),
	}
	first, err := l.newInstance(true)
	if errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_PIPE_BUSY) {
		return nil, fmt.Errorf("listen on control pipe %s: another program is serving it (is a second Heads Down running on the same data directory?)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on control pipe %s: %w", name, err)
	}
	// Manual-reset events: closed stays set once Close sets it, so an Accept
	// that starts waiting after Close still sees it.
	if l.closed, err = windows.CreateEvent(nil, 1, 0, nil); err == nil {
		l.ov.HEvent, err = windows.CreateEvent(nil, 1, 0, nil)
	}
	if err != nil {
		windows.CloseHandle(first)
		if l.closed != 0 {
			windows.CloseHandle(l.closed)
		}
		return nil, fmt.Errorf("listen on control pipe %s: create event: %w", name, err)
	}
	l.next = first
	return l, nil
}

// pipeListener hands out the connected instances of one pipe name. One
// instance always waits for the next client (next, or the one Accept is
// connecting), so the name never vanishes while the app runs: a client
// that finds every instance busy waits (ERROR_PIPE_BUSY), and no other
// program can create the name afresh in a gap.
type pipeListener struct {
	name   string
	name16 *uint16
	sa     *windows.SecurityAttributes

	// acceptMu makes Accepts take turns; ov (on the heap: the kernel writes
	// to it while a connect is pending) is the current one's.
	acceptMu sync.Mutex
	ov       *windows.Overlapped
	// waiting, if set, is called when Accept starts to wait for a client
	// (tests use it to close a listener that is surely waiting).
	waiting func()

	mu       sync.Mutex
	next     windows.Handle // the instance for the next Accept; 0 when none
	isClosed bool
	closed   windows.Handle // event set by Close: wakes a waiting Accept
}

func (l *pipeListener) newInstance(first bool) (windows.Handle, error) {
	flags := uint32(windows.PIPE_ACCESS_DUPLEX | windows.FILE_FLAG_OVERLAPPED)
	if first {
		flags |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	mode := uint32(windows.PIPE_TYPE_BYTE | windows.PIPE_READMODE_BYTE | windows.PIPE_WAIT | windows.PIPE_REJECT_REMOTE_CLIENTS)
	h, err := windows.CreateNamedPipe(l.name16, flags, mode, windows.PIPE_UNLIMITED_INSTANCES, pipeBuffer, pipeBuffer, 0, l.sa)
	if err != nil || !first {
		return h, err // ERROR_ACCESS_DENIED for a first instance: the name exists
	}
	// Windows refuses a first instance of a name that exists; Wine 8
	// ignores the flag and opens one more instance. Ours must be the only
	// one, or someone else serves the name: refuse that too.
	var instances uint32
	if err := windows.GetNamedPipeHandleState(h, nil, &instances, nil, nil, nil, 0); err != nil {
		windows.CloseHandle(h)
		return 0, fmt.Errorf("count the pipe's instances: %w", err)
	}
	if instances != 1 {
		windows.CloseHandle(h)
		return 0, windows.ERROR_ACCESS_DENIED
	}
	return h, nil
}

// Accept waits for a client and returns its connection. The client's
// identity is checked by Serve (checkPeer), which logs a refusal.
func (l *pipeListener) Accept() (net.Conn, error) {
	l.acceptMu.Lock()
	defer l.acceptMu.Unlock()
	for {
		l.mu.Lock()
		if l.isClosed {
			l.mu.Unlock()
			return nil, l.opError(net.ErrClosed)
		}
		h := l.next
		l.next = 0
		l.mu.Unlock()
		if h == 0 {
			var err error
			if h, err = l.newInstance(false); err != nil {
				return nil, l.opError(fmt.Errorf("create a pipe instance: %w", err))
			}
		}
		err := l.connect(h)
		if errors.Is(err, windows.ERROR_NO_DATA) {
			// The client came and went before we saw it: make the instance
			// ready for the next one.
			windows.DisconnectNamedPipe(h)
			l.putBack(h)
			continue
		}
		if err != nil {
			windows.CloseHandle(h)
			return nil, l.opError(err)
		}
		// A fresh instance for the next client before this one is handed
		// on; if that fails, the next Accept tries again and says why.
		if next, err := l.newInstance(false); err == nil {
			l.putBack(next)
		}
		return newPipeConn(h, l.name), nil
	}
}

// putBack makes h the next Accept's instance, or closes it after Close.
func (l *pipeListener) putBack(h windows.Handle) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isClosed || l.next != 0 {
		windows.CloseHandle(h)
		return
	}
	l.next = h
}

// connect waits until a client opens instance h, or Close is called
// (net.ErrClosed). ConnectNamedPipe runs overlapped so that the wait can
// include the closed event: a blocking call could only be ended by a
// client.
func (l *pipeListener) connect(h windows.Handle) error {
	ov := l.ov
	if err := windows.ResetEvent(ov.HEvent); err != nil {
		return fmt.Errorf("reset event: %w", err)
	}
	err := windows.ConnectNamedPipe(h, ov)
	switch {
	case err == nil, errors.Is(err, windows.ERROR_PIPE_CONNECTED):
		return nil // a client opened the instance before we asked
	case !errors.Is(err, windows.ERROR_IO_PENDING):
		return fmt.Errorf("wait for a client: %w", err)
	}
	if l.waiting != nil {
		l.waiting()
	}
	which, err := windows.WaitForMultipleObjects([]windows.Handle{ov.HEvent, l.closed}, false, windows.INFINITE)
	if err != nil {
		// Cannot happen with valid handles; do not leave the connect
		// pending on memory we are about to reuse.
		windows.CancelIoEx(h, ov)
		var n uint32
		windows.GetOverlappedResult(h, ov, &n, true)
		return fmt.Errorf("wait for a client: %w", err)
	}
	var n uint32
	if which == windows.WAIT_OBJECT_0+1 {
		// Closed. The kernel may still write to ov until the cancelled
		// connect completes: wait for that before anything reuses it.
		windows.CancelIoEx(h, ov)
		windows.GetOverlappedResult(h, ov, &n, true)
		return net.ErrClosed
	}
	if err := windows.GetOverlappedResult(h, ov, &n, false); err != nil {
		return fmt.Errorf("wait for a client: %w", err)
	}
	return nil
}

// Close stops the listener: a waiting Accept returns net.ErrClosed at once,
// and so does every later one. Connections already accepted stay open.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	if l.isClosed {
		l.mu.Unlock()
		return nil
	}
	l.isClosed = true
	if l.next != 0 {
		windows.CloseHandle(l.next)
		l.next = 0
	}
	windows.SetEvent(l.closed)
	l.mu.Unlock()
	// The events go once no Accept waits on them any more (the one that
	// waits has just been woken).
	l.acceptMu.Lock()
	defer l.acceptMu.Unlock()
	windows.CloseHandle(l.ov.HEvent)
	windows.CloseHandle(l.closed)
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.name) }

func (l *pipeListener) opError(err error) error {
	return &net.OpError{Op: "accept", Net: "pipe", Addr: pipeAddr(l.name), Err: err}
}

// pipeAddr is a pipe's name as a net.Addr.
type pipeAddr string

func (pipeAddr) Network() string  { return "pipe" }
func (a pipeAddr) String() string { return string(a) }

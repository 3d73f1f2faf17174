package control

import (
	"fmt"
	"net"
	"sync"

	"golang.org/x/sys/windows"
)

// ownSID is the user this process runs as, whose clients the server
// accepts and whose server a client trusts. A variable so a test can play
// a process of another user.
var ownSID = sync.OnceValues(func() (*windows.SID, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("find out which user runs Heads Down: %w", err)
	}
	return u.User.Sid.Copy()
})

// checkPeer refuses a client whose process does not run as our user, as a
// second line behind the pipe's security descriptor (which any process of
// SYSTEM, or an administrator who takes ownership, can get past).
func checkPeer(conn net.Conn) error {
	pc, ok := conn.(*pipeConn)
	if !ok {
		return nil
	}
	return pc.handle(func(h windows.Handle) error {
		var pid uint32
		if err := windows.GetNamedPipeClientProcessId(h, &pid); err != nil {
			return fmt.Errorf("find the client's process: %w", err)
		}
		return checkProcess("client", pid)
	})
}

// checkServer refuses a pipe whose server process does not run as our
// user: a client's check of the server, as checkPeer is the server's.
func checkServer(h windows.Handle) error {
	var pid uint32
	if err := windows.GetNamedPipeServerProcessId(h, &pid); err != nil {
		return fmt.Errorf("find the server's process: %w", err)
	}
	return checkProcess("server", pid)
}

// checkProcess admits process pid only if its token's user is ours. A
// process we may not even look at is refused.
func checkProcess(role string, pid uint32) error {
	ours, err := ownSID()
	if err != nil {
		return err
	}
	theirs, err := processSID(pid)
	if err != nil {
		return fmt.Errorf("%s process %d: %w", role, pid, err)
	}
	if err := checkSID(theirs, ours); err != nil {
		return fmt.Errorf("%s process %d: %w", role, pid, err)
	}
	return nil
}

// processSID is the user that process pid runs as.
func processSID(pid uint32) (*windows.SID, error) {
	p, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return nil, fmt.Errorf("open it to see its user: %w", err)
	}
	defer windows.CloseHandle(p)
	var tok windows.Token
	if err := windows.OpenProcessToken(p, windows.TOKEN_QUERY, &tok); err != nil {
		return nil, fmt.Errorf("open its token to see its user: %w", err)
	}
	defer tok.Close()
	u, err := tok.GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("read its token's user: %w", err)
	}
	return u.User.Sid.Copy()
}

// checkSID admits our own user and no one else, SYSTEM and administrators
// included: they have other ways in, and no business steering our focus
// blocks through the pipe.
func checkSID(peer, ours *windows.SID) error {
	if peer == nil || ours == nil || !peer.Equals(ours) {
		return fmt.Errorf("runs as %s, not as this user (%s)", peer, ours)
	}
	return nil
}

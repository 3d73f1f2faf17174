//go:build linux || darwin

package control

import (
	"fmt"
	"net"
	"os"
)

// ownUID is the user whose clients the server accepts: os.Getuid, a
// variable so a test can play a server of another user.
var ownUID = os.Getuid

// checkPeer refuses connections from other users, as a second line behind
// the socket's file permissions. The kernel vouches for the peer's uid
// (peerUID: SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS).
func checkPeer(conn net.Conn) error {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return nil
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return fmt.Errorf("peer credentials: %w", err)
	}
	var uid int
	var credErr error
	if err := raw.Control(func(fd uintptr) { uid, credErr = peerUID(int(fd)) }); err != nil {
		return fmt.Errorf("peer credentials: %w", err)
	}
	if credErr != nil {
		return fmt.Errorf("peer credentials: %w", credErr)
	}
	return checkUID(uid, ownUID())
}

// checkUID admits a peer running as our own user and no one else, root
// included: root can read our files anyway, but has no business steering
// our focus blocks through the socket.
func checkUID(peer, ours int) error {
	if peer != ours {
		return fmt.Errorf("peer uid %d is not ours (%d)", peer, ours)
	}
	return nil
}

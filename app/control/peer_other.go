//go:build !linux

package control

import "net"

// checkPeer relies on the socket file's permissions where the OS offers no
// portable peer-credential check.
func checkPeer(net.Conn) error { return nil }

//go:build !linux && !darwin && !windows

package control

import "testing"

func playOtherUser(t *testing.T) {
	t.Skip("this OS: the socket's file permissions are the only check")
}

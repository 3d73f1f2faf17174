//go:build linux || darwin

package control

import (
	"os"
	"testing"
)

// playOtherUser makes the server take this process for another user's.
func playOtherUser(t *testing.T) {
	real := ownUID
	ownUID = func() int { return real() + 1 }
	t.Cleanup(func() { ownUID = real })
}

func TestCheckUID(t *testing.T) {
	me := os.Getuid()
	for _, tc := range []struct {
		name        string
		peer, ours  int
		wantRefused bool
	}{
		{"our own uid", me, me, false},
		{"another user", me + 1, me, true},
		{"root connecting to a user's app", 0, 1000, true},
		{"a user connecting to root's app", 1000, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkUID(tc.peer, tc.ours); (err != nil) != tc.wantRefused {
				t.Errorf("checkUID(%d, %d) = %v, want refused: %v", tc.peer, tc.ours, err, tc.wantRefused)
			}
		})
	}
}

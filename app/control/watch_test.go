package control

import "testing"

// A window's watch is answered before the server's per-connection
// deadline would cut it, with room for a slow answer.
func TestWatchRenewsBeforeTheConnectionDeadline(t *testing.T) {
	if WatchRenew > requestTimeout*3/4 {
		t.Fatalf("WatchRenew %v is too close to the %v a connection may last", WatchRenew, requestTimeout)
	}
}

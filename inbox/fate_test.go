package inbox

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

func TestDecide(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	plain := store.Ping{ReceivedAt: t0}
	vip := store.Ping{ReceivedAt: t0, Bypassed: true, Reason: "VIP @ana"}
	lastBlock := func(start, end time.Time) Situation {
		var s Situation
		s.LastFocus.Start, s.LastFocus.End = start, end
		return s
	}
	tests := []struct {
		name string
		p    store.Ping
		s    Situation
		want Fate
	}{
		{"free time: left to Slack", plain, Situation{}, Free},
		{"free time, VIP: nothing to break through", vip, Situation{}, Free},
		{"focusing: held", plain, Situation{Focusing: true}, Held},
		{"focusing, VIP: through", vip, Situation{Focusing: true}, Through},
		{"hold all day: held", plain, Situation{HoldAllDay: true}, Held},
		{"hold all day, VIP: through", vip, Situation{HoldAllDay: true}, Through},
		// Away (locked, asleep, idle, or said so) holds pings for the
		// "back" digest as focus does, also with no block running.
		{"away: held for your return", plain, Situation{Away: true}, Held},
		{"away, VIP: through", vip, Situation{Away: true}, Through},
		{"arrived in the block that just ended: held", plain, lastBlock(t0.Add(-time.Minute), t0.Add(time.Second)), Held},
		{"arrived at the very end of the block: free", plain, lastBlock(t0.Add(-time.Minute), t0), Free},
		{"arrived before the last block: free", plain, lastBlock(t0.Add(time.Minute), t0.Add(time.Hour)), Free},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.p, tt.s); got != tt.want {
				t.Fatalf("Decide = %v, want %v", got, tt.want)
			}
		})
	}
}

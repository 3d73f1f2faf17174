package pinglist

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

func TestSlackOrder(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int // sign
	}{
		{"1700000000.000100", "1700000000.000200", -1},
		{"1700000001.000000", "1700000000.999999", 1},
		{"999999999.999999", "1000000000.000000", -1}, // a shorter second is earlier, though "9" > "1"
		{"1700000000.000100", "1700000000.000100", 0},
	} {
		t.Run(c.a+" vs "+c.b, func(t *testing.T) {
			got := SlackOrder(c.a, c.b)
			if (got < 0) != (c.want < 0) || (got > 0) != (c.want > 0) {
				t.Fatalf("SlackOrder = %d, want sign %d", got, c.want)
			}
		})
	}
}

// Pings that arrived out of order (one burst of events, a backfill) are
// listed as the conversation reads in Slack.
func TestLoadListsAConversationInSlacksOrder(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	// Stored (and so numbered) third, first, second; all received in the
	// same millisecond.
	var ps []store.Ping
	for _, ts := range []string{"1700000000.000300", "1700000000.000100", "1700000000.000200"} {
		ps = append(ps, store.Ping{Channel: "D0BO", TS: ts, UserID: "U0BO", Kind: "im", Text: ts, ReceivedAt: at, Held: true})
	}
	if _, err := st.AddPings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	groups, err := Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || len(groups[0].Pings) != 3 {
		t.Fatalf("groups %+v", groups)
	}
	for i, want := range []string{"1700000000.000100", "1700000000.000200", "1700000000.000300"} {
		if got := groups[0].Pings[i].TS; got != want {
			t.Fatalf("ping %d is %s, want %s (Slack's order)", i, got, want)
		}
	}
}

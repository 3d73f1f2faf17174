package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// The summary SQLite gathers equals the one Go makes from every ping.
func TestPingSummaryEqualsThePings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(7, 8))
	var ps []Ping
	maybe := func(at time.Time) time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		// Now and then before arrival (clock skew): waits never go below 0.
		return at.Add(time.Duration(rng.IntN(7200)-300) * time.Second)
	}
	for i := range 3000 {
		at := t0.Add(time.Duration(rng.IntN(60*86400)) * time.Second).Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
		ps = append(ps, Ping{Channel: fmt.Sprintf("D%d", i%40), TS: fmt.Sprintf("%d.%06d", at.Unix(), i), ReceivedAt: at,
			Bypassed: rng.IntN(10) == 0, DeliveredAt: maybe(at), ReviewedAt: maybe(at), ReadAt: maybe(at)})
	}
	if _, err := s.AddPings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
	}{
		{"all", t0.Add(-time.Hour), t0.AddDate(0, 3, 0)},
		{"a week", t0.AddDate(0, 0, 10), t0.AddDate(0, 0, 17)},
		{"none", t0.AddDate(1, 0, 0), t0.AddDate(2, 0, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.PingSummary(ctx, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			metrics, err := s.PingMetrics(ctx, c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			want := focus.SummarizePings(metrics, c.from, c.to)
			for _, l := range [][]int64{got.Delivered, got.Reviewed, got.Waits, want.Delivered, want.Reviewed, want.Waits} {
				slices.Sort(l)
			}
			if got.Held != want.Held || got.Bypassed != want.Bypassed || got.Read != want.Read ||
				!slices.Equal(got.Delivered, want.Delivered) || !slices.Equal(got.Reviewed, want.Reviewed) || !slices.Equal(got.Waits, want.Waits) {
				t.Errorf("SQLite: %d held %d through %d read, %d/%d/%d waits; Go: %d %d %d, %d/%d/%d", got.Held, got.Bypassed, got.Read,
					len(got.Delivered), len(got.Reviewed), len(got.Waits), want.Held, want.Bypassed, want.Read, len(want.Delivered), len(want.Reviewed), len(want.Waits))
			}
			if c.name != "none" && (len(want.Waits) == 0 || want.Read == 0) {
				t.Fatal("the script made no waits or no reads")
			}
		})
	}
}

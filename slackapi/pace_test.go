package slackapi

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock is virtual time: sleeping moves it on at once.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err() == nil
}

// maxPerMinute is the most instants in any 60 s window [t, t+60s).
func maxPerMinute(at []time.Time) int {
	most := 0
	for i := range at {
		n := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < time.Minute; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func TestPacerKeepsEveryMinuteWithinTheTier(t *testing.T) {
	for _, tc := range []struct {
		method string
		tier   int
	}{
		{"conversations.history", Tier3},
		{"users.conversations", Tier3},
		{"search.messages", Tier2},
		{"users.info", Tier4},
		{"conversations.info", Tier3},
		{"some.new.method", Tier3},
	} {
		t.Run(tc.method, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			p := NewPacer(clock.Now, clock.Sleep)
			var at []time.Time
			for range 300 {
				if !p.Wait(context.Background(), tc.method) {
					t.Fatal("Wait gave up")
				}
				at = append(at, clock.Now())
			}
			if n := maxPerMinute(at); n > tc.tier {
				t.Fatalf("%d calls in one minute, tier allows %d", n, tc.tier)
			}
			// Not slower than it need be: 300 calls take about 300/tier
			// minutes, not much more.
			took := at[len(at)-1].Sub(at[0])
			burst := MethodBurstOf(tc.method)
			if limit := time.Duration(float64(300)/float64(tc.tier-burst)*float64(time.Minute)) + time.Second; took > limit {
				t.Fatalf("300 calls took %v, more than %v", took, limit)
			}
			// A short run goes out at once.
			if !at[burst-1].Equal(at[0]) {
				t.Fatalf("the first %d calls were spaced: %v", burst, at[:burst])
			}
		})
	}
}

func TestPacerHonoursRetryAfter(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	p := NewPacer(clock.Now, clock.Sleep)
	ctx := context.Background()
	p.Wait(ctx, "conversations.history")
	p.Hold("conversations.history", 30*time.Second)
	start := clock.Now()
	p.Wait(ctx, "conversations.history")
	if waited := clock.Now().Sub(start); waited < 30*time.Second {
		t.Fatalf("the call after a 429 with Retry-After 30 went out after %v", waited)
	}
	// Other methods are not held.
	start = clock.Now()
	p.Wait(ctx, "users.conversations")
	if clock.Now() != start {
		t.Fatal("a 429 on one method held another")
	}
	// A Hold shorter than the schedule changes nothing.
	p.Hold("conversations.history", 0)
	before := clock.Now()
	p.Wait(ctx, "conversations.history")
	if clock.Now().Sub(before) > time.Minute/45+time.Millisecond {
		t.Fatalf("waited %v after a zero hold", clock.Now().Sub(before))
	}
}

func TestPacerStopsWithTheContext(t *testing.T) {
	p := NewPacer(nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	for range Burst(Tier2) {
		p.Wait(ctx, "search.messages")
	}
	cancel()
	if p.Wait(ctx, "search.messages") {
		t.Fatal("Wait went on after its context ended")
	}
}

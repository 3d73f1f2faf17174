package slackapi

import (
	"context"
	"sync"
	"time"
)

// Slack's Web API rate tiers, in calls a minute per method and workspace
// (https://docs.slack.dev/apis/web-api/rate-limits): tier 1 1+, tier 2 20+,
// tier 3 50+, tier 4 100+. "+" means Slack tolerates short bursts over the
// figure; a Pacer never relies on that.
const (
	Tier1 = 1
	Tier2 = 20
	Tier3 = 50
	Tier4 = 100
)

// MethodTier is the tier of each method the ping intake calls; a method
// not listed is paced as tier 3.
var MethodTier = map[string]int{
	"auth.test":             Tier4,
	"users.conversations":   Tier3,
	"conversations.history": Tier3,
	"conversations.info":    Tier3,
	"users.info":            Tier4,
	"search.messages":       Tier2,
}

// MethodBurst overrides the burst (Burst) of a method whose calls come in
// rare runs that should go out at once: a read check asks
// conversations.info about up to 20 conversations while a digest waits
// for the answer; its steady rate is then lower (tier minus burst).
var MethodBurst = map[string]int{
	"conversations.info": 20,
}

// Pacer spaces calls per method so that no minute ever holds more than
// the method's tier, and holds every caller of a method for Slack's
// Retry-After once Slack answered it with 429.
//
// Each method is a token bucket of a few calls (so a short run of calls
// goes out at once) refilled at the tier's rate minus the bucket, so any
// 60 s window holds at most the tier: burst + rate·60 s ≤ tier.
// It is safe for concurrent use; a waiting caller holds no lock.
type Pacer struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) bool

	mu      sync.Mutex
	methods map[string]*bucket
}

// bucket is one method's schedule (GCRA: the theoretical arrival time of
// the next call, tat, with burst-1 intervals of tolerance).
type bucket struct {
	interval  time.Duration
	tolerance time.Duration
	tat       time.Time
}

// NewPacer returns a pacer on the given clock; nil means the real one
// (time.Now and Sleep).
func NewPacer(now func() time.Time, sleep func(context.Context, time.Duration) bool) *Pacer {
	if now == nil {
		now = time.Now
	}
	if sleep == nil {
		sleep = Sleep
	}
	return &Pacer{now: now, sleep: sleep, methods: map[string]*bucket{}}
}

// Burst is how many calls of a method of this tier may go out back to
// back, unless MethodBurst says otherwise.
func Burst(tier int) int { return max(1, tier/10) }

// MethodBurstOf is how many calls of method may go out back to back.
func MethodBurstOf(method string) int {
	if b, ok := MethodBurst[method]; ok {
		return b
	}
	return Burst(tierOf(method))
}

// tierOf is the method's tier (MethodTier, else tier 3).
func tierOf(method string) int {
	if tier := MethodTier[method]; tier != 0 {
		return tier
	}
	return Tier3
}

func (p *Pacer) bucket(method string) *bucket {
	b := p.methods[method]
	if b == nil {
		tier, burst := tierOf(method), MethodBurstOf(method)
		b = &bucket{interval: time.Minute / time.Duration(max(1, tier-burst)),
			tolerance: time.Duration(burst-1) * (time.Minute / time.Duration(max(1, tier-burst)))}
		p.methods[method] = b
	}
	return b
}

// Wait returns when a call of method may go out (at once if its bucket
// has a call left), or false if ctx ended first. The call's slot is taken
// when Wait is called, so callers are served in order.
func (p *Pacer) Wait(ctx context.Context, method string) bool {
	p.mu.Lock()
	b := p.bucket(method)
	now := p.now()
	at := b.tat.Add(-b.tolerance)
	if at.Before(now) {
		at = now
	}
	b.tat = maxTime(b.tat, at).Add(b.interval)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return ctx.Err() == nil
}

// Hold makes every later call of method wait until d from now: Slack's
// Retry-After. The bucket is then empty, so calls resume one interval
// apart rather than in a burst.
func (p *Pacer) Hold(method string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(method)
	if resume := p.now().Add(d).Add(b.tolerance); resume.After(b.tat) {
		b.tat = resume
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

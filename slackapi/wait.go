package slackapi

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends; it reports whether the full wait passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Backoff is the wait before retry n (1, 2, ...): first, doubling, at most limit.
func Backoff(first, limit time.Duration, n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := first
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

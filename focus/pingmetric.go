package focus

import "time"

// PingMetric is what reports know of a Slack ping: when it came, whether
// it broke through a rule at once, when it was put in front of the user (a
// digest or the breakthrough: DeliveredAt), when the user marked it
// reviewed (ReviewedAt: only the user does) and when Heads Down saw it had
// been read in Slack first (ReadAt); each zero if not (yet). Never the
// message itself.
type PingMetric struct {
	ReceivedAt  time.Time
	Bypassed    bool
	DeliveredAt time.Time
	ReviewedAt  time.Time
	ReadAt      time.Time
}

// ReachedAt is when the ping reached the user: delivered, or else read in
// Slack, or else marked reviewed; zero if none of these yet.
func (p PingMetric) ReachedAt() time.Time {
	for _, t := range []time.Time{p.DeliveredAt, p.ReadAt, p.ReviewedAt} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// PingSummary is what the ping figures of a period are computed from,
// gathered without a PingMetric per ping (a year holds tens of thousands):
// the counts, and each wait in milliseconds, in any order.
type PingSummary struct {
	Held, Bypassed, Read int // Read: read in Slack, never delivered
	// Delivered: arrival to delivery; Reviewed: arrival to the user's
	// review; Waits: arrival to reaching the user, held pings only.
	Delivered, Reviewed, Waits []int64
}

// SummarizePings is PingSummary of the pings received in [start, end):
// what a store query gathers in one pass, written out in Go.
func SummarizePings(pings []PingMetric, start, end time.Time) PingSummary {
	var s PingSummary
	for _, p := range pings {
		if p.ReceivedAt.Before(start) || !p.ReceivedAt.Before(end) {
			continue
		}
		if p.Bypassed {
			s.Bypassed++
		} else {
			s.Held++
		}
		if !p.DeliveredAt.IsZero() {
			s.Delivered = append(s.Delivered, max(p.DeliveredAt.Sub(p.ReceivedAt), 0).Milliseconds())
		} else if !p.ReadAt.IsZero() {
			s.Read++
		}
		if !p.ReviewedAt.IsZero() {
			s.Reviewed = append(s.Reviewed, max(p.ReviewedAt.Sub(p.ReceivedAt), 0).Milliseconds())
		}
		if r := p.ReachedAt(); !p.Bypassed && !r.IsZero() {
			s.Waits = append(s.Waits, max(r.Sub(p.ReceivedAt), 0).Milliseconds())
		}
	}
	return s
}

// setPings sets t's ping figures from s.
func (t *Totals) setPings(s PingSummary) {
	ms := func(v []int64) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	t.PingsHeld, t.PingsBypassed, t.PingsRead = s.Held, s.Bypassed, s.Read
	t.PingsDelivered, t.PingsReviewed, t.PingsWaited = len(s.Delivered), len(s.Reviewed), len(s.Waits)
	t.MedianDelivery, t.MedianReview, t.MedianWait = medianOf(ms(s.Delivered)), medianOf(ms(s.Reviewed)), medianOf(ms(s.Waits))
}

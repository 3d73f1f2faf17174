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

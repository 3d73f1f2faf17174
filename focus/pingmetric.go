package focus

import "time"

// PingMetric is what reports know of a Slack ping: when it came, whether
// it broke through a rule at once, and when it was reviewed (zero if not
// yet). Never the message itself.
type PingMetric struct {
	ReceivedAt time.Time
	Bypassed   bool
	ReviewedAt time.Time
}

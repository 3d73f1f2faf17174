package focus

import "time"

// ActiveWithin is how much of b's focus fell inside [from, to): its
// active segments clipped to the interval. "Today" in the tray and the
// daily figures of the reports both count focus where it happened, so a
// 23:30–00:30 block gives half an hour to each day.
func (b Block) ActiveWithin(from, to time.Time) time.Duration {
	var d time.Duration
	for _, seg := range b.Segments {
		s, e := maxTime(seg.Start, from), minTime(seg.End, to)
		if e.After(s) {
			d += e.Sub(s)
		}
	}
	return d
}

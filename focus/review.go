package focus

import "time"

// ReviewPlan says when held pings are reviewed: at times of day, every so
// often, and (the app's part) at the end of each focus block. Reviews fall
// only inside working hours, end included, so "17:30" counts on a day
// that ends at 17:30; with no working hours at all, any time counts.
type ReviewPlan struct {
	Times []int         // minutes after midnight
	Every time.Duration // 0 is off; counted from the start of each working span
	Hours Schedule
}

// Next is the first review strictly after t, or zero if there is none in
// the coming week. Instants are built per day with time.Date, so DST days
// are right.
func (p ReviewPlan) Next(t time.Time) time.Time {
	loc := p.Hours.loc()
	t = t.In(loc)
	var best time.Time
	consider := func(at time.Time) {
		if at.After(t) && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	for day := 0; day <= 8 && best.IsZero(); day++ {
		d := t.AddDate(0, 0, day)
		at := func(m int) time.Time { return time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, loc) }
		spans := p.Hours.Days[d.Weekday()]
		if p.Hours.Empty() {
			spans = []Span{{Start: 0, End: 24 * 60}}
		}
		for _, m := range p.Times {
			for _, sp := range spans {
				if m >= sp.Start && m <= sp.End {
					consider(at(m))
					break
				}
			}
		}
		if every := int(p.Every / time.Minute); every > 0 {
			for _, sp := range spans {
				for m := sp.Start + every; m <= sp.End; m += every {
					consider(at(m))
				}
			}
		}
	}
	return best
}

// Delivery is when pings held at now reach the user: the review a sender
// can count on. During a focus block (blockEnd after now) a review window
// that falls inside the block is delivered at its end, as is every held
// ping when atBlockEnd (reviews at the end of each block, or a window
// already passed inside this one); otherwise it is the first window after
// the block. Outside focus it is the next window. Zero when no review is
// planned in the coming week.
func (p ReviewPlan) Delivery(now, blockEnd time.Time, atBlockEnd bool) time.Time {
	if !blockEnd.After(now) {
		return p.Next(now)
	}
	if atBlockEnd {
		return blockEnd
	}
	next := p.Next(now)
	if !next.IsZero() && !next.After(blockEnd) {
		return blockEnd
	}
	return next
}

package app

import "time"

// wakeInputs is everything that can be due. A zero time means "nothing".
type wakeInputs struct {
	Now          time.Time
	Engine       time.Time // the block's next minute or deadline
	AFKUntil     time.Time // AFK with a duration ends
	WorkingHours time.Time // off-hours automation changes (Slack on, off hours on)
	Weekly       time.Time // this week's summary is due…
	WeeklyWanted bool      // …and wanted, and not sent yet
	Review       time.Time // the next review window (intake running)
	Purge        time.Time // old ping texts are purged
	RetryWrites  time.Time // history the database refused is written again
	Midnight     time.Time // "today" starts over: one wake a day
	Calendar     time.Time // a meeting starts or ends (or, the hour before, the tray's minute)
}

// nextWake is when the loop must next wake: the earliest thing due, or
// zero when nothing is, so an idle app sleeps without a timer. A time in
// the past means "now".
func nextWake(in wakeInputs) time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	earliest(in.Engine)
	earliest(in.AFKUntil)
	earliest(in.WorkingHours)
	if in.WeeklyWanted {
		earliest(in.Weekly)
	}
	earliest(in.Review)
	earliest(in.Purge)
	earliest(in.RetryWrites)
	earliest(in.Midnight)
	earliest(in.Calendar)
	return next
}

package app

import (
	"context"
	"time"
)

// A traveller's laptop changes time zone while Heads Down runs; Go reads
// time.Local once, at start. So the app asks the system for its zone at
// each wake of the loop (Options.Zone; cheap: one stat while nothing
// changed), and on Linux and macOS also when /etc/localtime changes (see
// watchZone), and when it differs it plans again in the new zone: working
// hours and off hours, the texts, "today", the review windows and the
// weekly report.

// sameZone reports whether a and b tell the same time of day now: the same
// name and the same offset from UTC at now.
func sameZone(a, b *time.Location, now time.Time) bool {
	if a == b {
		return true
	}
	_, oa := now.In(a).Zone()
	_, ob := now.In(b).Zone()
	return a.String() == b.String() && oa == ob
}

// checkZone notices a change of the system's time zone and plans again in
// the new one. It runs on the loop, before each step.
func (a *App) checkZone(ctx context.Context) {
	if a.opts.Zone == nil {
		return
	}
	loc := a.opts.Zone()
	now := a.clock.Now()
	if loc == nil || sameZone(loc, a.loc, now) {
		return
	}
	from, _ := now.In(a.loc).Zone()
	to, _ := now.In(loc).Zone()
	a.log.Info("time zone changed; planning again", "from", a.loc.String()+" ("+from+")", "to", loc.String()+" ("+to+")")
	a.loc = loc
	a.rules = a.presenceRules() // working hours, off hours, the texts
	a.scheduleReview()
	a.loadToday(ctx, now)
	a.publish()
}

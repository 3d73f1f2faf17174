package app

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"time"

	"github.com/headsdown-app/headsdown/app/calendars"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/slackapi"
)

// Review windows after meetings keep this far from any other review.
const reviewGap = 15 * time.Minute

// calendarRead is one round of the calendar driver, for the loop.
type calendarRead struct {
	feeds []control.CalendarFeed
	busy  []calendar.Busy
	// listErr: the calendar list could not be read (a locked keyring); the loop
	// keeps the meetings it knows rather than forgetting every calendar.
	listErr string
}

// calendarState is the loop's view of the calendars. Owned by the loop.
type calendarState struct {
	feeds []control.CalendarFeed
	busy  []calendar.Busy // every feed's, sorted by start
	// handledEnd is the end of the last meeting whose end was acted on (a review),
	// so a wake never acts twice on one.
	handledEnd time.Time
	// lastReview is when the last review after a meeting was delivered.
	lastReview time.Time
	// warned is the meeting start the 2-minute warning was given for.
	warned time.Time
}

// runCalendar is the calendar driver: it reads every calendar at start, every
// [calendar] refresh and whenever the loop asks (a resume, a reload, `calendar
// refresh`), and hands the result to the loop. The keyring and the network are only
// touched here, never on the loop.
func (a *App) runCalendar(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var own profileEmail
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-a.wantCalendar:
		}
		a.mu.Lock()
		cfg, sl := a.calCfg, a.calSlack
		a.mu.Unlock()
		r := a.readCalendars(ctx, cfg, func() string { return own.get(ctx, a.log, sl[0], sl[1]) })
		select {
		case a.calendarIn <- r:
		case <-ctx.Done():
			return
		}
		timer.Reset(time.Duration(cfg.Refresh))
	}
}

// readCalendars fetches and reads every calendar once. A feed that fails keeps its
// saved copy in use; its problem goes to the feed's line.
// Without [calendar] emails, ownEmail (the Slack profile's) says whose declines count.
func (a *App) readCalendars(ctx context.Context, cfg config.Calendar, ownEmail func() string) calendarRead {
	srcs, err := a.opts.CalendarSources()
	if err != nil {
		a.log.Warn("calendar list not read", "err", err)
		return calendarRead{listErr: "the calendar list cannot be read: " + err.Error()}
	}
	if len(cfg.Emails) == 0 && len(srcs) > 0 {
		// Only with a calendar to read: no Slack call for those without one.
		if e := ownEmail(); e != "" {
			cfg.Emails = []string{e}
		}
	}
	f := &calendar.Fetcher{Dir: a.paths.CalendarDir(), Now: a.clock.Now}
	now := a.clock.Now()
	opt := calendar.Options{From: now.Add(-24 * time.Hour), To: now.Add(calendars.Ahead), Local: a.loc,
		Emails: cfg.Emails, TentativeFree: cfg.TentativeIsFree()}
	r := calendarRead{feeds: []control.CalendarFeed{}}
	size := 0
	for _, s := range srcs {
		got := f.Fetch(ctx, s)
		feed := control.CalendarFeed{Name: s.Name, OK: got.Problem == nil}
		if !got.FetchedAt.IsZero() {
			at := got.FetchedAt.In(a.loc)
			feed.FetchedAt = &at
		}
		if got.Problem != nil {
			feed.Problem = got.Problem.Error()
			a.log.Warn("calendar not fetched", "calendar", s.Name, "problem", feed.Problem, "copy", got.Data != nil)
		}
		size += len(got.Data)
		if got.Data != nil {
			res, err := calendar.Parse(got.Data, opt)
			if err != nil {
				feed.OK, feed.Problem = false, err.Error()
			} else {
				feed.Events = res.Events
				r.busy = append(r.busy, res.Busy...)
				if len(res.Warnings) > 0 {
					a.log.Info("calendar read with warnings", "calendar", s.Name, "warnings", res.Warnings)
				}
			}
		}
		r.feeds = append(r.feeds, feed)
	}
	sort.Slice(r.busy, func(i, j int) bool { return r.busy[i].Start.Before(r.busy[j].Start) })
	if size > 1<<20 {
		// Reading megabytes of ICS leaves a heap the tray would keep for minutes
		// (measured: 42 MB RSS instead of 21 MB with 5,000 events); one round
		// every refresh is worth handing it back at once.
		debug.FreeOSMemory()
	}
	return r
}

// sourcesFromKeyring is the default Options.CalendarSources.
func (a *App) sourcesFromKeyring() ([]calendar.Source, error) {
	srcs, _, err := calendars.List{Dir: a.paths.ConfigDir}.Load()
	return srcs, err
}

// calendarReadDone takes a driver's round: the meetings change, so do Slack, the
// tray and the wakes. A round that could not read the list changes no meeting.
func (a *App) calendarReadDone(ctx context.Context, r calendarRead) {
	if r.listErr != "" {
		feeds := make([]control.CalendarFeed, len(a.cal.feeds))
		for i, f := range a.cal.feeds {
			f.OK, f.Problem = false, r.listErr
			feeds[i] = f
		}
		if len(feeds) == 0 {
			feeds = []control.CalendarFeed{{Name: "calendars", Problem: r.listErr}}
		}
		a.cal.feeds = feeds
	} else {
		a.cal.feeds, a.cal.busy = r.feeds, r.busy
	}
	if a.cal.handledEnd.IsZero() {
		a.cal.handledEnd = a.clock.Now() // meetings that ended before the first read are not news
	}
	a.calendarTick(ctx)
	a.publish()
}

// meetingAt is the meeting running at now, merged with those that overlap or touch
// it: its first busy stretch and the end of the run (zero when none runs).
func (a *App) meetingAt(now time.Time) (calendar.Busy, time.Time) {
	var first calendar.Busy
	var until time.Time
	for _, b := range a.cal.busy {
		switch {
		case until.IsZero() && !b.Start.After(now) && b.End.After(now):
			first, until = b, b.End
		case !until.IsZero() && !b.Start.After(until) && b.End.After(until):
			until = b.End
		}
	}
	// A run may start with a longer meeting before one that began earlier ended.
	for changed := true; changed && !until.IsZero(); {
		changed = false
		for _, b := range a.cal.busy {
			if !b.Start.After(until) && b.End.After(until) && b.Start.Before(until) {
				until, changed = b.End, true
			}
		}
	}
	return first, until
}

// nextMeeting is the first meeting that starts after now.
func (a *App) nextMeeting(now time.Time) (calendar.Busy, bool) {
	for _, b := range a.cal.busy {
		if b.Start.After(now) {
			return b, true
		}
	}
	return calendar.Busy{}, false
}

// calendarWake is when a meeting starts or ends next, or, in the hour before a
// meeting, the next minute (the tray counts down "in 25 min"). Zero when nothing is
// coming: an idle app with a calendar still sleeps between meetings.
func (a *App) calendarWake(now time.Time) time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, b := range a.cal.busy {
		earliest(b.Start)
		earliest(b.End)
		earliest(b.Start.Add(-cutWarning))
		if b.Start.After(now) {
			if b.Start.Sub(now) <= time.Hour {
				earliest(now.Truncate(time.Minute).Add(time.Minute))
			} else {
				earliest(b.Start.Add(-time.Hour))
			}
			if !next.IsZero() && next.Before(b.Start) {
				break // sorted by start: nothing later starts sooner
			}
		}
	}
	return next
}

// meetingReview is when the review after the meeting under way at now will come,
// by calendarTick's rules seen ahead: at its end, when review_after_meetings is on,
// it ends in working hours, no focus block runs (the block's end brings the digest)
// and no other review is within reviewGap of it. Zero otherwise. It is what
// {next_review} promises during a meeting.
func (a *App) meetingReview(now time.Time) time.Time {
	if !a.cfg.Calendar.ReviewAfterMeetings || a.inbox.running == "" {
		return time.Time{}
	}
	_, end := a.meetingAt(now)
	if end.IsZero() || (!a.rules.Schedule.Empty() && !a.rules.Schedule.Working(end)) {
		return time.Time{}
	}
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus {
		return time.Time{}
	}
	if !a.cal.lastReview.IsZero() && end.Sub(a.cal.lastReview) < reviewGap {
		return time.Time{}
	}
	if due := a.inbox.reviewDue(); !due.IsZero() && due.Sub(end).Abs() < reviewGap {
		return time.Time{}
	}
	return end
}

// calendarTick acts on meetings that ended since the last look: a review window
// after a meeting that ends in working hours.
func (a *App) calendarTick(ctx context.Context) {
	now := a.clock.Now()
	a.cutForMeeting(ctx, now)
	var ended time.Time
	for _, b := range a.cal.busy {
		if b.End.After(a.cal.handledEnd) && !b.End.After(now) {
			if _, until := a.meetingAt(b.End); until.IsZero() { // not followed straight by another
				ended = b.End
			}
		}
	}
	if ended.IsZero() {
		return
	}
	a.cal.handledEnd = now
	if !a.cfg.Calendar.ReviewAfterMeetings || a.inbox.running == "" || now.Sub(ended) > reviewGap {
		return
	}
	if !a.rules.Schedule.Empty() && !a.rules.Schedule.Working(ended) {
		return
	}
	if b := a.engine.Current(); b != nil && b.Kind == focus.KindFocus {
		return // the block's end brings the digest
	}
	if !a.cal.lastReview.IsZero() && ended.Sub(a.cal.lastReview) < reviewGap {
		return
	}
	if due := a.inbox.reviewDue(); !due.IsZero() && due.Sub(ended).Abs() < reviewGap {
		return // a review window is close anyway
	}
	a.cal.lastReview = now
	a.log.Info("review after a meeting", "ended", ended)
	a.digest(ctx, DigestMeetingEnded)
}

// DigestMeetingEnded: a meeting ended in working hours (review_after_meetings).
const DigestMeetingEnded DigestWhy = "end of meeting"

// trimForMeeting shortens a block that would run into the next meeting so it ends
// [calendar] end_before before it, and says so ("50 min → 35 min: meeting at 11:00").
// A block that would be under a minute is left as asked.
func (a *App) trimForMeeting(now time.Time, d time.Duration) (time.Duration, string) {
	next, ok := a.nextMeeting(now)
	if !ok || !next.Start.Before(now.Add(d)) {
		return d, ""
	}
	trimmed := next.Start.Add(-time.Duration(a.cfg.Calendar.EndBefore)).Sub(now).Truncate(time.Minute)
	if trimmed < time.Minute {
		return d, ""
	}
	return trimmed, fmt.Sprintf("%s → %s: meeting at %s", focus.FormatDuration(d), focus.FormatDuration(trimmed),
		a.rules.Hours.Time(next.Start.In(a.loc)))
}

// calendarStatus is the calendar part of the status: feeds, the meeting now and the
// next one; titles are left out.
func (a *App) calendarStatus(now time.Time) control.CalendarStatus {
	cs := control.CalendarStatus{Feeds: a.cal.feeds}
	if cs.Feeds == nil {
		cs.Feeds = []control.CalendarFeed{}
	}
	if _, until := a.meetingAt(now); !until.IsZero() {
		u := until.In(a.loc)
		cs.InMeeting, cs.MeetingUntil = true, &u
	}
	if next, ok := a.nextMeeting(now); ok {
		cs.NextMeeting = &control.Meeting{Start: next.Start.In(a.loc), End: next.End.In(a.loc)}
	}
	return cs
}

// setCalendarConfig hands the driver the settings it reads.
func (a *App) setCalendarConfig(c config.Calendar) {
	a.mu.Lock()
	a.calCfg = c
	a.calSlack = [2]string{slackapi.APIURL(a.cfg.Slack.APIURL), a.tokens.User}
	a.mu.Unlock()
}

// profileEmail is what [calendar] emails defaults to: the Slack profile's email,
// asked once per token (and again after a failure). Called on the driver only.
type profileEmail struct {
	token, email string
}

func (p *profileEmail) get(ctx context.Context, log *slog.Logger, apiURL, token string) string {
	if token == "" {
		return ""
	}
	if p.token == token {
		return p.email
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	email, err := slackapi.ProfileEmail(ctx, apiURL, token)
	if err != nil {
		log.Info("calendar: declined meetings not seen until [calendar] emails is set", "err", err)
		return ""
	}
	p.token, p.email = token, email
	return email
}

// meetingText is the meeting status template, or none with [calendar] status off.
func (a *App) meetingText() string {
	if !a.cfg.Calendar.Status {
		return ""
	}
	return a.cfg.Calendar.StatusText
}

// cutWarning is how long before a meeting a block that runs into it is announced.
const cutWarning = 2 * time.Minute

// cutForMeeting ends a running focus block at the start of a meeting that begins
// inside it, with a notification cutWarning before. A block started before a meeting
// was already trimmed to end before it, so this is a meeting that appeared later (an
// invitation accepted mid-block). A meeting that had started when the block began is
// not one: that block was chosen during the meeting.
func (a *App) cutForMeeting(ctx context.Context, now time.Time) {
	b := a.engine.Current()
	if b == nil || b.Kind != focus.KindFocus || b.IsPaused() || b.Deadline.IsZero() {
		return
	}
	var m calendar.Busy
	found := false
	for _, x := range a.cal.busy {
		if x.Start.After(b.StartedAt) && x.Start.Before(b.Deadline) {
			m, found = x, true
			break
		}
	}
	if !found {
		return
	}
	at := a.rules.Hours.Time(m.Start.In(a.loc))
	if !now.Before(m.Start) {
		evs, err := a.engine.StopAt(m.Start)
		if err != nil {
			a.log.Warn("block not ended for a meeting", "err", err)
			return
		}
		a.commitQuietly(ctx, evs)
		a.log.Info("block ended for a meeting", "meeting", m.Start)
		if a.cfg.Notifications.Enabled && len(evs) > 0 {
			a.notes.send(Notification{Title: "Meeting at " + at + " — focus block ended",
				Body: fmt.Sprintf("%s of deep work logged.", focus.FormatDuration(evs[len(evs)-1].Block.Active))})
		}
		return
	}
	if !now.Before(m.Start.Add(-cutWarning)) && !a.cal.warned.Equal(m.Start) {
		a.cal.warned = m.Start
		if a.cfg.Notifications.Enabled {
			a.notes.send(Notification{Title: "Meeting at " + at,
				Body: "Your focus block ends when it starts, in " + focus.FormatDuration(m.Start.Sub(now).Round(time.Minute)) + "."})
		}
	}
}

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
)

// weeklyDue is when this week's summary is due: the end of the week's last
// working day, or Sunday 18:00 without working hours.
func (a *App) weeklyDue(now time.Time) (time.Time, focus.Week) {
	week := focus.WeekOf(now, a.loc)
	start := week.Start(a.loc)
	for i := 6; i >= 0; i-- {
		y, m, d := start.AddDate(0, 0, i).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, a.loc)
		if spans := a.rules.Schedule.Days[day.Weekday()]; len(spans) > 0 {
			end := spans[len(spans)-1].End
			return time.Date(y, m, d, end/60, end%60, 0, 0, a.loc), week
		}
	}
	y, m, d := start.AddDate(0, 0, 6).Date()
	return time.Date(y, m, d, 18, 0, 0, 0, a.loc), week
}

func (a *App) weeklyWanted() bool {
	return a.cfg.Notifications.Enabled && a.cfg.Notifications.WeeklyReport
}

// maybeWeeklySummary notifies this week's summary once it is due (also on
// the first start after it was due, if the laptop was closed then), once.
func (a *App) maybeWeeklySummary(context.Context) {
	now := a.clock.Now()
	due, week := a.weeklyDue(now)
	if !a.weeklyWanted() || now.Before(due) || a.weeklySent == week.String() || a.drivers == nil {
		return
	}
	// Once per run whatever happens: a due time in the past would
	// otherwise re-arm the timer at once, forever. It is recorded as sent
	// only once it was, so a failure is tried again at the next start.
	a.weeklySent = week.String()
	// Meetings come from the saved calendar copies, read by the driver
	// below (files, no network), as the report window reads them.
	opts := report.Options{Loc: a.loc, Now: now, Goal: time.Duration(a.cfg.Focus.DailyGoal), Schedule: a.rules.Schedule,
		Calendar: report.CalendarFrom(a.paths.CalendarDir(), a.cfg.Calendar)}
	ctx := a.drivers
	// A week of queries is no work for the loop: a driver makes it.
	a.group.spawn("weekly summary", func() {
		r, err := report.Load(ctx, a.store, week, opts)
		if err != nil {
			a.log.Warn("weekly summary not made; will try at the next start", "err", err)
			return
		}
		a.notes.send(WeeklySummary(r))
		// Recorded even if the app is quitting meanwhile (Run closes the
		// database only after every driver ends): a summary handed to the
		// notifier and then forgotten would be sent again at the next start.
		saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := a.store.PutJSON(saveCtx, kvWeeklySent, week.String()); err != nil {
			a.log.Warn("weekly summary state not saved", "err", err)
		}
		a.log.Info("weekly summary sent", "week", week.String())
	})
}

// WeeklySummary is the end-of-week notification.
func WeeklySummary(r focus.Report) Notification {
	body := "No focus block completed"
	if r.Completed > 0 {
		body = plural(r.Completed, "block", "blocks") + " completed"
	}
	if r.Goal > 0 {
		switch {
		case r.GoalDays == 0:
			body += ", daily goal not met"
		case r.Streak > 1:
			body += fmt.Sprintf(", goal met on %s (a %d-day streak)", plural(r.GoalDays, "day", "days"), r.Streak)
		default:
			body += ", goal met on " + plural(r.GoalDays, "day", "days")
		}
	}
	switch d := r.Focus - r.Previous.Focus; {
	case d >= time.Minute:
		body += fmt.Sprintf(", %s more than last week", focus.FormatDuration(d))
	case d <= -time.Minute:
		body += fmt.Sprintf(", %s less than last week", focus.FormatDuration(-d))
	}
	// With a calendar, the week's meetings: what deep work had to fit around.
	if r.HasCalendar && r.Meetings >= time.Minute {
		body += fmt.Sprintf("; %s in meetings", focus.FormatDuration(r.Meetings))
	}
	return Notification{Title: fmt.Sprintf("Your week: %s of deep work", focus.FormatDuration(r.Focus)),
		Body: body + ". Open Weekly report… in the tray for more."}
}

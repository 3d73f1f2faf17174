package report

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/focus"
)

// Calendar says where a report finds meetings: the saved copies of the user's
// calendars (the data folder's calendar/, files.Paths.CalendarDir) and how to read
// them ([calendar] emails and tentative). Meetings are not in the database; the
// copies are the calendars as last fetched, with their past as well as their future,
// so a report of any week the feeds still hold shows its meetings.
type Calendar struct {
	Dir           string
	Emails        []string
	TentativeFree bool
}

// CalendarFrom is the report's Calendar for the copies in dir read with the
// [calendar] settings c; nil when dir is "".
func CalendarFrom(dir string, c config.Calendar) *Calendar {
	if dir == "" {
		return nil
	}
	return &Calendar{Dir: dir, Emails: c.Emails, TentativeFree: c.TentativeIsFree()}
}

// maxReportMeetings caps one calendar's meetings over a report's range: a year of
// a busy calendar is a few thousand; a runaway RRULE stops here.
const maxReportMeetings = 50000

// Meetings reads the busy stretches of every saved calendar over [from, to), with
// no keyring and no network. have is false when there is no calendar (no folder, or
// no copy in it): the report then shows no meeting figures, since none are known.
// A copy that cannot be read is skipped with a warning in the log; the rest count.
func (c Calendar) Meetings(from, to time.Time, loc *time.Location) (meetings []focus.Interval, have bool, err error) {
	if c.Dir == "" {
		return nil, false, nil
	}
	copies, err := calendar.SavedCopies(c.Dir)
	if err != nil {
		return nil, false, err
	}
	opt := calendar.Options{From: from, To: to, Local: loc, Emails: c.Emails, TentativeFree: c.TentativeFree,
		MaxEvents: maxReportMeetings}
	for _, p := range copies {
		data, err := os.ReadFile(p)
		if err != nil {
			slog.Warn("report: a saved calendar copy not read", "file", p, "err", err)
			continue
		}
		res, err := calendar.Parse(data, opt)
		if err != nil {
			slog.Warn("report: a saved calendar copy not usable", "file", p, "err", err)
			continue
		}
		have = true
		for _, b := range res.Busy {
			meetings = append(meetings, focus.Interval{Start: b.Start, End: b.End})
		}
	}
	return meetings, have, nil
}

// meetingsFor is Meetings for a report's options, worded for the report.
func meetingsFor(o Options, from, to time.Time) ([]focus.Interval, bool, error) {
	if o.Calendar == nil {
		return nil, false, nil
	}
	m, have, err := o.Calendar.Meetings(from, to, o.Loc)
	if err != nil {
		return nil, false, fmt.Errorf("meetings for the report: %w", err)
	}
	return m, have, nil
}

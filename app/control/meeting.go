package control

import (
	"fmt"
	"time"
)

// MeetingLine is the calendar in one line, as the tray and `status` show it: the
// meeting running ("In a meeting until 10:30"), or one starting within the hour
// ("Next meeting 11:00 (in 25 min)"); "" otherwise. No titles: the tray may be seen
// by anyone looking at the screen.
func MeetingLine(st Status, now time.Time, loc *time.Location) string {
	h := st.Hours()
	cs := st.Calendar
	if cs.InMeeting && cs.MeetingUntil != nil {
		return "In a meeting until " + h.Time(cs.MeetingUntil.In(loc))
	}
	if cs.NextMeeting != nil {
		in := cs.NextMeeting.Start.Sub(now)
		if in > 0 && in <= time.Hour {
			mins := int((in + time.Minute - 1) / time.Minute) // "in 1 min" up to the start, never "in 0 min"
			return fmt.Sprintf("Next meeting %s (in %d min)", h.Time(cs.NextMeeting.Start.In(loc)), mins)
		}
	}
	return ""
}

// CalendarProblemLine is the first calendar with a problem, for the tray: "Calendar
// “work”: …"; "" when all are well.
func CalendarProblemLine(st Status) string {
	for _, f := range st.Calendar.Feeds {
		if !f.OK && f.Problem != "" {
			p := []rune(f.Problem)
			if len(p) > 80 {
				p = append(p[:79], '…')
			}
			return fmt.Sprintf("Calendar \u201c%s\u201d: %s", f.Name, string(p))
		}
	}
	return ""
}

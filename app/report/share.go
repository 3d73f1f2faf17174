package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// ShareLine is one line about the week that a user can paste to their
// team: "This week: 14 h deep work · 25 pings held · median wait 46 min ·
// 2 urgent messages reached me at once". Deep work is always there (a
// quiet week says so); the ping figures are left out when zero, since "0
// pings held" tells a team nothing. The wait is that of held pings only
// (see focus.Totals.MedianWait). It names no person and no message.
func ShareLine(r focus.Report) string { return shareLine(sharePeriod(r), r.Totals, "") }

// shareLine is the line to paste for any period: its deep work, then
// goal (when not ""), then the ping figures that are not zero.
func shareLine(period string, t focus.Totals, goal string) string {
	parts := []string{shareFocus(t.Focus)}
	if goal != "" {
		parts = append(parts, goal)
	}
	if t.PingsHeld > 0 {
		parts = append(parts, plural(t.PingsHeld, "ping held", "pings held"))
	}
	switch {
	case t.PingsWaited == 1:
		parts = append(parts, "waited "+dur(t.MedianWait))
	case t.PingsWaited > 1:
		parts = append(parts, "median wait "+dur(t.MedianWait))
	}
	if t.PingsBypassed > 0 {
		parts = append(parts, plural(t.PingsBypassed, "urgent message", "urgent messages")+" reached me at once")
	}
	return period + ": " + strings.Join(parts, " · ")
}

// shareFocus is the week's deep work as the report's summary writes it
// ("1 h 5 min"); what rounds to no minute is none at all, not "12 s".
func shareFocus(d time.Duration) string {
	if d.Round(time.Minute) == 0 {
		return "no deep work logged"
	}
	return dur(d) + " deep work"
}

// sharePeriod names the report's week as the reader of the line sees it,
// from when the report was made: "This week", "Last week", else "Week of
// 16 Nov" (with the year when it is not this year's).
func sharePeriod(r focus.Report) string {
	loc := r.Start.Location()
	if !r.Now.IsZero() {
		now := focus.WeekOf(r.Now, loc)
		switch r.Week {
		case now:
			return "This week"
		case now.Prev():
			return "Last week"
		}
		if r.Start.Year() == r.Now.In(loc).Year() {
			return fmt.Sprintf("Week of %s", r.Start.Format("2 Jan"))
		}
	}
	return fmt.Sprintf("Week of %s", r.Start.Format("2 Jan 2006"))
}

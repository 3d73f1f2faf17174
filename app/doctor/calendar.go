package doctor

import (
	"context"
	"fmt"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
)

// CalendarCheck has one line per calendar: from the running app (how its last fetch
// went), or without it, whether a saved copy is there. No calendars: a note (Run
// takes a check without findings for one that timed out).
func CalendarCheck(status func(context.Context) (*control.Status, error), sources func() ([]calendar.Source, error),
	cached func(calendar.Source) (time.Time, bool)) Check {
	return Check{Part: "calendar", Run: func(ctx context.Context) []Finding {
		if st, err := status(ctx); err == nil && st != nil {
			if len(st.Calendar.Feeds) == 0 {
				return []Finding{note("calendar", "none (optional): meetings from an ICS link or file with `headsdown calendar add`")}
			}
			var out []Finding
			for _, f := range st.Calendar.Feeds {
				part := fmt.Sprintf("calendar %q", f.Name)
				if !f.OK {
					says := f.Problem
					if f.FetchedAt != nil {
						says += fmt.Sprintf(" (the copy read %s is used meanwhile)", f.FetchedAt.Local().Format("2006-01-02 15:04"))
					}
					out = append(out, problem(part, says, "get the calendar's ICS link again and run `headsdown calendar remove "+f.Name+"` and `headsdown calendar add`"))
					continue
				}
				out = append(out, ok(part, control.Plural(f.Events, "event", "events")+" read"))
			}
			return out
		}
		srcs, err := sources()
		if err != nil {
			return []Finding{problem("calendar", "the calendar list cannot be read: "+errText(err), "unlock the keyring and run `headsdown doctor` again")}
		}
		if len(srcs) == 0 {
			return []Finding{note("calendar", "none (optional): meetings from an ICS link or file with `headsdown calendar add`")}
		}
		var out []Finding
		for _, s := range srcs {
			part := fmt.Sprintf("calendar %q", s.Name)
			if at, ok := cached(s); ok {
				out = append(out, note(part, "saved copy from "+at.Local().Format("2006-01-02 15:04")+"; fetched again when the app runs"))
				continue
			}
			out = append(out, problem(part, "never read", "run `headsdown calendar refresh` to see why"))
		}
		return out
	}}
}

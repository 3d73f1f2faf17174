// Package report loads weekly focus reports from the store and renders
// them: text, Markdown, a self-contained HTML page with an inline SVG chart,
// CSV and JSON; and exports the whole history. The maths lives in focus.
package report

import (
	"context"
	"fmt"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// Options are the user's settings that shape a report.
type Options struct {
	Loc      *time.Location
	Now      time.Time
	Goal     time.Duration
	Schedule focus.Schedule
	// Calendar, when set, adds meetings and the time available for focus
	// from the saved calendar copies; nil leaves them out.
	Calendar *Calendar
}

// Load reads what week's report needs (two index range queries whose cost
// does not grow with history) and computes it.
func Load(ctx context.Context, st *store.Store, week focus.Week, o Options) (focus.Report, error) {
	if o.Loc == nil {
		o.Loc = time.Local
	}
	start, end := week.Start(o.Loc), week.End(o.Loc)
	blocks, err := st.BlocksOverlapping(ctx, start.AddDate(0, 0, -(focus.StreakLookback+7)), end)
	if err != nil {
		return focus.Report{}, fmt.Errorf("report %s: %w", week, err)
	}
	pings, err := st.PingMetrics(ctx, start.AddDate(0, 0, -7), end)
	if err != nil {
		return focus.Report{}, fmt.Errorf("report %s: %w", week, err)
	}
	meetings, have, err := meetingsFor(o, start, end)
	if err != nil {
		return focus.Report{}, fmt.Errorf("report %s: %w", week, err)
	}
	return focus.BuildReport(focus.ReportInput{Week: week, Loc: o.Loc, Now: o.Now, Goal: o.Goal,
		Schedule: o.Schedule, Blocks: blocks, Pings: pings, Calendar: have, Meetings: meetings}), nil
}

// Formats are the report formats Render knows. share is the one line
// to paste to a team (ShareLine).
var Formats = []string{"text", "md", "html", "csv", "json", "share"}

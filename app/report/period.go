package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// LoadRange reads what a report over p needs (two index range queries:
// the period's blocks with the streak's look-back, and its pings summed
// up inside SQLite) and computes it.
func LoadRange(ctx context.Context, st *store.Store, p focus.Period, o Options) (focus.RangeReport, error) {
	if o.Loc == nil {
		o.Loc = time.Local
	}
	start, end := p.Start(o.Loc), p.End(o.Loc)
	// The pings are summed while the blocks are read: on a read-only
	// store (the CLI's, the window's) that is a second connection, and on
	// two cores it takes their time off a year's report. LoadRange always
	// waits for it, so it never outlives the call or the store.
	type summed struct {
		pings focus.PingSummary
		err   error
	}
	pingsDone := make(chan summed, 1)
	go func() {
		s, err := st.PingSummary(ctx, start, end)
		pingsDone <- summed{s, err}
	}()
	blocks, err := st.ReportBlocks(ctx, start.AddDate(0, 0, -focus.StreakLookback), end)
	ps := <-pingsDone
	if err != nil {
		return focus.RangeReport{}, fmt.Errorf("report %s: %w", p, err)
	}
	pings, err := ps.pings, ps.err
	if err != nil {
		return focus.RangeReport{}, fmt.Errorf("report %s: %w", p, err)
	}
	meetings, have, err := meetingsFor(o, start, end)
	if err != nil {
		return focus.RangeReport{}, fmt.Errorf("report %s: %w", p, err)
	}
	return focus.BuildRange(focus.RangeInput{Period: p, Loc: o.Loc, Now: o.Now, Goal: o.Goal, Schedule: o.Schedule,
		Blocks: blocks, PingSummary: &pings, Calendar: have, Meetings: meetings}), nil
}

// RenderRange writes r in format (one of Formats), times of day on the
// clock h.
func RenderRange(w io.Writer, r focus.RangeReport, format string, h timefmt.Hours) error {
	return writeAs(w, r, format, h, formats[focus.RangeReport]{text: rangeText, markdown: rangeMarkdown, html: rangeHTML,
		csv: rangeCSV, json: func(r focus.RangeReport) any { return RangeToJSON(r) }, share: RangeShareLine})
}

// RangeTitle is "November 2026 · Sun 1 Nov – Mon 30 Nov 2026".
func RangeTitle(r focus.RangeReport) string {
	last := r.End.Add(-time.Hour) // within the last day, whatever DST did
	first := r.Start.Format("Mon 2 Jan")
	if r.Start.Year() != last.Year() {
		first = r.Start.Format("Mon 2 Jan 2006")
	}
	if r.Period.Kind == focus.PeriodRange {
		return fmt.Sprintf("%s – %s", first, last.Format("Mon 2 Jan 2006"))
	}
	return fmt.Sprintf("%s · %s – %s", r.Period, first, last.Format("Mon 2 Jan 2006"))
}

// manualLine says how much of the focus was added or edited by hand.
func manualLine(manual, focus time.Duration) string {
	if manual == 0 {
		return "none: all timed by Heads Down"
	}
	pct := 0
	if focus > 0 {
		pct = int((100*manual + focus/2) / focus)
	}
	return fmt.Sprintf("%s of %s (%d %%) added or edited by hand", dur(manual), dur(focus), pct)
}

// RangeSummary is the range report's figures as label/value lines, shared
// by the text, Markdown and HTML forms and the report window.
func RangeSummary(r focus.RangeReport, h timefmt.Hours) [][2]string {
	deep := dur(r.Focus)
	if r.WorkedDays > 0 {
		deep = fmt.Sprintf("%s on %s (average %s per day worked)", dur(r.Focus), plural(r.WorkedDays, "day", "days"), dur(r.AveragePerWorkedDay()))
	}
	lines := [][2]string{
		{"Deep work", deep},
		{"Manual", manualLine(r.Manual, r.Focus)},
		{"Blocks", fmt.Sprintf("%d completed, %d stopped early", r.Completed, r.Stopped)},
		{"Time away", awayLine(r.Away, r.Away, "")},
	}
	if r.Away > 0 {
		lines[3][1] = awayDur(r.Away) + " during focus blocks"
	}
	if r.Goal > 0 {
		lines = append(lines, [2]string{"Daily goal", fmt.Sprintf("%s: met on %s; streak %s", dur(r.Goal),
			plural(r.GoalDays, "day", "days"), plural(r.Streak, "day", "days"))})
	}
	if r.BestDay >= 0 {
		d := r.Days[r.BestDay]
		lines = append(lines, [2]string{"Best day", fmt.Sprintf("%s: %s", d.Date.Format("Mon 2 Jan 2006"), dur(d.Focus))})
	}
	if r.BestWeek >= 0 && len(r.Weeks) > 1 {
		w := r.Weeks[r.BestWeek]
		lines = append(lines, [2]string{"Best week", fmt.Sprintf("%s (from %s): %s", w.Label, w.Start.Format("2 Jan"), dur(w.Focus))})
	}
	if n := len(r.Months); n > 1 && n <= 12 {
		var ms []string
		for _, m := range r.Months {
			if m.Focus > 0 {
				ms = append(ms, m.Start.Format("Jan")+" "+dur(m.Focus))
			}
		}
		if len(ms) > 0 {
			lines = append(lines, [2]string{"By month", strings.Join(ms, ", ")})
		}
	}
	if r.Longest > 0 {
		lines = append(lines, [2]string{"Longest stretch", fmt.Sprintf("%s without a break (%s)", dur(r.Longest), r.LongestAt.Format("2 Jan")+" "+h.Time(r.LongestAt))})
	}
	if len(r.BestHours) > 0 {
		var hs []string
		for _, hr := range r.BestHours {
			from := time.Date(2000, 1, 1, hr, 0, 0, 0, time.UTC)
			hs = append(hs, h.Time(from)+"–"+h.Time(from.Add(time.Hour)))
		}
		lines = append(lines, [2]string{"Best hours", strings.Join(hs, ", ")})
	}
	if r.HasSchedule {
		lines = append(lines, [2]string{"Working hours", fmt.Sprintf("%s inside, %s outside", dur(r.InsideHours), dur(r.OutsideHours))})
	}
	if r.HasCalendar {
		lines = append(lines, [2]string{"Meetings", meetingsLine(r.Meetings, r.FocusAvailable, r.Focus, r.HasSchedule)})
	}
	if len(r.Tags) > 0 {
		var ts []string
		for _, t := range r.Tags[:min(5, len(r.Tags))] {
			ts = append(ts, fmt.Sprintf("%s %s", t.Tag, dur(t.Focus)))
		}
		lines = append(lines, [2]string{"Top tags", strings.Join(ts, ", ")})
	}
	ping := fmt.Sprintf("%d held, %d broke through", r.PingsHeld, r.PingsBypassed)
	if r.PingsHeld+r.PingsBypassed > 0 {
		if r.PingsDelivered > 0 {
			ping += fmt.Sprintf("; %d delivered, median %s after arrival", r.PingsDelivered, dur(r.MedianDelivery))
		}
		if r.PingsRead > 0 {
			ping += fmt.Sprintf("; %d read in Slack first", r.PingsRead)
		}
		ping += fmt.Sprintf("; %d reviewed", r.PingsReviewed)
	}
	return append(lines, [2]string{"Pings", ping})
}

// barLabel names one bar of a range's chart or table: a day, a week or a
// month.
func barLabel(p focus.PeriodTotal, days int) string {
	switch {
	case days <= 31:
		return p.Start.Format("Mon _2 Jan")
	case days <= 26*7:
		return p.Label + " " + p.Start.Format("_2 Jan")
	}
	return p.Start.Format("Jan 2006")
}

// barUnit is what one bar of the range stands for.
func barUnit(days int) string {
	switch {
	case days <= 31:
		return "Day"
	case days <= 26*7:
		return "Week"
	}
	return "Month"
}

func rangeText(w io.Writer, r focus.RangeReport, h timefmt.Hours) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Heads Down — %s\n\n", RangeTitle(r))
	for _, l := range RangeSummary(r, h) {
		fmt.Fprintf(&b, "%-16s %s\n", l[0], l[1])
	}
	b.WriteString("\n")
	bars := r.Bars()
	var scale time.Duration
	for _, p := range bars {
		scale = max(scale, p.Focus)
	}
	for _, p := range bars {
		bar := ""
		if scale > 0 && p.Focus > 0 {
			bar = strings.Repeat("█", max(1, int(24*p.Focus/scale))) // a small day still shows
		}
		fmt.Fprintf(&b, "%-18s %-24s %-12s %s\n", barLabel(p, len(r.Days)), bar, dur(p.Focus), barNote(p, len(r.Days)))
	}
	fmt.Fprintf(&b, "\nTo share with your team:\n%s\n", RangeShareLine(r))
	_, err := io.WriteString(w, b.String())
	return err
}

func barNote(p focus.PeriodTotal, days int) string {
	var parts []string
	if p.Completed > 0 {
		parts = append(parts, fmt.Sprintf("%d done", p.Completed))
	}
	if p.Stopped > 0 {
		parts = append(parts, fmt.Sprintf("%d stopped", p.Stopped))
	}
	if p.GoalDays > 0 {
		if days <= 31 {
			parts = append(parts, "goal ✓")
		} else {
			parts = append(parts, "goal ✓ "+plural(p.GoalDays, "day", "days"))
		}
	}
	if p.Manual > 0 {
		parts = append(parts, dur(p.Manual)+" by hand")
	}
	if p.Away > 0 {
		parts = append(parts, dur(p.Away)+" away")
	}
	parts = append(parts, calendarNote(p.Meetings, p.FocusAvailable)...)
	return strings.Join(parts, ", ")
}

func rangeMarkdown(w io.Writer, r focus.RangeReport, h timefmt.Hours) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Heads Down — %s\n\n", RangeTitle(r))
	for _, l := range RangeSummary(r, h) {
		fmt.Fprintf(&b, "- **%s:** %s\n", l[0], l[1])
	}
	unit := barUnit(len(r.Days))
	goal := "Goal days"
	if unit == "Day" {
		goal = "Goal"
	}
	fmt.Fprintf(&b, "\n| %s | Deep work | Manual | Completed | Stopped | %s | Away |%s\n|---|---|---|---|---|---|---|%s\n", unit, goal,
		mdCalendarHead(r.HasCalendar), mdCalendarRule(r.HasCalendar))
	for i, p := range r.Bars() {
		g := strconv.Itoa(p.GoalDays)
		if unit == "Day" {
			g = goalCell(r.Days[i], r.Goal)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %s | %s |%s\n", strings.Join(strings.Fields(barLabel(p, len(r.Days))), " "),
			dur(p.Focus), dur(p.Manual), p.Completed, p.Stopped, g, awayCell(p.Away), mdCalendarCells(r.HasCalendar, p.Meetings, p.FocusAvailable))
	}
	fmt.Fprintf(&b, "\nTo share with your team:\n\n> %s\n", RangeShareLine(r))
	_, err := io.WriteString(w, b.String())
	return err
}

func rangeCSV(w io.Writer, r focus.RangeReport) error {
	cw := csv.NewWriter(w)
	label := periodLabel(r.Period)
	cw.Write([]string{"period", "date", "weekday", "focus_minutes", "completed", "stopped", "goal_met", "away_minutes",
		"focus_seconds", "away_seconds", "manual_seconds", "meeting_seconds", "focus_available_seconds"})
	for _, d := range r.Days {
		cw.Write(append([]string{label, d.Date.Format("2006-01-02"), d.Date.Weekday().String(), minutes(d.Focus),
			strconv.Itoa(d.Completed), strconv.Itoa(d.Stopped), strconv.FormatBool(d.GoalMet), minutes(d.Away),
			seconds(d.Focus), seconds(d.Away), seconds(d.Manual)}, csvCalendar(r.HasCalendar, d.Meetings, d.FocusAvailable)...))
	}
	cw.Write(append([]string{label, "total", "", minutes(r.Focus), strconv.Itoa(r.Completed), strconv.Itoa(r.Stopped),
		strconv.Itoa(r.GoalDays), minutes(r.Away), seconds(r.Focus), seconds(r.Away), seconds(r.Manual)},
		csvCalendar(r.HasCalendar, r.Meetings, r.FocusAvailable)...))
	cw.Flush()
	return cw.Error()
}

// periodLabel is the period as a script reads it: "2026-W47", "2026-11",
// "2026", "2026-11-03..2026-11-30".
func periodLabel(p focus.Period) string {
	switch p.Kind {
	case focus.PeriodWeek:
		return p.String()
	case focus.PeriodMonth:
		return fmt.Sprintf("%04d-%02d", p.First.Year, p.First.Month)
	case focus.PeriodYear:
		return strconv.Itoa(p.First.Year)
	}
	return p.First.String() + ".." + p.Last.String()
}

// JSONRange is the period a report covers: from and to are dates in the
// report's zone, both included.
type JSONRange struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"` // week, month, year or range
}

// JSONPeriod is one week's or month's totals in a range report, clipped
// to the range.
type JSONPeriod struct {
	Label         string `json:"label"` // "2026-W47", "2026-11"
	From          string `json:"from"`
	To            string `json:"to"`
	FocusSeconds  int64  `json:"focus_seconds"`
	ManualSeconds int64  `json:"manual_seconds"`
	AwaySeconds   int64  `json:"away_seconds"`
	Completed     int    `json:"completed"`
	Stopped       int    `json:"stopped"`
	GoalDays      int    `json:"goal_days"`
	// As in JSONDay: only with a calendar.
	MeetingSeconds        *int64 `json:"meeting_seconds,omitempty"`
	FocusAvailableSeconds *int64 `json:"focus_available_seconds,omitempty"`
}

// JSONBest is the best day or week.
type JSONBest struct {
	Label        string `json:"label"` // a date, or a week
	FocusSeconds int64  `json:"focus_seconds"`
}

// RangeJSON is a range report's stable machine-readable shape: the weekly
// report's names, with range, weeks and months (where the range spans more
// than one) and manual_seconds. Durations are whole seconds.
type RangeJSON struct {
	Range                   JSONRange    `json:"range"`
	TimeZone                string       `json:"time_zone"`
	GoalSeconds             int64        `json:"goal_seconds"`
	FocusSeconds            int64        `json:"focus_seconds"`
	ManualSeconds           int64        `json:"manual_seconds"`
	AwaySeconds             int64        `json:"away_seconds"`
	Completed               int          `json:"completed"`
	Stopped                 int          `json:"stopped"`
	GoalDays                int          `json:"goal_days"`
	StreakDays              int          `json:"streak_days"`
	WorkedDays              int          `json:"worked_days"`
	AveragePerWorkedDaySecs int64        `json:"average_per_worked_day_seconds"`
	BestDay                 *JSONBest    `json:"best_day,omitempty"`
	BestWeek                *JSONBest    `json:"best_week,omitempty"`
	LongestSeconds          int64        `json:"longest_seconds"`
	BestHours               []int        `json:"best_hours"`
	InsideHoursSecs         *int64       `json:"inside_working_hours_seconds,omitempty"`
	OutsideHoursSecs        *int64       `json:"outside_working_hours_seconds,omitempty"`
	MeetingSecs             *int64       `json:"meeting_seconds,omitempty"`
	FocusAvailableSecs      *int64       `json:"focus_available_seconds,omitempty"`
	Tags                    []JSONTag    `json:"tags"`
	Pings                   JSONPings    `json:"pings"`
	Days                    []JSONDay    `json:"days"`
	Weeks                   []JSONPeriod `json:"weeks,omitempty"`
	Months                  []JSONPeriod `json:"months,omitempty"`
}

func jsonPeriods(ps []focus.PeriodTotal, hasCalendar bool) []JSONPeriod {
	if len(ps) < 2 {
		return nil // the range does not span more than one
	}
	out := make([]JSONPeriod, len(ps))
	for i, p := range ps {
		out[i] = JSONPeriod{Label: p.Label, From: p.Start.Format("2006-01-02"), To: p.End.Add(-time.Hour).Format("2006-01-02"),
			FocusSeconds: secs(p.Focus), ManualSeconds: secs(p.Manual), AwaySeconds: secs(p.Away), Completed: p.Completed,
			Stopped: p.Stopped, GoalDays: p.GoalDays}
		out[i].MeetingSeconds, out[i].FocusAvailableSeconds = jsonCalendar(hasCalendar, p.Meetings, p.FocusAvailable)
	}
	return out
}

// RangeToJSON is r in its JSON shape.
func RangeToJSON(r focus.RangeReport) RangeJSON {
	j := RangeJSON{Range: JSONRange{r.Period.First.String(), r.Period.Last.String(), string(r.Period.Kind)},
		TimeZone: ZoneName(r.Start.Location()), GoalSeconds: secs(r.Goal), FocusSeconds: secs(r.Focus),
		ManualSeconds: secs(r.Manual), AwaySeconds: secs(r.Away), Completed: r.Completed, Stopped: r.Stopped,
		GoalDays: r.GoalDays, StreakDays: r.Streak, WorkedDays: r.WorkedDays, AveragePerWorkedDaySecs: secs(r.AveragePerWorkedDay()),
		LongestSeconds: secs(r.Longest), BestHours: append([]int{}, r.BestHours...),
		Pings: jsonPings(r.Totals),
		Weeks: jsonPeriods(r.Weeks, r.HasCalendar), Months: jsonPeriods(r.Months, r.HasCalendar)}
	j.MeetingSecs, j.FocusAvailableSecs = jsonCalendar(r.HasCalendar, r.Meetings, r.FocusAvailable)
	if r.BestDay >= 0 {
		d := r.Days[r.BestDay]
		j.BestDay = &JSONBest{d.Date.Format("2006-01-02"), secs(d.Focus)}
	}
	if r.BestWeek >= 0 {
		w := r.Weeks[r.BestWeek]
		j.BestWeek = &JSONBest{w.Label, secs(w.Focus)}
	}
	j.InsideHoursSecs, j.OutsideHoursSecs = jsonHours(r.HasSchedule, r.InsideHours, r.OutsideHours)
	j.Tags, j.Days = jsonTags(r.Tags), jsonDays(r.Days, r.HasCalendar)
	return j
}

// RangeShareLine is the one line about the range to paste to a team:
// "November 2026: 62 h deep work · goal met on 14 days · 120 pings held ·
// median wait 40 min".
func RangeShareLine(r focus.RangeReport) string {
	goal := ""
	if r.Goal > 0 && r.GoalDays > 0 {
		goal = "goal met on " + plural(r.GoalDays, "day", "days")
	}
	return shareLine(r.Period.String(), r.Totals, goal)
}

// BarsSVG draws the range as bars (days, weeks or months, as Bars picks),
// with the goal as a dashed line when the bars are days.
func BarsSVG(r focus.RangeReport) string {
	bars := r.Bars()
	const w, h, top, bottom, left = 640.0, 220.0, 16.0, 30.0, 48.0
	var scale time.Duration
	for _, p := range bars {
		scale = max(scale, p.Focus)
	}
	daily := len(r.Days) <= 31
	if daily {
		scale = max(scale, r.Goal)
	}
	scale = max(scale, time.Hour)
	step := time.Hour
	for scale/step > 8 {
		step *= 2
	}
	plotH := h - top - bottom
	y := func(d time.Duration) float64 { return top + plotH*(1-float64(d)/float64(scale)) }
	slot := (w - left) / float64(max(len(bars), 1))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Deep work per %s">`, w, h, strings.ToLower(barUnit(len(r.Days))))
	for v := time.Duration(0); v <= scale; v += step {
		yy := y(v)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#666">%d h</text>`,
			left, w, yy, yy, left-6, yy+4, int(v/time.Hour))
	}
	for i, p := range bars {
		x := left + float64(i)*slot + slot*0.15
		colour := "#4a7fc1"
		if daily && p.GoalDays > 0 {
			colour = "#2e9e5b"
		}
		top := y(p.Focus)
		if p.Focus > 0 {
			top = min(top, h-bottom-2) // a minimum bar: a small day still shows
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2" fill="%s"><title>%s: %s</title></rect>`,
			x, top, slot*0.7, h-bottom-top, colour, template.HTMLEscapeString(strings.Join(strings.Fields(barLabel(p, len(r.Days))), " ")), dur(p.Focus))
		if every := max(1, len(bars)/12); i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" text-anchor="middle" fill="#333">%s</text>`, x+slot*0.35, h-10, shortLabel(p, len(r.Days)))
		}
	}
	if daily && r.Goal > 0 {
		gy := y(r.Goal)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#333" stroke-dasharray="6 4"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#333">goal %s</text>`,
			left, w, gy, gy, w, gy-4, dur(r.Goal))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func shortLabel(p focus.PeriodTotal, days int) string {
	switch {
	case days <= 31:
		return p.Start.Format("2")
	case days <= 26*7:
		return p.Start.Format("2 Jan")
	case days <= 366:
		return p.Start.Format("Jan")
	}
	return p.Start.Format("Jan 06")
}

var rangePage = template.Must(template.New("range").Funcs(template.FuncMap{"dur": dur, "away": awayCell}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Heads Down — {{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:720px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%} td,th{padding:.3em .5em;text-align:left;border-bottom:1px solid #eee}
th{color:#555;font-weight:600;width:9em} .num{text-align:right} svg{width:100%;height:auto;margin:1em 0}
</style></head><body>
<h1>Heads Down — {{.Title}}</h1>
{{.Chart}}
<table>{{range .Summary}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>
<h2 style="font-size:1.1em">{{.Unit}}s</h2>
<table><tr><th>{{.Unit}}</th><th class="num">Deep work</th><th class="num">Manual</th><th class="num">Completed</th><th class="num">Stopped</th><th class="num">{{.GoalHead}}</th><th class="num">Away</th>{{if .Calendar}}<th class="num">Meetings</th><th class="num">Free for focus</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{index . 0}}</td><td class="num">{{index . 1}}</td><td class="num">{{index . 2}}</td><td class="num">{{index . 3}}</td><td class="num">{{index . 4}}</td><td class="num">{{index . 5}}</td><td class="num">{{index . 6}}</td>{{if $.Calendar}}<td class="num">{{index . 7}}</td><td class="num">{{index . 8}}</td>{{end}}</tr>
{{end}}</table>
{{if .Tags}}<h2 style="font-size:1.1em">Tags</h2>
<table><tr><th>Tag</th><th class="num">Deep work</th><th class="num">Share</th></tr>
{{range .Tags}}<tr><td>{{index . 0}}</td><td class="num">{{index . 1}}</td><td class="num">{{index . 2}}</td></tr>
{{end}}</table>{{end}}
<p>To share with your team:</p>
<blockquote>{{.Share}}</blockquote>
<p style="color:#888;font-size:.85em">Made by Heads Down from your local history. Times in {{.Zone}}.</p>
</body></html>
`))

// tagRows are every tag's focus and its share of the range's.
func tagRows(r focus.RangeReport) [][3]string {
	var rows [][3]string
	for _, t := range r.Tags {
		pct := 0
		if r.Focus > 0 {
			pct = int((100*t.Focus + r.Focus/2) / r.Focus)
		}
		rows = append(rows, [3]string{t.Tag, dur(t.Focus), fmt.Sprintf("%d %%", pct)})
	}
	return rows
}

func rangeHTML(w io.Writer, r focus.RangeReport, h timefmt.Hours) error {
	unit := barUnit(len(r.Days))
	goalHead := "Goal days"
	if unit == "Day" {
		goalHead = "Goal"
	}
	var rows [][9]string
	for i, p := range r.Bars() {
		g := strconv.Itoa(p.GoalDays)
		if unit == "Day" {
			g = goalCell(r.Days[i], r.Goal)
		}
		rows = append(rows, [9]string{strings.Join(strings.Fields(barLabel(p, len(r.Days))), " "), dur(p.Focus), dur(p.Manual),
			strconv.Itoa(p.Completed), strconv.Itoa(p.Stopped), g, awayCell(p.Away), dur(p.Meetings), dur(p.FocusAvailable)})
	}
	return rangePage.Execute(w, map[string]any{
		"Title": RangeTitle(r), "Chart": Charts(r), "Tags": tagRows(r), "Summary": RangeSummary(r, h), "Rows": rows,
		"Unit": unit, "GoalHead": goalHead, "Calendar": r.HasCalendar, "Zone": ZoneName(r.Start.Location()), "Share": RangeShareLine(r),
	})
}

package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Render writes r in format (one of Formats), times of day on the clock h
// (the machine-readable CSV and JSON keep their fixed forms).
func Render(w io.Writer, r focus.Report, format string, h timefmt.Hours) error {
	return writeAs(w, r, format, h, formats[focus.Report]{text: renderText, markdown: renderMarkdown, html: renderHTML,
		csv: renderCSV, json: func(r focus.Report) any { return toJSON(r) }, share: ShareLine})
}

// formats are how one kind of report (a week's, a range's) is written in
// each of Formats.
type formats[R any] struct {
	text, markdown, html func(io.Writer, R, timefmt.Hours) error
	csv                  func(io.Writer, R) error
	json                 func(R) any
	share                func(R) string
}

// writeAs writes r in format with f: the one place that maps a format's
// name to its writer, for every kind of report.
func writeAs[R any](w io.Writer, r R, format string, h timefmt.Hours, f formats[R]) error {
	switch format {
	case "text", "":
		return f.text(w, r, h)
	case "md", "markdown":
		return f.markdown(w, r, h)
	case "html":
		return f.html(w, r, h)
	case "csv":
		return f.csv(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(f.json(r))
	case "share":
		_, err := fmt.Fprintln(w, f.share(r))
		return err
	}
	return fmt.Errorf("unknown format %q: choose one of %s", format, strings.Join(Formats, ", "))
}

func dur(d time.Duration) string { return focus.FormatDuration(d) }

// delta is "+1 h 5 min" / "−20 min" / "same" against the previous week;
// the lines say against what ("+5 min vs the week before"), so that a
// change never reads like a sum.
func delta(now, prev time.Duration) string { return signed(now-prev, dur) }

// deltaN is delta for counts: "+3" / "−1" / "same".
func deltaN(now, prev int) string { return signed(now-prev, strconv.Itoa) }

// vs is a change against than: "+5 min vs last week", or "same as last
// week".
func vs(change, than string) string {
	if change == "same" {
		return "same as " + than
	}
	return change + " vs " + than
}

func signed[T int | time.Duration](d T, format func(T) string) string {
	switch {
	case d > 0:
		return "+" + format(d)
	case d < 0:
		return "−" + format(-d)
	}
	return "same"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Title is "Week 2026-W13 · 23–29 Mar 2026".
func Title(r focus.Report) string {
	last := r.End.AddDate(0, 0, -1)
	return fmt.Sprintf("Week %s · %s – %s", r.Week, r.Start.Format("Mon 2 Jan"), last.Format("Mon 2 Jan 2006"))
}

// Summary is the report's figures as label/value lines, shared by the
// text, Markdown and HTML forms and the report window; times of day on
// the clock h.
func Summary(r focus.Report, h timefmt.Hours) [][2]string {
	p, than := r.Previous, weekBefore(r, h)
	lines := [][2]string{
		{"Deep work", fmt.Sprintf("%s (%s)", dur(r.Focus), vs(delta(r.Focus, p.Focus), than))},
		{"Blocks", fmt.Sprintf("%d completed (%s), %d stopped early", r.Completed, vs(deltaN(r.Completed, p.Completed), than), r.Stopped)},
		{"Time away", awayLine(r.Away, p.Away, than)},
	}
	if r.Goal > 0 {
		lines = append(lines, [2]string{"Daily goal", fmt.Sprintf("%s: met on %s; streak %s", dur(r.Goal),
			plural(r.GoalDays, "day", "days"), plural(r.Streak, "day", "days"))})
	}
	if r.Longest > 0 {
		lines = append(lines, [2]string{"Longest stretch", fmt.Sprintf("%s without a break (%s)", dur(r.Longest), h.DayTime(r.LongestAt))})
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
	if r.Manual > 0 {
		// Only when there is some: the week's window keeps its height.
		lines = append(lines, [2]string{"Manual", manualLine(r.Manual, r.Focus)})
	}
	if len(r.Tags) > 0 {
		var ts []string
		for _, t := range r.Tags {
			ts = append(ts, fmt.Sprintf("%s %s", t.Tag, dur(t.Focus)))
		}
		lines = append(lines, [2]string{"Top tags", strings.Join(ts, ", ")})
	}
	return append(lines, [2]string{"Pings", pingsLine(r.Totals, p, than)})
}

// meetingsLine sets meetings and the time that was available for focus (free
// stretches of at least an hour inside working hours) beside the focus done.
func meetingsLine(meetings, available, done time.Duration, hasSchedule bool) string {
	line := awayDur(meetings)
	if !hasSchedule {
		return line + "; set working hours to see the time available for focus"
	}
	return fmt.Sprintf("%s; %s available for focus (free stretches of %s or more in working hours), %s done",
		line, dur(available), dur(focus.MinFocusStretch), dur(done))
}

// calendarNote is a day's or a bar's meetings and time free for focus, for the
// notes beside its bar; empty when there is neither.
func calendarNote(meetings, available time.Duration) []string {
	var parts []string
	if meetings > 0 {
		parts = append(parts, dur(meetings)+" meetings")
	}
	if available > 0 {
		parts = append(parts, dur(available)+" free for focus")
	}
	return parts
}

// pingsLine is the week's pings in the words every surface uses: held or
// broke through; delivered (with the median time from arrival); read in
// Slack first; reviewed, which only the user does.
func pingsLine(r, p focus.Totals, than string) string {
	line := fmt.Sprintf("%d held (%s), %d broke through", r.PingsHeld, vs(deltaN(r.PingsHeld, p.PingsHeld), than), r.PingsBypassed)
	if r.PingsHeld+r.PingsBypassed == 0 {
		return line
	}
	if r.PingsDelivered > 0 {
		line += fmt.Sprintf("; %d delivered, median %s after arrival", r.PingsDelivered, dur(r.MedianDelivery))
	}
	if r.PingsRead > 0 {
		line += fmt.Sprintf("; %d read in Slack first", r.PingsRead)
	}
	return line + fmt.Sprintf("; %d reviewed", r.PingsReviewed)
}

// awayLine is the week's time away during focus blocks (screen locked,
// asleep, idle, Away), which is never counted as deep work.
func awayLine(now, prev time.Duration, than string) string {
	if now == 0 && prev == 0 {
		return "none during focus blocks"
	}
	return fmt.Sprintf("%s during focus blocks (%s)", awayDur(now), vs(delta(now, prev), than))
}

// weekBefore names what the week is compared with: the whole week before,
// or for the week under way the same part of last week ("last week to Wed
// 14:05"), as a half-finished week set against a whole one always loses.
func weekBefore(r focus.Report, h timefmt.Hours) string {
	if r.PreviousUntil.IsZero() {
		return "the week before"
	}
	return "last week to " + h.DayTime(r.PreviousUntil)
}

// awayDur is "none" for no time away, else the duration.
func awayDur(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	return dur(d)
}

// awayCell is a day's time away in a table: "0 min" for none, never a
// blank cell that a reader cannot tell from a missing figure.
func awayCell(d time.Duration) string { return dur(d) }

// goalCell is a day's goal verdict in a table: "yes", "no", or "not yet"
// for a day still to come; blank only when there is no goal at all.
func goalCell(d focus.Day, goal time.Duration) string {
	switch {
	case goal <= 0:
		return "–"
	case d.GoalMet:
		return "yes"
	case d.Future:
		return "not yet"
	}
	return "no"
}

func dayNote(d focus.Day) string {
	var parts []string
	if d.Completed > 0 {
		parts = append(parts, fmt.Sprintf("%d done", d.Completed))
	}
	if d.Stopped > 0 {
		parts = append(parts, fmt.Sprintf("%d stopped", d.Stopped))
	}
	if d.GoalMet {
		parts = append(parts, "goal ✓")
	}
	if d.Away > 0 {
		parts = append(parts, dur(d.Away)+" away")
	}
	parts = append(parts, calendarNote(d.Meetings, d.FocusAvailable)...)
	return strings.Join(parts, ", ")
}

func renderText(w io.Writer, r focus.Report, h timefmt.Hours) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Heads Down — %s\n\n", Title(r))
	for _, l := range Summary(r, h) {
		fmt.Fprintf(&b, "%-16s %s\n", l[0], l[1])
	}
	b.WriteString("\n")
	scale := max(r.Goal, maxDay(r))
	for _, d := range r.Days {
		bar := ""
		if scale > 0 {
			bar = strings.Repeat("█", int(24*d.Focus/scale))
		}
		// "_2": single-digit days padded, so the bars start in one column.
		fmt.Fprintf(&b, "%s  %-24s %-12s %s\n", d.Date.Format("Mon _2 Jan"), bar, dur(d.Focus), dayNote(d))
	}
	// Last, on a line of its own, so it is easy to select and paste.
	fmt.Fprintf(&b, "\nTo share with your team:\n%s\n", ShareLine(r))
	_, err := io.WriteString(w, b.String())
	return err
}

func maxDay(r focus.Report) time.Duration {
	var m time.Duration
	for _, d := range r.Days {
		m = max(m, d.Focus)
	}
	return m
}

func renderMarkdown(w io.Writer, r focus.Report, h timefmt.Hours) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Heads Down — %s\n\n", Title(r))
	for _, l := range Summary(r, h) {
		fmt.Fprintf(&b, "- **%s:** %s\n", l[0], l[1])
	}
	b.WriteString("\n| Day | Deep work | Completed | Stopped | Goal | Away |" + mdCalendarHead(r.HasCalendar) + "\n|---|---|---|---|---|---|" + mdCalendarRule(r.HasCalendar) + "\n")
	for _, d := range r.Days {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %s |%s\n", d.Date.Format("Mon 2 Jan"), dur(d.Focus), d.Completed, d.Stopped, goalCell(d, r.Goal), awayCell(d.Away),
			mdCalendarCells(r.HasCalendar, d.Meetings, d.FocusAvailable))
	}
	fmt.Fprintf(&b, "\nTo share with your team:\n\n> %s\n", ShareLine(r))
	_, err := io.WriteString(w, b.String())
	return err
}

// The Markdown tables' meeting columns, only with a calendar.
func mdCalendarHead(has bool) string {
	if !has {
		return ""
	}
	return " Meetings | Free for focus |"
}

func mdCalendarRule(has bool) string {
	if !has {
		return ""
	}
	return "---|---|"
}

func mdCalendarCells(has bool, meetings, available time.Duration) string {
	if !has {
		return ""
	}
	return fmt.Sprintf(" %s | %s |", dur(meetings), dur(available))
}

// csvCalendar is the meeting_seconds and focus_available_seconds cells: blank
// without a calendar (not known), never a 0 that reads as "no meetings".
func csvCalendar(has bool, meetings, available time.Duration) []string {
	if !has {
		return []string{"", ""}
	}
	return []string{seconds(meetings), seconds(available)}
}

// jsonCalendar is the meeting_seconds and focus_available_seconds of the JSON
// forms: absent without a calendar.
func jsonCalendar(has bool, meetings, available time.Duration) (*int64, *int64) {
	if !has {
		return nil, nil
	}
	m, a := secs(meetings), secs(available)
	return &m, &a
}

// minutes is d in whole minutes, rounded: a spreadsheet cell reads "5",
// never "4.6431000000000004". The exact figure is in the _seconds columns.
func minutes(d time.Duration) string {
	return strconv.FormatInt(int64(d.Round(time.Minute)/time.Minute), 10)
}

// seconds is d in whole seconds, rounded.
func seconds(d time.Duration) string { return strconv.FormatInt(secs(d), 10) }

func renderCSV(w io.Writer, r focus.Report) error {
	cw := csv.NewWriter(w)
	// New columns go last (away_minutes, then the exact seconds), so
	// scripts that read columns by position keep working.
	cw.Write([]string{"week", "date", "weekday", "focus_minutes", "completed", "stopped", "goal_met", "away_minutes",
		"focus_seconds", "away_seconds", "meeting_seconds", "focus_available_seconds"})
	for _, d := range r.Days {
		cw.Write(append([]string{r.Week.String(), d.Date.Format("2006-01-02"), d.Date.Weekday().String(), minutes(d.Focus),
			strconv.Itoa(d.Completed), strconv.Itoa(d.Stopped), strconv.FormatBool(d.GoalMet), minutes(d.Away),
			seconds(d.Focus), seconds(d.Away)}, csvCalendar(r.HasCalendar, d.Meetings, d.FocusAvailable)...))
	}
	cw.Write(append([]string{r.Week.String(), "total", "", minutes(r.Focus), strconv.Itoa(r.Completed), strconv.Itoa(r.Stopped),
		strconv.Itoa(r.GoalDays), minutes(r.Away), seconds(r.Focus), seconds(r.Away)}, csvCalendar(r.HasCalendar, r.Meetings, r.FocusAvailable)...))
	cw.Flush()
	return cw.Error()
}

// JSON is the report's stable machine-readable shape. Durations are whole
// seconds.
type JSON struct {
	Range            JSONRange `json:"range"`
	Week             string    `json:"week"`
	Start            string    `json:"start"`
	End              string    `json:"end"`
	TimeZone         string    `json:"time_zone"`
	GoalSeconds      int64     `json:"goal_seconds"`
	FocusSeconds     int64     `json:"focus_seconds"`
	ManualSeconds    int64     `json:"manual_seconds"` // added or edited by hand
	AwaySeconds      int64     `json:"away_seconds"`   // time away during focus blocks
	Completed        int       `json:"completed"`
	Stopped          int       `json:"stopped"`
	GoalDays         int       `json:"goal_days"`
	StreakDays       int       `json:"streak_days"`
	LongestSeconds   int64     `json:"longest_seconds"`
	BestHours        []int     `json:"best_hours"`
	InsideHoursSecs  *int64    `json:"inside_working_hours_seconds,omitempty"`
	OutsideHoursSecs *int64    `json:"outside_working_hours_seconds,omitempty"`
	// MeetingSecs and FocusAvailableSecs: only with a calendar (see JSONDay).
	MeetingSecs        *int64     `json:"meeting_seconds,omitempty"`
	FocusAvailableSecs *int64     `json:"focus_available_seconds,omitempty"`
	Tags               []JSONTag  `json:"tags"`
	Pings              JSONPings  `json:"pings"`
	Days               []JSONDay  `json:"days"`
	Previous           JSONTotals `json:"previous_week"`
}

// JSONDay is one day.
type JSONDay struct {
	Date         string `json:"date"`
	Weekday      string `json:"weekday"`
	FocusSeconds int64  `json:"focus_seconds"`
	AwaySeconds  int64  `json:"away_seconds"`
	Completed    int    `json:"completed"`
	Stopped      int    `json:"stopped"`
	GoalMet      bool   `json:"goal_met"`
	// ManualSeconds is the part of FocusSeconds added or edited by hand.
	ManualSeconds int64 `json:"manual_seconds"`
	// MeetingSeconds is the day's time in meetings, FocusAvailableSeconds its
	// free stretches of an hour or more inside working hours; both absent when
	// no calendar is set up (nothing known), 0 when one is and the day is free.
	MeetingSeconds        *int64 `json:"meeting_seconds,omitempty"`
	FocusAvailableSeconds *int64 `json:"focus_available_seconds,omitempty"`
}

func jsonDay(d focus.Day, hasCalendar bool) JSONDay {
	j := JSONDay{Date: d.Date.Format("2006-01-02"), Weekday: d.Date.Weekday().String(), FocusSeconds: secs(d.Focus),
		AwaySeconds: secs(d.Away), Completed: d.Completed, Stopped: d.Stopped, GoalMet: d.GoalMet, ManualSeconds: secs(d.Manual)}
	j.MeetingSeconds, j.FocusAvailableSeconds = jsonCalendar(hasCalendar, d.Meetings, d.FocusAvailable)
	return j
}

// JSONTag is focus under a tag.
type JSONTag struct {
	Tag          string `json:"tag"`
	FocusSeconds int64  `json:"focus_seconds"`
}

// JSONPings are the ping figures. Reviewed counts only what the user
// marked reviewed; Delivered what a digest or a breakthrough put in front
// of them; ReadInSlack what they read in Slack before any delivery.
type JSONPings struct {
	Held                  int   `json:"held"`
	Bypassed              int   `json:"broke_through"`
	Delivered             int   `json:"delivered"`
	ReadInSlack           int   `json:"read_in_slack"`
	Reviewed              int   `json:"reviewed"`
	MedianDeliverySeconds int64 `json:"median_delivery_seconds"`
	MedianReviewSeconds   int64 `json:"median_review_seconds"`
}

func jsonPings(t focus.Totals) JSONPings {
	return JSONPings{Held: t.PingsHeld, Bypassed: t.PingsBypassed, Delivered: t.PingsDelivered, ReadInSlack: t.PingsRead,
		Reviewed: t.PingsReviewed, MedianDeliverySeconds: secs(t.MedianDelivery), MedianReviewSeconds: secs(t.MedianReview)}
}

// JSONTotals are the previous week's figures. For the week under way they
// cover the same part of the week before, up to Until (RFC 3339); Until is
// absent when they cover the whole week.
type JSONTotals struct {
	Until        string    `json:"until,omitempty"`
	FocusSeconds int64     `json:"focus_seconds"`
	AwaySeconds  int64     `json:"away_seconds"`
	Completed    int       `json:"completed"`
	Stopped      int       `json:"stopped"`
	GoalDays     int       `json:"goal_days"`
	Pings        JSONPings `json:"pings"`
}

func secs(d time.Duration) int64 { return int64(d.Round(time.Second) / time.Second) }

func toJSON(r focus.Report) JSON {
	p := focus.WeekPeriod(r.Week)
	j := JSON{Range: JSONRange{p.First.String(), p.Last.String(), string(focus.PeriodWeek)}, ManualSeconds: secs(r.Manual),
		Week: r.Week.String(), Start: r.Start.Format("2006-01-02"), End: r.End.AddDate(0, 0, -1).Format("2006-01-02"),
		TimeZone: ZoneName(r.Start.Location()), GoalSeconds: secs(r.Goal), FocusSeconds: secs(r.Focus), AwaySeconds: secs(r.Away),
		Completed: r.Completed, Stopped: r.Stopped, GoalDays: r.GoalDays, StreakDays: r.Streak,
		LongestSeconds: secs(r.Longest), BestHours: append([]int{}, r.BestHours...),
		Pings: jsonPings(r.Totals),
		Previous: JSONTotals{"", secs(r.Previous.Focus), secs(r.Previous.Away), r.Previous.Completed, r.Previous.Stopped, r.Previous.GoalDays,
			jsonPings(r.Previous)}}
	if !r.PreviousUntil.IsZero() {
		j.Previous.Until = r.PreviousUntil.Format(time.RFC3339)
	}
	j.InsideHoursSecs, j.OutsideHoursSecs = jsonHours(r.HasSchedule, r.InsideHours, r.OutsideHours)
	j.MeetingSecs, j.FocusAvailableSecs = jsonCalendar(r.HasCalendar, r.Meetings, r.FocusAvailable)
	j.Tags, j.Days = jsonTags(r.Tags), jsonDays(r.Days[:], r.HasCalendar)
	return j
}

// jsonHours are the seconds inside and outside working hours, nil (left
// out) without a schedule.
func jsonHours(has bool, inside, outside time.Duration) (*int64, *int64) {
	if !has {
		return nil, nil
	}
	in, out := secs(inside), secs(outside)
	return &in, &out
}

// jsonTags are the tags' focus in seconds; [] rather than null for none.
func jsonTags(ts []focus.TagTotal) []JSONTag {
	out := make([]JSONTag, 0, len(ts))
	for _, t := range ts {
		out = append(out, JSONTag{t.Tag, secs(t.Focus)})
	}
	return out
}

func jsonDays(ds []focus.Day, hasCalendar bool) []JSONDay {
	out := make([]JSONDay, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonDay(d, hasCalendar))
	}
	return out
}

// ChartSVG draws the week as bars with the goal as a dashed line.
func ChartSVG(r focus.Report) string {
	const w, h, top, bottom, left = 560.0, 220.0, 16.0, 30.0, 44.0
	scale := max(r.Goal, maxDay(r), time.Hour)
	plotH := h - top - bottom
	y := func(d time.Duration) float64 { return top + plotH*(1-float64(d)/float64(scale)) }
	slot := (w - left) / 7
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Deep work per day">`, w, h)
	for hrs := 0; time.Duration(hrs)*time.Hour <= scale; hrs++ {
		yy := y(time.Duration(hrs) * time.Hour)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#666">%d h</text>`,
			left, w, yy, yy, left-6, yy+4, hrs)
	}
	for i, d := range r.Days {
		x := left + float64(i)*slot + slot*0.2
		colour := "#d9483b"
		if d.GoalMet {
			colour = "#2e9e5b"
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" fill="%s"><title>%s: %s</title></rect>`,
			x, y(d.Focus), slot*0.6, h-bottom-y(d.Focus), colour, d.Date.Format("Mon 2 Jan"), dur(d.Focus))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="#333">%s</text>`, x+slot*0.3, h-10, d.Date.Format("Mon"))
	}
	if r.Goal > 0 {
		gy := y(r.Goal)
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#333" stroke-dasharray="6 4"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#333">goal %s</text>`,
			left, w, gy, gy, w, gy-4, dur(r.Goal))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{"dur": dur, "away": awayCell, "goal": goalCell}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Heads Down — {{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:640px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%} td,th{padding:.3em .5em;text-align:left;border-bottom:1px solid #eee}
th{color:#555;font-weight:600;width:9em} .num{text-align:right} svg{width:100%;height:auto;margin:1em 0}
</style></head><body>
<h1>Heads Down — {{.Title}}</h1>
{{.Chart}}
<table>{{range .Summary}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>
<h2 style="font-size:1.1em">Days</h2>
<table><tr><th>Day</th><th class="num">Deep work</th><th class="num">Completed</th><th class="num">Stopped</th><th>Goal</th><th class="num">Away</th>{{if .Calendar}}<th class="num">Meetings</th><th class="num">Free for focus</th>{{end}}</tr>
{{range .Days}}<tr><td>{{.Date.Format "Mon 2 Jan"}}</td><td class="num">{{dur .Focus}}</td><td class="num">{{.Completed}}</td><td class="num">{{.Stopped}}</td><td>{{goal . $.Goal}}</td><td class="num">{{away .Away}}</td>{{if $.Calendar}}<td class="num">{{dur .Meetings}}</td><td class="num">{{dur .FocusAvailable}}</td>{{end}}</tr>
{{end}}</table>
<p>To share with your team:</p>
<blockquote>{{.Share}}</blockquote>
<p style="color:#888;font-size:.85em">Made by Heads Down from your local history. Times in {{.Zone}}.</p>
</body></html>
`))

func renderHTML(w io.Writer, r focus.Report, h timefmt.Hours) error {
	return page.Execute(w, map[string]any{
		"Title": Title(r), "Chart": template.HTML(ChartSVG(r)), "Summary": Summary(r, h), "Days": r.Days,
		"Zone": ZoneName(r.Start.Location()), "Share": ShareLine(r), "Goal": r.Goal, "Calendar": r.HasCalendar,
	})
}

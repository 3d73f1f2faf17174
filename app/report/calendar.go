package report

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// The long views of a range report, drawn as inline SVG so the HTML stays
// one self-contained file: a month as a calendar grid that marks goal days
// and the streak, and a year as a heat map of weeks × weekdays.

// shades go from no focus to the most (or the goal met, when there is one).
var shades = [5]string{"#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127"}

// ShadeLevel is a day's shade: 0 for none; 4 for the goal met (with a goal) or
// the range's best day (without); 1–3 in between.
func ShadeLevel(d focus.Day, top time.Duration) int {
	switch {
	case d.Focus <= 0:
		return 0
	case d.GoalMet:
		return 4
	case top <= 0:
		return 1
	}
	return min(3, 1+int(3*d.Focus/top))
}

// ShadeTop is what a full shade stands for: the goal, else the best day.
func ShadeTop(r focus.RangeReport) time.Duration {
	if r.Goal > 0 {
		return r.Goal
	}
	var m time.Duration
	for _, d := range r.Days {
		m = max(m, d.Focus)
	}
	return m + 1 // the best day alone reaches the top shade
}

// WeekdayIndex is Monday 0 … Sunday 6.
func WeekdayIndex(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// MonthGridSVG draws the range's days as a calendar: a row a week, Monday
// first; each day its number and focus, shaded by focus, goal days with a
// ✓ and a green frame, the streak's days underlined in orange, days still
// to come outlined only. A legend says what the marks mean.
func MonthGridSVG(r focus.RangeReport) string {
	const cw, ch, gap, top, left = 78.0, 58.0, 4.0, 22.0, 0.0
	if len(r.Days) == 0 {
		return ""
	}
	first := WeekdayIndex(r.Days[0].Date)
	rows := (first + len(r.Days) + 6) / 7
	w := left + 7*(cw+gap)
	h := top + float64(rows)*(ch+gap) + 30
	top4 := ShadeTop(r)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Month grid: deep work per day">`, w, h)
	for i, name := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
		fmt.Fprintf(&b, `<text x="%.1f" y="14" font-size="12" text-anchor="middle" fill="#555">%s</text>`, left+float64(i)*(cw+gap)+cw/2, name)
	}
	for i, d := range r.Days {
		slot := first + i
		x, y := left+float64(slot%7)*(cw+gap), top+float64(slot/7)*(ch+gap)
		fill, stroke, width, dash := shades[ShadeLevel(d, top4)], "#d0d7de", 1.0, ""
		if d.GoalMet {
			stroke, width = "#196127", 2.5
		}
		if d.Future {
			fill, dash = "#ffffff", ` stroke-dasharray="4 3"`
		}
		text := "#24292f"
		if ShadeLevel(d, top4) >= 3 {
			text = "#ffffff"
		}
		fmt.Fprintf(&b, `<g class="day"><rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="6" fill="%s" stroke="%s" stroke-width="%.1f"%s><title>%s: %s</title></rect>`,
			x, y, cw, ch, fill, stroke, width, dash, d.Date.Format("Mon 2 Jan 2006"), dur(d.Focus))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" font-weight="600" fill="%s">%d</text>`, x+7, y+17, text, d.Date.Day())
		if d.GoalMet {
			fmt.Fprintf(&b, `<text class="goal" x="%.1f" y="%.1f" font-size="14" text-anchor="end" fill="%s">✓</text>`, x+cw-7, y+17, text)
		}
		if d.Focus > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="%s">%s</text>`, x+7, y+ch-10, text, dur(d.Focus))
		}
		if d.InStreak {
			fmt.Fprintf(&b, `<rect class="streak" x="%.1f" y="%.1f" width="%.0f" height="4" rx="2" fill="#f0883e"/>`, x+6, y+ch-6, cw-12)
		}
		b.WriteString(`</g>`)
	}
	ly := h - 12
	fmt.Fprintf(&b, `<rect x="0" y="%.1f" width="14" height="14" rx="3" fill="%s" stroke="#196127" stroke-width="2"/><text x="20" y="%.1f" font-size="12" fill="#333">✓ daily goal met</text>`,
		ly-11, shades[4], ly)
	fmt.Fprintf(&b, `<rect x="150" y="%.1f" width="24" height="4" rx="2" fill="#f0883e"/><text x="180" y="%.1f" font-size="12" fill="#333">streak (%s)</text>`,
		ly-4, ly, plural(r.Streak, "day", "days"))
	fmt.Fprintf(&b, `<text x="300" y="%.1f" font-size="12" fill="#333">darker: more deep work%s</text>`, ly, goalNote(r.Goal))
	b.WriteString(`</svg>`)
	return b.String()
}

func goalNote(goal time.Duration) string {
	if goal <= 0 {
		return ""
	}
	return " (darkest: the goal, " + dur(goal) + ")"
}

// HeatMapSVG draws the range as a heat map, GitHub-style: a column a week
// (Monday at the top), a cell a day shaded by its focus, month names over
// the weeks they start in. Days still to come are left blank, so the map
// of this year ends today.
func HeatMapSVG(r focus.RangeReport) string {
	const cell, gap, top, left = 11.0, 2.0, 16.0, 28.0
	if len(r.Days) == 0 {
		return ""
	}
	first := WeekdayIndex(r.Days[0].Date)
	cols := (first + len(r.Days) + 6) / 7
	w := left + float64(cols)*(cell+gap) + 4
	h := top + 7*(cell+gap) + 26
	top4 := ShadeTop(r)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Heat map: deep work per day">`, w, h)
	for i, name := range map[int]string{0: "Mon", 2: "Wed", 4: "Fri"} {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="9" text-anchor="end" fill="#555">%s</text>`, left-4, top+float64(i)*(cell+gap)+9, name)
	}
	lastMonth := time.Month(0)
	for i, d := range r.Days {
		slot := first + i
		x, y := left+float64(slot/7)*(cell+gap), top+float64(slot%7)*(cell+gap)
		if d.Date.Month() != lastMonth && (d.Date.Day() == 1 || i == 0) {
			lastMonth = d.Date.Month()
			fmt.Fprintf(&b, `<text x="%.1f" y="10" font-size="9" fill="#555">%s</text>`, x, d.Date.Format("Jan"))
		}
		if d.Future {
			continue
		}
		fmt.Fprintf(&b, `<rect class="day" x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="2" fill="%s"><title>%s: %s</title></rect>`,
			x, y, cell, cell, shades[ShadeLevel(d, top4)], d.Date.Format("Mon 2 Jan 2006"), template.HTMLEscapeString(dur(d.Focus)))
	}
	ly := h - 6
	fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="10" fill="#333">Less</text>`, left, ly)
	for i, c := range shades {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="10" height="10" rx="2" fill="%s"/>`, left+28+float64(i)*13, ly-9, c)
	}
	more := "More"
	if r.Goal > 0 {
		more = "More; darkest: daily goal met"
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" fill="#333">%s</text>`, left+28+5*13+4, ly, more)
	b.WriteString(`</svg>`)
	return b.String()
}

// Charts are the range's pictures for the HTML page: a month gets its grid,
// a year (or a range up to a year) its heat map; each also the bars.
func Charts(r focus.RangeReport) template.HTML {
	var parts []string
	switch n := len(r.Days); {
	case r.Period.Kind == focus.PeriodMonth || (r.Period.Kind == focus.PeriodRange && n <= 42):
		parts = append(parts, MonthGridSVG(r))
	case n <= 371:
		parts = append(parts, HeatMapSVG(r))
	}
	parts = append(parts, BarsSVG(r))
	return template.HTML(strings.Join(parts, "\n"))
}

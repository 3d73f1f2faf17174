package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// RangeView shows a month (as a calendar grid) or a year (as a heat map
// and a bar a month) with the figures and the line to share, and walks
// back and forth by a month or a year, up to the current one.
type RangeView struct {
	Title      *widget.Label
	Summary    *widget.Form
	Prev, Next *widget.Button
	Share      *widget.Label
	Copy       *widget.Button
	Actions    *fyne.Container
	Message    *widget.Label
	Days       *DayCells
	Scroll     *container.Scroll
	Content    fyne.CanvasObject

	kind         focus.PeriodKind
	period, last focus.Period
	report       focus.RangeReport
	load         func(focus.Period) (focus.RangeReport, error)
	hours        timefmt.Hours
}

// NewRangeView shows p (a month or a year); last is the current one.
func NewRangeView(p, last focus.Period, h timefmt.Hours, load func(focus.Period) (focus.RangeReport, error)) *RangeView {
	v := &RangeView{kind: p.Kind, last: last, load: load, hours: h, Title: widget.NewLabel(""), Summary: widget.NewForm(),
		Message: widget.NewLabel(""), Share: widget.NewLabel(""), Days: NewDayCells()}
	v.Title.TextStyle = fyne.TextStyle{Bold: true}
	v.Message.Wrapping = fyne.TextWrapWord
	v.Share.Wrapping = fyne.TextWrapWord
	v.Message.Hide()
	unit := "month"
	if p.Kind == focus.PeriodYear {
		unit = "year"
	}
	v.Prev = widget.NewButtonWithIcon("Previous "+unit, fynetheme.NavigateBackIcon(), func() { v.Show(step(v.period, -1)) })
	v.Next = widget.NewButtonWithIcon("Next "+unit, fynetheme.NavigateNextIcon(), func() { v.Show(step(v.period, 1)) })
	v.Next.IconPlacement = widget.ButtonIconTrailingText
	v.Copy = widget.NewButton("Copy", func() {
		fyne.CurrentApp().Clipboard().SetContent(v.Share.Text)
		say(v.Message, "Copied. Paste it where your team will read it.")
	})
	v.Actions = container.NewHBox(v.Copy)
	share := container.NewBorder(widget.NewLabelWithStyle("To share with your team", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, v.Actions, v.Share)
	nav := container.NewBorder(nil, nil, v.Prev, v.Next, container.NewCenter(v.Title))
	v.Scroll = container.NewVScroll(container.NewVBox(v.Days.Object(), v.Days.Legend(), v.Summary, widget.NewSeparator(), share))
	v.Content = container.NewBorder(nav, v.Message, nil, nil, v.Scroll)
	v.Show(p)
	return v
}

// step is the month or year n before (n < 0) or after p.
func step(p focus.Period, n int) focus.Period {
	if p.Kind == focus.PeriodYear {
		return focus.YearPeriod(p.First.Year + n)
	}
	t := time.Date(p.First.Year, p.First.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	return focus.MonthPeriod(t.Year(), t.Month())
}

// Show loads and displays p; one after the current period shows the
// current one.
func (v *RangeView) Show(p focus.Period) {
	if v.last.First.Before(p.First) {
		p = v.last
	}
	r, err := v.load(p)
	if err != nil {
		say(v.Message, err.Error())
		return
	}
	v.period, v.report = p, r
	say(v.Message, "")
	v.Title.SetText(report.RangeTitle(r))
	setFigures(v.Summary, report.RangeSummary(r, v.hours))
	v.Share.SetText(report.RangeShareLine(r))
	v.Days.SetReport(r)
	if p.First.Before(v.last.First) {
		v.Next.Enable()
	} else {
		v.Next.Disable()
	}
	// The figures may now take more or fewer lines: lay the page out again.
	v.Scroll.Content.Refresh()
	v.Scroll.Refresh()
}

// Report is the period shown.
func (v *RangeView) Report() focus.RangeReport { return v.report }

// shades are the heat map's and the grid's, as in the HTML report.
var shades = [5]color.NRGBA{{0xEB, 0xED, 0xF0, 0xFF}, {0xC6, 0xE4, 0x8B, 0xFF}, {0x7B, 0xC9, 0x6F, 0xFF}, {0x23, 0x9A, 0x3B, 0xFF}, {0x19, 0x61, 0x27, 0xFF}}

var streakColour = color.NRGBA{0xF0, 0x88, 0x3E, 0xFF}

// DayCells draws a range's days: for a month a calendar grid (a row a
// week, each day its number and focus, goal days framed and ticked, the
// streak underlined), for a year a heat map (a column a week). It is drawn
// with canvas rectangles and text, crisp at any scale.
type DayCells struct {
	box    *fyne.Container
	report focus.RangeReport
	cells  []*canvas.Rectangle
	nums   []*canvas.Text
	vals   []*canvas.Text
	ticks  []*canvas.Text
	streak []*canvas.Rectangle
	labels []*canvas.Text // weekday and month names
}

// NewDayCells makes an empty grid.
func NewDayCells() *DayCells {
	c := &DayCells{}
	c.box = container.New(c)
	return c
}

// Object is the grid's canvas object.
func (c *DayCells) Object() fyne.CanvasObject { return c.box }

// Legend says what the shades and marks mean.
func (c *DayCells) Legend() fyne.CanvasObject {
	sw := func(col color.Color, w, h float32) fyne.CanvasObject {
		r := canvas.NewRectangle(col)
		r.CornerRadius = 2
		r.SetMinSize(fyne.NewSize(w, h))
		return container.NewCenter(r)
	}
	txt := func(s string) *canvas.Text {
		t := canvas.NewText(s, muted)
		t.TextSize = 11
		return t
	}
	goal := canvas.NewRectangle(shades[4])
	goal.StrokeColor, goal.StrokeWidth, goal.CornerRadius = goalColour, 2, 2
	goal.SetMinSize(fyne.NewSize(12, 12))
	return container.NewCenter(container.NewHBox(txt("less"), sw(shades[0], 12, 12), sw(shades[1], 12, 12), sw(shades[2], 12, 12),
		sw(shades[3], 12, 12), txt("more;"), container.NewCenter(goal), txt("✓ daily goal met;"), sw(streakColour, 18, 4), txt("streak")))
}

func mkText(s string, size float32, col color.Color) *canvas.Text {
	t := canvas.NewText(s, col)
	t.TextSize = size
	return t
}

// SetReport rebuilds the cells for r.
func (c *DayCells) SetReport(r focus.RangeReport) {
	c.report = r
	c.cells, c.nums, c.vals, c.ticks, c.streak, c.labels = nil, nil, nil, nil, nil, nil
	var objs []fyne.CanvasObject
	grid := r.Period.Kind != focus.PeriodYear
	top := report.ShadeTop(r)
	if grid {
		for _, n := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
			l := mkText(n, 11, muted)
			l.Alignment = fyne.TextAlignCenter
			c.labels = append(c.labels, l)
		}
	} else {
		for _, n := range []string{"Mon", "Wed", "Fri"} {
			c.labels = append(c.labels, mkText(n, 9, muted))
		}
		for _, d := range r.Days {
			if d.Date.Day() == 1 {
				c.labels = append(c.labels, mkText(d.Date.Format("Jan"), 9, muted))
			}
		}
	}
	for _, d := range r.Days {
		lv := report.ShadeLevel(d, top)
		rect := canvas.NewRectangle(shades[lv])
		rect.CornerRadius = 2
		if d.Future {
			rect.FillColor = color.Transparent
			if grid {
				rect.StrokeColor, rect.StrokeWidth = color.NRGBA{0xD0, 0xD7, 0xDE, 0xFF}, 1
			}
		}
		if grid && d.GoalMet {
			rect.StrokeColor, rect.StrokeWidth = goalColour, 2.5
		}
		c.cells = append(c.cells, rect)
		objs = append(objs, rect)
		if grid {
			ink := color.Color(color.NRGBA{0x24, 0x29, 0x2F, 0xFF})
			switch {
			case d.Future:
				ink = muted // on the window's own background, light or dark
			case lv >= 3:
				ink = color.White
			}
			num := mkText(d.Date.Format("2"), 12, ink)
			num.TextStyle.Bold = true
			val := mkText("", 10, ink)
			if d.Focus > 0 {
				val.Text = focus.FormatDuration(d.Focus)
			}
			tick := mkText("", 12, ink)
			tick.Alignment = fyne.TextAlignTrailing
			if d.GoalMet {
				tick.Text = "✓"
			}
			st := canvas.NewRectangle(streakColour)
			st.CornerRadius = 2
			st.Hidden = !d.InStreak
			c.nums, c.vals, c.ticks, c.streak = append(c.nums, num), append(c.vals, val), append(c.ticks, tick), append(c.streak, st)
			objs = append(objs, num, val, tick, st)
		}
	}
	for _, l := range c.labels {
		objs = append(objs, l)
	}
	c.box.Objects = objs
	c.Layout(objs, c.box.Size())
	c.box.Refresh()
}

// Layout places the cells for the size given.
func (c *DayCells) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	if len(c.report.Days) == 0 {
		return
	}
	first := report.WeekdayIndex(c.report.Days[0].Date)
	if c.report.Period.Kind != focus.PeriodYear {
		const head, gap = 16, 3
		rows := (first + len(c.report.Days) + 6) / 7
		cw := (size.Width - 6*gap) / 7
		ch := (size.Height - head - float32(rows-1)*gap) / float32(rows)
		for i, l := range c.labels {
			l.Move(fyne.NewPos(float32(i)*(cw+gap), 0))
			l.Resize(fyne.NewSize(cw, 14))
		}
		for i := range c.report.Days {
			slot := first + i
			x, y := float32(slot%7)*(cw+gap), head+float32(slot/7)*(ch+gap)
			c.cells[i].Move(fyne.NewPos(x, y))
			c.cells[i].Resize(fyne.NewSize(cw, ch))
			c.nums[i].Move(fyne.NewPos(x+5, y+2))
			c.ticks[i].Move(fyne.NewPos(x+cw-18, y+2))
			c.ticks[i].Resize(fyne.NewSize(14, 14))
			c.vals[i].Move(fyne.NewPos(x+5, y+ch-16))
			c.streak[i].Move(fyne.NewPos(x+4, y+ch-4))
			c.streak[i].Resize(fyne.NewSize(cw-8, 3))
		}
		return
	}
	const left, head = 26, 12
	cols := (first + len(c.report.Days) + 6) / 7
	cell := min((size.Width-left)/float32(cols), (size.Height-head)/7)
	gap := cell * 0.15
	for i := range 3 {
		c.labels[i].Move(fyne.NewPos(0, head+float32(2*i)*cell))
	}
	m := 3
	for i, d := range c.report.Days {
		slot := first + i
		x, y := left+float32(slot/7)*cell, head+float32(slot%7)*cell
		c.cells[i].Move(fyne.NewPos(x, y))
		c.cells[i].Resize(fyne.NewSize(cell-gap, cell-gap))
		if d.Date.Day() == 1 && m < len(c.labels) {
			c.labels[m].Move(fyne.NewPos(x, 0))
			m++
		}
	}
}

// MinSize: a month's grid or a year's map, readable in the window.
func (c *DayCells) MinSize([]fyne.CanvasObject) fyne.Size {
	if c.report.Period.Kind == focus.PeriodYear {
		return fyne.NewSize(560, 100)
	}
	return fyne.NewSize(480, 230)
}

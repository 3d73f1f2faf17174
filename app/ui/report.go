package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// ReportView shows one week: a bar per day with the goal line, the
// figures, and previous/next week, up to the current week and no further.
type ReportView struct {
	Title      *widget.Label
	Summary    *widget.Form
	Prev, Next *widget.Button
	Save       *widget.Button
	// Share is the line to paste to a team (report.ShareLine); Copy puts
	// it on the clipboard.
	Share *widget.Label
	Copy  *widget.Button
	// Actions holds Copy (and the window's Save as HTML…) beside the line
	// to share.
	Actions *fyne.Container
	// Message says what went wrong or what was done; hidden while empty,
	// so that it takes no room from the figures.
	Message *widget.Label
	Chart   *Chart
	Content fyne.CanvasObject
	// Scroll holds the chart, the figures and the share line: at the
	// window's default size all of it shows without scrolling.
	Scroll *container.Scroll

	week, last focus.Week
	report     focus.Report
	load       func(focus.Week) (focus.Report, error)
	hours      timefmt.Hours
}

// NewReportView shows week, loading reports with load; last is the
// current week, the latest there is anything to show of.
// Times of day are written on the clock h.
func NewReportView(week, last focus.Week, h timefmt.Hours, load func(focus.Week) (focus.Report, error)) *ReportView {
	v := &ReportView{load: load, last: last, hours: h, Title: widget.NewLabel(""), Summary: widget.NewForm(), Message: widget.NewLabel(""), Chart: NewChart()}
	v.Title.TextStyle = fyne.TextStyle{Bold: true}
	v.Message.Wrapping = fyne.TextWrapWord
	v.Message.Hide()
	// Theme icons, not text arrows: a disabled button dims its icon, where
	// a "▶" in the label kept its colour (issue 20).
	v.Prev = widget.NewButtonWithIcon("Previous week", fynetheme.NavigateBackIcon(), func() { v.Show(v.week.Prev()) })
	v.Next = widget.NewButtonWithIcon("Next week", fynetheme.NavigateNextIcon(), func() { v.Show(v.week.Next()) })
	v.Next.IconPlacement = widget.ButtonIconTrailingText
	nav := container.NewBorder(nil, nil, v.Prev, v.Next, container.NewCenter(v.Title))
	v.Share = widget.NewLabel("")
	v.Share.Wrapping = fyne.TextWrapWord
	v.Copy = widget.NewButton("Copy", v.copyShare)
	v.Actions = container.NewHBox(v.Copy)
	share := container.NewBorder(widget.NewLabelWithStyle("To share with your team", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, v.Actions, v.Share)
	v.Scroll = container.NewVScroll(container.NewVBox(v.Chart.Object(), v.Chart.Legend(), v.Summary, share))
	v.Content = container.NewBorder(nav, v.Message, nil, nil, v.Scroll)
	v.Show(week)
	return v
}

// Show loads and displays a week; a week after the current one shows the
// current one.
func (v *ReportView) Show(week focus.Week) {
	if weekAfter(week, v.last) {
		week = v.last
	}
	r, err := v.load(week)
	if err != nil {
		say(v.Message, err.Error())
		return
	}
	v.week, v.report = week, r
	say(v.Message, "")
	v.Title.SetText(report.Title(r))
	setFigures(v.Summary, report.Summary(r, v.hours))
	v.Share.SetText(report.ShareLine(r))
	v.Chart.SetReport(r)
	if weekAfter(v.last, week) {
		v.Next.Enable()
	} else {
		v.Next.Disable()
	}
	// The figures may now take more or fewer lines: lay the page out again.
	v.Scroll.Content.Refresh()
	v.Scroll.Refresh()
}

// say shows s in l, or hides l when s is empty.
func say(l *widget.Label, s string) {
	l.SetText(s)
	l.Hidden = s == ""
	l.Refresh()
}

// weekAfter tells whether a is a later week than b.
func weekAfter(a, b focus.Week) bool {
	return a.Year > b.Year || a.Year == b.Year && a.Num > b.Num
}

// copyShare puts the line to share on the app's clipboard (the system's
// in a real window) and says so, as a copy gives no other sign.
func (v *ReportView) copyShare() {
	fyne.CurrentApp().Clipboard().SetContent(v.Share.Text)
	say(v.Message, "Copied. Paste it where your team will read it.")
}

// Report is the week shown.
func (v *ReportView) Report() focus.Report { return v.report }

// Chart is the week's bar chart drawn with canvas primitives: a bar a day
// (green where the goal was met, blue below it, none for no focus), an
// hour scale, and the goal as a line.
type Chart struct {
	box    *fyne.Container
	bars   [7]*canvas.Rectangle
	days   [7]*canvas.Text
	values [7]*canvas.Text
	ticks  [maxTicks]*canvas.Text
	grid   [maxTicks]*canvas.Line
	goal   *canvas.Line
	goalT  *canvas.Text
	report focus.Report
}

// maxTicks bounds the scale's labels, spaced a whole number of hours apart.
const maxTicks = 5

// MinBar is the height of the bar of a day with any focus at all, however
// small against the scale: 5 min against 4 h still shows (issue 20).
const MinBar = 3

var (
	barColour  = color.NRGBA{0x4A, 0x7F, 0xC1, 0xFF}
	goalColour = color.NRGBA{0x2E, 0x9E, 0x5B, 0xFF}
	muted      = color.NRGBA{0x99, 0x99, 0x99, 0xFF}
)

// NewChart makes an empty chart.
func NewChart() *Chart {
	c := &Chart{goal: canvas.NewLine(color.NRGBA{0x88, 0x88, 0x88, 0xFF}), goalT: canvas.NewText("", color.NRGBA{0x88, 0x88, 0x88, 0xFF})}
	c.goal.StrokeWidth = 1.5
	c.goalT.TextSize = 11
	objs := []fyne.CanvasObject{}
	for i := range maxTicks {
		c.grid[i] = canvas.NewLine(color.NRGBA{0x88, 0x88, 0x88, 0x30})
		c.ticks[i] = canvas.NewText("", muted)
		c.ticks[i].TextSize = 10
		c.ticks[i].Alignment = fyne.TextAlignTrailing
		objs = append(objs, c.grid[i], c.ticks[i])
	}
	objs = append(objs, c.goal, c.goalT)
	for i := range 7 {
		c.bars[i] = canvas.NewRectangle(barColour)
		c.bars[i].CornerRadius = 3
		c.days[i] = canvas.NewText("", muted)
		c.days[i].TextSize = 12
		c.days[i].Alignment = fyne.TextAlignCenter
		c.values[i] = canvas.NewText("", muted)
		c.values[i].TextSize = 10
		c.values[i].Alignment = fyne.TextAlignCenter
		objs = append(objs, c.bars[i], c.days[i], c.values[i])
	}
	c.box = container.New(c, objs...)
	return c
}

// Object is the chart's canvas object.
func (c *Chart) Object() fyne.CanvasObject { return c.box }

// Legend says what the bar colours and the line mean.
func (c *Chart) Legend() fyne.CanvasObject {
	swatch := func(col color.Color) fyne.CanvasObject {
		r := canvas.NewRectangle(col)
		r.CornerRadius = 2
		r.SetMinSize(fyne.NewSize(12, 12))
		return container.NewCenter(r)
	}
	text := func(s string) *canvas.Text {
		t := canvas.NewText(s, muted)
		t.TextSize = 11
		return t
	}
	line := canvas.NewRectangle(color.NRGBA{0x88, 0x88, 0x88, 0xFF})
	line.SetMinSize(fyne.NewSize(18, 2))
	gap := func() fyne.CanvasObject { return text("   ") }
	return container.NewCenter(container.NewHBox(swatch(goalColour), text("daily goal met"), gap(),
		swatch(barColour), text("below the goal"), gap(), container.NewCenter(line), text("the daily goal")))
}

// SetReport redraws for r.
func (c *Chart) SetReport(r focus.Report) {
	c.report = r
	for i, d := range r.Days {
		c.days[i].Text = d.Date.Format("Mon 2")
		c.values[i].Text = ""
		if d.Focus >= time.Minute {
			c.values[i].Text = focus.FormatDuration(d.Focus)
		}
		if d.GoalMet {
			c.bars[i].FillColor = goalColour
		} else {
			c.bars[i].FillColor = barColour
		}
		// No bar at all for no focus: an empty day drew a sliver that
		// read as a mark (issue 20).
		c.bars[i].Hidden = d.Focus <= 0
	}
	c.goalT.Text = ""
	if r.Goal > 0 {
		c.goalT.Text = "goal " + focus.FormatDuration(r.Goal)
	}
	c.Layout(c.box.Objects, c.box.Size())
	c.box.Refresh()
}

// scale is what the plot's full height stands for: whole hours, at least
// the goal and the longest day.
func (c *Chart) scale() time.Duration {
	s := max(c.report.Goal, time.Hour)
	for _, d := range c.report.Days {
		s = max(s, d.Focus)
	}
	return (s + time.Hour - 1).Truncate(time.Hour)
}

// BarHeight is the drawn height of day i's bar in a chart of plot height
// h: to scale, and at least MinBar for a day with any focus.
func (c *Chart) BarHeight(i int, h float32) float32 {
	d := c.report.Days[i].Focus
	if d <= 0 {
		return 0
	}
	return max(MinBar, h*float32(d)/float32(c.scale()))
}

// Layout places bars, labels, the scale and the goal line.
func (c *Chart) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	const top, bottom, left = 14, 20, 30
	plot := size.Height - top - bottom
	slot := (size.Width - left) / 7
	for i := range 7 {
		h := c.BarHeight(i, plot)
		x := left + float32(i)*slot + slot*0.2
		c.bars[i].Move(fyne.NewPos(x, top+plot-h))
		c.bars[i].Resize(fyne.NewSize(slot*0.6, h))
		c.values[i].Move(fyne.NewPos(left+float32(i)*slot, top+plot-h-13))
		c.values[i].Resize(fyne.NewSize(slot, 12))
		c.days[i].Move(fyne.NewPos(left+float32(i)*slot, size.Height-bottom+3))
		c.days[i].Resize(fyne.NewSize(slot, 16))
	}
	scale := c.scale()
	hours := int(scale / time.Hour)
	step := (hours + maxTicks - 1) / maxTicks
	for i := range maxTicks {
		v := (i + 1) * step
		hidden := v > hours
		c.ticks[i].Hidden, c.grid[i].Hidden = hidden, hidden
		y := top + plot*(1-float32(v)/float32(hours))
		c.ticks[i].Text = fmt.Sprintf("%d h", v)
		c.ticks[i].Move(fyne.NewPos(0, y-7))
		c.ticks[i].Resize(fyne.NewSize(left-4, 14))
		c.grid[i].Position1, c.grid[i].Position2 = fyne.NewPos(left, y), fyne.NewPos(size.Width, y)
	}
	gy := top + plot*(1-float32(c.report.Goal)/float32(scale))
	c.goal.Position1, c.goal.Position2 = fyne.NewPos(left, gy), fyne.NewPos(size.Width, gy)
	c.goal.Hidden = c.report.Goal <= 0
	c.goalT.Move(fyne.NewPos(size.Width-70, gy-15))
}

// MinSize keeps the chart readable and leaves the figures room below.
func (c *Chart) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(480, 110) }

// ReportTabs are the report window's tabs, as `headsdown window report
// TAB` names them.
var ReportTabs = []string{"week", "month", "year", "history"}

// ReportSize is the report window's default size: the week's chart,
// figures and line to share all show without scrolling.
var ReportSize = fyne.NewSize(660, 680)

// Reports is the report window's content: Week | Month | Year | History.
type Reports struct {
	Tabs    *container.AppTabs
	Week    *ReportView
	Month   *RangeView // made when first shown
	Year    *RangeView
	History *HistoryView
	Save    *widget.Button
	Content fyne.CanvasObject

	st   *store.Store
	open func() (*store.Store, error)
}

// NewReports builds the tabs over the database at opts.DBPath (read-only;
// corrections go to the running app at opts.SocketPath), as of now in loc.
func NewReports(w fyne.Window, opts Options, now time.Time, loc *time.Location) *Reports {
	cfg, _ := config.Load(opts.ConfigPath)
	sched, _ := cfg.WorkingHours.Schedule(loc)
	ro := report.Options{Loc: loc, Now: now, Goal: time.Duration(cfg.Focus.DailyGoal), Schedule: sched,
		Calendar: report.CalendarFrom(opts.CalendarDir, cfg.Calendar)}
	rs := &Reports{}
	rs.open = func() (*store.Store, error) {
		if rs.st == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := store.OpenReadOnly(ctx, opts.DBPath)
			if err != nil {
				return nil, err
			}
			rs.st = s
		}
		return rs.st, nil
	}
	loadWeek := func(week focus.Week) (focus.Report, error) {
		st, err := rs.open()
		if err != nil {
			return focus.Report{}, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return report.Load(ctx, st, week, ro)
	}
	loadRange := func(p focus.Period) (focus.RangeReport, error) {
		st, err := rs.open()
		if err != nil {
			return focus.RangeReport{}, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return report.LoadRange(ctx, st, p, ro)
	}
	hours := cfg.Hours(os.Getenv)
	this := focus.WeekOf(now, loc)
	rs.Week = NewReportView(this, this, hours, loadWeek)
	today := focus.DateOf(now, loc)
	month, year := container.NewStack(), container.NewStack()
	history := container.NewStack()
	rs.Tabs = container.NewAppTabs(container.NewTabItem("Week", rs.Week.Content), container.NewTabItem("Month", month),
		container.NewTabItem("Year", year), container.NewTabItem("History", history))
	rs.Save = widget.NewButton("Save as HTML…", func() { rs.saveHTML(w, hours) }) // the week's; each tab has its own
	rs.Tabs.OnSelected = func(it *container.TabItem) {
		switch it.Text {
		case "Month":
			if rs.Month == nil {
				p := focus.MonthPeriod(today.Year, today.Month)
				rs.Month = NewRangeView(p, p, hours, loadRange)
				rs.Month.Actions.Add(widget.NewButton("Save as HTML…", func() { rs.saveHTML(w, hours) }))
				month.Objects = []fyne.CanvasObject{rs.Month.Content}
			}
		case "Year":
			if rs.Year == nil {
				p := focus.YearPeriod(today.Year)
				rs.Year = NewRangeView(p, p, hours, loadRange)
				rs.Year.Actions.Add(widget.NewButton("Save as HTML…", func() { rs.saveHTML(w, hours) }))
				year.Objects = []fyne.CanvasObject{rs.Year.Content}
			}
		case "History":
			if rs.History == nil {
				rs.History = NewHistoryView(loc, hours, func(f store.HistoryFilter) ([]focus.Block, error) {
					st, err := rs.open()
					if err != nil {
						return nil, err
					}
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					return st.History(ctx, f)
				}, func(req control.Request) (control.Response, error) {
					resp, err := send(opts.SocketPath, req)
					if errors.Is(err, control.ErrNotRunning) {
						return resp, errors.New("Heads Down is not running: start it to change your history (or use `headsdown add`, `edit`, `delete`)")
					}
					return resp, err
				})
			} else {
				rs.History.Reload()
			}
			history.Objects = []fyne.CanvasObject{rs.History.Content}
		}
		it.Content.Refresh()
	}
	rs.Week.Actions.Add(rs.Save)
	rs.Content = rs.Tabs
	return rs
}

// saveHTML saves the report of the tab shown as one HTML file.
func (rs *Reports) saveHTML(w fyne.Window, hours timefmt.Hours) {
	name, render := fmt.Sprintf("heads-down-%s.html", rs.Week.Report().Week), func(f io.Writer) error {
		return report.Render(f, rs.Week.Report(), "html", hours)
	}
	var rv *RangeView
	switch rs.Tabs.Selected().Text {
	case "Month":
		rv = rs.Month
	case "Year":
		rv = rs.Year
	}
	if rv != nil {
		r := rv.Report()
		name = fmt.Sprintf("heads-down-%s.html", strings.ReplaceAll(strings.ToLower(r.Period.String()), " ", "-"))
		render = func(f io.Writer) error { return report.RenderRange(f, r, "html", hours) }
	}
	d := dialog.NewFileSave(func(f fyne.URIWriteCloser, err error) {
		if err != nil || f == nil {
			return
		}
		defer f.Close()
		if err := render(f); err != nil {
			dialog.ShowError(fmt.Errorf("report not saved: %w", err), w)
		}
	}, w)
	d.SetFileName(name)
	d.Show()
}

// Close closes the database.
func (rs *Reports) Close() {
	if rs.st != nil {
		rs.st.Close()
	}
}

// ReportWindow shows the reports from the database, read-only: a week, a
// month, a year, and the history to correct.
func ReportWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Heads Down — Weekly report")
	rs := NewReports(w, opts, time.Now(), time.Local)
	if i := slices.Index(ReportTabs, opts.Section); i > 0 {
		rs.Tabs.SelectIndex(i) // `headsdown window report month`
	}
	w.SetContent(rs.Content)
	w.Resize(ReportSize)
	w.SetOnClosed(rs.Close)
	closeOnEscape(w)
	return w
}

// setFigures fills a report's form with its figures, a row each, the
// values wrapped to the window's width.
func setFigures(f *widget.Form, rows [][2]string) {
	f.Items = nil
	for _, l := range rows {
		val := widget.NewLabel(l[1])
		val.Wrapping = fyne.TextWrapWord
		f.Append(l[0], val)
	}
	f.Refresh()
}

package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
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
	Share   *widget.Label
	Copy    *widget.Button
	Message *widget.Label
	Chart   *Chart
	Content fyne.CanvasObject

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
	v.Prev = widget.NewButton("◀ Previous week", func() { v.Show(v.week.Prev()) })
	v.Next = widget.NewButton("Next week ▶", func() { v.Show(v.week.Next()) })
	nav := container.NewBorder(nil, nil, v.Prev, v.Next, container.NewCenter(v.Title))
	v.Share = widget.NewLabel("")
	v.Share.Wrapping = fyne.TextWrapWord
	v.Copy = widget.NewButton("Copy", v.copyShare)
	share := container.NewBorder(widget.NewLabelWithStyle("To share with your team", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, v.Copy, v.Share)
	v.Content = container.NewBorder(nav, v.Message, nil, nil,
		container.NewVScroll(container.NewVBox(v.Chart.Object(), v.Summary, widget.NewSeparator(), share)))
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
		v.Message.SetText(err.Error())
		return
	}
	v.week, v.report = week, r
	v.Message.SetText("")
	v.Title.SetText(report.Title(r))
	v.Summary.Items = nil
	for _, l := range report.Summary(r, v.hours) {
		val := widget.NewLabel(l[1])
		val.Wrapping = fyne.TextWrapWord
		v.Summary.Append(l[0], val)
	}
	v.Summary.Refresh()
	v.Share.SetText(report.ShareLine(r))
	v.Chart.SetReport(r)
	if weekAfter(v.last, week) {
		v.Next.Enable()
	} else {
		v.Next.Disable()
	}
}

// weekAfter tells whether a is a later week than b.
func weekAfter(a, b focus.Week) bool {
	return a.Year > b.Year || a.Year == b.Year && a.Num > b.Num
}

// copyShare puts the line to share on the app's clipboard (the system's
// in a real window) and says so, as a copy gives no other sign.
func (v *ReportView) copyShare() {
	fyne.CurrentApp().Clipboard().SetContent(v.Share.Text)
	v.Message.SetText("Copied. Paste it where your team will read it.")
}

// Report is the week shown.
func (v *ReportView) Report() focus.Report { return v.report }

// Chart is the week's bar chart drawn with canvas primitives.
type Chart struct {
	box    *fyne.Container
	bars   [7]*canvas.Rectangle
	days   [7]*canvas.Text
	values [7]*canvas.Text
	goal   *canvas.Line
	goalT  *canvas.Text
	report focus.Report
}

var (
	barColour  = color.NRGBA{0xD9, 0x48, 0x3B, 0xFF}
	goalColour = color.NRGBA{0x2E, 0x9E, 0x5B, 0xFF}
)

// NewChart makes an empty chart.
func NewChart() *Chart {
	c := &Chart{goal: canvas.NewLine(color.NRGBA{0x88, 0x88, 0x88, 0xFF}), goalT: canvas.NewText("", color.NRGBA{0x88, 0x88, 0x88, 0xFF})}
	c.goal.StrokeWidth = 1.5
	c.goalT.TextSize = 11
	objs := []fyne.CanvasObject{c.goal, c.goalT}
	for i := range 7 {
		c.bars[i] = canvas.NewRectangle(barColour)
		c.bars[i].CornerRadius = 3
		c.days[i] = canvas.NewText("", theme().fg)
		c.days[i].TextSize = 12
		c.days[i].Alignment = fyne.TextAlignCenter
		c.values[i] = canvas.NewText("", theme().fg)
		c.values[i].TextSize = 10
		c.values[i].Alignment = fyne.TextAlignCenter
		objs = append(objs, c.bars[i], c.days[i], c.values[i])
	}
	c.box = container.New(c, objs...)
	return c
}

type colours struct{ fg color.Color }

func theme() colours { return colours{fg: color.NRGBA{0x99, 0x99, 0x99, 0xFF}} }

// Object is the chart's canvas object.
func (c *Chart) Object() fyne.CanvasObject { return c.box }

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
	}
	c.goalT.Text = ""
	if r.Goal > 0 {
		c.goalT.Text = "goal " + focus.FormatDuration(r.Goal)
	}
	c.Layout(c.box.Objects, c.box.Size())
	c.box.Refresh()
}

// BarHeight is the drawn height of day i's bar in a chart of plot height h.
func (c *Chart) BarHeight(i int, h float32) float32 {
	scale := max(c.report.Goal, time.Hour)
	for _, d := range c.report.Days {
		scale = max(scale, d.Focus)
	}
	return h * float32(c.report.Days[i].Focus) / float32(scale)
}

// Layout places bars, labels and the goal line.
func (c *Chart) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	const top, bottom = 18, 22
	plot := size.Height - top - bottom
	slot := size.Width / 7
	for i := range 7 {
		h := c.BarHeight(i, plot)
		x := float32(i)*slot + slot*0.2
		c.bars[i].Move(fyne.NewPos(x, top+plot-h))
		c.bars[i].Resize(fyne.NewSize(slot*0.6, h))
		c.values[i].Move(fyne.NewPos(float32(i)*slot, top+plot-h-14))
		c.values[i].Resize(fyne.NewSize(slot, 12))
		c.days[i].Move(fyne.NewPos(float32(i)*slot, size.Height-bottom+4))
		c.days[i].Resize(fyne.NewSize(slot, 16))
	}
	scale := max(c.report.Goal, time.Hour)
	for _, d := range c.report.Days {
		scale = max(scale, d.Focus)
	}
	gy := top + plot*(1-float32(c.report.Goal)/float32(scale))
	c.goal.Position1, c.goal.Position2 = fyne.NewPos(0, gy), fyne.NewPos(size.Width, gy)
	c.goal.Hidden = c.report.Goal <= 0
	c.goalT.Move(fyne.NewPos(size.Width-70, gy-15))
}

// MinSize keeps the chart readable.
func (c *Chart) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(480, 200) }

// ReportWindow shows the weekly report from the database, read-only.
func ReportWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Heads Down — Weekly report")
	cfg, _ := config.Load(opts.ConfigPath)
	loc := time.Local
	sched, _ := cfg.WorkingHours.Schedule(loc)
	var st *store.Store
	load := func(week focus.Week) (focus.Report, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if st == nil {
			s, err := store.OpenReadOnly(ctx, opts.DBPath)
			if err != nil {
				return focus.Report{}, err
			}
			st = s
		}
		return report.Load(ctx, st, week, report.Options{Loc: loc, Now: time.Now(),
			Goal: time.Duration(cfg.Focus.DailyGoal), Schedule: sched})
	}
	this := focus.WeekOf(time.Now(), loc)
	v := NewReportView(this, this, cfg.Hours(os.Getenv), load)
	v.Save = widget.NewButton("Save as HTML…", func() {
		d := dialog.NewFileSave(func(f fyne.URIWriteCloser, err error) {
			if err != nil || f == nil {
				return
			}
			defer f.Close()
			if err := report.Render(f, v.Report(), "html", v.hours); err != nil {
				dialog.ShowError(fmt.Errorf("report not saved: %w", err), w)
			}
		}, w)
		d.SetFileName(fmt.Sprintf("heads-down-%s.html", v.Report().Week))
		d.Show()
	})
	w.SetContent(container.NewBorder(nil, container.NewBorder(nil, nil, nil, v.Save), nil, nil, v.Content))
	w.Resize(fyne.NewSize(640, 660))
	w.SetOnClosed(func() {
		if st != nil {
			st.Close()
		}
	})
	closeOnEscape(w)
	return w
}

// The working-hours section: one row per weekday, a switch and its spans.

package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
)

// DayRow is one weekday of working hours: on/off and its spans.
type DayRow struct {
	On    *Check
	Hours *Entry
}

// weekOrder lists days Monday first, as calendars in most locales do.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func dayKey(d time.Weekday) string { return "working_hours." + strings.ToLower(d.String()) }

func daySpans(c *config.Config, d time.Weekday) *[]string {
	w := &c.WorkingHours
	return [7]*[]string{&w.Sunday, &w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday}[d]
}

func (v *SettingsView) hoursTab(cfg config.Config) fyne.CanvasObject {
	form := widget.NewForm()
	for _, d := range weekOrder {
		spans := *daySpans(&cfg, d)
		text := config.DayText(spans)
		if text == "" {
			text = "09:00-17:30"
		}
		row := DayRow{On: check("", len(spans) > 0), Hours: entry(text, "09:00-12:00, 13:00-17:30")}
		v.Days[d] = row
		day := d
		row.On.OnChanged = func(on bool) {
			if on {
				row.Hours.Enable()
			} else {
				row.Hours.Disable()
			}
			v.refresh()
		}
		row.On.OnChanged(row.On.Checked)
		item := v.add(dayKey(d), d.String(), "", row.Hours, func(text string, c *config.Config) error {
			if !row.On.Checked {
				*daySpans(c, day) = nil
				return nil
			}
			// ParseDayText is config's reading of a typed day; its errors
			// are those of config.ParseDay, the check Validate runs. Only
			// "on but empty" is the form's own: in the file an empty day
			// simply means a day off, which here is the switch's job.
			spans, err := config.ParseDayText(text)
			if err == nil && len(spans) == 0 {
				err = errors.New("add the hours, like 09:00-17:30, or switch the day off")
			}
			*daySpans(c, day) = spans
			return err
		})
		// The switch beside the hours, not beside their line: it keeps the
		// entry's height (a Check taller than itself ignores taps away from
		// its middle), and comes before the hours in tab order.
		beside(item, row.On)
		form.AppendItem(item)
	}
	zone, _ := time.Now().Zone()
	tz := time.Local.String()
	if tz == "Local" {
		tz = zone
	}
	intro := widget.NewLabel("Tick the days you work. A split day is two spans: 09:00-12:00, 13:00-17:30.\n" +
		"Outside these hours Heads Down can set an off-hours status; review windows fall only inside them, " +
		"and focus outside them is counted separately in reports.")
	intro.Wrapping = fyne.TextWrapWord
	return container.NewVBox(intro, form, widget.NewLabel("Times are in your system time zone ("+tz+")."))
}

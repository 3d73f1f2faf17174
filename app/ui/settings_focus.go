// The focus section: block and break lengths, the long-break rhythm, the
// daily goal and what starts by itself.

package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/focus"
)

func (v *SettingsView) focusTab(cfg config.Config) fyne.CanvasObject {
	length := func(key, name string, d config.Duration, dst func(*config.Config) *config.Duration) *widget.FormItem {
		e := entry(durationText(time.Duration(d)), "25m or 25")
		switch key {
		case "focus.pomodoro":
			v.Pomodoro = e
		case "focus.short_break":
			v.ShortBreak = e
		case "focus.long_break":
			v.LongBreak = e
		case "focus.deep_work":
			v.DeepWork = e
		case "focus.deep_work_break":
			v.DeepBreak = e
		}
		return v.add(key, name, "", e, func(text string, c *config.Config) error {
			d, err := config.ParseDuration(text)
			*dst(c) = config.Duration(d)
			return err
		})
	}
	v.LongEvery = entry(strconv.Itoa(cfg.Focus.LongBreakEvery), "4")
	v.DailyGoal = entry(goalText(time.Duration(cfg.Focus.DailyGoal)), "4 h, or 0 for none")
	v.AutoBreak = check("Start the break when a focus block ends", cfg.Focus.AutoStartBreak)
	v.AutoFocus = check("Start the next focus block when a break ends", cfg.Focus.AutoStartFocus)
	for _, c := range []*Check{v.AutoBreak, v.AutoFocus} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	form := widget.NewForm(
		length("focus.pomodoro", "Pomodoro", cfg.Focus.Pomodoro, func(c *config.Config) *config.Duration { return &c.Focus.Pomodoro }),
		length("focus.short_break", "Short break", cfg.Focus.ShortBreak, func(c *config.Config) *config.Duration { return &c.Focus.ShortBreak }),
		length("focus.long_break", "Long break", cfg.Focus.LongBreak, func(c *config.Config) *config.Duration { return &c.Focus.LongBreak }),
		v.add("focus.long_break_every", "Long break every", "focus blocks (0 = never)", v.LongEvery, func(text string, c *config.Config) error {
			n, err := wholeNumber(text)
			c.Focus.LongBreakEvery = n
			return err
		}),
		length("focus.deep_work", "Deep work", cfg.Focus.DeepWork, func(c *config.Config) *config.Duration { return &c.Focus.DeepWork }),
		length("focus.deep_work_break", "Deep work break", cfg.Focus.DeepWorkBreak, func(c *config.Config) *config.Duration { return &c.Focus.DeepWorkBreak }),
		v.add("focus.daily_goal", "Daily goal", "deep work a day, for reports", v.DailyGoal, func(text string, c *config.Config) error {
			d, err := optionalDuration(text)
			c.Focus.DailyGoal = config.Duration(d)
			return err
		}),
	)
	return container.NewVBox(widget.NewLabel("Lengths are in minutes (or like 1h30m)."), form, v.AutoBreak, v.AutoFocus)
}

// goalText is the daily goal as people write a day's work, "4 h" or
// "3 h 30 min" (it showed 240), and "0" for none.
func goalText(d time.Duration) string {
	if d <= 0 || d%time.Minute != 0 {
		return durationText(d)
	}
	return focus.FormatDuration(d)
}

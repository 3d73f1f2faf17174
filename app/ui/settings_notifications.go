// The notifications section, with launch at login: the switches that say
// how and when Heads Down may speak up.

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/timefmt"
)

// LoginItem is "launch at login".
type LoginItem interface {
	Enabled() (bool, error)
	Set(on bool) error
}

func (v *SettingsView) notificationsTab(cfg config.Config) fyne.CanvasObject {
	n := cfg.Notifications
	v.Notify = check("Show desktop notifications", n.Enabled)
	v.Sound = check("Play a sound when a block ends (within working hours)", n.Sound)
	v.WeeklyReport = check("Remind me of my weekly report at the end of the week", n.WeeklyReport)
	v.Notify.OnChanged = func(on bool) {
		for _, c := range []*Check{v.Sound, v.WeeklyReport} {
			if on {
				c.Enable()
			} else {
				c.Disable()
			}
		}
		v.refresh()
	}
	v.Notify.OnChanged(n.Enabled)
	for _, c := range []*Check{v.Sound, v.WeeklyReport} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	v.LaunchAtLogin = check("Launch Heads Down when I log in", false)
	if v.deps.LaunchAtLogin == nil {
		v.LaunchAtLogin.Disable()
	} else {
		v.loginWas, v.loginErr = v.deps.LaunchAtLogin.Enabled()
		v.LaunchAtLogin.SetChecked(v.loginWas)
	}
	v.LaunchAtLogin.OnChanged = func(bool) { v.refresh() }
	v.Clock = widget.NewSelect(v.clockOptions(), func(string) { v.refresh() })
	v.Clock.SetSelectedIndex(clockIndex(cfg.General.Clock))
	bold := fyne.TextStyle{Bold: true}
	clockNote := widget.NewLabel("Everywhere: the tray, the windows, the command line, notifications and your Slack status.")
	clockNote.Wrapping = fyne.TextWrapWord
	return container.NewVBox(v.Notify, v.Sound, v.WeeklyReport, widget.NewSeparator(),
		widget.NewLabelWithStyle("Start-up", fyne.TextAlignLeading, bold), v.LaunchAtLogin, widget.NewSeparator(),
		widget.NewLabelWithStyle("Times", fyne.TextAlignLeading, bold),
		container.NewBorder(nil, nil, widget.NewLabel("Clock"), nil, v.Clock),
		clockNote)
}

// clockOptions are the clock's choices, in timefmt.Settings' order:
// automatic (saying what the locale gives here), 12-hour, 24-hour.
func (v *SettingsView) clockOptions() []string {
	here := timefmt.FromEnv(v.deps.Getenv)
	auto := "Automatic, from the language settings (24-hour here)"
	if here == timefmt.H12 {
		auto = "Automatic, from the language settings (12-hour here)"
	}
	return []string{auto, "12-hour (1:30 PM)", "24-hour (13:30)"}
}

// clockIndex is a setting's place among the choices; "" is automatic.
func clockIndex(setting string) int {
	for i, s := range timefmt.Settings {
		if s == setting {
			return i
		}
	}
	return 0
}

// clockSetting is the chosen clock as the file writes it.
func (v *SettingsView) clockSetting() string {
	if i := v.Clock.SelectedIndex(); i > 0 {
		return timefmt.Settings[i]
	}
	return timefmt.Auto
}

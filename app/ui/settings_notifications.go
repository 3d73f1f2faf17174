// The notifications section, with launch at login: the switches that say
// how and when Heads Down may speak up.

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
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
	return container.NewVBox(v.Notify, v.Sound, v.WeeklyReport, widget.NewSeparator(),
		widget.NewLabelWithStyle("Start-up", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.LaunchAtLogin)
}

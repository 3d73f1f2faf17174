// Command floortray is the floor for scripts/measure.sh: a Go program that
// shows only a tray icon and a one-item menu through fyne.io/systray, the
// toolkit Heads Down's tray uses, and does nothing else. Built as the tray
// is (static, no cgo), it is what the tray process costs before any of
// Heads Down's own work.
package main

import (
	"fyne.io/systray"

	"github.com/headsdown-app/headsdown/assets"
)

func main() {
	systray.Run(func() {
		systray.SetIcon(assets.Icon)
		systray.SetTitle("Floor")
		quit := systray.AddMenuItem("Quit", "Quit")
		go func() {
			<-quit.ClickedCh
			systray.Quit()
		}()
	}, func() {})
}

// Command baretray is the comparison point for scripts/measure.sh: a Fyne
// app that shows only a tray icon and menu, through Fyne's own tray. It is
// what Heads Down would cost if its tray process started the Fyne driver.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/headsdown-app/headsdown/assets"
)

func main() {
	a := app.NewWithID("dev.headsdown.baretray")
	if d, ok := a.(desktop.App); ok {
		d.SetSystemTrayIcon(fyne.NewStaticResource("icon.png", assets.Icon))
		d.SetSystemTrayMenu(fyne.NewMenu("Bare", fyne.NewMenuItem("Start focus", func() {})))
	}
	a.Run()
}

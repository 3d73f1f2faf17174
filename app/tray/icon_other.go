//go:build !linux && !freebsd && !openbsd && !netbsd

package tray

import (
	"log/slog"
	"runtime"

	"fyne.io/systray"
)

// platformForms: Windows loads an ICO; macOS takes the PNG.
var platformForms = func() int {
	if runtime.GOOS == "windows" {
		return formICO
	}
	return formPNG
}()

// setTrayIcon hands systray the image its platform loads: an ICO with
// every size on Windows, a 32 px PNG on macOS (drawn at 16 pt, so 2×).
func setTrayIcon(ic *trayIcon) error {
	if runtime.GOOS == "windows" {
		systray.SetIcon(ic.ico)
	} else {
		systray.SetIcon(ic.png)
	}
	return nil
}

// setTrayTooltip is the text shown on hover.
func setTrayTooltip(s string) { systray.SetTooltip(s) }

// setTrayTitle is text beside the icon: only macOS shows one.
func setTrayTitle(s string) {
	if runtime.GOOS == "darwin" {
		systray.SetTitle(s)
	}
}

// runTray is systray.Run: the platform's own loop. ready closes once the
// item exists, which is when Run calls onReady here.
func runTray(_ *slog.Logger, onReady, onExit func(), ready chan<- struct{}, quit <-chan struct{}) {
	go func() {
		<-quit
		systray.Quit()
	}()
	systray.Run(func() { close(ready); onReady() }, onExit)
}

package main

import (
	"io"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/headsdown-app/headsdown/app"
)

// setWindowClass names the window for docks and task bars on X11:
// WM_CLASS is app.AppID (instance and class), which the .desktop file's
// StartupWMClass names, so they match the window to Heads Down. GLFW
// writes the window's title there ("Heads Down — Weekly report"), which
// matches nothing. On Wayland and elsewhere it does nothing.
func setWindowClass(w fyne.Window) {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return
	}
	nw.RunNative(func(ctx any) {
		x, ok := ctx.(driver.X11WindowContext)
		if !ok || os.Getenv("DISPLAY") == "" {
			return
		}
		xgb.Logger = log.New(io.Discard, "", 0)
		conn, err := xgb.NewConnDisplay(os.Getenv("DISPLAY"))
		if err != nil {
			return // the window works without; only docks group it worse
		}
		defer conn.Close()
		class := app.AppID + "\x00" + app.AppID + "\x00"
		_ = xproto.ChangePropertyChecked(conn, xproto.PropModeReplace, xproto.Window(x.WindowHandle),
			xproto.AtomWmClass, xproto.AtomString, 8, uint32(len(class)), []byte(class)).Check()
	})
}

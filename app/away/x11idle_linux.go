package away

import (
	"context"
	"log"
	"os"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/screensaver"
	"github.com/jezek/xgb/xproto"
)

const srcX11Idle = "x11-idle"

// quietXGB sends xgb's own messages to the log package (which the app
// points at its log file) rather than standard error: "XGB: Could not get
// authority info" on every start in a home with no ~/.Xauthority (the
// server lets the user in all the same) is noise to a person, and a line
// worth having in the log when the connection does fail.
var quietXGB = sync.OnceFunc(func() { xgb.Logger = log.New(stdLog{}, "X11 (xgb): ", 0) })

// stdLog writes through the log package's output as it is at each write.
type stdLog struct{}

func (stdLog) Write(p []byte) (int, error) {
	if err := log.Output(2, string(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// runX11Idle reports idle from the X server's MIT-SCREEN-SAVER extension
// (time since the last input), used where GNOME's idle monitor is not
// running; noMutter says why not, for the note when X11 cannot help either.
func (m *Monitor) runX11Idle(ctx context.Context, probed func(), noMutter string) {
	unavailable := func(why string) {
		m.setSource(Source{Name: srcNoIdle, What: WhatIdle, Note: noteNoIdle + noMutter + ", and " + why})
		probed()
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("XDG_SESSION_TYPE") == "wayland" {
		// Under XWayland the X server sees only the input that goes to X
		// windows: typing in a Wayland window would count as idle. Better
		// to say there is no idle detection than to guess.
		unavailable("this is a Wayland session (the X server would see only XWayland input)")
		return
	}
	display := os.Getenv("DISPLAY")
	if display == "" {
		unavailable("no X server ($DISPLAY is not set)")
		return
	}
	quietXGB()
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		unavailable("cannot connect to the X server " + display + ": " + err.Error())
		return
	}
	// Close the connection when ctx ends, which also ends a query waiting
	// on a hung server; wait for that close before returning.
	closed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { conn.Close(); close(closed) })
	defer func() {
		if stop() {
			conn.Close()
		} else {
			<-closed
		}
	}()
	if err := screensaver.Init(conn); err != nil {
		unavailable("the X server " + display + " has no MIT-SCREEN-SAVER extension")
		return
	}
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	query := func() (time.Duration, error) {
		info, err := screensaver.QueryInfo(conn, xproto.Drawable(root)).Reply()
		if err != nil {
			return 0, err
		}
		return time.Duration(info.MsSinceUserInput) * time.Millisecond, nil
	}
	if _, err := query(); err != nil {
		unavailable("the X server " + display + " does not answer MIT-SCREEN-SAVER queries: " + err.Error())
		return
	}
	m.pollIdle(ctx, srcX11Idle, "MIT-SCREEN-SAVER of X server "+display, probed, query)
}

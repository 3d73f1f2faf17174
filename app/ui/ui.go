// Package ui holds Heads Down's Fyne windows. Each runs on demand in its own
// short-lived process (`headsdown window NAME`), so the Fyne driver and its
// GL loop never run in the tray process. Windows read settings and history
// directly and ask the running app for every change over the control socket.
//
// This package builds windows on a given fyne.App and never imports Fyne's
// driver itself, so its tests run on fyne.io/fyne/v2/test without a display.
package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"github.com/headsdown-app/headsdown/app/control"
)

// Options tell a window where the app's files and socket are.
type Options struct {
	ConfigPath string
	SocketPath string
	DBPath     string
	// Section is the settings section to open at: hours, focus, review,
	// slack, notifications or away.
	Section string
}

// Names are the windows `headsdown window NAME` can open.
var Names = []string{"settings", "custom", "report", "review", "welcome"}

// Open creates the named window on a.
func Open(a fyne.App, name string, opts Options) (fyne.Window, error) {
	switch name {
	case "settings":
		if opts.Section != "" && SectionIndex(opts.Section) < 0 {
			return nil, fmt.Errorf("unknown settings section %q: choose one of %v", opts.Section, Sections)
		}
		return SettingsWindow(a, opts), nil
	case "custom":
		return CustomWindow(a, opts), nil
	case "report":
		return ReportWindow(a, opts), nil
	case "review":
		return ReviewWindow(a, opts), nil
	case "welcome":
		return WelcomeWindow(a, opts), nil
	}
	return nil, fmt.Errorf("unknown window %q: choose one of %v", name, Names)
}

// send asks the running app to do something. With no app running, the
// answer says so: windows can still edit settings, but not start timers.
func send(socket string, req control.Request) (control.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, socket, req)
	if err != nil {
		return resp, err
	}
	if !resp.OK {
		return resp, errors.New(resp.Error)
	}
	return resp, nil
}

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
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/headsdown-app/headsdown/app/control"
)

// Options tell a window where the app's files and socket are.
type Options struct {
	ConfigPath string
	SocketPath string
	DBPath     string
	// CalendarDir holds the saved calendar copies the report reads meetings from
	// (files.Paths.CalendarDir); "" leaves meetings out of the report.
	CalendarDir string
	// Section is the settings section to open at: hours, focus, review,
	// slack, notifications, away or calendar.
	Section string
}

// Names are the windows `headsdown window NAME` can open.
var Names = []string{"settings", "custom", "report", "review", "welcome"}

// Window is an open window and how it closes when Heads Down asks.
type Window struct {
	fyne.Window
	closeAsked func()
	asked      bool
	// section opens a settings section; nil for other windows.
	section func(name string)
}

// ShowAgain brings the window to the front, as a second `headsdown window
// NAME` asks instead of opening another; for Settings at section (if
// known). Call it on the UI goroutine (fyne.Do).
func (w *Window) ShowAgain(section string) {
	if w.section != nil && section != "" {
		w.section(section)
	}
	w.Show()
	w.RequestFocus()
}

// CloseAsked closes the window because Heads Down asked (it is quitting,
// or the process was told to end), as the title bar's close would: the
// settings (and the welcome window's settings) ask first whether to keep
// unsaved edits, without Cancel; other windows close at once. Asking again
// does nothing. Call it on the UI goroutine (fyne.Do).
func (w *Window) CloseAsked() {
	if w.asked {
		return
	}
	w.asked = true
	w.closeAsked()
}

// Open creates the named window on a.
func Open(a fyne.App, name string, opts Options) (*Window, error) {
	switch name {
	case "settings":
		if opts.Section != "" && SectionIndex(opts.Section) < 0 {
			return nil, fmt.Errorf("unknown settings section %q: choose one of %v", opts.Section, Sections)
		}
		w, _ := settingsWindow(a, opts, inBackground)
		return w, nil
	case "welcome":
		w, _ := welcomeWindow(a, opts, inBackground)
		return w, nil
	}
	var w fyne.Window
	switch name {
	case "custom":
		w = CustomWindow(a, opts)
	case "report":
		if opts.Section != "" && !slices.Contains(ReportTabs, opts.Section) {
			return nil, fmt.Errorf("unknown report tab %q: choose one of %v", opts.Section, ReportTabs)
		}
		w = ReportWindow(a, opts)
	case "review":
		w = ReviewWindow(a, opts)
	default:
		return nil, fmt.Errorf("unknown window %q: choose one of %v", name, Names)
	}
	return &Window{Window: w, closeAsked: w.Close}, nil
}

// settingsWindow and welcomeWindow are Open's, with the settings form
// they hold; background is SettingsDeps.Background (tests pass nil).
func settingsWindow(a fyne.App, opts Options, background func(work func() (string, error), done func(string, error))) (*Window, *SettingsView) {
	w, v := newSettingsWindow(a, opts, background)
	return &Window{Window: w, closeAsked: func() { v.closeAsked(w) }, section: func(name string) {
		if i := SectionIndex(name); i >= 0 {
			v.Tabs.SelectIndex(i)
		}
	}}, v
}

func welcomeWindow(a fyne.App, opts Options, background func(work func() (string, error), done func(string, error))) (*Window, *SettingsView) {
	w, v := newWelcomeWindow(a, opts, background)
	// As every way out of the welcome window (WelcomeView.Leave), the
	// launch-at-login tick is kept; should that fail, the window still
	// goes with the app.
	return &Window{Window: w, closeAsked: func() { v.keepLogin(); v.Settings.closeAsked(w) }}, v.Settings
}

// FollowApp holds a watch on the running app at socket (control.CmdWatch)
// until ctx ends, and calls quit when the app answers that it is quitting.
// A window belongs to the app that runs: an app that answered once and
// then cannot be reached any more has gone (it quit and its answer was
// lost, or it crashed), and quit is called too. With no app running at
// the start (`headsdown window settings` on its own) it returns at once
// and the window stays. An error means the window cannot follow the app
// (an app that does not know the command).
func FollowApp(ctx context.Context, socket string, quit func()) error {
	heard := false // an app answered, or took a watch
	quick := 0     // connections in a row that broke at once
	for {
		start := time.Now()
		resp, ok, err := watchOnce(ctx, socket)
		switch {
		case !ok || ctx.Err() != nil:
			return nil
		case errors.Is(err, control.ErrNotRunning):
			if heard {
				quit()
			}
			return nil
		case err != nil:
			// The connection broke: the app is stopping or gone, and
			// asking again tells which. A connection that breaks at once,
			// again and again, is refused, not a quit.
			heard = true
			if quick++; time.Since(start) >= time.Second {
				quick = 0
			}
			if quick >= 3 {
				return fmt.Errorf("the app keeps closing the window's watch: %w", err)
			}
			continue
		case resp.Close, !resp.OK && resp.Error == control.ShuttingDown:
			quit()
			return nil
		case !resp.OK:
			return fmt.Errorf("the app does not watch its windows (%s)", resp.Error)
		}
		heard, quick = true, 0
	}
}

// watchOnce sends one CmdWatch and waits for its answer, or for ctx to
// end (ok false). control.Call stops reading at its context's deadline,
// not when the context is cancelled, so the call runs on its own
// goroutine: a window that closes must not wait up to a renewal for it.
// That goroutine holds only its own connection, and ends when the answer
// comes or the deadline passes (or with the process, which is exiting).
func watchOnce(ctx context.Context, socket string) (resp control.Response, ok bool, err error) {
	type answer struct {
		resp control.Response
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*control.WatchRenew)
		defer cancel()
		resp, err := control.Call(callCtx, socket, control.Request{Cmd: control.CmdWatch})
		got <- answer{resp, err}
	}()
	select {
	case a := <-got:
		return a.resp, true, a.err
	case <-ctx.Done():
		return control.Response{}, false, nil
	}
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

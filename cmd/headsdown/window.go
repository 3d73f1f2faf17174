package main

import (
	fyneapp "fyne.io/fyne/v2/app"

	"headsdown/app"
	"headsdown/app/ui"
)

// runWindow opens one Fyne window in this process and returns when it is
// closed. This is the only place the Fyne driver starts.
func runWindow(name string) error {
	paths, err := app.DefaultPaths()
	if err != nil {
		return err
	}
	a := fyneapp.NewWithID("dev.headsdown.app")
	w, err := ui.Open(a, name, ui.Options{ConfigPath: paths.Config, SocketPath: paths.Socket})
	if err != nil {
		return err
	}
	w.ShowAndRun()
	return nil
}

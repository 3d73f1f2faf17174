// Command headsdown-ui shows one Heads Down window (settings, custom start, weekly report)
// and exits when it is closed. It is the only program that links Fyne and
// its GL driver: the tray process (headsdown) runs it on demand, so the
// process that sits in the tray all day stays small and idle.
//
//	headsdown-ui settings [hours|focus|review|slack|notifications|away]
//	headsdown-ui custom|report|review|welcome
//
// Users normally run it as `headsdown window NAME`.
package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/headsdown-app/headsdown/app/sessionbus"
	"github.com/headsdown-app/headsdown/app/ui"
	"github.com/headsdown-app/headsdown/files"
)

func main() {
	sessionbus.NeverAutolaunch() // Fyne and its libraries never start a D-Bus of their own
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "headsdown-ui: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: headsdown-ui %v [SECTION]", ui.Names)
	}
	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	a := fyneapp.NewWithID("dev.headsdown.app")
	opts := ui.Options{ConfigPath: paths.Config, SocketPath: paths.Socket, DBPath: paths.DB}
	if len(args) == 2 {
		opts.Section = args[1]
	}
	w, err := ui.Open(a, args[0], opts)
	if err != nil {
		return err
	}
	// The window closes when Heads Down quits, as its title bar's close
	// would (Settings asks about unsaved edits): the app answers the
	// window's watch, on every OS; on Unix a SIGTERM or SIGINT asks the
	// same. Either may come twice; CloseAsked acts once.
	ctx, cancel := context.WithCancel(context.Background())
	closeAsked := func() {
		fyne.Do(func() {
			if ctx.Err() == nil {
				w.CloseAsked()
			}
		})
	}
	var followed sync.WaitGroup
	followed.Go(func() {
		if err := ui.FollowApp(ctx, paths.Socket, closeAsked); err != nil {
			fmt.Fprintf(os.Stderr, "headsdown-ui: %v; this window will not close by itself when Heads Down quits\n", err)
		}
	})
	stopSignals := askOnSignals(a, closeAsked)
	w.ShowAndRun()
	cancel()
	stopSignals()
	followed.Wait()
	return nil
}

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
	"log"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/headsdown-app/headsdown/app/sessionbus"
	"github.com/headsdown-app/headsdown/app/ui"
	"github.com/headsdown-app/headsdown/app/uiready"
	"github.com/headsdown-app/headsdown/files"
)

func main() {
	sessionbus.NeverAutolaunch() // Fyne and its libraries never start a D-Bus of their own
	log.SetOutput(&fyneNoise{})  // Fyne logs through the log package
	if err := run(os.Args[1:], uiready.Asked()); err != nil {
		fmt.Fprintf(os.Stderr, "headsdown-ui: %v\n", err)
		os.Exit(1)
	}
}

// run shows the window args name; tell: started by `headsdown window`,
// which waits to hear that the window shows (uiready).
func run(args []string, tell bool) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("give the name of a window (%s), and for settings perhaps a section", strings.Join(ui.Names, ", "))
	}
	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	if err := checkDisplay(); err != nil {
		return err
	}
	section := ""
	if len(args) == 2 {
		section = args[1]
	}
	// One window of each kind: an open one comes to the front instead.
	addr := windowChannel(paths.Socket, args[0])
	if showOpen(addr, section) {
		if tell {
			if err := uiready.Ready(paths.Log); err != nil {
				fmt.Fprintf(os.Stderr, "headsdown-ui: %v\n", err)
			}
		}
		return nil
	}
	showLn := listenForShow(addr)
	if showLn != nil {
		defer showLn.Close() // when run ends before serving it; a second close is harmless
	}
	a, err := newApp(args[0])
	if err != nil {
		return err
	}
	opts := ui.Options{ConfigPath: paths.Config, SocketPath: paths.Socket, DBPath: paths.DB,
		CalendarDir: paths.CalendarDir()}
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
	if showLn != nil {
		followed.Go(func() {
			serveShow(ctx, showLn, func(section string) { fyne.Do(func() { w.ShowAgain(section) }) })
		})
	}
	followed.Go(func() {
		if err := ui.FollowApp(ctx, paths.Socket, closeAsked); err != nil {
			fmt.Fprintf(os.Stderr, "headsdown-ui: %v; this window will not close by itself when Heads Down quits\n", err)
		}
	})
	signalsStarted, stopSignals := askOnSignals(closeAsked)
	// OnStarted runs on Fyne's loop once the driver has started and the
	// window is shown.
	a.Lifecycle().SetOnStarted(func() {
		signalsStarted()
		setWindowClass(w.Window)
		if tell {
			if err := uiready.Ready(paths.Log); err != nil {
				fmt.Fprintf(os.Stderr, "headsdown-ui: %v\n", err)
			}
		}
	})
	w.ShowAndRun()
	cancel()
	stopSignals()
	followed.Wait()
	return nil
}

//go:build !windows

package main

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// askOnSignals makes SIGTERM (a logout, the tray quitting, `headsdown
// window` ended) and SIGINT (Ctrl-C where `headsdown window` runs) ask the
// window to close through ask, as its title bar's close does, instead of
// ending the process. Fyne's GLFW driver (2.8.1,
// internal/driver/glfw/driver_desktop.go catchTerm) catches both itself
// and quits at once, unsaved Settings edits and all; without it Go's
// default would kill the process just the same. The driver registers its
// handler on a goroutine started just before its loop, so the signals are
// taken back once the app has started: call started from OnStarted, which
// runs on that loop after the driver has initialised. stop undoes it and
// ends the goroutine.
func askOnSignals(ask func()) (started, stop func()) {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	started = func() {
		signal.Reset(syscall.SIGINT, syscall.SIGTERM)
		signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-sigs:
				ask()
			case <-done:
				return
			}
		}
	})
	return started, func() {
		signal.Stop(sigs)
		close(done)
		wg.Wait()
	}
}

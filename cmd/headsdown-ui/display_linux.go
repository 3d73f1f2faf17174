package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/jezek/xgb"
)

// checkDisplay says in words when there is no display to show a window
// on. Without it GLFW panics with a Go stack trace ("NotInitialized: The
// GLFW library is not initialized") after Fyne's own three lines.
func checkDisplay() error {
	if os.Getenv("WAYLAND_DISPLAY") != "" && os.Getenv("FYNE_PLATFORM") != "x11" {
		return nil // Fyne's Wayland support speaks for itself
	}
	display := os.Getenv("DISPLAY")
	if display == "" {
		return fmt.Errorf("no display to show the window on: neither $DISPLAY nor $WAYLAND_DISPLAY is set (run it in your desktop session)")
	}
	xgb.Logger = log.New(io.Discard, "", 0) // the one error below is enough
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return fmt.Errorf("cannot reach the display %s to show the window on: %w", display, err)
	}
	conn.Close()
	return nil
}

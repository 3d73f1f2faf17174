//go:build !linux

package main

import "fyne.io/fyne/v2"

// setWindowClass: WM_CLASS is X11's; Windows and macOS match windows to
// the app by the program.
func setWindowClass(fyne.Window) {}

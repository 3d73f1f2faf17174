//go:build windows

package main

import "fyne.io/fyne/v2"

// askOnSignals does nothing on Windows: no signal can ask a process to
// close there; the app's answer to the window's watch does (ui.FollowApp).
func askOnSignals(fyne.App, func()) (stop func()) { return func() {} }

//go:build windows

package main

// askOnSignals does nothing on Windows: no signal can ask a process to
// close there; the app's answer to the window's watch does (ui.FollowApp).
func askOnSignals(func()) (started, stop func()) { return func() {}, func() {} }

//go:build !linux

package main

// checkDisplay: Windows and macOS always have their one display.
func checkDisplay() error { return nil }

//go:build !linux

package tray

// releaseProgramPages is Linux's (see release_linux.go); elsewhere the
// tray keeps what the system maps for it.
func releaseProgramPages() error { return nil }

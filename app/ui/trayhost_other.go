//go:build !linux

package ui

// trayHostMissing: macOS's menu bar and Windows' notification area are
// always there.
var trayHostMissing = func() bool { return false }

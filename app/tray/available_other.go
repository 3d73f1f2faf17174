//go:build !linux

package tray

import "log/slog"

// Available: macOS and Windows always have a tray.
func Available(*slog.Logger) (bool, string) { return true, "" }

// HostMissing: macOS's menu bar and Windows' notification area are always there.
func HostMissing() bool { return false }

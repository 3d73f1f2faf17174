//go:build !windows

package tray

// platformIcon passes PNG through: StatusNotifierItem and macOS take PNG.
func platformIcon(png []byte) []byte { return png }

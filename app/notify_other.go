//go:build !(linux || freebsd || netbsd || openbsd || dragonfly)

package app

import "log/slog"

// DesktopNotifier shows notifications with beeep: Notification Center on
// macOS, toasts on Windows. They carry no buttons, so their bodies say
// what to do instead (Notification.Instead).
type DesktopNotifier struct{}

// NewDesktopNotifier is the notifier of the running app.
func NewDesktopNotifier(*slog.Logger) *DesktopNotifier { return &DesktopNotifier{} }

// Notify shows n with the app icon.
func (*DesktopNotifier) Notify(n Notification) error { return beeepNotify(n) }

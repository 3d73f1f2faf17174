//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package doctor

// SessionBus is nil here: the tray and notifications are the system's own.
func SessionBus() (Bus, error) { return nil, nil }

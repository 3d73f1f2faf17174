//go:build !windows

package app

// beeepAppName is what beeep is told the app is called: the name the
// notification shows (D-Bus app_name on Linux; the group on macOS).
const beeepAppName = "Heads Down"

// SetIdentity does nothing outside Windows: the desktop entry's name
// (Linux) and the bundle (macOS) say which app a notification is from.
func SetIdentity(string) error { return nil }

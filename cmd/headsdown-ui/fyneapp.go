package main

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/headsdown-app/headsdown/assets"
)

// appID is the Fyne app ID of the process showing window: one per kind of
// window. Fyne keeps a preferences file per ID and every process rewrites
// it as it exits while the others watch and reload it; two windows
// sharing one file and closing together read it half-written ("Fyne
// error: Preferences load error: EOF"). Heads Down keeps no preferences
// there, so nothing is lost by keeping them apart.
func appID(window string) string { return "dev.headsdown.app." + window }

// newApp starts Fyne for window. Its cache folder is made first: Fyne
// makes it with a single mkdir, which in a fresh home (no ~/.cache yet)
// fails and says so on standard error at every start.
func newApp(window string) (fyne.App, error) {
	id := appID(window)
	if dir, err := os.UserCacheDir(); err == nil {
		// Best effort: should this fail, Fyne says why itself.
		_ = os.MkdirAll(filepath.Join(dir, "fyne", id), 0o700)
	}
	a := fyneapp.NewWithID(id)
	// Every window's icon (the title bar, the task bar, Alt-Tab): the app's.
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	return a, nil
}

package app

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/headsdown-app/headsdown/app/config"
)

// configSettle is how long config.toml must stay unchanged before it is
// read: an editor's save is several events (write, rename, chmod), and
// half a file must not be judged.
const configSettle = 250 * time.Millisecond

// watchConfig tells the loop when config.toml changes on disk: a hand
// edit, another tool, or the settings window saving it. It watches the
// folder, not the file, since editors save by writing a new file and
// renaming it over the old one. It costs no wake-up while nothing changes.
func (a *App) watchConfig(ctx context.Context) {
	dir, name := filepath.Split(a.paths.Config)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		a.log.Warn("settings file not watched: hand edits apply at the next start or reload", "err", err)
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		a.log.Warn("settings file not watched: hand edits apply at the next start or reload", "err", err)
		return
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		a.log.Warn("settings file not watched: hand edits apply at the next start or reload", "dir", dir, "err", err)
		return
	}
	// A change between the app's start and this watch is caught too: the
	// loop compares the file with what it last read, and does nothing if
	// it is the same.
	poke(a.configChanged)
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	defer settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Base(ev.Name) == name {
				settle.Reset(configSettle)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			a.log.Warn("settings file watch", "err", err)
		case <-settle.C:
			poke(a.configChanged)
		}
	}
}

// configFileChanged runs on the loop when config.toml may have changed:
// a new content is loaded as a reload does, and applied, or reported in
// the tray, the status and a notification, the running settings staying
// as they were.
func (a *App) configFileChanged(ctx context.Context) {
	if configFileSum(a.paths.Config) == a.cfgSum {
		return // the settings window's own save, already reloaded, or a touch
	}
	if err := a.reload(ctx); err != nil {
		a.log.Warn("settings file changed; not applied", "err", err)
		a.notes.send(Notification{Title: "Settings not applied",
			Body: config.FirstInWords(a.cfgErr) + "\nThe previous settings stay in use. Fix the file, or open Settings."})
	} else {
		a.log.Info("settings file changed; applied", "path", a.paths.Config)
	}
	a.publish()
}

// configFileSum is the file's content as a hash; a missing file has the
// zero sum.
func configFileSum(path string) [sha256.Size]byte {
	data, err := os.ReadFile(path)
	if err != nil { // missing, or unreadable: config.Load says which
		return [sha256.Size]byte{}
	}
	return sha256.Sum256(data)
}

//go:build !windows

package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// localtime is the system's zone file on Linux, the BSDs and macOS.
const localtime = "/etc/localtime"

// zoneFile reads the system's time zone from its zone file, again only when
// the file (or the link to it) changed: a stat per call otherwise.
type zoneFile struct {
	path string
	mu   sync.Mutex
	key  string
	loc  *time.Location
}

// systemZone is the default Options.Zone: time.Local, until the zone file
// changes. With TZ set the zone is the process's own and never changes.
func systemZone() func() *time.Location {
	if _, ok := os.LookupEnv("TZ"); ok {
		return func() *time.Location { return time.Local }
	}
	z := &zoneFile{path: localtime, loc: time.Local}
	z.key = z.stat()
	return z.now
}

// stat is what identifies the file's content: where the link points, the
// file's size, time and inode.
func (z *zoneFile) stat() string {
	fi, err := os.Stat(z.path)
	if err != nil {
		return "missing"
	}
	target, _ := os.Readlink(z.path)
	key := fmt.Sprintf("%s %d %d", target, fi.Size(), fi.ModTime().UnixNano())
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		key += fmt.Sprintf(" %d", st.Ino)
	}
	return key
}

func (z *zoneFile) now() *time.Location {
	z.mu.Lock()
	defer z.mu.Unlock()
	key := z.stat()
	if key == z.key {
		return z.loc
	}
	z.key = key
	data, err := os.ReadFile(z.path)
	if err != nil {
		z.loc = time.UTC // as Go does with no zone file
		return z.loc
	}
	if loc, err := time.LoadLocationFromTZData(zoneName(z.path), data); err == nil {
		z.loc = loc
	}
	return z.loc
}

// zoneName is the zone's name from where the link points
// (/usr/share/zoneinfo/Europe/Paris: "Europe/Paris"), or "Local".
func zoneName(path string) string {
	target, err := os.Readlink(path)
	if err != nil {
		return "Local"
	}
	if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok && name != "" {
		return name
	}
	return "Local"
}

// watchZone tells the loop when the zone file changes (timedatectl, a
// travel: it replaces the link), so an idle app with no timer plans again
// at once rather than at its next wake. It watches the folder, since the
// file is replaced, and costs nothing while nothing changes there.
func (a *App) watchZone(ctx context.Context) {
	if _, ok := os.LookupEnv("TZ"); ok || a.opts.ZoneFile == "" {
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		a.log.Debug("time zone file not watched; a change is noticed at the next wake", "err", err)
		return
	}
	defer w.Close()
	dir, name := filepath.Split(a.opts.ZoneFile)
	if err := w.Add(dir); err != nil {
		a.log.Debug("time zone file not watched; a change is noticed at the next wake", "err", err)
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Base(ev.Name) == name {
				poke(a.zoneChanged)
			}
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
		}
	}
}

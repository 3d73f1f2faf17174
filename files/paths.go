package files

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// Paths are the files Heads Down keeps, and the directories they live in.
// With HEADSDOWN_DATA_DIR (or In) every directory is the same one.
type Paths struct {
	DataDir string // the database
	DB      string
	Config  string
	Log     string
	Lock    string
	// Socket is the control channel's address (control.SocketPath): a Unix
	// socket file in RuntimeDir, or on Windows a named pipe, which is no
	// file at all.
	Socket string

	ConfigDir  string // config.toml
	StateDir   string // the log
	RuntimeDir string // the instance lock, and the control socket where it is a file

	// OldDir is the directory of the layout before this one (the OS config
	// directory plus "/headsdown"), moved by MigrateOldLayout; "" when there
	// is nothing to move from (HEADSDOWN_DATA_DIR, In).
	OldDir string
}

// KeptLogs is how many rotated logs the app keeps beside the log
// (headsdown.log.1, the newest, … .3); a move from the old layout takes
// them all.
const KeptLogs = 3

const (
	logName  = "headsdown.log"
	lockName = "headsdown.lock"
	sockName = "headsdown.sock"
)

// DataDir is where the database lives: HEADSDOWN_DATA_DIR, or the OS
// default (see Default).
func DataDir() (string, error) {
	p, err := Default()
	if err != nil {
		return "", err
	}
	return p.DataDir, nil
}

// In lays out every file in dir.
func In(dir string) Paths {
	return Paths{
		DataDir:    dir,
		DB:         filepath.Join(dir, store.FileName),
		Config:     filepath.Join(dir, config.FileName),
		Log:        filepath.Join(dir, logName),
		Lock:       filepath.Join(dir, lockName),
		Socket:     control.SocketPath(dir),
		ConfigDir:  dir,
		StateDir:   dir,
		RuntimeDir: dir,
	}
}

// Default lays the files out for this OS, for programs that read them
// (the CLI, the windows). Until the app has moved an old layout, the database
// and config.toml found there are used, and the control socket of an older
// app still running there. The app itself takes its lock and then calls
// MigrateOldLayout, which returns the layout proper.
func Default() (Paths, error) {
	p, err := layout()
	if err != nil {
		return Paths{}, err
	}
	if p.OldDir == "" {
		return p, nil
	}
	old := In(p.OldDir)
	if !exists(p.DB) && exists(old.DB) {
		p.DB = old.DB
	}
	if !exists(p.Config) && exists(old.Config) {
		p.Config = old.Config
	}
	// Only a socket file shows an app listening. On Windows the address is
	// a pipe, and the apps of the old layout listened on a Unix socket file
	// that this one no longer speaks: nothing to fall back to.
	if control.SocketIsFile && !exists(p.Socket) && exists(old.Socket) {
		p.Socket = old.Socket
	}
	return p, nil
}

// ForReaders is Default for the programs that read the database
// (report, export, pings, doctor, the windows). While a start moves the
// database from the old layout, or after one was killed doing it, it
// refuses with ErrMoving: a half-moved database would read as an empty
// history, and opening it would leave an empty log behind.
func ForReaders() (Paths, error) {
	p, err := Default()
	if err != nil {
		return p, err
	}
	if p.OldDir != "" && exists(filepath.Join(p.OldDir, movingName)) {
		return p, fmt.Errorf("%w (from %s): try again in a moment; if this stays, start Heads Down, which finishes the move",
			ErrMoving, p.OldDir)
	}
	return p, nil
}

// socketFileIn is where a Heads Down on dir kept its control socket as a
// file, for removal once that app has surely gone: SocketPath on Unix; on
// Windows, where the channel is now a named pipe, the Unix socket file of
// Heads Down 0.2 and older.
func socketFileIn(dir string) string {
	if control.SocketIsFile {
		return control.SocketPath(dir)
	}
	return filepath.Join(dir, sockName)
}

// layout is the layout proper, without falling back to an old one.
func layout() (Paths, error) {
	if d := os.Getenv("HEADSDOWN_DATA_DIR"); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return Paths{}, err
		}
		return In(abs), nil
	}
	home, _ := os.UserHomeDir()
	return layoutFor(runtime.GOOS, os.Getenv, home, runtimeDirUsable)
}

// layoutFor is the default layout on goos. usable says whether
// XDG_RUNTIME_DIR is a directory we can use.
func layoutFor(goos string, getenv func(string) string, home string, usable func(string) bool) (Paths, error) {
	var p Paths
	switch goos {
	case "windows":
		// Nothing that should roam: a database and a log are per machine.
		local := getenv("LocalAppData")
		if local == "" || !filepath.IsAbs(local) {
			return Paths{}, errors.New("find the local application data directory: %LocalAppData% is not set (set HEADSDOWN_DATA_DIR)")
		}
		dir := filepath.Join(local, "Heads Down")
		p = Paths{DataDir: dir, ConfigDir: dir, StateDir: dir, RuntimeDir: dir}
		if ad := getenv("AppData"); ad != "" && filepath.IsAbs(ad) {
			p.OldDir = filepath.Join(ad, "headsdown")
		}
	case "darwin", "ios":
		if home == "" {
			return Paths{}, errors.New("find the home directory: $HOME is not set (set HEADSDOWN_DATA_DIR)")
		}
		support := filepath.Join(home, "Library", "Application Support")
		dir := filepath.Join(support, "Heads Down")
		p = Paths{DataDir: dir, ConfigDir: dir, RuntimeDir: dir,
			StateDir: filepath.Join(home, "Library", "Logs", "Heads Down"),
			OldDir:   filepath.Join(support, "headsdown")}
	default: // the XDG Base Directory spec
		xdg := func(name, def string) (string, error) {
			// The spec: a relative path is invalid and is ignored.
			if d := getenv(name); d != "" && filepath.IsAbs(d) {
				return filepath.Join(d, "headsdown"), nil
			}
			if home == "" {
				return "", fmt.Errorf("find the home directory: neither $%s nor $HOME is set (set HEADSDOWN_DATA_DIR)", name)
			}
			return filepath.Join(home, def, "headsdown"), nil
		}
		var err error
		if p.ConfigDir, err = xdg("XDG_CONFIG_HOME", ".config"); err != nil {
			return Paths{}, err
		}
		if p.DataDir, err = xdg("XDG_DATA_HOME", filepath.Join(".local", "share")); err != nil {
			return Paths{}, err
		}
		if p.StateDir, err = xdg("XDG_STATE_HOME", filepath.Join(".local", "state")); err != nil {
			return Paths{}, err
		}
		if rt := getenv("XDG_RUNTIME_DIR"); rt != "" && filepath.IsAbs(rt) && usable(rt) {
			p.RuntimeDir = filepath.Join(rt, "headsdown")
		} else {
			// No runtime directory (a cron job, su, some containers):
			// a private one in the state directory instead.
			p.RuntimeDir = filepath.Join(p.StateDir, "run")
		}
		// os.UserConfigDir plus "/headsdown", where every file used to be.
		p.OldDir = p.ConfigDir
	}
	p.DB = filepath.Join(p.DataDir, store.FileName)
	p.Config = filepath.Join(p.ConfigDir, config.FileName)
	p.Log = filepath.Join(p.StateDir, logName)
	p.Lock = filepath.Join(p.RuntimeDir, lockName)
	p.Socket = control.SocketPath(p.RuntimeDir)
	return p, nil
}

// mkdirs creates every directory of p, owner-only.
func (p Paths) mkdirs() error {
	for _, d := range []string{p.DataDir, p.ConfigDir, p.StateDir, p.RuntimeDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create directory: %w", err)
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// CalendarDir is where the last good copy of each calendar is kept: in the
// data folder, beside the database, named by a hash of the link (never the
// link itself).
func (p Paths) CalendarDir() string { return filepath.Join(p.DataDir, "calendar") }

package app

import (
	"fmt"
	"os"
	"path/filepath"

	"headsdown/app/config"
	"headsdown/app/control"
	"headsdown/store"
)

// Paths are the files Heads Down keeps in its data directory.
type Paths struct {
	DataDir string
	DB      string
	Config  string
	Log     string
	Lock    string
	Socket  string
}

// DataDir is HEADSDOWN_DATA_DIR or, by default, the OS config directory
// plus "/headsdown" (~/.config/headsdown on Linux).
func DataDir() (string, error) {
	if d := os.Getenv("HEADSDOWN_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory (set HEADSDOWN_DATA_DIR): %w", err)
	}
	return filepath.Join(base, "headsdown"), nil
}

// PathsIn lays out the files in dir.
func PathsIn(dir string) Paths {
	return Paths{
		DataDir: dir,
		DB:      filepath.Join(dir, store.FileName),
		Config:  filepath.Join(dir, config.FileName),
		Log:     filepath.Join(dir, "headsdown.log"),
		Lock:    filepath.Join(dir, "headsdown.lock"),
		Socket:  control.SocketPath(dir),
	}
}

// DefaultPaths resolves the data directory and lays out its files.
func DefaultPaths() (Paths, error) {
	dir, err := DataDir()
	if err != nil {
		return Paths{}, err
	}
	return PathsIn(dir), nil
}

//go:build windows

package files

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

func runtimeDirUsable(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}

func isCrossDevice(err error) bool { return errors.Is(err, windows.ERROR_NOT_SAME_DEVICE) }

// syncDir: NTFS makes renames durable through its journal; directories
// cannot be opened for a flush.
func syncDir(string) error { return nil }

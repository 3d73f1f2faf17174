//go:build !windows

package files

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// runtimeDirUsable: XDG_RUNTIME_DIR must be a directory of ours that we can
// write to (the spec: owned by the user, 0700).
func runtimeDirUsable(dir string) bool {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return false
	}
	return unix.Access(dir, unix.W_OK|unix.X_OK) == nil
}

func isCrossDevice(err error) bool { return errors.Is(err, syscall.EXDEV) }

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

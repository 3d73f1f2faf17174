package files

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// ErrAlreadyRunning means another Heads Down holds the instance lock.
var ErrAlreadyRunning = errors.New("Heads Down is already running")

// Lock is the single-instance lock: an OS file lock, released by the kernel
// when the process dies, so a crash never leaves a stale lock behind.
type Lock struct{ f *os.File }

// AcquireLock takes the instance lock at path or returns ErrAlreadyRunning.
func AcquireLock(path string) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open instance lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, ErrAlreadyRunning
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The pid is informational (for people and `doctor`), not the lock.
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlockFile(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}

//go:build !windows

package uiready

import (
	"os"
	"os/signal"
	"syscall"
)

func ignoreSIGPIPE() { signal.Ignore(syscall.SIGPIPE) }

// moveStderr makes file descriptor 2 (which os.Stderr, the log package and
// C code all write to) a copy of f, and returns the old one. f is closed.
func moveStderr(f *os.File) (old *os.File, err error) {
	fd, err := syscall.Dup(2)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	if err := dup2(int(f.Fd()), 2); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	f.Close()
	return os.NewFile(uintptr(fd), "headsdown window's pipe"), nil
}

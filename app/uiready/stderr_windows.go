package uiready

import (
	"log"
	"os"

	"golang.org/x/sys/windows"
)

func ignoreSIGPIPE() {}

// moveStderr makes f the process's standard error handle, os.Stderr and
// the log package's output, and returns the old os.Stderr.
func moveStderr(f *os.File) (old *os.File, err error) {
	if err := windows.SetStdHandle(windows.STD_ERROR_HANDLE, windows.Handle(f.Fd())); err != nil {
		return nil, err
	}
	old, os.Stderr = os.Stderr, f
	if log.Writer() == old {
		log.SetOutput(f) // a writer of the program's own (one that looks os.Stderr up) stays
	}
	return old, nil
}

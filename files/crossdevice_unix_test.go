//go:build !windows

package files

import "syscall"

// errCrossDevice is what rename returns across file systems here.
var errCrossDevice error = syscall.EXDEV

//go:build windows

package main

import (
	"errors"

	"golang.org/x/sys/windows"
)

// inUse reports whether err is Windows refusing a file because another
// program has it open: a sharing or lock violation, or, when replacing
// the file (replacing), "Access is denied", which is what replacing a
// file that a program opened without FILE_SHARE_DELETE gives. (A file
// the user may not change gives it too; resolveOutput has refused those
// already, by opening them for writing.)
func inUse(err error, replacing bool) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION) ||
		(replacing && errors.Is(err, windows.ERROR_ACCESS_DENIED))
}

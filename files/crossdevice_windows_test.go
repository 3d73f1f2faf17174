package files

import "golang.org/x/sys/windows"

// errCrossDevice is what MoveFileEx (os.Rename) returns across volumes.
var errCrossDevice error = windows.ERROR_NOT_SAME_DEVICE

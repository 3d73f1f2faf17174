//go:build windows

package main

import (
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// holdOpen opens f as another program would, sharing it as share says
// (never FILE_SHARE_DELETE, which most programs leave out), until release.
func holdOpen(t *testing.T, f string, share uint32) (release func()) {
	t.Helper()
	name, err := windows.UTF16PtrFromString(f)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ, share, nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			windows.CloseHandle(h)
		}
	}
	t.Cleanup(release)
	return release
}

// FILE open in another program: Windows refuses to replace it ("Access
// is denied"), or to open it at all. The error names FILE and says what
// to do; FILE stays as it was and no temporary file is left; once the
// other program lets go, the same command works.
func TestReportToAFileOpenElsewhere(t *testing.T) {
	withReportDB(t)
	cases := []struct {
		name  string
		share uint32
	}{
		{"a viewer that shares reading and writing", windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE},
		{"a program that shares reading only (as Excel does)", windows.FILE_SHARE_READ},
	}
	for _, c := range cases {
		for _, cmd := range []string{"report", "export"} {
			t.Run(c.name+" "+cmd, func(t *testing.T) {
				f := userFile(t)
				release := holdOpen(t, f, c.share)
				_, errs, code := runCLI(t, "", cmd, "-o", f)
				if code != 1 || !strings.Contains(errs, "cannot write "+f) ||
					!strings.Contains(errs, "Close it in the other program, or choose another name") || strings.Contains(errs, ".tmp") {
					t.Fatalf("exit %d, stderr %q", code, errs)
				}
				release()
				assertKept(t, f)
				if _, errs, code := runCLI(t, "", cmd, "-o", f); code != 0 {
					t.Fatalf("once closed elsewhere: exit %d, stderr %q", code, errs)
				}
			})
		}
	}
}

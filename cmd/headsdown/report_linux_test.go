package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// A device such as /dev/full is written in place and never removed, even
// when the write fails (run as root, the old code deleted /dev/full).
func TestReportToAFullDeviceKeepsTheDevice(t *testing.T) {
	withReportDB(t)
	// A private copy of /dev/full, so a regression cannot delete the real
	// one. Making device nodes needs root; others cannot delete /dev/full
	// anyway, so they test against it.
	dev := filepath.Join(t.TempDir(), "full")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(1<<8|7)); err != nil {
		if os.Geteuid() == 0 {
			t.Skipf("cannot make a device node: %v", err)
		}
		dev = "/dev/full"
	}
	_, errs, code := runCLI(t, "", "export", "-o", dev)
	if code != 1 || !strings.Contains(errs, dev) || !strings.Contains(errs, "no space left") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	fi, err := os.Lstat(dev)
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("the device is gone or replaced: %v %v", fi, err)
	}
}

// A FIFO (a script reading the report from a named pipe) receives the
// report and stays a FIFO.
func TestReportToAFIFO(t *testing.T) {
	withReportDB(t)
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the CLI opens it for writing
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	_, errs, code := runCLI(t, "", "report", "--format", "md", "-o", fifo)
	if code != 0 {
		// Release the reader, which would otherwise wait for a writer forever.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if s := <-got; !strings.HasPrefix(s, "# Heads Down — Week ") {
		t.Fatalf("the reader got %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO is gone or replaced: %v %v", fi, err)
	}
}

// fsImmutable is FS_IMMUTABLE_FL (linux/fs.h): nothing in the folder can
// be made, renamed or removed, not even by root.
const fsImmutable = 0x10

// refuseChanges makes dir refuse new files and renames until the test
// ends: read-only for a user; immutable for root, whom permissions do not
// stop.
func refuseChanges(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err == nil {
		err = unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags|fsImmutable))
	}
	if errors.Is(err, unix.ENOTTY) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EPERM) {
		t.Skipf("cannot make %s refuse changes as root here: %v", dir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f, err := os.Open(dir)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		if err := unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags)); err != nil {
			t.Errorf("%s stays immutable: %v (chattr -i it)", dir, err)
		}
	})
}

// A folder that does not allow the new file to be made beside FILE (the
// Linux counterpart of Windows refusing to replace a file another program
// holds open): a clear error that names FILE and says what to do, FILE
// as it was, and no temporary file left behind.
func TestReportIntoAFolderThatRefusesChanges(t *testing.T) {
	withReportDB(t)
	for _, cmd := range []string{"report", "export"} {
		t.Run(cmd, func(t *testing.T) {
			f := userFile(t)
			refuseChanges(t, filepath.Dir(f))
			_, errs, code := runCLI(t, "", cmd, "-o", f)
			if code != 1 || !strings.Contains(errs, "cannot write "+f) || !strings.Contains(errs, "Choose another folder or name") ||
				!strings.Contains(errs, "left as it was") || strings.Contains(errs, ".tmp") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			assertKept(t, f)
		})
	}
}

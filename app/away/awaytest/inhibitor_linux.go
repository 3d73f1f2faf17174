package awaytest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// inhibitor is one delay lock handed out: the write end of a pipe, like
// logind's FIFO. The fake keeps its own copy open (godbus sends the
// descriptor after Inhibit returns, so it cannot be closed there), and
// tells whether the client still holds the lock by looking for the pipe
// among the client's open descriptors in /proc.
type inhibitor struct {
	pid int    // the process that asked
	ino uint64 // the pipe's inode: /proc/PID/fd/N links to "pipe:[ino]"
	own int    // the fake's copy, -1 once closed
}

func newInhibitor(pid int) (*inhibitor, error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, err
	}
	unix.Close(p[0])
	var st unix.Stat_t
	if err := unix.Fstat(p[1], &st); err != nil {
		unix.Close(p[1])
		return nil, err
	}
	return &inhibitor{pid: pid, ino: st.Ino, own: p[1]}, nil
}

func (i *inhibitor) held() bool {
	dir := filepath.Join("/proc", strconv.Itoa(i.pid), "fd")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false // the process is gone
	}
	want := fmt.Sprintf("pipe:[%d]", i.ino)
	for _, e := range entries {
		if i.pid == selfPID && e.Name() == strconv.Itoa(i.own) {
			continue
		}
		if link, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && link == want {
			return true
		}
	}
	return false
}

func (i *inhibitor) close() {
	if i.own >= 0 {
		unix.Close(i.own)
		i.own = -1
	}
}

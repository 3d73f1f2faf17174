//go:build !windows

package main

import (
	"os/exec"
	"syscall"
)

// detach puts the window program in a session of its own: Ctrl-C in the
// terminal and the terminal closing reach this command, not the window.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}

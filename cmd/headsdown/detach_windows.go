package main

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

// detach gives the window program a process group of its own, so Ctrl+C
// in the console reaches this command, not the window.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
}

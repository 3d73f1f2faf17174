package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// The Windows build is a GUI-subsystem program (-H windowsgui), so the tray
// started from the Start menu or at login has no console window behind it.
// Windows then gives it no console when it runs from cmd or PowerShell
// either: with arguments (a CLI command, --help, --headless -v) it attaches
// to the console it was started from, so what it prints shows there.
// Without arguments it is the tray and stays detached, so closing that
// terminal does not end it.
func init() {
	if len(os.Args) > 1 {
		attachParentConsole()
	}
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

func attachParentConsole() {
	// Redirected output (a file, a pipe) already has handles: keep them.
	needOut := !usable(windows.STD_OUTPUT_HANDLE)
	needErr := !usable(windows.STD_ERROR_HANDLE)
	needIn := !usable(windows.STD_INPUT_HANDLE)
	if !needOut && !needErr && !needIn {
		return
	}
	// Fails when there is no parent console (started from Explorer):
	// there is nowhere to print, and the log file has everything.
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	if needOut || needErr {
		if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			if needOut {
				os.Stdout = out
			}
			if needErr {
				os.Stderr = out
			}
		}
	}
	if needIn {
		if in, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = in
		}
	}
}

func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

package uiready

import "syscall"

// dup2 is dup3 on Linux, which every architecture has (arm64 lacks dup2).
func dup2(from, to int) error { return syscall.Dup3(from, to, 0) }

//go:build !windows

package slackapi

import "syscall"

// refusedErrnos are the errors of a host the network reaches that would
// not take the connection (refused, or a router said no).
var refusedErrnos = []error{syscall.ECONNREFUSED, syscall.EHOSTUNREACH}

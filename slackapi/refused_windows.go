package slackapi

import "golang.org/x/sys/windows"

// refusedErrnos are the errors of a host the network reaches that would
// not take the connection. Windows sockets answer with their own numbers
// (WSAECONNREFUSED is 10061, not Unix's ECONNREFUSED), which errors.Is
// does not match to the syscall package's Unix names.
var refusedErrnos = []error{windows.WSAECONNREFUSED, windows.WSAEHOSTUNREACH}

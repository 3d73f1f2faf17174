// Package focus is the heart of Heads Down: the focus-timer state machine, the
// timer plans and duration parsing.
//
// It is deliberately stdlib-only and free of I/O: the engine never sleeps,
// never starts a goroutine and never touches a file. Time comes from an
// injected Clock, so a 50-minute block runs in microseconds in tests, and every
// state change is returned to the caller as an Event, so the caller can make
// it durable before anyone else hears of it.
package focus

package main

import (
	"bytes"
	"os"
	"sync"
)

// fyneNoise drops the one message Fyne 2.8.1 prints that says nothing to a
// person and cannot be avoided from outside: "Fyne error: Preferences load
// error: EOF" (three lines) as a window closes. Fyne saves its preferences
// at exit by truncating the file before it marks the save as its own, so
// its file watcher, running the callback itself once the loop has ended,
// reads the empty file (app/preferences.go save and storageWriter). Heads
// Down keeps nothing in Fyne's preferences. Every other line goes on, to
// standard error as it is at the time of writing (uiready moves it).
type fyneNoise struct {
	mu       sync.Mutex
	dropping bool // inside a dropped message: its Cause and At lines follow
}

func (f *fyneNoise) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	// The log package writes one line per call.
	switch {
	case bytes.Contains(p, []byte("Preferences load error")):
		f.dropping = true
		return len(p), nil
	case f.dropping && (bytes.Contains(p, []byte("  Cause: ")) || bytes.Contains(p, []byte("  At: "))):
		return len(p), nil
	}
	f.dropping = false
	return os.Stderr.Write(p)
}

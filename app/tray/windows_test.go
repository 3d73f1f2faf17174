//go:build linux

package tray

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// Quitting closes the windows and opens no more: a menu click or a
// start-up window that comes after closeWindows must not leave a window
// process behind the app.
func TestNoWindowOpensAfterQuit(t *testing.T) {
	dir := t.TempDir()
	opened := filepath.Join(dir, "opened")
	// A stand-in for headsdown-ui on PATH that records each start.
	script := "#!/bin/sh\necho \"$1\" >> " + opened + "\n"
	if err := os.WriteFile(filepath.Join(dir, "headsdown-ui"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	tr := &Tray{log: slog.New(slog.NewTextHandler(io.Discard, nil)), windows: map[string]*window{}}

	tr.openWindow("review") // returns once the process has ended
	if data, _ := os.ReadFile(opened); string(data) != "review\n" {
		t.Fatalf("before quitting the window did not open: %q", data)
	}
	tr.closeWindows()
	tr.openWindow("welcome")
	if data, _ := os.ReadFile(opened); string(data) != "review\n" {
		t.Fatalf("a window opened after quitting: %q", data)
	}
}

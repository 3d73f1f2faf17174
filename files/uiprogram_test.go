package files

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Launch at login stores a path that survives an upgrade: the name on
// PATH when it is this program, or the program beside the executable as
// the OS named it; never the version folder the links resolve to (a
// Homebrew Cellar, the Nix store, a scoop version folder), which the next
// upgrade deletes.
func TestLaunchPathSurvivesAnUpgrade(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: symbolic links need a privilege; scoop's junction case is the 'as the OS named it' row")
	}
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target, p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Homebrew (and Nix, alike): the versioned programs, and links to
	// them in a bin folder on PATH.
	cellarTray := mk("Cellar/headsdown/1.2.0/bin/headsdown")
	cellarUI := mk("Cellar/headsdown/1.2.0/bin/headsdown-ui")
	brewBin := filepath.Join(root, "brew/bin")
	brewTray := link(cellarTray, "brew/bin/headsdown")
	brewUI := link(cellarUI, "brew/bin/headsdown-ui")
	// scoop-like: a "current" link to the version folder, no PATH entry.
	mk("apps/headsdown/1.2.0/headsdown")
	mk("apps/headsdown/1.2.0/headsdown-ui")
	link(filepath.Join(root, "apps/headsdown/1.2.0"), "apps/headsdown/current")
	scoopUI := filepath.Join(root, "apps/headsdown/current/headsdown-ui")
	// A build folder, and another headsdown on PATH that is not it.
	devUI := mk("src/bin/headsdown-ui")
	devTray := mk("src/bin/headsdown")
	otherBin := filepath.Dir(mk("usr/local/bin/headsdown"))

	for _, tc := range []struct {
		name, exe, path, want string
	}{
		{"Homebrew, the executable resolved (Linux names it so)", cellarUI, brewBin, brewTray},
		{"Homebrew, the executable as started", brewUI, brewBin, brewTray},
		{"a version link, not on PATH: the link, not its target", scoopUI, "", filepath.Join(root, "apps/headsdown/current/headsdown")},
		{"a build, with another headsdown on PATH", devUI, otherBin, devTray},
		{"the Cellar, nothing on PATH: the last resort", cellarUI, "", cellarTray},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", tc.path)
			got, err := launchPath("headsdown", tc.exe, exec.LookPath, filepath.EvalSymlinks, isFile)
			if err != nil || got != tc.want {
				t.Fatalf("launchPath = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

package files

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
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

// A Linux install keeps headsdown-ui out of PATH, in
// <prefix>/libexec/headsdown: the tray finds it there, and the window
// program finds the tray (for launch at login) in <prefix>/bin; a build
// folder still has the two side by side (issue 20, item 13).
func TestProgramsInTheInstalledLayout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: the two programs are installed side by side")
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
	tray, ui := mk("usr/bin/headsdown"), mk("usr/libexec/headsdown/headsdown-ui")
	devTray, devUI := mk("src/bin/headsdown"), mk("src/bin/headsdown-ui")
	optTray := mk("opt/hd/bin/headsdown")
	optUI := mk("opt/hd/libexec/headsdown/headsdown-ui")
	linked := filepath.Join(root, "usr/local/bin/headsdown")
	os.MkdirAll(filepath.Dir(linked), 0o755)
	if err := os.Symlink(optTray, linked); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, find, exe, path, want string
		dirs                        []string
	}{
		{"the tray finds the window program in libexec", "headsdown-ui", tray, filepath.Dir(tray), ui, []string{".", uiDir}},
		{"the window program finds the tray on PATH", "headsdown", ui, filepath.Dir(tray), tray, []string{".", trayDir}},
		{"the window program finds the tray, PATH empty", "headsdown", ui, "", tray, []string{".", trayDir}},
		{"a build: side by side first", "headsdown-ui", devTray, filepath.Dir(tray), devUI, []string{".", uiDir}},
		{"a link to an installed tree: beside the link's target", "headsdown-ui", linked, "", optUI, []string{".", uiDir}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", tc.path)
			got, err := launchPath(tc.find, tc.exe, exec.LookPath, filepath.EvalSymlinks, isFile, tc.dirs...)
			if err != nil || got != tc.want {
				t.Fatalf("launchPath = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	t.Run("not found says where it looked", func(t *testing.T) {
		t.Setenv("PATH", "")
		_, err := launchPath("headsdown-ui", filepath.Join(root, "nowhere/bin/headsdown"), exec.LookPath, filepath.EvalSymlinks, isFile, ".", uiDir)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "nowhere/libexec/headsdown")) {
			t.Fatalf("err %v", err)
		}
	})
}

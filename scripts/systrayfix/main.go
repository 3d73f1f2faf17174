// Command systrayfix writes a go.mod for building with a fixed copy of
// fyne.io/systray (go build -modfile=…). Its D-Bus menu (Linux and the
// BSDs) has a data race: the first com.canonical.dbusmenu.GetLayout call
// starts a goroutine that calls refresh() 150 ms later without the menu
// lock, and refresh() writes the menu version that every GetLayout reads
// under that lock. `go build -race` binaries stop with "WARNING: DATA
// RACE" when a tray host asks for the layout twice in quick succession
// (DESIGN.md recorded it; the smoke tests hit it). The fix takes the menu
// lock around that call, the order every other caller of refresh()
// already uses (menu lock, then the tray lock), so no lock order changes.
//
// Nothing of the library is committed: the module is copied from the
// module cache into DIR at build time and one line patched, and DIR/go.mod
// is this repository's go.mod with a replace pointing at the copy (Go
// does not allow build overlays of module-cache files). It fails loudly
// when the file no longer has the code it fixes: then see whether upstream
// fixed it, and drop this program and the -modfile flags.
//
//	go run ./scripts/systrayfix -o bin/systray   # prints DIR/go.mod, for go build -modfile
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	module = "fyne.io/systray"
	file   = "systray_menu_unix.go"
	racy   = "\t\t\tgo func() {\n\t\t\t\ttime.Sleep(150 * time.Millisecond)\n\t\t\t\trefresh()\n\t\t\t}()\n"
	fixed  = "\t\t\tgo func() {\n\t\t\t\ttime.Sleep(150 * time.Millisecond)\n" +
		"\t\t\t\t// headsdown overlay (scripts/systrayfix): under the menu lock, as every other refresh().\n" +
		"\t\t\t\tinstance.menuLock.Lock()\n\t\t\t\trefresh()\n\t\t\t\tinstance.menuLock.Unlock()\n\t\t\t}()\n"
)

func main() {
	out := flag.String("o", "", "the folder to write the patched copy and its go.mod into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: systrayfix -o DIR")
		os.Exit(2)
	}
	path, err := write(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "systrayfix:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}

func write(out string) (string, error) {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		return "", fmt.Errorf("find %s: %w", module, err)
	}
	modDir := strings.TrimSpace(string(dir))
	src, err := os.ReadFile(filepath.Join(modDir, file))
	if err != nil {
		return "", err
	}
	if n := strings.Count(string(src), racy); n != 1 {
		return "", fmt.Errorf("%s: the code this fix patches was found %d times, not once: "+
			"see whether upstream fixed the GetLayout race, then drop scripts/systrayfix", filepath.Join(modDir, file), n)
	}
	if out, err = filepath.Abs(out); err != nil {
		return "", err
	}
	copyDir := filepath.Join(out, "systray")
	if err := os.RemoveAll(copyDir); err != nil {
		return "", err
	}
	if err := copyTree(modDir, copyDir); err != nil {
		return "", fmt.Errorf("copy %s: %w", module, err)
	}
	if err := os.WriteFile(filepath.Join(copyDir, file), []byte(strings.Replace(string(src), racy, fixed, 1)), 0o644); err != nil {
		return "", err
	}
	// This repository's go.mod and go.sum, plus the replace.
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("find go.mod: %w", err)
	}
	gomod := strings.TrimSpace(string(root))
	mod, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	sum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum")
	if err != nil {
		return "", err
	}
	modfile := filepath.Join(out, "go.mod")
	mod = append(mod, []byte(fmt.Sprintf("\n// scripts/systrayfix: the GetLayout race fixed.\nreplace %s => %s\n", module, copyDir))...)
	if err := os.WriteFile(modfile, mod, 0o644); err != nil {
		return "", err
	}
	return modfile, os.WriteFile(filepath.Join(out, "go.sum"), sum, 0o644)
}

// copyTree copies the module's files (read-only in the module cache) as
// writable files.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

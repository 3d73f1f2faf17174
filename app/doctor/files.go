package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/store"
)

// ConfigCheck reads config.toml as the app would.
func ConfigCheck(path string) Check {
	return Check{Part: "settings", Run: func(context.Context) []Finding {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return []Finding{ok("settings", "no "+path+" yet: the defaults apply (Settings saves one)")}
		}
		if _, err := config.Load(path); err != nil {
			return []Finding{problem("settings", errText(err),
				"correct it in Settings (`headsdown window settings`) or in the file; until then the app keeps its last good settings")}
		}
		return []Finding{ok("settings", path+" is valid")}
	}}
}

// DatabaseCheck runs the integrity check and reads the schema version,
// writing nothing.
func DatabaseCheck(path string) Check {
	return Check{Part: "database", Run: func(ctx context.Context) []Finding {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return []Finding{ok("database", "no "+path+" yet: the first start creates it")}
		}
		v, want, err := store.Check(ctx, path)
		switch {
		case errors.Is(err, store.ErrCorrupt):
			return []Finding{problem("database", path+" failed its integrity check",
				"quit Heads Down, move the file (with its -wal and -shm) aside or restore a backup; Heads Down never repairs or deletes it")}
		case err != nil:
			return []Finding{problem("database", errText(err),
				"if another program (a sqlite3 shell) holds it, close that; otherwise check the file's permissions")}
		case v > want:
			return []Finding{problem("database", fmt.Sprintf("%s is from a newer Heads Down (schema %d; this one knows %d)", path, v, want),
				"upgrade Heads Down")}
		case v < want:
			return []Finding{note("database", fmt.Sprintf("%s is intact (schema %d; the next start migrates it to %d)", path, v, want))}
		}
		return []Finding{ok("database", path+" is intact")}
	}}
}

// Folder is one of the app's folders and the files in it to check.
type Folder struct {
	What, Dir string
	Files     []string
}

// FoldersCheck checks that each folder is the user's own and writable, and
// that the files in it are readable by no one else (they hold history and,
// without a keyring, the Slack tokens).
// Folders that are one (HEADSDOWN_DATA_DIR) are checked once.
func FoldersCheck(folders []Folder) Check {
	var merged []Folder
	at := map[string]int{}
	for _, f := range folders {
		if i, seen := at[f.Dir]; seen {
			merged[i].What += ", " + f.What
			merged[i].Files = append(merged[i].Files, f.Files...)
			continue
		}
		at[f.Dir] = len(merged)
		merged = append(merged, Folder{What: f.What, Dir: f.Dir, Files: append([]string(nil), f.Files...)})
	}
	return Check{Part: "folders", Run: func(context.Context) []Finding {
		var out []Finding
		for _, f := range merged {
			out = append(out, checkFolder(f))
		}
		return out
	}}
}

func checkFolder(f Folder) Finding {
	part := "folder"
	label := f.Dir + " (" + f.What + ")"
	fi, err := os.Stat(f.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return ok(part, label+" does not exist yet: the first start creates it")
	}
	if err != nil {
		return problem(part, errText(err), "check the permissions of its parent folders")
	}
	if !fi.IsDir() {
		return problem(part, label+" is a file, not a folder", "move it aside")
	}
	if err := writable(f.Dir); err != nil {
		return problem(part, label+" cannot be written: "+errText(err),
			"make it yours and writable (chmod u+rwx), or free disk space")
	}
	if runtime.GOOS == "windows" {
		return ok(part, label)
	}
	// Others listing the folder see file names only; what matters is
	// that the files themselves are the user's alone (checked below).
	open := fi.Mode().Perm()&0o077 != 0
	for _, name := range f.Files {
		p := f.Dir + string(os.PathSeparator) + name
		fi, err := os.Stat(p)
		if err != nil {
			continue // not there yet is fine; the folder check covers the rest
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return problem(part, fmt.Sprintf("%s can be read by others (mode %04o)", p, fi.Mode().Perm()),
				"chmod 600 "+shellQuote(p))
		}
	}
	if open {
		return note(part, fmt.Sprintf("%s can be listed by others (mode %04o); its files are yours alone (chmod 700 %s to hide their names)",
			label, fi.Mode().Perm(), shellQuote(f.Dir)))
	}
	return ok(part, label+" is yours alone")
}

// writable creates and removes a file: the only sure test (permissions,
// ACLs, a read-only mount and a full disk all show here).
func writable(dir string) error {
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(make([]byte, 4096))
	cerr := f.Close()
	rerr := os.Remove(f.Name())
	return errors.Join(werr, cerr, rerr)
}

func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '-' || r == '_') {
			return "'" + s + "'"
		}
	}
	return s
}

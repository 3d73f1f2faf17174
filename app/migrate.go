package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// ErrOldAppRunning means a Heads Down from before the current layout is
// running on the old files, so they cannot be moved.
var ErrOldAppRunning = errors.New("an older Heads Down is running")

// renameFile is os.Rename; tests replace it to see a rename across file systems.
var renameFile = os.Rename

// proper is p with every file in its own directory, without the fallbacks
// DefaultPaths takes to a layout not moved yet.
func (p Paths) proper() Paths {
	p.DB = filepath.Join(p.DataDir, store.FileName)
	p.Config = filepath.Join(p.ConfigDir, config.FileName)
	p.Log = filepath.Join(p.StateDir, logName)
	p.Lock = filepath.Join(p.RuntimeDir, lockName)
	p.Socket = control.SocketPath(p.RuntimeDir)
	return p
}

// MigrateOldLayout creates the directories of p (owner-only) and moves the
// files of the old layout (p.OldDir) into them: the database with its -wal
// and -shm (only if the new place has no database), config.toml where it
// moves at all, and the log with its rotated files. Nothing in the new place
// is ever overwritten; what cannot move stays where it is and is named in
// the notes. The caller holds the instance lock at p.Lock and has not opened
// the database or the log yet. While it moves files it also holds the old
// layout's lock, and refuses (ErrOldAppRunning) if an older Heads Down holds
// it. Control socket files an older app left behind go (on Windows the
// channel is a pipe now, so any there). It returns p without fallbacks,
// and what it did, for the log.
func MigrateOldLayout(p Paths) (Paths, []string, error) {
	p = p.proper()
	if err := p.mkdirs(); err != nil {
		return p, nil, err
	}
	if !control.SocketIsFile {
		// Heads Down 0.2 on Windows left a Unix socket file here; the
		// caller holds the lock, so no such app runs, and the control
		// pipe needs no file.
		_ = os.Remove(socketFileIn(p.RuntimeDir))
	}
	if p.OldDir == "" {
		return p, nil, nil
	}
	old := PathsIn(p.OldDir)
	type move struct{ from, to string }
	var db, others []move
	var notes []string
	pending := func(from, to string) bool {
		if same(from, to) || !exists(from) {
			return false
		}
		if exists(to) {
			notes = append(notes, fmt.Sprintf("kept %s in place: %s already exists", from, to))
			return false
		}
		return true
	}
	if !same(old.DB, p.DB) && exists(old.DB) {
		if exists(p.DB) {
			notes = append(notes, fmt.Sprintf("kept the old database %s in place: %s already exists", old.DB, p.DB))
		} else {
			// The -wal holds committed transactions: it moves with the
			// database, before it, so the database (last) marks a finished move.
			for _, suffix := range []string{"-wal", "-shm", ""} {
				from, to := old.DB+suffix, p.DB+suffix
				if !exists(from) {
					continue // not there, or moved by a run that stopped halfway
				}
				if exists(to) {
					return p, notes, fmt.Errorf("cannot move the database %s: %s already exists (move one of them aside)", old.DB, to)
				}
				db = append(db, move{from, to})
			}
		}
	}
	if pending(old.Config, p.Config) {
		others = append(others, move{old.Config, p.Config})
	}
	for i := 0; i <= keepLogs; i++ {
		name := logName
		if i > 0 {
			name += "." + strconv.Itoa(i)
		}
		if from, to := filepath.Join(old.StateDir, name), filepath.Join(p.StateDir, name); pending(from, to) {
			others = append(others, move{from, to})
		}
	}
	if len(db)+len(others) == 0 {
		return p, notes, nil
	}

	// An older Heads Down holds its lock in the old directory: take it too,
	// so none runs on the files while (or after) they move.
	if !same(old.Lock, p.Lock) {
		release, err := lockOld(old.Lock)
		if err != nil {
			return p, notes, err
		}
		defer release()
		if stale := socketFileIn(old.RuntimeDir); exists(stale) && !same(stale, p.Socket) {
			_ = os.Remove(stale) // its app is not running: we hold its lock
		}
	}
	for _, m := range append(db, others...) {
		if err := moveFile(m.from, m.to); err != nil {
			return p, notes, fmt.Errorf("move %s to %s: %w (nothing was lost: the files not moved yet are still in %s)", m.from, m.to, err, p.OldDir)
		}
		notes = append(notes, fmt.Sprintf("moved %s to %s", m.from, m.to))
	}
	return p, notes, nil
}

// lockOld takes the old layout's instance lock; release gives it up and
// removes the file (no Heads Down uses that directory any more).
func lockOld(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the old instance lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		pid := ""
		if b, _ := io.ReadAll(io.LimitReader(f, 32)); len(b) > 0 {
			pid = " (pid " + strings.TrimSpace(string(b)) + ")"
		}
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w%s on the files in %s: quit it, then start Heads Down again to move them to the new place", ErrOldAppRunning, pid, filepath.Dir(path))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		unlockFile(f)
		f.Close()
		_ = os.Remove(path)
	}, nil
}

// moveFile moves from to to, never overwriting to: a rename, or across file
// systems a copy (synced, its size checked) renamed into place, and only then
// the original removed.
func moveFile(from, to string) error {
	if exists(to) {
		return fmt.Errorf("%s already exists", to)
	}
	err := renameFile(from, to)
	if err == nil {
		_ = syncDir(filepath.Dir(to))
		return syncDir(filepath.Dir(from))
	}
	if !isCrossDevice(err) {
		return err
	}
	if err := copyInto(from, to); err != nil {
		return err
	}
	if err := os.Remove(from); err != nil {
		return err
	}
	return syncDir(filepath.Dir(from))
}

func copyInto(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(to), "."+filepath.Base(to)+".moving")
	dst, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		var st os.FileInfo
		if st, err = os.Stat(tmp); err == nil && (n != fi.Size() || st.Size() != fi.Size()) {
			err = fmt.Errorf("copied %d of %d bytes", st.Size(), fi.Size())
		}
	}
	if err == nil && exists(to) {
		err = fmt.Errorf("%s already exists", to)
	}
	if err == nil {
		err = os.Rename(tmp, to)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(to))
}

func same(a, b string) bool { return filepath.Clean(a) == filepath.Clean(b) }

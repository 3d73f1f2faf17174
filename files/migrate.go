package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// ErrOldAppRunning means a Heads Down from before the current layout is
// running on the old files, so they cannot be moved.
var ErrOldAppRunning = errors.New("an older Heads Down is running")

// ErrMoving means a start of Heads Down is moving the database from the
// old layout (or was killed while it did): readers wait for the move
// rather than open a half-moved database.
var ErrMoving = errors.New("Heads Down is moving its database to the new place")

// movingName marks a database move in progress. It lives in the old folder,
// where readers look first (Default), is written before the first file
// moves and removed after the last, so a reader never opens a database
// whose log has gone ahead of it, and the next start knows to finish.
const movingName = "headsdown.moving"

// renameFile is os.Rename; tests replace it to see a rename across file systems.
var renameFile = os.Rename

// checkpointDB is store.Checkpoint; tests replace it to see a reader that
// keeps the log from being folded in.
var checkpointDB = store.Checkpoint

// killPoint, set only by tests, is called at each point where a kill (a
// crash, a logout, a dead battery) may interrupt a move; an error stops the
// move right there, leaving the files as a kill would.
var killPoint func(point string) error

func kill(point string) error {
	if killPoint == nil {
		return nil
	}
	return killPoint(point)
}

// proper is p with every file in its own directory, without the fallbacks
// Default takes to a layout not moved yet.
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
// and -shm (only if the new place has no database, or a move of it was
// interrupted: then it finishes it, see moveDatabase), config.toml where it
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
	old := In(p.OldDir)
	marker := filepath.Join(p.OldDir, movingName)
	resuming := exists(marker)
	type move struct{ from, to string }
	var others []move
	var notes []string
	moveDB := false
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
	switch {
	case same(old.DB, p.DB):
	case resuming:
		moveDB = true // a move that was interrupted: finish it
	case exists(old.DB) && exists(p.DB):
		notes = append(notes, fmt.Sprintf("kept the old database %s in place: %s already exists", old.DB, p.DB))
	case exists(old.DB):
		moveDB = true
	}
	if pending(old.Config, p.Config) {
		others = append(others, move{old.Config, p.Config})
	}
	for i := 0; i <= KeptLogs; i++ {
		name := logName
		if i > 0 {
			name += "." + strconv.Itoa(i)
		}
		if from, to := filepath.Join(old.StateDir, name), filepath.Join(p.StateDir, name); pending(from, to) {
			others = append(others, move{from, to})
		}
	}
	if !moveDB && len(others) == 0 {
		if resuming {
			_ = os.Remove(marker) // nothing left to move
		}
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
	if moveDB {
		did, err := moveDatabase(old.DB, p.DB, marker, resuming)
		notes = append(notes, did...)
		if err != nil {
			return p, notes, fmt.Errorf("%w (nothing was lost: the next start finishes the move by itself)", err)
		}
	}
	for _, m := range others {
		if err := moveFile(m.from, m.to); err != nil {
			return p, notes, fmt.Errorf("move %s to %s: %w (nothing was lost: the files not moved yet are still in %s)", m.from, m.to, err, p.OldDir)
		}
		notes = append(notes, fmt.Sprintf("moved %s to %s", m.from, m.to))
	}
	return p, notes, nil
}

// moveDatabase moves the database from to to with its -wal and -shm, and
// finishes a move that was interrupted (resuming: the marker is there)
// without asking anyone which file to keep.
//
// First, on a fresh move, the log is folded into the database file (a
// checkpoint), so the database file alone holds every transaction. Then
// the marker is written; the -wal moves before the file (a database file
// without its log is an older database), the file last; then the marker
// goes. A file that is in both places is settled (see settle): a copy
// across file systems that was renamed into place is whole, since it is
// renamed only once synced and its size checked.
func moveDatabase(from, to, marker string, resuming bool) ([]string, error) {
	var notes []string
	if !resuming && !exists(to+"-wal") && !exists(to+"-shm") {
		// Best effort: a reader holding the database open keeps the log,
		// which then moves with it.
		if err := checkpointDB(context.Background(), from); err != nil {
			notes = append(notes, "moving the log too: "+err.Error())
		}
	}
	if err := writeMarker(marker); err != nil {
		return notes, err
	}
	if err := kill("marked"); err != nil {
		return notes, err
	}
	for _, suffix := range []string{"-wal", "-shm", ""} {
		f, t := from+suffix, to+suffix
		if !exists(f) {
			continue // not there, or moved by a start that was interrupted
		}
		if exists(t) {
			did, err := settle(f, t, suffix)
			if err != nil {
				return notes, err
			}
			notes = append(notes, did)
			if exists(f) {
				// settle put a stale copy aside: the original moves now.
				if err := moveFile(f, t); err != nil {
					return notes, fmt.Errorf("move %s to %s: %w", f, t, err)
				}
			}
			continue
		}
		if err := moveFile(f, t); err != nil {
			return notes, fmt.Errorf("move %s to %s: %w", f, t, err)
		}
		notes = append(notes, fmt.Sprintf("moved %s to %s", f, t))
		if err := kill("moved" + suffix); err != nil {
			return notes, err
		}
	}
	if err := os.Remove(marker); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return notes, fmt.Errorf("finish the move: %w", err)
	}
	return notes, syncDir(filepath.Dir(marker))
}

// writeMarker writes the move-in-progress marker durably.
func writeMarker(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("mark the move: %w", err)
	}
	_, err = fmt.Fprintf(f, "Heads Down (pid %d) is moving its database from this folder; the next start finishes the move.\n", os.Getpid())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("mark the move: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// settle decides, with no one to ask, between a database file in the old
// place (from) and the same file already in the new one (to):
//
//   - the -shm is an index SQLite rebuilds from the log: the old one goes;
//   - the same bytes in both (a copy across file systems, killed before the
//     original was removed): the old one goes;
//   - an empty -wal holds no transaction (a reader opened the old database
//     after its log had moved, and SQLite made a new, empty one): it goes,
//     in whichever place it is;
//   - otherwise the old file is the original (nothing writes to it during a
//     move, and every copy is made from it): the new one is put aside as
//     "…stale-TIME" and the original moves in.
func settle(from, to, suffix string) (string, error) {
	drop := func(p, why string) (string, error) {
		if err := os.Remove(p); err != nil {
			return "", fmt.Errorf("remove %s: %w", p, err)
		}
		return fmt.Sprintf("removed %s: %s", p, why), nil
	}
	if suffix == "-shm" {
		return drop(from, "an index SQLite rebuilds")
	}
	fi, err1 := os.Stat(from)
	ti, err2 := os.Stat(to)
	if err := errors.Join(err1, err2); err != nil {
		return "", err
	}
	switch {
	case sameContent(from, to):
		return drop(from, "already copied to "+to)
	case suffix == "-wal" && fi.Size() == 0:
		return drop(from, "an empty log")
	case suffix == "-wal" && ti.Size() == 0:
		return drop(to, "an empty log")
	}
	stale := fmt.Sprintf("%s.stale-%d", to, time.Now().Unix())
	if err := os.Rename(to, stale); err != nil {
		return "", fmt.Errorf("put %s aside: %w", to, err)
	}
	return fmt.Sprintf("put %s aside as %s: %s is the original", to, stale, from), nil
}

// sameContent reports whether two files hold the same bytes.
func sameContent(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
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
	if err := kill("copied " + filepath.Base(to)); err != nil {
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

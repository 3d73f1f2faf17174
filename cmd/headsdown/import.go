package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
)

// importCommand is `headsdown import FILE`: it merges what `headsdown
// export --format json` wrote (on this computer or another) into the
// history. As with the other corrections, the running app does it, or
// with none running the command does under the instance lock; one
// transaction either way.
func importCommand(args []string, stdout io.Writer) error {
	p, err := parseFor("import", args)
	if err != nil {
		return err
	}
	if len(p.pos) != 1 {
		return fmt.Errorf("%w: import needs one FILE, written by `headsdown export --format json`", errUsage)
	}
	path, err := filepath.Abs(p.pos[0])
	if err != nil {
		return err
	}
	if fi, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot read %s: %w", p.pos[0], reason(err))
	} else if fi.IsDir() {
		return fmt.Errorf("cannot import %s: it is a folder; give the export file", p.pos[0])
	}
	loc := time.Local
	paths, err := files.Default()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var res *ctl.ImportResult
	resp, err := ctl.Call(ctx, paths.Socket, ctl.Request{Cmd: ctl.CmdImport, Path: path})
	switch {
	case errors.Is(err, ctl.ErrNotRunning):
		if res, err = importOffline(ctx, paths, path, loc); err != nil {
			return err
		}
	case err != nil:
		return err
	case !resp.OK:
		return errors.New(resp.Error)
	default:
		res = resp.Import
	}
	fmt.Fprint(stdout, describeImport(p.pos[0], res, loc))
	return nil
}

func importOffline(ctx context.Context, paths files.Paths, path string, loc *time.Location) (*ctl.ImportResult, error) {
	lock, err := files.AcquireLock(paths.Lock)
	if errors.Is(err, files.ErrAlreadyRunning) {
		return nil, errors.New("Heads Down is starting or stopping: try again in a moment")
	}
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	st, err := store.Open(ctx, paths.DB) // a new computer may start its history with an import
	if err != nil {
		return nil, err
	}
	defer st.Close()
	r, err := app.ImportFile(ctx, st, path, 0, loc)
	if err != nil {
		return nil, err
	}
	return app.ImportInfo(r), nil
}

// describeImport says what was added, what was here already, and each
// block skipped with its reason.
func describeImport(file string, r *ctl.ImportResult, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported %s: %s added, %s here already, %d skipped.\n", file,
		plural(r.Added, "block", "blocks"), plural(r.Present, "block", "blocks"), len(r.Skipped))
	for _, s := range r.Skipped {
		when := s.Start.In(loc).Format("Mon 2 Jan 2006 15:04")
		if !s.End.IsZero() {
			when += "–" + s.End.In(loc).Format("15:04")
		}
		uid := s.UID
		if len(uid) > 8 {
			uid = uid[:8]
		}
		fmt.Fprintf(&b, "  skipped %s (%s): %s\n", when, uid, s.Reason)
	}
	return b.String()
}

// plural is "1 block" / "2 blocks".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

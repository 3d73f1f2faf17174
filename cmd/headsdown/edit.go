package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// editCommand is `headsdown add`, `edit ID`, `delete ID` and `restore ID`:
// the user's corrections to their history. While the app runs it alone
// writes the database, so the command asks it over the control channel;
// otherwise the command takes the app's instance lock (so the app cannot
// start meanwhile) and writes the database itself. Either way one store
// transaction checks the rules and writes.
func editCommand(cmd string, args []string, stdout io.Writer) error {
	p, err := parseFor(cmd, args)
	if err != nil {
		return err
	}
	loc := time.Local
	req := ctl.Request{}
	switch cmd {
	case "add":
		req.Cmd = ctl.CmdAddBlock
		if len(p.pos) > 0 {
			return fmt.Errorf("%w: add takes no positional arguments (give --start and --end)", errUsage)
		}
		if !hasFlag(p.flags, "start") || !hasFlag(p.flags, "end") {
			return fmt.Errorf("%w: add needs --start and --end, such as --start \"2026-12-01 09:00\" --end \"2026-12-01 10:30\"", errUsage)
		}
		req.Tag = p.flags["tag"]
	default:
		req.Cmd = map[string]string{"edit": ctl.CmdEditBlock, "delete": ctl.CmdDeleteBlock, "restore": ctl.CmdRestoreBlock}[cmd]
		if len(p.pos) != 1 {
			return fmt.Errorf("%w: %s needs one block ID (see `headsdown history`)", errUsage, cmd)
		}
		id, err := strconv.ParseInt(p.pos[0], 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("%w: %q is not a block ID (see `headsdown history`)", errUsage, p.pos[0])
		}
		req.BlockID = id
		if tag, ok := p.flags["tag"]; ok {
			req.SetTag = &tag
		}
	}
	for _, f := range []struct {
		name string
		to   **time.Time
	}{{"start", &req.Start}, {"end", &req.End}} {
		if v, ok := p.flags[f.name]; ok {
			t, err := parseWhen(v, loc)
			if err != nil {
				return fmt.Errorf("--%s: %w", f.name, err)
			}
			*f.to = &t
		}
	}
	if cmd == "edit" && req.Start == nil && req.End == nil && req.SetTag == nil {
		return fmt.Errorf("%w: edit needs what to change: --start, --end or --tag", errUsage)
	}
	b, err := sendEdit(req, loc)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, editDone(cmd, b, loc))
	return nil
}

// parseWhen reads a local time in loc ("2026-12-01 09:00", also with a T
// or seconds) or RFC 3339 ("2026-12-01T09:00:00+01:00").
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write it as \"2026-12-01 09:00\" (your time zone) or RFC 3339", s)
}

// sendEdit asks the running app, or, with none running, does the edit
// under the instance lock.
func sendEdit(req ctl.Request, loc *time.Location) (*ctl.Block, error) {
	paths, err := files.Default()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := ctl.Call(ctx, paths.Socket, req)
	switch {
	case errors.Is(err, ctl.ErrNotRunning):
		return editOffline(ctx, paths, req, loc)
	case err != nil:
		return nil, err
	case !resp.OK:
		return nil, errors.New(resp.Error)
	}
	return resp.Block, nil
}

func editOffline(ctx context.Context, paths files.Paths, req ctl.Request, loc *time.Location) (*ctl.Block, error) {
	lock, err := files.AcquireLock(paths.Lock)
	if errors.Is(err, files.ErrAlreadyRunning) {
		return nil, errors.New("Heads Down is starting or stopping: try again in a moment")
	}
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if _, err := os.Stat(paths.DB); err != nil {
		return nil, fmt.Errorf("there is no history yet (%s): start Heads Down once, then correct it", paths.DB)
	}
	st, err := store.Open(ctx, paths.DB)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	b, err := app.EditHistory(ctx, st, req, time.Now(), 0, loc)
	if err != nil {
		return nil, err
	}
	return app.BlockInfo(b), nil
}

// editDone says what was done, in the user's zone.
func editDone(cmd string, b *ctl.Block, loc *time.Location) string {
	start, end := b.Start.In(loc), b.End.In(loc)
	layout := "15:04"
	if focus.DateOf(start, loc) != focus.DateOf(end, loc) {
		layout = "Mon 2 Jan 15:04"
	}
	what := fmt.Sprintf("%s–%s (%s)", start.Format("Mon 2 Jan 2006 15:04"), end.Format(layout),
		focus.FormatDuration(time.Duration(b.FocusSeconds)*time.Second))
	if b.Tag != "" {
		what += ", tag " + b.Tag
	}
	switch cmd {
	case "add":
		return fmt.Sprintf("Added block %d: %s, marked manual.", b.ID, what)
	case "edit":
		if b.Manual {
			return fmt.Sprintf("Block %d is now %s, marked manual (its original times are kept).", b.ID, what)
		}
		return fmt.Sprintf("Block %d is now %s.", b.ID, what)
	case "delete":
		return fmt.Sprintf("Deleted block %d: %s. Undo with `headsdown restore %d`.", b.ID, what, b.ID)
	}
	return fmt.Sprintf("Restored block %d: %s.", b.ID, what)
}

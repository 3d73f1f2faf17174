package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// reportCommand is `headsdown report [--week W] [--format F] [-o FILE]` and
// `headsdown export [--format csv|json] [-o FILE]`. Both read the database
// directly, read-only, so they work whether or not the app runs.
//
// Every option is checked before the database is opened or FILE touched,
// and the whole output is rendered in memory before FILE is written: a
// refused or failed command leaves the user's file exactly as it was.
func reportCommand(cmd string, args []string, stdout io.Writer) error {
	p, err := parseFor(cmd, args)
	if err != nil {
		return err
	}
	if len(p.pos) > 0 {
		return fmt.Errorf("%w: %s takes no positional arguments", errUsage, cmd)
	}
	file := p.flags["o"]
	if file == "" {
		file = p.flags["output"]
	}
	var format string
	week := focus.WeekOf(time.Now(), time.Local)
	var period *focus.Period // a month, a year or a range; nil: the week
	if cmd == "export" {
		format = orDefault(p.flags["format"], "json")
		if err := report.CheckExportFormat(format); err != nil {
			return err
		}
		if w, ok := p.flags["week"]; ok {
			// Silently exporting everything would look like a filtered export.
			return fmt.Errorf("export writes the whole history and takes no --week (got %q): use `headsdown report --week %s --format csv|json` for one week", w, w)
		}
	} else {
		format = orDefault(p.flags["format"], "text")
		if err := report.CheckFormat(format); err != nil {
			return err
		}
		if w := p.flags["week"]; w != "" {
			if week, err = focus.ParseWeek(w); err != nil {
				return err
			}
		}
		if period, err = parsePeriod(p.flags, time.Now(), time.Local); err != nil {
			return err
		}
	}
	if _, err := resolveOutput(file); err != nil {
		return err
	}

	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	cfg, cfgErr := config.Load(paths.Config)
	if cfgErr != nil {
		fmt.Fprintf(os.Stderr, "headsdown: %v (using default settings for this report)\n", cfgErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, paths.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	return emit(stdout, file, func(w io.Writer) error {
		switch {
		case cmd == "export":
			return report.Export(ctx, w, st, format)
		case period != nil:
			return writeRange(ctx, w, st, cfg, paths.CalendarDir(), *period, format)
		}
		return writeReport(ctx, w, st, cfg, paths.CalendarDir(), week, format)
	})
}

// reportOptions are what a report made now reads from cfg: the local
// zone, the daily goal, the working hours and the calendars.
func reportOptions(cfg config.Config, calendarDir string) report.Options {
	sched, _ := cfg.WorkingHours.Schedule(time.Local)
	return report.Options{Loc: time.Local, Now: time.Now(), Goal: time.Duration(cfg.Focus.DailyGoal), Schedule: sched,
		Calendar: report.CalendarFrom(calendarDir, cfg.Calendar)}
}

func writeReport(ctx context.Context, out io.Writer, st *store.Store, cfg config.Config, calendarDir string, week focus.Week, format string) error {
	r, err := report.Load(ctx, st, week, reportOptions(cfg, calendarDir))
	if err != nil {
		return err
	}
	return report.Render(out, r, format, cfg.Hours(os.Getenv))
}

// parsePeriod reads --month, --year and --from/--to; nil when none is
// given (the week). At most one kind of period may be asked for.
func parsePeriod(flags map[string]string, now time.Time, loc *time.Location) (*focus.Period, error) {
	var given []string
	for _, f := range []string{"week", "month", "year", "from"} {
		if _, ok := flags[f]; ok {
			given = append(given, "--"+f)
		}
	}
	if _, ok := flags["to"]; ok && !slices.Contains(given, "--from") {
		return nil, fmt.Errorf("%w: --to needs --from: give the range's first day too (--from 2026-11-03 --to 2026-11-30)", errUsage)
	}
	if len(given) > 1 {
		return nil, fmt.Errorf("%w: choose one of %s, not both", errUsage, strings.Join(given, " and "))
	}
	var p focus.Period
	var err error
	switch {
	case hasFlag(flags, "month"):
		p, err = focus.ParseMonth(flags["month"])
	case hasFlag(flags, "year"):
		p, err = focus.ParseYear(flags["year"])
	case hasFlag(flags, "from"):
		var first, last focus.Date
		if first, err = focus.ParseDate(flags["from"]); err != nil {
			return nil, err
		}
		last = focus.DateOf(now, loc)
		if to, ok := flags["to"]; ok {
			if last, err = focus.ParseDate(to); err != nil {
				return nil, err
			}
		}
		p, err = focus.RangePeriod(first, last)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func hasFlag(flags map[string]string, name string) bool { _, ok := flags[name]; return ok }

func writeRange(ctx context.Context, out io.Writer, st *store.Store, cfg config.Config, calendarDir string, p focus.Period, format string) error {
	r, err := report.LoadRange(ctx, st, p, reportOptions(cfg, calendarDir))
	if err != nil {
		return err
	}
	return report.RenderRange(out, r, format, cfg.Hours(os.Getenv))
}

// emit renders into memory and, only if that succeeds, writes the result to
// file ("" or "-" for stdout). Reports and exports are small (a decade of
// blocks is a few megabytes), and holding them means no error while
// rendering can ever reach the file.
func emit(stdout io.Writer, file string, render func(io.Writer) error) error {
	if file == "" || file == "-" {
		// Standard output may be a terminal or a pipe: stream as before.
		return render(stdout)
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return fmt.Errorf("%w (%s was not written)", err, file)
	}
	return writeOutput(file, buf.Bytes())
}

// output is FILE resolved: the path to write (a symlink's target, so the
// link stays a link) and what is there now (nil: nothing yet).
type output struct {
	path string
	info fs.FileInfo
}

// resolveOutput checks FILE can be written without writing it.
func resolveOutput(file string) (output, error) {
	if file == "" || file == "-" {
		return output{}, nil
	}
	path := file
	if li, err := os.Lstat(file); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if path, err = filepath.EvalSymlinks(file); err != nil {
			return output{}, fmt.Errorf("output %s is a symbolic link that does not resolve (%w): point it at a file or give another name", file, err)
		}
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		if di, err := os.Stat(dir); err != nil || !di.IsDir() {
			return output{}, fmt.Errorf("cannot write %s: the folder %s does not exist", file, dir)
		}
		return output{path: path}, nil
	case err != nil:
		return output{}, fmt.Errorf("cannot write %s: %w", file, err)
	case fi.IsDir():
		return output{}, fmt.Errorf("cannot write %s: it is a folder; give a file name", file)
	}
	if fi.Mode().IsRegular() {
		// Opening for writing, without O_TRUNC, checks permission and
		// changes nothing: a file the user made read-only is refused, not
		// replaced. Not done for a FIFO, where an open is a rendezvous
		// with its reader.
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			if inUse(err, false) {
				return output{}, openElsewhere(file, reason(err))
			}
			return output{}, fmt.Errorf("cannot write %s: %w", file, err)
		}
		f.Close()
	}
	return output{path: path, info: fi}, nil
}

// openElsewhere says that another program holds file open and what to do.
func openElsewhere(file string, err error) error {
	return fmt.Errorf("cannot write %s: it is open in another program (%v). Close it in the other program, or choose another name; the file was left as it was", file, err)
}

// reason is err without the paths it names: the temporary file's name
// means nothing to a person, and the message names FILE already.
func reason(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// notReplaced words an error from making the new file beside file or
// putting it in file's place: what stopped it and what to do. The file is
// left as it was in every case.
func notReplaced(file string, err error) error {
	switch {
	case inUse(err, true):
		return openElsewhere(file, reason(err))
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot write %s: its folder %s does not allow files to be made or replaced (%v). Choose another folder or name; the file was left as it was", file, filepath.Dir(file), reason(err))
	}
	return fmt.Errorf("write %s: %w (the file was left as it was)", file, err)
}

// newFileMode is the mode of a report written to a new file. Owner-only,
// like the database and the log it comes from: a report shows when and how
// much one person works. An existing file keeps its own mode.
const newFileMode fs.FileMode = 0o600

// writeOutput writes data to file. A regular file (or a new one) is
// replaced atomically: data goes to a temporary file in the same folder,
// which is renamed over the target only once it is complete and synced, so
// the old content stays whole until then and any error leaves it as it was.
// Anything else (a device such as /dev/full, a FIFO a script reads from) is
// written in place, without truncating, and never removed.
func writeOutput(file string, data []byte) (err error) {
	out, err := resolveOutput(file)
	if err != nil {
		return err
	}
	if out.info != nil && !out.info.Mode().IsRegular() {
		f, err := os.OpenFile(out.path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", file, err)
		}
		_, err = f.Write(data)
		if err = errors.Join(err, f.Close()); err != nil {
			return fmt.Errorf("write %s: %w", file, err)
		}
		return nil
	}
	mode := newFileMode
	if out.info != nil {
		mode = out.info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(out.path), "."+filepath.Base(out.path)+".*.tmp")
	if err != nil {
		return notReplaced(file, err)
	}
	closed := false
	defer func() {
		if err != nil {
			// Only our own temporary file; the target was never opened.
			if !closed {
				tmp.Close()
			}
			os.Remove(tmp.Name())
			err = notReplaced(file, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	closed = true
	if err = tmp.Close(); err != nil {
		return err
	}
	// On Windows this fails while another program holds the file open
	// without FILE_SHARE_DELETE (most do): "Access is denied".
	return os.Rename(tmp.Name(), out.path)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

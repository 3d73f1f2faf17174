package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/headsdown-app/headsdown/app/calendars"
	"github.com/headsdown-app/headsdown/app/config"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi"
)

// newCalendarList is where the calendar links are kept; tests may swap the keyring.
var newCalendarList = func(configDir string) calendars.List { return calendars.List{Dir: configDir} }

// calendarCommand is `headsdown calendar add|list|remove|refresh`.
func calendarCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	p, err := parseFor("calendar", args)
	if err != nil {
		return err
	}
	if len(p.pos) == 0 {
		return fmt.Errorf("%w: calendar needs one of: add, list, remove, refresh", errUsage)
	}
	paths, err := files.Default()
	if err != nil {
		return err
	}
	cfg, _ := config.Load(paths.Config) // a broken file still gives usable defaults here
	list := newCalendarList(paths.ConfigDir)
	fetcher := &calendar.Fetcher{Dir: paths.CalendarDir()}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sub, rest := p.pos[0], p.pos[1:]
	if sub != "add" && p.flags["name"] != "" {
		return fmt.Errorf("%w: --name goes with calendar add", errUsage)
	}
	switch sub {
	case "add":
		if len(rest) > 1 {
			return fmt.Errorf("%w: calendar add takes one ICS link or .ics file", errUsage)
		}
		// Without an argument (or with "-") the link is read from standard input, so it
		// is in neither the shell's history nor the process list.
		where := "-"
		if len(rest) == 1 {
			where = rest[0]
		}
		if where == "-" {
			var err error
			where, err = readSecret(stdin, stderr, "Paste the calendar's secret ICS address (not shown), then Enter: ", "the link")
			if errors.Is(err, errNothingPasted) {
				return fmt.Errorf("no calendar given: pass its ICS link or file, or give it on standard input")
			}
			if err != nil {
				return err
			}
		}
		return calendarAdd(ctx, paths, cfg, list, fetcher, where, p.flags["name"], stdout)
	case "list":
		if len(rest) != 0 {
			return fmt.Errorf("%w: calendar list takes nothing else", errUsage)
		}
		return calendarList(list, fetcher, stdout)
	case "remove":
		if len(rest) != 1 {
			return fmt.Errorf("%w: calendar remove needs the calendar's NAME (see calendar list)", errUsage)
		}
		return calendarRemove(ctx, paths, list, fetcher, rest[0], stdout)
	case "refresh":
		if len(rest) != 0 {
			return fmt.Errorf("%w: calendar refresh takes nothing else", errUsage)
		}
		return calendarRefresh(ctx, paths, cfg, list, fetcher, stdout)
	}
	return fmt.Errorf("%w: unknown calendar command %q", errUsage, sub)
}

// calendarAdd fetches once and stores nothing unless what came back is a calendar
// (calendars.Add), then says what it found.
func calendarAdd(ctx context.Context, paths files.Paths, cfg config.Config, list calendars.List, f *calendar.Fetcher, where, name string, stdout io.Writer) error {
	added, err := calendars.Add(ctx, list, f, where, name, calendars.CountOptions(cfg.Calendar, time.Now()))
	if errors.Is(err, calendars.ErrBadName) {
		return fmt.Errorf("%w: --name needs a short name without tabs or line breaks", errUsage)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %q (%s): %s, %s in the next 14 days.\n", added.Source.Name, added.Source.Elided(),
		ctl.Plural(added.Events, "event", "events"), ctl.Plural(added.Meetings, "meeting", "meetings"))
	for _, w := range added.Warnings {
		fmt.Fprintf(stdout, "Note: %s.\n", w)
	}
	if added.Kind == calendar.KindURL {
		fmt.Fprintf(stdout, "The link is a password to your calendar; it is kept in %s.\n", calendarWhere(list, added.Kept))
	}
	tellApp(ctx, paths)
	return nil
}

func calendarWhere(l calendars.List, w slackapi.Where) string {
	if w == slackapi.InFile {
		return l.FilePath() + " (readable only by you), as no keyring service is running"
	}
	return "the OS keyring"
}

func calendarList(list calendars.List, f *calendar.Fetcher, stdout io.Writer) error {
	srcs, where, err := list.Load()
	if err != nil {
		return err
	}
	if len(srcs) == 0 {
		fmt.Fprintln(stdout, "No calendars. Add one with `headsdown calendar add URL|FILE [--name NAME]`.")
		return nil
	}
	for _, s := range srcs {
		line := fmt.Sprintf("%s\t%s", s.Name, s.Elided())
		if _, at, ok := f.Cached(s); ok && !at.IsZero() {
			line += "\tread " + at.Local().Format("2006-01-02 15:04")
		} else {
			line += "\tnot read yet"
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "Links kept in %s.\n", calendarWhere(list, where))
	return nil
}

func calendarRemove(ctx context.Context, paths files.Paths, list calendars.List, f *calendar.Fetcher, name string, stdout io.Writer) error {
	src, err := calendars.Remove(list, f, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Removed %q and its saved copy.\n", src.Name)
	tellApp(ctx, paths)
	return nil
}

// calendarRefresh fetches every calendar now and says how each went; exit 1 when any
// has a problem (its saved copy is still used).
func calendarRefresh(ctx context.Context, paths files.Paths, cfg config.Config, list calendars.List, f *calendar.Fetcher, stdout io.Writer) error {
	srcs, _, err := list.Load()
	if err != nil {
		return err
	}
	if len(srcs) == 0 {
		fmt.Fprintln(stdout, "No calendars to refresh. Add one with `headsdown calendar add URL|FILE`.")
		return nil
	}
	bad := false
	now := time.Now()
	for _, s := range srcs {
		got := f.Fetch(ctx, s)
		if got.Problem != nil {
			bad = true
			kept := "no saved copy"
			if got.Data != nil {
				kept = "the copy read " + got.FetchedAt.Local().Format("2006-01-02 15:04") + " is still used"
			}
			fmt.Fprintf(stdout, "%s: %v (%s)\n", s.Name, got.Problem, kept)
			continue
		}
		res, err := calendar.Parse(got.Data, calendars.CountOptions(cfg.Calendar, now))
		if err != nil {
			bad = true
			fmt.Fprintf(stdout, "%s: %v\n", s.Name, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: %s, %s in the next 14 days\n", s.Name, ctl.Plural(res.Events, "event", "events"), ctl.Plural(len(res.Busy), "meeting", "meetings"))
	}
	tellApp(ctx, paths)
	if bad {
		return errProblems
	}
	return nil
}

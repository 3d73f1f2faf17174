package calendars

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi"
)

// ErrBadName is a calendar name that cannot be used (empty, or with tabs or line
// breaks); the CLI reports it as a usage error.
var ErrBadName = errors.New("a calendar needs a short name without tabs or line breaks")

// Added is what Add stored and what it found in the calendar.
type Added struct {
	Source   calendar.Source
	Kind     calendar.Kind
	Events   int      // events read in the window of the options
	Meetings int      // busy stretches among them
	Warnings []string // what was read with a caveat
	// Kept is where the list is now: the keyring or the owner-only file.
	Kept slackapi.Where
}

// Add fetches where (an ICS link or a .ics file) once and adds it to the list as name
// (empty: one made from the file's or the service's name) only when what came back
// is a calendar. Otherwise it stores nothing, keeps no copy, and the error says in
// words why ("not added: …"). The fetch is network I/O and the list may mean keyring
// calls: never call Add on a UI or app loop.
func Add(ctx context.Context, list List, f *calendar.Fetcher, where, name string, opts calendar.Options) (Added, error) {
	kind, norm, err := calendar.ParseWhere(where)
	if err != nil {
		return Added{}, fmt.Errorf("not added: %w", err)
	}
	srcs, _, err := list.Load()
	if err != nil {
		return Added{}, fmt.Errorf("not added: %w", err)
	}
	if name == "" {
		name = DefaultName(kind, norm, srcs)
	}
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, "\n\r\t") {
		return Added{}, ErrBadName
	}
	if _, ok := Find(srcs, name); ok {
		return Added{}, fmt.Errorf("not added: a calendar named %q is already there; choose another name, or remove %q first", name, name)
	}
	for _, s := range srcs {
		if s.Where == norm {
			return Added{}, fmt.Errorf("not added: that calendar is already there as %q", s.Name)
		}
	}
	src := calendar.Source{Name: name, Where: norm}
	got := f.Fetch(ctx, src)
	if got.Problem != nil {
		return Added{}, fmt.Errorf("not added: %w", got.Problem)
	}
	res, err := calendar.Parse(got.Data, opts)
	if err != nil {
		f.Forget(src)
		return Added{}, fmt.Errorf("not added: %w", err)
	}
	kept, err := list.Save(append(srcs, src))
	if err != nil {
		f.Forget(src) // nothing of a calendar that is not in the list stays behind
		return Added{}, fmt.Errorf("not added: %w", err)
	}
	return Added{Source: src, Kind: kind, Events: res.Events, Meetings: len(res.Busy),
		Warnings: res.Warnings, Kept: kept}, nil
}

// Remove takes the calendar named name off the list and forgets its saved copy.
func Remove(list List, f *calendar.Fetcher, name string) (calendar.Source, error) {
	srcs, _, err := list.Load()
	if err != nil {
		return calendar.Source{}, err
	}
	i, ok := Find(srcs, name)
	if !ok {
		var names []string
		for _, s := range srcs {
			names = append(names, s.Name)
		}
		if len(names) == 0 {
			return calendar.Source{}, fmt.Errorf("there is no calendar named %q: there are no calendars", name)
		}
		return calendar.Source{}, fmt.Errorf("there is no calendar named %q; the calendars are: %s", name, strings.Join(names, ", "))
	}
	src := srcs[i]
	if _, err := list.Save(append(srcs[:i:i], srcs[i+1:]...)); err != nil {
		return calendar.Source{}, err
	}
	if err := f.Forget(src); err != nil {
		return calendar.Source{}, err
	}
	return src, nil
}

// DefaultName is the file's name, or the service's ("google", "outlook",
// "fastmail"), made unique with a number.
func DefaultName(kind calendar.Kind, where string, srcs []calendar.Source) string {
	base := "calendar"
	if kind == calendar.KindFile {
		base = strings.TrimSuffix(filepath.Base(where), filepath.Ext(where))
	} else if u, err := url.Parse(where); err == nil {
		labels := strings.Split(u.Hostname(), ".")
		if len(labels) >= 2 {
			base = labels[len(labels)-2]
		} else if len(labels) == 1 && labels[0] != "" {
			base = labels[0]
		}
		switch base {
		case "office365", "live", "outlook", "office":
			base = "outlook"
		case "0", "1", "localhost":
			base = "calendar"
		}
	}
	name := base
	for i := 2; ; i++ {
		if _, ok := Find(srcs, name); !ok {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// Ahead is how far ahead meetings are read: a fortnight, so a feed with
// years of history costs a fortnight's work. The app reads its meetings
// over it, and `calendar add`, `calendar refresh` and Settings count them
// over it.
const Ahead = 14 * 24 * time.Hour

// CountOptions read a calendar as the app will, from now: the fortnight
// ahead, the user's addresses, and whether tentative is free.
func CountOptions(c config.Calendar, now time.Time) calendar.Options {
	return calendar.Options{From: now, To: now.Add(Ahead), Emails: c.Emails, TentativeFree: c.TentativeIsFree()}
}

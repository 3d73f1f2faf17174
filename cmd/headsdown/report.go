package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"headsdown/app"
	"headsdown/app/config"
	"headsdown/app/report"
	"headsdown/focus"
	"headsdown/store"
)

// reportCommand is `headsdown report [--week W] [--format F] [-o FILE]` and
// `headsdown export [--format csv|json] [-o FILE]`. Both read the database
// directly, read-only, so they work whether or not the app runs.
func reportCommand(cmd string, args []string, stdout io.Writer) error {
	p, err := parseArgs(args, []string{"week", "format", "o", "output"}, nil)
	if err != nil {
		return err
	}
	if len(p.pos) > 0 {
		return fmt.Errorf("%w: %s takes no positional arguments", errUsage, cmd)
	}
	paths, err := app.DefaultPaths()
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

	out := stdout
	file := p.flags["o"]
	if file == "" {
		file = p.flags["output"]
	}
	var f *os.File
	if file != "" && file != "-" {
		if f, err = os.Create(file); err != nil {
			return fmt.Errorf("create %s: %w", file, err)
		}
		out = f
	}
	if cmd == "export" {
		err = report.Export(ctx, out, st, orDefault(p.flags["format"], "json"))
	} else {
		err = writeReport(ctx, out, st, cfg, p.flags["week"], orDefault(p.flags["format"], "text"))
	}
	if f != nil {
		err = errors.Join(err, f.Close())
		if err != nil {
			os.Remove(file) // never leave half a report behind
		}
	}
	return err
}

func writeReport(ctx context.Context, out io.Writer, st *store.Store, cfg config.Config, weekArg, format string) error {
	loc := time.Local
	week := focus.WeekOf(time.Now(), loc)
	if weekArg != "" {
		w, err := focus.ParseWeek(weekArg)
		if err != nil {
			return err
		}
		week = w
	}
	sched, _ := cfg.WorkingHours.Schedule(loc)
	r, err := report.Load(ctx, st, week, report.Options{Loc: loc, Now: time.Now(),
		Goal: time.Duration(cfg.Focus.DailyGoal), Schedule: sched})
	if err != nil {
		return err
	}
	return report.Render(out, r, format)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/doctor"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi"
)

// errProblems makes `headsdown doctor` exit 1; the findings already said
// everything, so run prints nothing more for it.
var errProblems = errors.New("problems found")

// doctorCommand is `headsdown doctor`: every check, one line each.
func doctorCommand(stdout io.Writer) error {
	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	cfg, _ := config.Load(paths.Config) // a broken file is the settings check's finding
	vault := newVault(paths.ConfigDir)
	apiURL := slackapi.APIURL(cfg.Slack.APIURL)
	bus, busErr := doctor.SessionBus()
	desktop := os.Getenv("XDG_CURRENT_DESKTOP")

	status := func(ctx context.Context) (*ctl.Status, error) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		resp, err := ctl.Call(ctx, paths.Socket, ctl.Request{Cmd: ctl.CmdStatus})
		if err != nil || !resp.OK || resp.Status == nil {
			return nil, err
		}
		return resp.Status, nil
	}
	awaySources := func(ctx context.Context) ([]ctl.AwaySource, error) {
		if st, err := status(ctx); err == nil && st != nil {
			return st.AwaySources, nil // what the running app listens to
		}
		return doctor.ProbeAway(ctx, cfg.Away.IdleAfter())
	}
	checks := []doctor.Check{
		doctor.RunningCheck(status),
		doctor.ConfigCheck(paths.Config),
		doctor.DatabaseCheck(paths.DB),
		doctor.FoldersCheck([]doctor.Folder{
			{What: "settings", Dir: paths.ConfigDir, Files: []string{"config.toml", slackapi.TokenFileName}},
			{What: "data", Dir: paths.DataDir, Files: []string{"headsdown.db", "headsdown.db-wal"}},
			{What: "log", Dir: paths.StateDir, Files: []string{"headsdown.log"}},
		}),
		doctor.TrayHostCheck(bus, busErr, desktop),
		doctor.NotificationsCheck(bus, busErr, desktop),
	}
	checks = append(checks,
		doctor.KeyringCheck(vault),
		doctor.SlackCheck(vault, apiURL),
		doctor.AppTokenCheck(vault, apiURL),
		doctor.AwayCheck(awaySources),
		doctor.CalendarCheck(status, func() ([]calendar.Source, error) {
			srcs, _, err := newCalendarList(paths.ConfigDir).Load()
			return srcs, err
		}, func(s calendar.Source) (time.Time, bool) {
			_, at, ok := (&calendar.Fetcher{Dir: paths.CalendarDir()}).Cached(s)
			return at, ok
		}),
	)
	findings := doctor.Run(context.Background(), checks)
	if err := doctor.Write(stdout, findings); err != nil {
		return err
	}
	if doctor.Problems(findings) > 0 {
		return errProblems
	}
	return nil
}

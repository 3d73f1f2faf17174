package app

import (
	"context"
	"fmt"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/presence"
	"github.com/headsdown-app/headsdown/slackapi"
)

// loadSettings reads the settings file at start. A file that does not
// load is left as it is, and the app runs on the last settings that did
// (kept in the database), or the defaults on a first run.
func (a *App) loadSettings(ctx context.Context) {
	a.cfgSum = configFileSum(a.paths.Config)
	a.cfg, a.cfgErr = config.Load(a.paths.Config)
	if a.cfgErr == nil {
		a.rememberSettings(ctx)
		return
	}
	var text string
	if ok, err := a.store.GetJSON(ctx, kvLastGoodSettings, &text); err == nil && ok {
		if cfg, err := config.Parse("last good settings", []byte(text)); err == nil {
			a.cfg = cfg
			a.log.Error("settings not loaded; using the last good ones and leaving the file as it is", "err", a.cfgErr)
			return
		}
	}
	a.log.Error("settings not loaded; using defaults and leaving the file as it is", "err", a.cfgErr)
}

// rememberSettings keeps a copy of settings that loaded, for the next start
// should the file then be broken.
func (a *App) rememberSettings(ctx context.Context) {
	data, err := config.Encode(a.cfg)
	if err == nil {
		err = a.store.PutJSON(ctx, kvLastGoodSettings, string(data))
	}
	if err != nil {
		a.log.Warn("could not keep a copy of the settings", "err", err)
	}
}

// reload re-reads the settings file and, in any case, the Slack tokens: a
// sign-in or sign-out also ends in a reload, and must take effect even
// while the settings file is broken. An invalid file leaves the running
// settings as they were.
func (a *App) reload(ctx context.Context) error {
	poke(a.wantTokens)
	poke(a.wantCalendar) // `calendar add` and `remove` end in a reload too
	a.cfgSum = configFileSum(a.paths.Config)
	cfg, err := config.Load(a.paths.Config)
	if err != nil {
		a.cfgErr = err
		return fmt.Errorf("settings not applied, keeping the previous ones: %w", err)
	}
	a.cfg, a.cfgErr = cfg, nil
	a.setPingConfig(a.cfg.Pings)
	a.setCalendarConfig(a.cfg.Calendar)
	// Both Slack drivers take a new address: the status worker here, the
	// ping intake and the auto-reply in startIntake below.
	a.slack.SetAPIURL(slackapi.APIURL(a.cfg.Slack.APIURL))
	a.rememberSettings(ctx)
	a.engine.SetSettings(a.cfg.Settings(a.plan))
	a.rules = a.presenceRules()
	a.desktop.SetIdleAfter(a.cfg.Away.IdleAfter())
	a.refreshAttendance()
	a.startIntake(ctx)
	a.scheduleReview()
	a.log.Info("settings reloaded", "path", a.paths.Config)
	return nil
}

// presenceRules builds the Slack rules from the settings. Their Hours is
// the clock everything the app writes uses (the status texts, the tray,
// `status`, notifications): the setting, or the locale for "auto", read
// here at start and at each reload.
func (a *App) presenceRules() presence.Rules {
	sched, err := a.cfg.WorkingHours.Schedule(a.loc)
	if err != nil {
		a.log.Warn("working hours not usable; off-hours automation is off", "err", err)
	}
	c := a.cfg.Slack
	return presence.Rules{
		Texts: presence.Texts{FocusText: c.FocusText, FocusEmoji: c.FocusEmoji, AFKText: c.AFKText, AFKEmoji: c.AFKEmoji,
			OffHoursText: c.OffHoursText, OffHoursEmoji: c.OffHoursEmoji,
			AwayText: a.cfg.Away.Text, AwayEmoji: a.cfg.Away.Emoji,
			MeetingText: a.meetingText(), MeetingEmoji: a.cfg.Calendar.StatusEmoji},
		// Off hours only once the user has confirmed the hours: until then
		// they are the defaults, a guess.
		FocusDND: c.FocusDND, OffHours: c.OffHours && err == nil && a.cfg.WorkingHours.Confirmed, Schedule: sched, Loc: a.loc,
		Hours: a.cfg.Hours(a.opts.Getenv), Presence: a.cfg.Away.Presence,
	}
}

// readTokens is the driver that reads the Slack tokens whenever the loop
// asks (at start, on every reload). The keyring may mean D-Bus and an
// unlock prompt, so it never runs on the loop.
func (a *App) readTokens(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.wantTokens:
		}
		t, err := a.opts.Tokens()
		slackapi.Remember(t.User, t.App)
		select {
		case a.tokensIn <- tokensLoaded{tokens: t, err: err}:
		case <-ctx.Done():
			return
		}
	}
}

// setTokens applies tokens the driver read. An unreachable keyring (no
// Secret Service on a headless box) only means Slack is off: it is
// logged, not shown as a warning to people who never connected Slack.
func (a *App) setTokens(ctx context.Context, t tokensLoaded) {
	if t.err != nil {
		a.log.Info("Slack is off: no token", "reason", t.err)
	}
	if t.tokens.User != "" && t.tokens.User != a.tokens.User {
		a.log.Info("Slack token found")
		if len(a.cfg.Calendar.Emails) == 0 {
			poke(a.wantCalendar) // read again, seeing what the profile's email declined
		}
	}
	a.tokens, a.tokensRead = t.tokens, true
	a.setCalendarConfig(a.cfg.Calendar) // the driver reads the profile's email with the token
	a.slack.SetToken(t.tokens.User)
	a.startIntake(ctx)
	a.publish()
}

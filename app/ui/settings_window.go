// The settings window as the user opens it: the form wired to the real
// settings file, the Slack keyring and launch at login.

package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/headsdown-app/headsdown/app/autostart"
	"github.com/headsdown-app/headsdown/app/calendars"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi"
)

// SettingsWindow opens the settings. A settings file that does not load is
// shown with its problems and left alone; the form starts from the
// settings the app is running on (the last good ones), and only an
// explicit Save replaces the file, keeping the broken one beside it.
func SettingsWindow(a fyne.App, opts Options) fyne.Window {
	w, _ := newSettingsWindow(a, opts, inBackground)
	return w
}

// inBackground runs work on its own goroutine and done on the UI's.
func inBackground(work func() (string, error), done func(string, error)) {
	go func() {
		line, err := work()
		fyne.Do(func() { done(line, err) })
	}()
}

// newSettingsWindow builds the window; background is SettingsDeps.Background
// (tests pass nil: Fyne's test driver runs fyne.Do on the calling
// goroutine, so a real background would race with the test).
func newSettingsWindow(a fyne.App, opts Options, background func(work func() (string, error), done func(string, error))) (fyne.Window, *SettingsView) {
	w := a.NewWindow("Heads Down Settings")
	cfg, deps, loadErr := settingsDeps(opts, background)
	v := NewSettingsView(cfg, deps)
	if loadErr != nil {
		msg := loadErr.Error()
		var ps config.Problems
		if errors.As(loadErr, &ps) && len(ps) > 0 {
			// As the form names things, and open where the first is.
			msg = fmt.Sprintf("%s has %s:\n%s", filepath.Base(opts.ConfigPath), control.Plural(len(ps), "problem", "problems"), ps.Words())
			if opts.Section == "" {
				opts.Section = config.Tab(ps[0].Key)
			}
		}
		v.setMessage(msg+"\nThe form shows the settings Heads Down is running on; Save writes a new file and keeps this one.", true)
	}
	if i := SectionIndex(opts.Section); i >= 0 {
		v.Tabs.SelectIndex(i)
	}
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(680, 620)) // fits a 1366×768 screen with room for panels
	v.bindKeys(w)
	w.SetCloseIntercept(func() { v.leave(w) }) // the title bar's close asks too
	return w, v
}

// settingsDeps reads the settings the form starts from and wires it to
// the real settings file, the Slack keyring and launch at login. A file
// that does not load is reported as loadErr; the form then starts from the
// settings the app runs on, and the first save keeps the broken file.
func settingsDeps(opts Options, background func(work func() (string, error), done func(string, error))) (config.Config, SettingsDeps, error) {
	cfg, loadErr := config.Load(opts.ConfigPath)
	if loadErr != nil {
		if good, ok := lastGoodSettings(opts.DBPath); ok {
			cfg = good
		}
	}
	keepBroken := loadErr != nil
	deps := SettingsDeps{
		Getenv: os.Getenv,
		Save: func(cfg config.Config) (string, error) {
			note := ""
			if keepBroken {
				kept, err := setAside(opts.ConfigPath)
				if err != nil {
					return "", err
				}
				keepBroken = false
				if kept != "" {
					note = "Your old file is kept as " + filepath.Base(kept) + "."
				}
			}
			return note, saveAndApply(opts, cfg)
		},
		Slack: &keyringSlack{apiURL: slackapi.APIURL(cfg.Slack.APIURL), socket: opts.SocketPath,
			vault: slackapi.Vault{Dir: filepath.Dir(opts.ConfigPath)}},
		LaunchAtLogin: loginItem{},
		AwaySources:   func() ([]control.AwaySource, error) { return appAwaySources(opts.SocketPath) },
		Background:    background,
	}
	if opts.CalendarDir != "" {
		deps.Calendars = &CalendarBook{List: calendars.List{Dir: filepath.Dir(opts.ConfigPath)},
			Fetcher: &calendar.Fetcher{Dir: opts.CalendarDir},
			Feeds:   func() ([]control.CalendarFeed, error) { return appCalendarFeeds(opts.SocketPath) },
			Reload:  func() { _, _ = send(opts.SocketPath, control.Request{Cmd: control.CmdReload}) }}
	}
	return cfg, deps, loadErr
}

// loginItem is launch at login for the headsdown program beside this one.
type loginItem struct{}

func (loginItem) Enabled() (bool, error) { return autostart.Enabled() }

func (loginItem) Set(on bool) error {
	if !on {
		return autostart.Disable()
	}
	prog, err := files.TrayProgram()
	if err != nil {
		return err
	}
	return autostart.Enable(prog)
}

package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"github.com/slack-go/slack"

	"headsdown/app"
	"headsdown/app/autostart"
	"headsdown/app/config"
	"headsdown/app/control"
	"headsdown/slackapi"
	"headsdown/store"
)

// SettingsWindow opens the settings. A settings file that does not load is
// shown with its problems and left alone; the form starts from the
// settings the app is running on (the last good ones), and only an
// explicit Save replaces the file, keeping the broken one beside it.
func SettingsWindow(a fyne.App, opts Options) fyne.Window {
	w, _ := newSettingsWindow(a, opts)
	return w
}

func newSettingsWindow(a fyne.App, opts Options) (fyne.Window, *SettingsView) {
	w := a.NewWindow("Heads Down Settings")
	cfg, loadErr := config.Load(opts.ConfigPath)
	if loadErr != nil {
		if good, ok := lastGoodSettings(opts.DBPath); ok {
			cfg = good
		}
	}
	keepBroken := loadErr != nil
	v := NewSettingsView(cfg, SettingsDeps{
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
		Slack:         &keyringSlack{apiURL: slackapi.APIURL(cfg.Slack.APIURL), socket: opts.SocketPath},
		LaunchAtLogin: loginItem{},
		Background: func(work func() (string, error), done func(string, error)) {
			go func() {
				line, err := work()
				fyne.Do(func() { done(line, err) })
			}()
		},
	})
	if loadErr != nil {
		v.setMessage(loadErr.Error()+"\nThe form shows the settings Heads Down is running on; Save writes a new file and keeps this one.", true)
	}
	if i := SectionIndex(opts.Section); i >= 0 {
		v.Tabs.SelectIndex(i)
	}
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(680, 620)) // fits a 1366×768 screen with room for panels
	v.bindKeys(w)
	return w, v
}

// saveAndApply writes the file and asks the running app to reload it.
func saveAndApply(opts Options, cfg config.Config) error {
	if err := config.Save(opts.ConfigPath, cfg); err != nil {
		return err
	}
	if _, err := send(opts.SocketPath, control.Request{Cmd: control.CmdReload}); err != nil {
		if errors.Is(err, control.ErrNotRunning) {
			return nil // applied at the next start
		}
		return fmt.Errorf("saved, but the running app did not apply it: %w", err)
	}
	return nil
}

// setAside renames a settings file that does not load to
// config.toml.<time>.invalid, so saving never destroys what the user wrote.
func setAside(path string) (string, error) {
	kept := fmt.Sprintf("%s.%s.invalid", path, time.Now().Format("20060102-150405"))
	err := os.Rename(path, kept)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("keep the old settings file: %w", err)
	}
	return kept, nil
}

// lastGoodSettings reads the copy the app keeps of the last settings file
// that loaded.
func lastGoodSettings(dbPath string) (config.Config, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, dbPath)
	if err != nil {
		return config.Config{}, false
	}
	defer st.Close()
	var text string
	if ok, err := st.GetJSON(ctx, app.KeyLastGoodSettings, &text); err != nil || !ok {
		return config.Config{}, false
	}
	cfg, err := config.Parse("last good settings", []byte(text))
	return cfg, err == nil
}

// keyringSlack is the real Slack account: the token in the OS keyring,
// checked with auth.test.
type keyringSlack struct {
	apiURL, socket string
}

func (k *keyringSlack) Current() (string, error) {
	token, source, err := slackapi.LoadToken()
	if err != nil {
		return "", err
	}
	if token == "" {
		return "Not connected. Paste a User OAuth Token (xoxp-…) from your Slack app and press Connect.", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, missing, err := slackapi.CheckToken(ctx, k.apiURL, token)
	if err != nil {
		return "", fmt.Errorf("Disconnected: %w. Paste a new token and press Connect.", err)
	}
	line := connectedLine(id, missing)
	if app, err := slackapi.LoadAppToken(); err == nil && app != "" {
		line += " Pings arrive at once (Socket Mode)."
	}
	if source == slackapi.EnvToken {
		line += " The token comes from " + slackapi.EnvToken + ", which overrides the keyring."
	}
	return line, nil
}

func (k *keyringSlack) Connect(token string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, missing, err := slackapi.CheckToken(ctx, k.apiURL, token)
	if err != nil {
		return "", err
	}
	if err := slackapi.SaveToken(token); err != nil {
		return "", err
	}
	k.tellApp()
	return connectedLine(id, missing), nil
}

// ConnectApp checks an app-level token by opening a Socket Mode ticket
// (apps.connections.open), then keeps it in the keyring.
func (k *keyringSlack) ConnectApp(token string) (string, error) {
	if !strings.HasPrefix(token, "xapp-") {
		return "", errors.New("this is not an app-level token (xapp-…): create one under Basic Information → App-Level Tokens with the connections:write scope")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	api := slack.New("", slack.OptionAppLevelToken(token), slack.OptionAPIURL(k.apiURL))
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		return "", fmt.Errorf("Slack did not accept the app token: %s", slackapi.Redact(err.Error(), token))
	}
	if err := slackapi.SaveAppToken(token); err != nil {
		return "", err
	}
	k.tellApp()
	return "Pings arrive at once (Socket Mode).", nil
}

func (k *keyringSlack) Disconnect() (string, error) {
	if err := slackapi.DeleteToken(); err != nil {
		return "", err
	}
	if err := slackapi.DeleteAppToken(); err != nil {
		return "", err
	}
	k.tellApp()
	line := "Disconnected. Statuses Heads Down set expire by themselves."
	if os.Getenv(slackapi.EnvToken) != "" {
		line += " " + slackapi.EnvToken + " is still set and overrides this."
	}
	return line, nil
}

// tellApp makes a running app pick the token up (or drop it) now.
func (k *keyringSlack) tellApp() {
	_, _ = send(k.socket, control.Request{Cmd: control.CmdReload}) // not running: read at the next start
}

func connectedLine(id slackapi.Identity, missing []slackapi.Scope) string {
	line := fmt.Sprintf("Connected as @%s in %s.", id.User, id.Team)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, s := range missing {
			names[i] = s.Name
		}
		line += " Missing scopes (some automations will not work): " + strings.Join(names, ", ") + "."
	}
	return line
}

// loginItem is launch at login for the headsdown program beside this one.
type loginItem struct{}

func (loginItem) Enabled() (bool, error) { return autostart.Enabled() }

func (loginItem) Set(on bool) error {
	if !on {
		return autostart.Disable()
	}
	prog, err := app.TrayProgram()
	if err != nil {
		return err
	}
	return autostart.Enable(prog)
}

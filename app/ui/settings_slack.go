// The Slack section: the connection (sign in, app token, sign out), which
// takes network round trips and so runs through SettingsDeps.Background,
// and the status texts Heads Down sets.

package ui

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/slackapi"
)

// SlackAccount is the Slack connection the settings window shows and
// changes. Each method may take a network round trip and returns the line
// to show ("Connected as @ana in Acme"). A method that made its change (a
// token stored or removed) but could not get the running app to reload
// returns the line and a *ReloadError.
type SlackAccount interface {
	Current() (string, error)
	Connect(token string) (string, error)
	Disconnect() (string, error)
	// ConnectApp checks and stores an app-level token (xapp-), which
	// brings pings in at once over Socket Mode instead of by polling.
	ConnectApp(token string) (string, error)
}

func (v *SettingsView) slackTab(cfg config.Config) fyne.CanvasObject {
	s := cfg.Slack
	v.SlackState = widget.NewLabel("Not connected.")
	v.SlackState.Wrapping = fyne.TextWrapWord
	v.Token = NewPasswordEntry()
	v.Token.SetPlaceHolder("xoxp-… (User OAuth Token)")
	v.Token.OnSubmitted = func(string) { v.connect() }
	v.Connect = widget.NewButton("Connect", v.connect)
	v.Disconnect = widget.NewButton("Disconnect", v.disconnect)
	v.Token.OnChanged = func(t string) {
		if strings.TrimSpace(t) == "" {
			v.Connect.Disable()
		} else {
			v.Connect.Enable()
		}
	}
	v.Token.OnChanged("")
	v.AppState = widget.NewLabel("Pings are polled about once a minute. An app-level token brings them in at once.")
	v.AppState.Wrapping = fyne.TextWrapWord
	v.AppToken = NewPasswordEntry()
	v.AppToken.SetPlaceHolder("xapp-… (App-Level Token, connections:write)")
	v.ConnectApp = widget.NewButton("Use for pings", v.connectApp)
	v.AppToken.OnSubmitted = func(string) { v.connectApp() }
	v.FocusText, v.FocusEmoji = entry(s.FocusText, config.DefaultFocusText), entry(s.FocusEmoji, ":headphones:")
	v.AFKText, v.AFKEmoji = entry(s.AFKText, "Away, back {until}"), entry(s.AFKEmoji, ":walking:")
	v.OffHoursText, v.OffHoursEmoji = entry(s.OffHoursText, "Off for the day"), entry(s.OffHoursEmoji, ":crescent_moon:")
	v.FocusDND = check("Pause notifications (Do Not Disturb) during focus", s.FocusDND)
	v.OffHours = check("Set a status and away outside working hours", s.OffHours)
	for _, c := range []*Check{v.FocusDND, v.OffHours} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	text := func(key, name string, e *Entry, dst func(*config.Config) *string) *widget.FormItem {
		return v.add(key, name, "", e, func(t string, c *config.Config) error {
			*dst(c) = strings.TrimSpace(t)
			return nil
		})
	}
	// The away statuses are on the Away tab, both in one place, each
	// labelled by when it applies.
	v.afkStatus = []*widget.FormItem{
		v.add("slack.afk_text", "Status, by hand", "Away in the tray, or headsdown afk", v.AFKText, func(t string, c *config.Config) error {
			c.Slack.AFKText = strings.TrimSpace(t)
			return nil
		}),
		text("slack.afk_emoji", "Emoji, by hand", v.AFKEmoji, func(c *config.Config) *string { return &c.Slack.AFKEmoji }),
	}
	statuses := widget.NewForm(
		text("slack.focus_text", "Focus status", v.FocusText, func(c *config.Config) *string { return &c.Slack.FocusText }),
		text("slack.focus_emoji", "Focus emoji", v.FocusEmoji, func(c *config.Config) *string { return &c.Slack.FocusEmoji }),
		text("slack.off_hours_text", "Off-hours status", v.OffHoursText, func(c *config.Config) *string { return &c.Slack.OffHoursText }),
		text("slack.off_hours_emoji", "Off-hours emoji", v.OffHoursEmoji, func(c *config.Config) *string { return &c.Slack.OffHoursEmoji }),
	)
	help := widget.NewLabel("{until} becomes the time the status ends, {tag} the focus block's tag, " +
		"{next_review} when you next read held messages, {reply_by} the later of the two. " +
		"A part after \" · \" whose {next_review} or {tag} is empty is left out. " +
		"The token is kept in your system keyring (without a keyring service, in a file only you can read).")
	help.Wrapping = fyne.TextWrapWord
	connect := container.NewBorder(nil, nil, nil, container.NewHBox(v.Connect, v.Disconnect), v.Token)
	connectApp := container.NewBorder(nil, nil, nil, v.ConnectApp, v.AppToken)
	// No Slack app yet: one click opens Slack's "create an app" page with
	// the manifest filled in.
	manifest, _ := url.Parse(slackapi.ManifestURL())
	v.CreateApp = widget.NewHyperlink("No Slack app yet? Create it from Heads Down's manifest", manifest)
	return container.NewVBox(widget.NewLabelWithStyle("Connection", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.SlackState, connect, v.CreateApp, v.AppState, connectApp, widget.NewSeparator(), statuses, v.FocusDND, v.OffHours, help)
}

// ReloadError means a change was made, but the running app refused to
// reload (its settings file has problems, say), so it may not act on the
// change yet. The window shows it beside the change: a sign-in that
// silently does nothing is worse than one that says why.
type ReloadError struct{ Err error }

func (e *ReloadError) Error() string { return "the running app could not reload: " + e.Err.Error() }
func (e *ReloadError) Unwrap() error { return e.Err }

// slackLine is what a status line says for an account method's answer,
// how loud, and whether the change was made.
func slackLine(line string, err error) (text string, imp widget.Importance, done bool) {
	var reload *ReloadError
	switch {
	case errors.As(err, &reload):
		return line + "\nThe running app could not reload: " + reload.Err.Error() + " — fix the settings and Save, and it reloads.",
			widget.WarningImportance, true
	case err != nil:
		return err.Error(), widget.DangerImportance, false
	}
	return line, widget.MediumImportance, true
}

// refreshSlack fills the connection line.
func (v *SettingsView) refreshSlack() {
	if v.deps.Slack == nil {
		v.Token.Disable()
		v.Connect.Disable()
		v.Disconnect.Disable()
		v.AppToken.Disable()
		v.ConnectApp.Disable()
		return
	}
	v.SlackState.SetText("Checking the connection…")
	v.Disconnect.Disable()
	v.deps.Background(v.deps.Slack.Current, v.showSlack)
}

func (v *SettingsView) connect() {
	token := strings.TrimSpace(v.Token.Text)
	if token == "" || v.deps.Slack == nil {
		return
	}
	v.Connect.Disable()
	v.SlackState.SetText("Checking the token with Slack…")
	v.deps.Background(func() (string, error) { return v.deps.Slack.Connect(token) }, func(line string, err error) {
		if _, _, done := slackLine(line, err); done {
			v.Token.SetText("") // it is in the keyring now, not on screen
		} else {
			v.Connect.Enable()
		}
		v.showSlack(line, err)
	})
}

func (v *SettingsView) connectApp() {
	token := strings.TrimSpace(v.AppToken.Text)
	if token == "" || v.deps.Slack == nil {
		return
	}
	v.AppState.SetText("Checking the app token with Slack…")
	v.deps.Background(func() (string, error) { return v.deps.Slack.ConnectApp(token) }, func(line string, err error) {
		text, imp, done := slackLine(line, err)
		if done {
			v.AppToken.SetText("")
		}
		v.AppState.Importance = imp
		v.AppState.SetText(text)
	})
}

func (v *SettingsView) disconnect() {
	if v.deps.Slack == nil {
		return
	}
	v.Disconnect.Disable()
	v.deps.Background(v.deps.Slack.Disconnect, v.showSlack)
}

func (v *SettingsView) showSlack(line string, err error) {
	text, imp, _ := slackLine(line, err)
	v.SlackState.Importance = imp
	v.SlackState.SetText(text)
	if strings.HasPrefix(text, "Connected") {
		v.Disconnect.Enable()
	} else {
		v.Disconnect.Disable()
	}
}

// The welcome window: what a new user sees at the first start (and from
// the tray's "Getting started…"): what Heads Down does, the working hours
// to confirm, Slack to connect, launch at login, and a first block.

package ui

import (
	"errors"
	"net/url"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/doctor"
	"github.com/headsdown-app/headsdown/slackapi"
)

// WelcomeTitle is the welcome window's title.
const WelcomeTitle = "Welcome to Heads Down"

// WelcomeView is the welcome window's content. The working hours, the
// Slack connection and launch at login are the settings form's own
// widgets (Settings), so they check and save exactly as Settings does.
type WelcomeView struct {
	Settings *SettingsView
	// Confirm saves the hours (marking them confirmed) and launch at login;
	// Confirmed, beside it, says what that did (or why not).
	Confirm   *widget.Button
	Confirmed *widget.Label
	// Start starts a first focus block and closes the window; Later
	// leaves it.
	Start, Later *widget.Button
	// CreateApp opens Slack's create-an-app page with the manifest.
	CreateApp *widget.Hyperlink
	Message   *widget.Label
	// NoTray, at the top, says that no tray here shows the app's icon, the
	// fix for this desktop, and how to reach Heads Down meanwhile; hidden
	// where a tray shows it.
	NoTray *widget.Label
	// Scroll holds all of it; the wheel moves it from anywhere, the
	// fields included.
	Scroll  *container.Scroll
	Content fyne.CanvasObject
	intro   *widget.RichText
	leave   func()
}

// introText is the welcome's opening: what Heads Down does. Where no tray
// shows its icon, blocks are started from the command line, not "from the
// tray".
func introText(tray bool) string {
	blocks := "- **Focus blocks** from the tray, with a countdown in its icon; "
	if !tray {
		blocks = "- **Focus blocks**, started with headsdown start (or from the tray, once it shows the icon); "
	}
	return "# " + WelcomeTitle + "\n\n" + blocks +
		"every minute of deep work is logged on this computer, for a weekly report.\n" +
		"- **While you focus**, Slack shows you as heads down with Do Not Disturb, and DMs and mentions wait for your review windows (a VIP or a keyword still gets through).\n" +
		"- **Outside your working hours** it can show you as off for the day — once you have confirmed them below."
}

// noTrayText is NoTray's words for desktop ($XDG_CURRENT_DESKTOP).
func noTrayText(desktop string) string {
	fix := strings.ReplaceAll(doctor.TrayHostFix(desktop), "→", "›") // the font has no arrows
	return "Heads Down's icon cannot be shown: no system tray here shows app icons. To see it: " + fix + ".\n" +
		"Until then, reach Heads Down with the headsdown command in a terminal: headsdown start, headsdown status, " +
		"headsdown window settings, headsdown quit."
}

// ShowNoTray shows NoTray with the fix for desktop, and words the intro
// for a desktop without a tray.
func (v *WelcomeView) ShowNoTray(desktop string) {
	v.NoTray.SetText(noTrayText(desktop))
	v.NoTray.Show()
	v.intro.ParseMarkdown(introText(false))
}

// Leave is every way out but a first block (Later, closing the window,
// Escape): the launch-at-login tick is kept, and unsaved hours are asked
// about (Save, Discard, Cancel).
func (v *WelcomeView) Leave() {
	if v.keepLogin() {
		v.leave()
	}
}

// keepLogin applies a changed launch-at-login tick at once; on failure it
// says why and keeps the window open.
func (v *WelcomeView) keepLogin() bool {
	if err := v.Settings.keepLogin(); err != nil {
		v.setMessage("Launch at login was not changed: "+err.Error(), true)
		return false
	}
	return true
}

// NewWelcomeView builds the view. start starts a first block; done closes
// the window once it has; later leaves it (asking about unsaved hours).
// Every way out keeps a launch-at-login tick.
func NewWelcomeView(cfg config.Config, deps SettingsDeps, start func() error, done, later func()) *WelcomeView {
	s := NewSettingsView(cfg, deps)
	v := &WelcomeView{Settings: s, Message: widget.NewLabel(""), NoTray: widget.NewLabel("")}
	v.Message.Wrapping = fyne.TextWrapWord
	v.NoTray.Wrapping = fyne.TextWrapWord
	v.NoTray.Importance = widget.WarningImportance
	v.NoTray.Hide()

	intro := widget.NewRichTextFromMarkdown(introText(true))
	intro.Wrapping = fyne.TextWrapWord
	v.intro = intro

	heading := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// The hours tab's form, without its scroll: the whole window scrolls.
	hours := unwrapWheelScroll(s.Tabs.Items[0].Content)
	v.Confirm = widget.NewButton("Confirm these hours", v.confirm)
	v.Confirm.Importance = widget.HighImportance
	v.Confirmed = widget.NewLabel("")
	v.Confirmed.Wrapping = fyne.TextWrapWord
	if cfg.WorkingHours.Confirmed {
		v.confirmedHours("These hours are confirmed.")
	}

	manifest, _ := url.Parse(slackapi.ManifestURL())
	v.CreateApp = widget.NewHyperlink("Create the Heads Down app in your Slack workspace", manifest)
	steps := widget.NewLabel("1. Open the link above: Slack fills in the app for you. Pick your workspace and click Create.\n" +
		"2. Click Install to Workspace, then Allow.\n" +
		"3. On OAuth & Permissions, copy the User OAuth Token (it starts with xoxp-) and paste it here.\n" +
		"Slack is optional: timers, logging and reports work without it.")
	steps.Wrapping = fyne.TextWrapWord
	slackRow := container.NewBorder(nil, nil, nil, s.Connect, s.Token)

	v.Start = widget.NewButton("Start a first block (Pomodoro)", func() {
		if err := start(); err != nil {
			v.setMessage(err.Error(), true)
			return
		}
		if !v.keepLogin() {
			return
		}
		if s.Changed() {
			later() // hours edited but not confirmed: asks, as every way out does
			return
		}
		done()
	})
	v.leave = later
	v.Later = widget.NewButton("Later", v.Leave)

	body := container.NewVBox(
		v.NoTray,
		intro,
		heading("1. Your working hours"), hours, container.NewBorder(nil, nil, v.Confirm, nil, v.Confirmed),
		widget.NewSeparator(),
		heading("2. Connect Slack (optional)"), v.CreateApp, steps, slackRow, s.SlackState,
		widget.NewSeparator(),
		heading("3. Start-up"), s.LaunchAtLogin,
		v.Message,
	)
	footer := container.NewBorder(nil, nil, nil, container.NewHBox(v.Later, v.Start))
	v.Scroll = newWheelScroll(container.NewPadded(body))
	v.Content = container.NewBorder(nil, container.NewPadded(footer), nil, nil, v.Scroll)
	return v
}

// confirm saves the settings as they are on screen, which marks the hours
// confirmed (and applies launch at login), and says what that means.
// Both are said beside the button, where the eye is.
func (v *WelcomeView) confirm() {
	if !v.Settings.trySave() {
		v.Confirmed.Importance = widget.DangerImportance
		v.Confirmed.SetText(v.Settings.Message.Text)
		return
	}
	v.confirmedHours("Saved. Outside these hours Slack can now show you as off for the day (Settings › Slack).")
}

// confirmedHours shows that the hours are confirmed: the button now saves
// changes to them, and says so.
func (v *WelcomeView) confirmedHours(text string) {
	v.Confirm.SetText("Save these hours")
	v.Confirm.Importance = widget.MediumImportance
	v.Confirm.Refresh()
	v.Confirmed.Importance = widget.SuccessImportance
	v.Confirmed.SetText(text)
}

func (v *WelcomeView) setMessage(text string, isErr bool) {
	v.Message.Importance = widget.SuccessImportance
	if isErr {
		v.Message.Importance = widget.DangerImportance
	}
	v.Message.SetText(text)
}

// WelcomeWindow opens the welcome window.
func WelcomeWindow(a fyne.App, opts Options) fyne.Window {
	w, _ := newWelcomeWindow(a, opts, inBackground)
	return w
}

func newWelcomeWindow(a fyne.App, opts Options, background func(work func() (string, error), done func(string, error))) (fyne.Window, *WelcomeView) {
	w := a.NewWindow(WelcomeTitle)
	cfg, deps, loadErr := settingsDeps(opts, background)
	start := func() error {
		_, err := send(opts.SocketPath, control.Request{Cmd: control.CmdStart})
		if errors.Is(err, control.ErrNotRunning) {
			return errors.New("Heads Down is not running: start it from your app menu, then start a block from its icon")
		}
		return err
	}
	var v *WelcomeView
	v = NewWelcomeView(cfg, deps, start, w.Close, func() { v.Settings.leave(w) })
	if loadErr != nil {
		v.setMessage(loadErr.Error(), true)
	}
	if trayHostMissing() {
		v.ShowNoTray(os.Getenv("XDG_CURRENT_DESKTOP"))
	}
	w.SetContent(v.Content)
	// Fits a 1366×768 screen with a panel and a title bar (720 did not).
	w.Resize(fyne.NewSize(680, 600))
	onEscape(w, v.Leave)
	w.SetCloseIntercept(v.Leave)
	return w, v
}

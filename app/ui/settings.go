// The settings window's form: the view that holds every section, reads
// them into one config.Config, shows each problem under its field and
// saves. Each section builds its own widgets in settings_SECTION.go; the
// field plumbing they share is in settings_field.go.

package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
)

// SettingsDeps are what the settings form acts on.
type SettingsDeps struct {
	// Save persists valid settings (and tells the running app); note is
	// anything the user should know besides "Saved."
	Save func(config.Config) (note string, err error)
	// Slack, when set, fills the connection line and the connect and
	// disconnect buttons.
	Slack SlackAccount
	// LaunchAtLogin, when set, backs the "launch at login" switch.
	LaunchAtLogin LoginItem
	// Background runs slow work (Slack calls) and then done on the UI
	// goroutine. Nil runs both at once, which is what tests want.
	Background func(work func() (string, error), done func(string, error))
	// AwaySources asks the running app which desktop signals of being
	// away it uses (control.ErrNotRunning when none runs). Nil: none runs.
	AwaySources func() ([]control.AwaySource, error)
	// Calendars, when set, lists, adds and removes the calendars.
	Calendars *CalendarBook
	// Getenv reads the locale (LC_ALL, LC_TIME, LANG), to say what the
	// automatic clock is here; nil reads none (24-hour).
	Getenv func(string) string
}

// SettingsView is the settings form. Its widgets are exported for tests.
type SettingsView struct {
	// Working hours, indexed by time.Weekday.
	Days [7]DayRow
	// Focus.
	Pomodoro, ShortBreak, LongBreak, LongEvery, DeepWork, DeepBreak, DailyGoal *Entry
	AutoBreak, AutoFocus                                                       *Check
	// Review windows and bypass rules.
	ReviewTimes, ReviewEvery, VIPs, Keywords, Retention *Entry
	Batch, HoldAllDay, ReviewAfterFocus, ChannelWide    *Check
	// The once-per-block auto-reply: the switch and its template.
	AutoReply     *Check
	AutoReplyText *Entry
	// Slack.
	SlackState, AppState            *widget.Label
	Token, AppToken                 *Entry
	Connect, Disconnect, ConnectApp *widget.Button
	// CreateApp opens Slack's create-an-app page with the manifest.
	CreateApp                                                             *widget.Hyperlink
	FocusText, FocusEmoji, AFKText, AFKEmoji, OffHoursText, OffHoursEmoji *Entry
	FocusDND, OffHours                                                    *Check
	// Notifications and start-up.
	Notify, Sound, WeeklyReport, LaunchAtLogin *Check
	// Clock is [general] clock: automatic (the locale), 12- or 24-hour.
	Clock *widget.Select
	// Away: the settings, a note when idle detection cannot work here, and
	// what the running app reports of this desktop.
	AwayOnLock *Check
	// AwayPresence is [away] presence: Slack's presence too, off by default.
	AwayPresence                                   *Check
	IdleMinutes, ResumeWithin, AwayText, AwayEmoji *Entry
	IdleNote, AwaySources                          *widget.Label
	CheckAway                                      *widget.Button
	// Calendar: the [calendar] options, and the calendars with what adds
	// and removes them. CalendarList is the list as shown.
	CalendarStatus, CalendarReview, CalendarHold, CalendarTentative *Check
	CalendarText, CalendarEmoji, CalendarEndBefore                  *Entry
	CalendarLink, CalendarName                                      *Entry
	CalendarAdd                                                     *widget.Button
	CalendarProblem                                                 *widget.Label
	CalendarRows                                                    *fyne.Container
	CalendarList                                                    []calendarRow
	CalendarRemove                                                  map[string]*widget.Button

	Save    *widget.Button
	Message *widget.Label
	Tabs    *container.AppTabs
	Content fyne.CanvasObject
	// AskSave, AskDiscard and AskCancel answer "Save your changes?", asked
	// when the window is left with unsaved changes; Asking is whether it
	// is being asked.
	AskSave, AskDiscard, AskCancel *widget.Button
	Asking                         bool
	// Closing: Heads Down asked the window to close (it is quitting, or
	// the process was told to end); the question then has no Cancel.
	Closing bool

	base   config.Config
	clean  string // the form as last loaded or saved (see formState)
	ask    *dialog.CustomDialog
	deps   SettingsDeps
	fields []*field
	// afkStatus are the rows of the status when you go away by hand: made
	// with the Slack tab's texts, shown on the Away tab.
	afkStatus []*widget.FormItem

	loginWas bool
	loginErr error
}

// NewSettingsView builds the form filled from cfg.
func NewSettingsView(cfg config.Config, deps SettingsDeps) *SettingsView {
	v := &SettingsView{base: cfg, deps: deps}
	if v.deps.Background == nil {
		v.deps.Background = func(work func() (string, error), done func(string, error)) { done(work()) }
	}
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Message.Importance = widget.DangerImportance
	v.Save = widget.NewButton("Save", v.save)
	v.Save.Importance = widget.HighImportance

	v.Tabs = container.NewAppTabs(
		container.NewTabItem("Working hours", scroll(v.hoursTab(cfg))),
		container.NewTabItem("Focus", scroll(v.focusTab(cfg))),
		container.NewTabItem("Review", scroll(v.reviewTab(cfg))),
		container.NewTabItem("Slack", scroll(v.slackTab(cfg))),
		container.NewTabItem("Notifications", scroll(v.notificationsTab(cfg))),
		container.NewTabItem("Away", scroll(v.awayTab(cfg))),
		container.NewTabItem("Calendar", scroll(v.calendarTab(cfg))),
	)
	for _, f := range v.fields {
		f.entry.OnChanged = func(string) { v.refresh() }
		if !f.entry.MultiLine {
			f.entry.OnSubmitted = func(string) { v.save() } // Enter saves
		}
	}
	// Save at the top of its cell, at its own height: in the Border's
	// side cell alone it would stretch to the height of a message of
	// several lines (a ~110 px block).
	footer := container.NewBorder(nil, nil, nil, container.NewVBox(v.Save), v.Message)
	v.Content = container.NewBorder(nil, container.NewPadded(footer), nil, nil, v.Tabs)
	v.refresh()
	v.refreshSlack()
	v.refreshAway()
	v.refreshCalendars()
	v.clean = v.formState()
	return v
}

// formState is what the form holds, as the settings it would save (or the
// problems that stop it), so that typing and deleting a letter is no change.
// Launch at login is apart: it is the entry itself (see keepLogin).
func (v *SettingsView) formState() string {
	cfg, err := v.Config()
	return fmt.Sprintf("%#v %v", cfg, err)
}

// Changed tells whether the form holds edits not saved yet.
func (v *SettingsView) Changed() bool {
	return v.formState() != v.clean || v.deps.LaunchAtLogin != nil && v.LaunchAtLogin.Checked != v.loginWas
}

// keepLogin makes the launch-at-login entry what the box shows, now,
// without saving the rest of the form: the welcome window keeps the tick on
// every way out (a first block, Later, closing it).
func (v *SettingsView) keepLogin() error {
	on := v.LaunchAtLogin.Checked
	if v.deps.LaunchAtLogin == nil || on == v.loginWas {
		return nil
	}
	if err := v.deps.LaunchAtLogin.Set(on); err != nil {
		return err
	}
	v.loginWas = on
	return nil
}

// leave closes w, first asking whether to save when there are unsaved
// changes: Save (and close once saved), Discard, or Cancel (stay). Asked
// again while asking, it is Cancel; but not once Heads Down asked the
// window to close (closeAsked): the question then has no Cancel and stays.
func (v *SettingsView) leave(w fyne.Window) {
	if v.Asking {
		if !v.Closing {
			v.ask.Hide()
		}
		return
	}
	if !v.Changed() {
		w.Close()
		return
	}
	text := "Your changes to the settings are not saved yet."
	if v.Closing {
		text = "Heads Down is closing this window. " + text
	}
	// A form with problems cannot be saved: no Save that would do nothing.
	invalid := v.Save.Disabled()
	if invalid {
		text += " They cannot be saved while the problems shown are there: Cancel to fix them, or Discard."
		if v.Closing {
			text = "Heads Down is closing this window. Your changes to the settings have problems and cannot be saved."
		}
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	v.ask = dialog.NewCustomWithoutButtons("Save changes?", msg, w)
	v.AskSave = widget.NewButton("Save", func() {
		v.ask.Hide()
		v.save()
		if !v.Changed() {
			w.Close()
		}
		// A failed save leaves the window open with the reason shown.
	})
	v.AskSave.Importance = widget.HighImportance
	v.AskDiscard = widget.NewButton("Discard", func() { v.ask.Hide(); w.Close() })
	v.AskCancel = widget.NewButton("Cancel", func() { v.ask.Hide() })
	buttons := []fyne.CanvasObject{v.AskCancel, v.AskDiscard, v.AskSave}
	if invalid {
		buttons, v.AskSave = buttons[:2], nil
	}
	if v.Closing {
		// The app that owns the window is going (or the session is), and
		// the window goes too: the only question left is whether to keep
		// the edits.
		buttons, v.AskCancel = buttons[1:], nil
	}
	v.ask.SetButtons(buttons)
	v.ask.SetOnClosed(func() { v.Asking = false })
	v.Asking = true
	v.ask.Show()
}

// closeAsked is leave when Heads Down asks the window to close: it is
// quitting, or the window's process was told to end (SIGTERM). Unsaved
// edits are asked about as at the title bar's close, without Cancel.
// Asked again (at a Quit on Unix both the app's answer and a SIGTERM
// come), it does nothing: a second request must not answer the question
// the first one put.
func (v *SettingsView) closeAsked(w fyne.Window) {
	if v.Closing {
		return
	}
	v.Closing = true
	if v.Asking {
		v.ask.Hide() // the question with Cancel makes way for the one without
	}
	v.leave(w)
}

// Sections name the settings tabs, in order, for `headsdown window settings
// SECTION`.
var Sections = []string{"hours", "focus", "review", "slack", "notifications", "away", "calendar"}

// SectionIndex is the tab index of a section name, -1 if unknown.
func SectionIndex(name string) int {
	for i, s := range Sections {
		if s == name {
			return i
		}
	}
	return -1
}

// Config reads the form. Problems come as config.Problems, each with the
// key of the field it belongs to.
func (v *SettingsView) Config() (config.Config, error) {
	cfg := v.base
	var ps config.Problems
	for _, f := range v.fields {
		if err := f.read(strings.TrimSpace(f.entry.Text), &cfg); err != nil {
			ps = append(ps, config.Problem{Key: f.key, Msg: err.Error()})
		}
	}
	cfg.Focus.AutoStartBreak, cfg.Focus.AutoStartFocus = v.AutoBreak.Checked, v.AutoFocus.Checked
	cfg.Pings.Batch, cfg.Pings.HoldAllDay = v.Batch.Checked, v.HoldAllDay.Checked
	cfg.Pings.ReviewAfterFocus, cfg.Pings.ChannelWide = v.ReviewAfterFocus.Checked, v.ChannelWide.Checked
	cfg.Pings.AutoReply = v.AutoReply.Checked
	cfg.Slack.FocusDND, cfg.Slack.OffHours = v.FocusDND.Checked, v.OffHours.Checked
	cfg.Notifications.Enabled, cfg.Notifications.Sound = v.Notify.Checked, v.Sound.Checked
	cfg.Notifications.WeeklyReport = v.WeeklyReport.Checked
	cfg.General.Clock = v.clockSetting()
	cfg.Away.OnLock = v.AwayOnLock.Checked
	cfg.Away.Presence = v.AwayPresence.Checked
	v.readCalendarChecks(&cfg)
	if err := cfg.Validate(); err != nil {
		unread := ps // fields whose text could not be read: their value is not the user's
		var more config.Problems
		errors.As(err, &more)
		for _, p := range more {
			if len(unread.For(p.Key)) == 0 {
				ps = append(ps, p)
			}
		}
	}
	if len(ps) > 0 {
		return cfg, ps
	}
	return cfg, nil
}

// FieldError is the error shown under an entry, "" when none.
func (v *SettingsView) FieldError(e *Entry) string {
	for _, f := range v.fields {
		if f.entry == e {
			return f.msg
		}
	}
	return ""
}

// refresh shows each problem under its field, sums them up beside Save,
// and allows Save only when there are none.
func (v *SettingsView) refresh() {
	if v.Content == nil {
		return // still building
	}
	_, err := v.Config()
	var ps config.Problems
	errors.As(err, &ps)
	var summary []string
	for _, f := range v.fields {
		var msgs []string
		for _, p := range ps.For(f.key) {
			msgs = append(msgs, p.Msg)
		}
		f.show(strings.Join(msgs, "; ")) // "" puts the hint back
		if len(msgs) == 0 {
			continue
		}
		summary = append(summary, f.name+": "+msgs[0])
	}
	if len(ps) == 0 {
		v.Save.Enable()
		v.setMessage("", false)
		if v.loginErr != nil {
			v.setMessage("Launch at login: "+v.loginErr.Error(), true)
		}
		return
	}
	v.Save.Disable()
	if len(summary) == 0 {
		summary = []string{ps.Error()}
	}
	v.setMessage(strings.Join(summary, "\n"), true)
}

func (v *SettingsView) setMessage(text string, isErr bool) {
	if isErr {
		v.Message.Importance = widget.DangerImportance
	} else {
		v.Message.Importance = widget.SuccessImportance
	}
	v.Message.SetText(text)
}

func (v *SettingsView) save() { v.trySave() }

// trySave saves the form and says whether everything it holds took
// effect; the message line says what did not.
func (v *SettingsView) trySave() bool {
	cfg, err := v.Config()
	if err != nil {
		v.refresh()
		return false
	}
	// Saving is the user's word on the working hours shown in the first
	// tab: off-hours automation may now follow them.
	cfg.WorkingHours.Confirmed = true
	note, err := v.deps.Save(cfg)
	if err != nil {
		v.setMessage(err.Error(), true)
		return false
	}
	v.base = cfg
	v.clean = v.formState()
	if err := v.keepLogin(); err != nil {
		v.setMessage("Settings saved, but launch at login was not changed: "+err.Error(), true)
		return false
	}
	v.setMessage(strings.TrimSpace("Saved. "+note), false)
	return true
}

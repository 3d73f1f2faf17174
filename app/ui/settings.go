package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"headsdown/app/config"
	"headsdown/focus"
)

// SlackAccount is the Slack connection the settings window shows and
// changes. Each method may take a network round trip and returns the line
// to show ("Connected as @ana in Acme").
type SlackAccount interface {
	Current() (string, error)
	Connect(token string) (string, error)
	Disconnect() (string, error)
	// ConnectApp checks and stores an app-level token (xapp-), which
	// brings pings in at once over Socket Mode instead of by polling.
	ConnectApp(token string) (string, error)
}

// LoginItem is "launch at login".
type LoginItem interface {
	Enabled() (bool, error)
	Set(on bool) error
}

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
}

// DayRow is one weekday of working hours: on/off and its spans.
type DayRow struct {
	On    *widget.Check
	Hours *widget.Entry
}

// SettingsView is the settings form. Its widgets are exported for tests.
type SettingsView struct {
	// Working hours, indexed by time.Weekday.
	Days [7]DayRow
	// Focus.
	Pomodoro, ShortBreak, LongBreak, LongEvery, DeepWork, DeepBreak, DailyGoal *widget.Entry
	AutoBreak, AutoFocus                                                       *widget.Check
	// Review windows and bypass rules.
	ReviewTimes, ReviewEvery, VIPs, Keywords, Retention *widget.Entry
	Batch, HoldAllDay, ReviewAfterFocus, ChannelWide    *widget.Check
	// Slack.
	SlackState, AppState                                                  *widget.Label
	Token, AppToken                                                       *widget.Entry
	Connect, Disconnect, ConnectApp                                       *widget.Button
	FocusText, FocusEmoji, AFKText, AFKEmoji, OffHoursText, OffHoursEmoji *widget.Entry
	FocusDND, OffHours                                                    *widget.Check
	// Notifications and start-up.
	Notify, Sound, WeeklyReport, LaunchAtLogin *widget.Check

	Save    *widget.Button
	Message *widget.Label
	Tabs    *container.AppTabs
	Content fyne.CanvasObject

	base     config.Config
	deps     SettingsDeps
	fields   []*field
	loginWas bool
	loginErr error
}

// field ties an entry to the setting it edits: how its text is read into
// the config, and the key whose problems it shows under itself.
type field struct {
	key   string
	name  string
	entry *widget.Entry
	read  func(text string, cfg *config.Config) error
	err   *widget.Label
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
	)
	for _, f := range v.fields {
		f.entry.OnChanged = func(string) { v.refresh() }
		if !f.entry.MultiLine {
			f.entry.OnSubmitted = func(string) { v.save() } // Enter saves
		}
	}
	footer := container.NewBorder(nil, nil, nil, v.Save, v.Message)
	v.Content = container.NewBorder(nil, container.NewPadded(footer), nil, nil, v.Tabs)
	v.refresh()
	v.refreshSlack()
	return v
}

func scroll(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(o))
}

// add registers an entry as a field and returns the form item showing it
// with its error line underneath.
func (v *SettingsView) add(key, name, hint string, e *widget.Entry, read func(string, *config.Config) error) *widget.FormItem {
	f := &field{key: key, name: name, entry: e, read: read, err: widget.NewLabel("")}
	f.err.Importance = widget.DangerImportance
	f.err.Wrapping = fyne.TextWrapWord
	f.err.Hide()
	v.fields = append(v.fields, f)
	return &widget.FormItem{Text: name, Widget: container.NewVBox(e, f.err), HintText: hint}
}

func entry(text, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

func check(label string, on bool) *widget.Check {
	c := widget.NewCheck(label, nil)
	c.SetChecked(on)
	return c
}

// Sections name the settings tabs, in order, for `headsdown window settings
// SECTION`.
var Sections = []string{"hours", "focus", "review", "slack", "notifications"}

// SectionIndex is the tab index of a section name, -1 if unknown.
func SectionIndex(name string) int {
	for i, s := range Sections {
		if s == name {
			return i
		}
	}
	return -1
}

// weekOrder lists days Monday first, as calendars in most locales do.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func dayKey(d time.Weekday) string { return "working_hours." + strings.ToLower(d.String()) }

func daySpans(c *config.Config, d time.Weekday) *[]string {
	w := &c.WorkingHours
	return [7]*[]string{&w.Sunday, &w.Monday, &w.Tuesday, &w.Wednesday, &w.Thursday, &w.Friday, &w.Saturday}[d]
}

func (v *SettingsView) hoursTab(cfg config.Config) fyne.CanvasObject {
	form := widget.NewForm()
	for _, d := range weekOrder {
		spans := *daySpans(&cfg, d)
		text := config.DayText(spans)
		if text == "" {
			text = "09:00-17:30"
		}
		row := DayRow{On: check("", len(spans) > 0), Hours: entry(text, "09:00-12:00, 13:00-17:30")}
		v.Days[d] = row
		day := d
		row.On.OnChanged = func(on bool) {
			if on {
				row.Hours.Enable()
			} else {
				row.Hours.Disable()
			}
			v.refresh()
		}
		row.On.OnChanged(row.On.Checked)
		item := v.add(dayKey(d), d.String(), "", row.Hours, func(text string, c *config.Config) error {
			if !row.On.Checked {
				*daySpans(c, day) = nil
				return nil
			}
			spans, err := config.ParseDayText(text)
			if err == nil && len(spans) == 0 {
				err = errors.New("add the hours, like 09:00-17:30, or switch the day off")
			}
			*daySpans(c, day) = spans
			return err
		})
		// Built by hand so the switch comes before the hours in tab order.
		item.Widget = container.New(layout.NewBorderLayout(nil, nil, row.On, nil), row.On, item.Widget)
		form.AppendItem(item)
	}
	zone, _ := time.Now().Zone()
	tz := time.Local.String()
	if tz == "Local" {
		tz = zone
	}
	intro := widget.NewLabel("Tick the days you work. A split day is two spans: 09:00-12:00, 13:00-17:30.\n" +
		"Outside these hours Heads Down can set an off-hours status; review windows fall only inside them, " +
		"and focus outside them is counted separately in reports.")
	intro.Wrapping = fyne.TextWrapWord
	return container.NewVBox(intro, form, widget.NewLabel("Times are in your system time zone ("+tz+")."))
}

func (v *SettingsView) focusTab(cfg config.Config) fyne.CanvasObject {
	length := func(key, name string, d config.Duration, dst func(*config.Config) *config.Duration) *widget.FormItem {
		e := entry(durationText(time.Duration(d)), "25m or 25")
		switch key {
		case "focus.pomodoro":
			v.Pomodoro = e
		case "focus.short_break":
			v.ShortBreak = e
		case "focus.long_break":
			v.LongBreak = e
		case "focus.deep_work":
			v.DeepWork = e
		case "focus.deep_work_break":
			v.DeepBreak = e
		}
		return v.add(key, name, "", e, func(text string, c *config.Config) error {
			d, err := focus.ParseDuration(text)
			if err == nil {
				err = config.CheckLength(d)
			}
			*dst(c) = config.Duration(d)
			return err
		})
	}
	v.LongEvery = entry(strconv.Itoa(cfg.Focus.LongBreakEvery), "4")
	v.DailyGoal = entry(durationText(time.Duration(cfg.Focus.DailyGoal)), "4h, or 0 for none")
	v.AutoBreak = check("Start the break when a focus block ends", cfg.Focus.AutoStartBreak)
	v.AutoFocus = check("Start the next focus block when a break ends", cfg.Focus.AutoStartFocus)
	for _, c := range []*widget.Check{v.AutoBreak, v.AutoFocus} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	form := widget.NewForm(
		length("focus.pomodoro", "Pomodoro", cfg.Focus.Pomodoro, func(c *config.Config) *config.Duration { return &c.Focus.Pomodoro }),
		length("focus.short_break", "Short break", cfg.Focus.ShortBreak, func(c *config.Config) *config.Duration { return &c.Focus.ShortBreak }),
		length("focus.long_break", "Long break", cfg.Focus.LongBreak, func(c *config.Config) *config.Duration { return &c.Focus.LongBreak }),
		v.add("focus.long_break_every", "Long break every", "focus blocks (0 = never)", v.LongEvery, func(text string, c *config.Config) error {
			n, err := wholeNumber(text, 0, 100)
			c.Focus.LongBreakEvery = n
			return err
		}),
		length("focus.deep_work", "Deep work", cfg.Focus.DeepWork, func(c *config.Config) *config.Duration { return &c.Focus.DeepWork }),
		length("focus.deep_work_break", "Deep work break", cfg.Focus.DeepWorkBreak, func(c *config.Config) *config.Duration { return &c.Focus.DeepWorkBreak }),
		v.add("focus.daily_goal", "Daily goal", "deep work a day, for reports", v.DailyGoal, func(text string, c *config.Config) error {
			d, err := optionalDuration(text)
			c.Focus.DailyGoal = config.Duration(d)
			return err
		}),
	)
	return container.NewVBox(widget.NewLabel("Lengths are in minutes (or like 1h30m)."), form, v.AutoBreak, v.AutoFocus)
}

func (v *SettingsView) reviewTab(cfg config.Config) fyne.CanvasObject {
	p := cfg.Pings
	v.Batch = check("Hold Slack DMs and mentions and deliver them in review windows", p.Batch)
	v.HoldAllDay = check("Hold them all day between review windows, not only during focus", p.HoldAllDay)
	v.ReviewAfterFocus = check("Review at the end of each focus block", p.ReviewAfterFocus)
	v.ChannelWide = check("Count @here, @channel and @everyone as mentions", p.ChannelWide)
	for _, c := range []*widget.Check{v.Batch, v.HoldAllDay, v.ReviewAfterFocus, v.ChannelWide} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	v.ReviewTimes = entry(strings.Join(p.ReviewTimes, ", "), "10:30, 13:30, 16:30")
	v.ReviewEvery = entry(strconv.Itoa(p.ReviewEveryMinutes), "0")
	v.VIPs = entry(strings.Join(p.VIPs, ", "), "@ana, U024BE7LH")
	v.Keywords = entry(strings.Join(p.Keywords, ", "), "urgent, incident, prod down")
	v.Retention = entry(strconv.Itoa(p.RetentionDays), "14")
	form := widget.NewForm(
		v.add("pings.review_times", "Review at", "times of day, on working days", v.ReviewTimes, func(text string, c *config.Config) error {
			c.Pings.ReviewTimes = list(text)
			for _, t := range c.Pings.ReviewTimes {
				if _, err := config.ParseTimeOfDay(t); err != nil {
					return err
				}
			}
			return nil
		}),
		v.add("pings.review_every_minutes", "And every", "minutes of working time (0 = off)", v.ReviewEvery, func(text string, c *config.Config) error {
			n, err := wholeNumber(text, 0, 24*60)
			c.Pings.ReviewEveryMinutes = n
			return err
		}),
		v.add("pings.vips", "VIP senders", "@handles or member IDs; they always break through", v.VIPs, func(text string, c *config.Config) error {
			c.Pings.VIPs = list(text)
			return nil
		}),
		v.add("pings.keywords", "Keywords", "any case; a message with one breaks through", v.Keywords, func(text string, c *config.Config) error {
			c.Pings.Keywords = list(text)
			return nil
		}),
		v.add("pings.retention_days", "Keep texts for", "days; counts are kept for reports", v.Retention, func(text string, c *config.Config) error {
			n, err := wholeNumber(text, 1, 3650)
			c.Pings.RetentionDays = n
			return err
		}),
	)
	note := widget.NewLabel("Message texts stay on this computer. Review windows fall only inside working hours; " +
		"one that comes during focus waits for the block's end.")
	note.Wrapping = fyne.TextWrapWord
	return container.NewVBox(v.Batch, v.HoldAllDay, v.ReviewAfterFocus, form, v.ChannelWide, note)
}

func (v *SettingsView) slackTab(cfg config.Config) fyne.CanvasObject {
	s := cfg.Slack
	v.SlackState = widget.NewLabel("Not connected.")
	v.SlackState.Wrapping = fyne.TextWrapWord
	v.Token = widget.NewPasswordEntry()
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
	v.AppToken = widget.NewPasswordEntry()
	v.AppToken.SetPlaceHolder("xapp-… (App-Level Token, connections:write)")
	v.ConnectApp = widget.NewButton("Use for pings", v.connectApp)
	v.AppToken.OnSubmitted = func(string) { v.connectApp() }
	v.FocusText, v.FocusEmoji = entry(s.FocusText, "Heads down until {until}"), entry(s.FocusEmoji, ":headphones:")
	v.AFKText, v.AFKEmoji = entry(s.AFKText, "Away, back {until}"), entry(s.AFKEmoji, ":walking:")
	v.OffHoursText, v.OffHoursEmoji = entry(s.OffHoursText, "Off for the day"), entry(s.OffHoursEmoji, ":crescent_moon:")
	v.FocusDND = check("Pause notifications (Do Not Disturb) during focus", s.FocusDND)
	v.OffHours = check("Set a status and away outside working hours", s.OffHours)
	for _, c := range []*widget.Check{v.FocusDND, v.OffHours} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	text := func(key, name string, e *widget.Entry, dst func(*config.Config) *string) *widget.FormItem {
		return v.add(key, name, "", e, func(t string, c *config.Config) error {
			*dst(c) = strings.TrimSpace(t)
			return nil
		})
	}
	statuses := widget.NewForm(
		text("slack.focus_text", "Focus status", v.FocusText, func(c *config.Config) *string { return &c.Slack.FocusText }),
		text("slack.focus_emoji", "Focus emoji", v.FocusEmoji, func(c *config.Config) *string { return &c.Slack.FocusEmoji }),
		text("slack.afk_text", "Away status", v.AFKText, func(c *config.Config) *string { return &c.Slack.AFKText }),
		text("slack.afk_emoji", "Away emoji", v.AFKEmoji, func(c *config.Config) *string { return &c.Slack.AFKEmoji }),
		text("slack.off_hours_text", "Off-hours status", v.OffHoursText, func(c *config.Config) *string { return &c.Slack.OffHoursText }),
		text("slack.off_hours_emoji", "Off-hours emoji", v.OffHoursEmoji, func(c *config.Config) *string { return &c.Slack.OffHoursEmoji }),
	)
	help := widget.NewLabel("{until} becomes the time the status ends, {tag} the focus block's tag. " +
		"The token is kept in your system keyring, never in a file.")
	help.Wrapping = fyne.TextWrapWord
	connect := container.NewBorder(nil, nil, nil, container.NewHBox(v.Connect, v.Disconnect), v.Token)
	connectApp := container.NewBorder(nil, nil, nil, v.ConnectApp, v.AppToken)
	return container.NewVBox(widget.NewLabelWithStyle("Connection", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.SlackState, connect, v.AppState, connectApp, widget.NewSeparator(), statuses, v.FocusDND, v.OffHours, help)
}

func (v *SettingsView) notificationsTab(cfg config.Config) fyne.CanvasObject {
	n := cfg.Notifications
	v.Notify = check("Show desktop notifications", n.Enabled)
	v.Sound = check("Play a sound when a block ends", n.Sound)
	v.WeeklyReport = check("Remind me of my weekly report at the end of the week", n.WeeklyReport)
	v.Notify.OnChanged = func(on bool) {
		for _, c := range []*widget.Check{v.Sound, v.WeeklyReport} {
			if on {
				c.Enable()
			} else {
				c.Disable()
			}
		}
		v.refresh()
	}
	v.Notify.OnChanged(n.Enabled)
	for _, c := range []*widget.Check{v.Sound, v.WeeklyReport} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	v.LaunchAtLogin = check("Launch Heads Down when I log in", false)
	if v.deps.LaunchAtLogin == nil {
		v.LaunchAtLogin.Disable()
	} else {
		v.loginWas, v.loginErr = v.deps.LaunchAtLogin.Enabled()
		v.LaunchAtLogin.SetChecked(v.loginWas)
	}
	v.LaunchAtLogin.OnChanged = func(bool) { v.refresh() }
	return container.NewVBox(v.Notify, v.Sound, v.WeeklyReport, widget.NewSeparator(),
		widget.NewLabelWithStyle("Start-up", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.LaunchAtLogin)
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
	cfg.Slack.FocusDND, cfg.Slack.OffHours = v.FocusDND.Checked, v.OffHours.Checked
	cfg.Notifications.Enabled, cfg.Notifications.Sound = v.Notify.Checked, v.Sound.Checked
	cfg.Notifications.WeeklyReport = v.WeeklyReport.Checked
	if err := cfg.Validate(); err != nil {
		var more config.Problems
		errors.As(err, &more)
		for _, p := range more {
			if len(ps.For(p.Key)) == 0 { // a field's own reading already said it
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
func (v *SettingsView) FieldError(e *widget.Entry) string {
	for _, f := range v.fields {
		if f.entry == e && f.err.Visible() {
			return f.err.Text
		}
	}
	return ""
}

// refresh shows each problem under its field, sums them up beside Save,
// and allows Save only when there are none.
func (v *SettingsView) refresh() {
	if v.LaunchAtLogin == nil {
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
		if len(msgs) == 0 {
			f.err.Hide()
			continue
		}
		f.err.SetText(strings.Join(msgs, "; "))
		f.err.Show()
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

func (v *SettingsView) save() {
	cfg, err := v.Config()
	if err != nil {
		v.refresh()
		return
	}
	note, err := v.deps.Save(cfg)
	if err != nil {
		v.setMessage(err.Error(), true)
		return
	}
	v.base = cfg
	if on := v.LaunchAtLogin.Checked; v.deps.LaunchAtLogin != nil && on != v.loginWas {
		if err := v.deps.LaunchAtLogin.Set(on); err != nil {
			v.setMessage("Settings saved, but launch at login was not changed: "+err.Error(), true)
			return
		}
		v.loginWas = on
	}
	v.setMessage(strings.TrimSpace("Saved. "+note), false)
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
		if err == nil {
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
		if err != nil {
			v.AppState.Importance = widget.DangerImportance
			v.AppState.SetText(err.Error())
			return
		}
		v.AppToken.SetText("")
		v.AppState.Importance = widget.MediumImportance
		v.AppState.SetText(line)
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
	if err != nil {
		line = err.Error()
		v.SlackState.Importance = widget.DangerImportance
	} else {
		v.SlackState.Importance = widget.MediumImportance
	}
	v.SlackState.SetText(line)
	if strings.HasPrefix(line, "Connected") {
		v.Disconnect.Enable()
	} else {
		v.Disconnect.Disable()
	}
}

// bindKeys makes the window keyboard-usable beyond Tab and Enter: Escape
// closes it, Ctrl+S saves, and Alt+1…5 (or Ctrl+PageDown/PageUp) switch
// sections.
func (v *SettingsView) bindKeys(w fyne.Window) {
	closeOnEscape(w)
	c := w.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { v.save() })
	for i := range v.Tabs.Items {
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(strconv.Itoa(i + 1)), Modifier: fyne.KeyModifierAlt},
			func(fyne.Shortcut) { v.Tabs.SelectIndex(i) })
	}
	step := func(d int) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			n := len(v.Tabs.Items)
			v.Tabs.SelectIndex((v.Tabs.SelectedIndex() + d + n) % n)
		}
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}, step(1))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierControl}, step(-1))
}

// wholeNumber reads an integer within [lo, hi].
func wholeNumber(text string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < lo || n > hi {
		return n, fmt.Errorf("a whole number from %d to %d", lo, hi)
	}
	return n, nil
}

// optionalDuration reads a duration where 0 or nothing means "none".
func optionalDuration(text string) (time.Duration, error) {
	if text == "" || text == "0" {
		return 0, nil
	}
	return focus.ParseDuration(text)
}

// list splits a comma-separated field, dropping empty items.
func list(text string) []string {
	var out []string
	for _, s := range strings.Split(text, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// durationText writes a duration the way the entries accept it.
func durationText(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.Itoa(int(d / time.Minute))
	}
	return d.String()
}

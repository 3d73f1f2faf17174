package ui

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"headsdown/app/config"
	"headsdown/app/control"
	"headsdown/focus"
)

// SettingsView is the settings form. Its fields are exported for tests.
type SettingsView struct {
	Pomodoro, ShortBreak, LongBreak, LongEvery, DeepWork, DeepBreak *widget.Entry
	AutoBreak, AutoFocus, Notify, Sound                             *widget.Check
	Save                                                            *widget.Button
	Message                                                         *widget.Label
	Content                                                         fyne.CanvasObject

	base   config.Config
	onSave func(config.Config) error
}

// NewSettingsView builds the form filled from cfg; onSave persists a valid
// result and reports what happened.
func NewSettingsView(cfg config.Config, onSave func(config.Config) error) *SettingsView {
	v := &SettingsView{base: cfg, onSave: onSave}
	dur := func(d config.Duration) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(durationText(time.Duration(d)))
		e.Validator = func(s string) error {
			d, err := focus.ParseDuration(s)
			if err == nil && d < time.Minute {
				err = errors.New("at least 1 minute")
			}
			return err
		}
		e.SetPlaceHolder("25m or 25")
		return e
	}
	v.Pomodoro, v.ShortBreak, v.LongBreak = dur(cfg.Focus.Pomodoro), dur(cfg.Focus.ShortBreak), dur(cfg.Focus.LongBreak)
	v.DeepWork, v.DeepBreak = dur(cfg.Focus.DeepWork), dur(cfg.Focus.DeepWorkBreak)
	v.LongEvery = widget.NewEntry()
	v.LongEvery.SetText(strconv.Itoa(cfg.Focus.LongBreakEvery))
	v.LongEvery.Validator = func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100 {
			return errors.New("a whole number from 0 (never) to 100")
		}
		return nil
	}
	v.AutoBreak = widget.NewCheck("Start the break when a focus block ends", nil)
	v.AutoBreak.SetChecked(cfg.Focus.AutoStartBreak)
	v.AutoFocus = widget.NewCheck("Start the next focus block when a break ends", nil)
	v.AutoFocus.SetChecked(cfg.Focus.AutoStartFocus)
	v.Notify = widget.NewCheck("Show desktop notifications", nil)
	v.Notify.SetChecked(cfg.Notifications.Enabled)
	v.Sound = widget.NewCheck("Play a sound when a block ends", nil)
	v.Sound.SetChecked(cfg.Notifications.Sound)
	v.Notify.OnChanged = func(on bool) {
		if on {
			v.Sound.Enable()
		} else {
			v.Sound.Disable()
		}
	}
	v.Notify.OnChanged(cfg.Notifications.Enabled)

	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Save = widget.NewButton("Save", v.save)
	v.Save.Importance = widget.HighImportance

	entries := []*widget.Entry{v.Pomodoro, v.ShortBreak, v.LongBreak, v.LongEvery, v.DeepWork, v.DeepBreak}
	for _, e := range entries {
		e.OnChanged = func(string) { v.refresh() }
		e.OnSubmitted = func(string) { v.save() } // Enter saves
	}

	focusForm := widget.NewForm(
		widget.NewFormItem("Pomodoro", v.Pomodoro),
		widget.NewFormItem("Short break", v.ShortBreak),
		widget.NewFormItem("Long break", v.LongBreak),
		widget.NewFormItem("Long break every", container.NewBorder(nil, nil, nil, widget.NewLabel("blocks (0 = never)"), v.LongEvery)),
		widget.NewFormItem("Deep work", v.DeepWork),
		widget.NewFormItem("Deep work break", v.DeepBreak),
	)
	tabs := container.NewAppTabs(
		container.NewTabItem("Focus", container.NewVBox(
			widget.NewLabel("Lengths are in minutes (or like 1h30m)."), focusForm, v.AutoBreak, v.AutoFocus)),
		container.NewTabItem("Notifications", container.NewVBox(v.Notify, v.Sound)),
	)
	v.Content = container.NewBorder(nil, container.NewBorder(nil, nil, nil, v.Save, v.Message), nil, nil, tabs)
	v.refresh()
	return v
}

// Config reads the form; the error names every invalid field.
func (v *SettingsView) Config() (config.Config, error) {
	cfg := v.base
	var errs []error
	parse := func(name string, e *widget.Entry, dst *config.Duration) {
		if err := e.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			return
		}
		d, _ := focus.ParseDuration(e.Text)
		*dst = config.Duration(d)
	}
	parse("Pomodoro", v.Pomodoro, &cfg.Focus.Pomodoro)
	parse("Short break", v.ShortBreak, &cfg.Focus.ShortBreak)
	parse("Long break", v.LongBreak, &cfg.Focus.LongBreak)
	parse("Deep work", v.DeepWork, &cfg.Focus.DeepWork)
	parse("Deep work break", v.DeepBreak, &cfg.Focus.DeepWorkBreak)
	if err := v.LongEvery.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("Long break every: %w", err))
	} else {
		cfg.Focus.LongBreakEvery, _ = strconv.Atoi(v.LongEvery.Text)
	}
	cfg.Focus.AutoStartBreak, cfg.Focus.AutoStartFocus = v.AutoBreak.Checked, v.AutoFocus.Checked
	cfg.Notifications.Enabled, cfg.Notifications.Sound = v.Notify.Checked, v.Sound.Checked
	if len(errs) == 0 {
		if err := cfg.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return cfg, errors.Join(errs...)
}

// refresh shows what is wrong and allows Save only when nothing is.
func (v *SettingsView) refresh() {
	if _, err := v.Config(); err != nil {
		v.Save.Disable()
		v.Message.SetText(err.Error())
		return
	}
	v.Save.Enable()
	v.Message.SetText("")
}

func (v *SettingsView) save() {
	cfg, err := v.Config()
	if err != nil {
		v.Message.SetText(err.Error())
		return
	}
	if err := v.onSave(cfg); err != nil {
		v.Message.SetText(err.Error())
		return
	}
	v.base = cfg
	v.Message.SetText("Saved.")
}

// durationText writes a duration the way the entries accept it.
func durationText(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.Itoa(int(d / time.Minute))
	}
	return d.String()
}

// SettingsWindow opens the settings. An unreadable settings file is shown,
// not replaced: the form starts from defaults and saving is the user's call.
func SettingsWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Heads Down Settings")
	cfg, loadErr := config.Load(opts.ConfigPath)
	v := NewSettingsView(cfg, func(cfg config.Config) error {
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
	})
	if loadErr != nil {
		v.Message.SetText(loadErr.Error() + " — showing defaults; Save replaces the file.")
	}
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(520, 440))
	closeOnEscape(w)
	return w
}

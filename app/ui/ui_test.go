package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"headsdown/app/config"
	"headsdown/app/control"
)

func TestSettingsSaveWritesValidConfig(t *testing.T) {
	test.NewTempApp(t)
	var saved *config.Config
	v := NewSettingsView(config.Default(), func(c config.Config) error { saved = &c; return nil })
	w := test.NewTempWindow(t, v.Content)
	_ = w

	v.Pomodoro.SetText("")
	test.Type(v.Pomodoro, "30m")
	v.DeepWork.SetText("90")
	test.Tap(v.AutoFocus)
	test.Tap(v.Sound)
	test.Tap(v.Save)
	if saved == nil {
		t.Fatalf("not saved: %q", v.Message.Text)
	}
	if time.Duration(saved.Focus.Pomodoro) != 30*time.Minute || time.Duration(saved.Focus.DeepWork) != 90*time.Minute ||
		!saved.Focus.AutoStartFocus || saved.Notifications.Sound {
		t.Fatalf("saved %+v", saved)
	}
	if v.Message.Text != "Saved." {
		t.Fatalf("message %q", v.Message.Text)
	}
}

func TestSettingsInvalidInputBlocksSaving(t *testing.T) {
	test.NewTempApp(t)
	calls := 0
	v := NewSettingsView(config.Default(), func(config.Config) error { calls++; return nil })
	test.NewTempWindow(t, v.Content)
	for _, bad := range []string{"25x", "0", "-5m", "99999h", "30s"} {
		v.ShortBreak.SetText(bad)
		if !v.Save.Disabled() {
			t.Errorf("Save enabled with short break %q", bad)
		}
		if !strings.Contains(v.Message.Text, "Short break") {
			t.Errorf("message for %q = %q, want it to name the field", bad, v.Message.Text)
		}
		v.save() // Enter in a field
	}
	v.LongEvery.SetText("many")
	if !strings.Contains(v.Message.Text, "Long break every") {
		t.Errorf("message %q", v.Message.Text)
	}
	if calls != 0 {
		t.Fatalf("invalid settings were saved %d times", calls)
	}
	v.ShortBreak.SetText("5")
	v.LongEvery.SetText("4")
	if v.Save.Disabled() || v.Message.Text != "" {
		t.Fatalf("valid form still blocked: %q", v.Message.Text)
	}
}

func TestSettingsReopenShowsSavedValues(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), config.FileName)
	v := NewSettingsView(config.Default(), func(c config.Config) error { return config.Save(path, c) })
	test.NewTempWindow(t, v.Content)
	v.LongBreak.SetText("20m")
	v.LongEvery.SetText("3")
	test.Tap(v.Save)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	v2 := NewSettingsView(cfg, nil)
	if v2.LongBreak.Text != "20" || v2.LongEvery.Text != "3" || v2.Pomodoro.Text != "25" {
		t.Fatalf("reopened: long break %q, every %q, pomodoro %q", v2.LongBreak.Text, v2.LongEvery.Text, v2.Pomodoro.Text)
	}
}

func TestSettingsSaveErrorIsShown(t *testing.T) {
	test.NewTempApp(t)
	v := NewSettingsView(config.Default(), func(config.Config) error { return errors.New("disk full") })
	test.NewTempWindow(t, v.Content)
	test.Tap(v.Save)
	if v.Message.Text != "disk full" {
		t.Fatalf("message %q", v.Message.Text)
	}
}

func TestCustomStart(t *testing.T) {
	test.NewTempApp(t)
	var got *control.Request
	fail := errors.New("Heads Down is not running")
	v := NewCustomView(func(r control.Request) error {
		got = &r
		if r.Duration == "40" {
			return fail
		}
		return nil
	})
	test.NewTempWindow(t, v.Content)
	test.Type(v.Duration, "25x")
	if !v.Start.Disabled() || !strings.Contains(v.Message.Text, `"25x"`) {
		t.Fatalf("bad duration: disabled=%v message=%q", v.Start.Disabled(), v.Message.Text)
	}
	v.Duration.SetText("40")
	test.Tap(v.Start)
	if v.Message.Text != fail.Error() {
		t.Fatalf("error not shown: %q", v.Message.Text)
	}
	v.Duration.SetText("1h30m")
	test.Type(v.Tag, "essay")
	test.Tap(v.Start)
	if got == nil || got.Cmd != control.CmdStart || got.Duration != "1h30m" || got.Tag != "essay" {
		t.Fatalf("request %+v", got)
	}
}

func TestOpenUnknownWindow(t *testing.T) {
	a := test.NewTempApp(t)
	if _, err := Open(a, "nope", Options{}); err == nil || !strings.Contains(err.Error(), "settings") {
		t.Fatalf("got %v", err)
	}
}

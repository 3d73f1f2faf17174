package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
)

// saver records what the form saved.
type saver struct {
	saved []config.Config
	err   error
}

func (s *saver) save(c config.Config) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	s.saved = append(s.saved, c)
	return "", nil
}

func (s *saver) last(t *testing.T) config.Config {
	t.Helper()
	if len(s.saved) == 0 {
		t.Fatal("nothing saved")
	}
	return s.saved[len(s.saved)-1]
}

func newForm(t *testing.T, cfg config.Config, deps SettingsDeps) (*SettingsView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := NewSettingsView(cfg, deps)
	w := test.NewTempWindow(t, v.Content)
	return v, w
}

func TestSettingsFillEverySectionAndSave(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})

	// Working hours: a split Monday, Saturday morning, Friday off.
	v.Days[time.Monday].Hours.SetText("")
	test.Type(v.Days[time.Monday].Hours, "13:00–17:30, 09:00-12:00")
	test.Tap(v.Days[time.Saturday].On)
	v.Days[time.Saturday].Hours.SetText("10:00-12:00")
	test.Tap(v.Days[time.Friday].On)
	if !v.Days[time.Friday].Hours.Disabled() {
		t.Error("a day switched off still takes hours")
	}
	// Focus.
	v.Pomodoro.SetText("")
	test.Type(v.Pomodoro, "30m")
	v.DeepWork.SetText("90")
	v.DailyGoal.SetText("5h")
	test.Tap(v.AutoFocus)
	// Review.
	v.ReviewTimes.SetText("09:15, 15:00")
	v.ReviewEvery.SetText("90")
	v.VIPs.SetText("@ana, U024BE7LH")
	v.Keywords.SetText("urgent, Prod down")
	v.Retention.SetText("7")
	test.Tap(v.HoldAllDay)
	test.Tap(v.ChannelWide)
	test.Tap(v.AutoReply)
	v.AutoReplyText.SetText("(auto) Back at {reply_by}.")
	// Slack.
	v.FocusText.SetText("Writing {tag} until {until}")
	v.FocusEmoji.SetText(":pencil2:")
	test.Tap(v.OffHours)
	// Notifications.
	test.Tap(v.Sound)
	test.Tap(v.WeeklyReport)

	if v.Save.Disabled() {
		t.Fatalf("valid form blocked: %q", v.Message.Text)
	}
	test.Tap(v.Save)
	got := s.last(t)
	want := config.Default()
	want.WorkingHours.Monday = []string{"09:00-12:00", "13:00-17:30"}
	want.WorkingHours.Saturday = []string{"10:00-12:00"}
	want.WorkingHours.Friday = nil
	want.WorkingHours.Confirmed = true // saving is the user's word on the hours
	want.Focus.Pomodoro = config.Duration(30 * time.Minute)
	want.Focus.DeepWork = config.Duration(90 * time.Minute)
	want.Focus.DailyGoal = config.Duration(5 * time.Hour)
	want.Focus.AutoStartFocus = true
	want.Pings.ReviewTimes = []string{"09:15", "15:00"}
	want.Pings.ReviewEveryMinutes = 90
	want.Pings.VIPs = []string{"@ana", "U024BE7LH"}
	want.Pings.Keywords = []string{"urgent", "Prod down"}
	want.Pings.RetentionDays = 7
	want.Pings.HoldAllDay, want.Pings.ChannelWide = true, true
	want.Pings.AutoReply, want.Pings.AutoReplyText = true, "(auto) Back at {reply_by}."
	want.Slack.FocusText, want.Slack.FocusEmoji = "Writing {tag} until {until}", ":pencil2:"
	want.Slack.OffHours = false
	want.Notifications.Sound, want.Notifications.WeeklyReport = false, false
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", got, want)
	}
	if v.Message.Text != "Saved." {
		t.Fatalf("message %q", v.Message.Text)
	}
}

func TestSettingsInvalidInputIsShownInlineAndBlocksSaving(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})
	cases := []struct {
		entry *Entry
		text  string
		want  string
	}{
		{v.Days[time.Monday].Hours, "17:00-09:00", "the end must be after the start"},
		{v.Days[time.Tuesday].Hours, "09:00-12:00, 11:00-13:00", "overlaps"},
		{v.Days[time.Wednesday].Hours, "25:00-26:00", "not a time of day"},
		{v.Days[time.Thursday].Hours, "", "switch the day off"},
		{v.ShortBreak, "25x", `"25x"`},
		{v.ShortBreak, "0", "positive"},
		{v.ShortBreak, "30s", "minute"},
		{v.LongEvery, "many", "whole number"},
		{v.DailyGoal, "30h", "12 h"},
		{v.ReviewTimes, "10:30, 13pm", `"13pm" is not a time of day`},
		{v.ReviewEvery, "2", "use 0 (off) or 5 to 1440"},
		{v.Retention, "0", "from 1 to 3650 days, got 0"},
		{v.Keywords, "urgent, , incident", ""}, // empty items are dropped, not an error
		{v.FocusEmoji, "headphones", "emoji code"},
		{v.AFKText, strings.Repeat("x", 101), "Slack allows 100"},
	}
	for _, c := range cases {
		old := c.entry.Text
		c.entry.SetText(c.text)
		if c.want == "" {
			if msg := v.FieldError(c.entry); msg != "" || v.Save.Disabled() {
				t.Errorf("%q: unexpected error %q", c.text, msg)
			}
			continue
		}
		if msg := v.FieldError(c.entry); !strings.Contains(msg, c.want) {
			t.Errorf("%q: error under the field = %q, want %q", c.text, msg, c.want)
		}
		if !v.Save.Disabled() {
			t.Errorf("%q: Save enabled", c.text)
		}
		if !strings.Contains(v.Message.Text, c.want) {
			t.Errorf("%q: summary %q", c.text, v.Message.Text)
		}
		v.save() // what Enter in the field does
		c.entry.SetText(old)
		if msg := v.FieldError(c.entry); msg != "" {
			t.Errorf("%q: error stays after fixing: %q", c.text, msg)
		}
	}
	if len(s.saved) != 0 {
		t.Fatalf("invalid settings were saved %d times", len(s.saved))
	}
	// Several problems at once are all shown.
	v.Days[time.Monday].Hours.SetText("9-5")
	v.Pomodoro.SetText("x")
	if !strings.Contains(v.Message.Text, "Monday") || !strings.Contains(v.Message.Text, "Pomodoro") {
		t.Fatalf("summary %q", v.Message.Text)
	}
	// A broken day that is switched off no longer blocks saving.
	test.Tap(v.Days[time.Monday].On)
	v.Pomodoro.SetText("25")
	if v.Save.Disabled() {
		t.Fatalf("still blocked: %q", v.Message.Text)
	}
}

func TestSettingsSaveWritesFileAndReopenShowsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.FileName)
	save := func(c config.Config) (string, error) { return "", config.Save(path, c) }
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: save})
	v.Days[time.Wednesday].Hours.SetText("08:00-12:00,13:00-16:00")
	v.LongBreak.SetText("20m")
	v.LongEvery.SetText("3")
	v.ReviewTimes.SetText("11:00")
	v.AFKEmoji.SetText(":coffee:")
	test.Tap(v.Save)
	if v.Message.Text != "Saved." {
		t.Fatalf("message %q", v.Message.Text)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	v2 := NewSettingsView(cfg, SettingsDeps{Save: save})
	for _, c := range []struct{ got, want string }{
		{v2.Days[time.Wednesday].Hours.Text, "08:00-12:00, 13:00-16:00"},
		{v2.Days[time.Sunday].Hours.Text, "09:00-17:30"}, // a day off offers a typical day when switched on
		{v2.LongBreak.Text, "20"}, {v2.LongEvery.Text, "3"}, {v2.Pomodoro.Text, "25"},
		{v2.ReviewTimes.Text, "11:00"}, {v2.AFKEmoji.Text, ":coffee:"},
	} {
		if c.got != c.want {
			t.Errorf("reopened: %q, want %q", c.got, c.want)
		}
	}
	if v2.Days[time.Sunday].On.Checked || !v2.Days[time.Wednesday].On.Checked {
		t.Error("days on/off not reopened")
	}
}

func TestSettingsSaveErrorIsShown(t *testing.T) {
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{err: errors.New("disk full")}).save})
	test.Tap(v.Save)
	if v.Message.Text != "disk full" {
		t.Fatalf("message %q", v.Message.Text)
	}
}

// fakeLogin is launch at login in memory.
type fakeLogin struct {
	on   bool
	err  error
	sets []bool
}

func (f *fakeLogin) Enabled() (bool, error) { return f.on, nil }
func (f *fakeLogin) Set(on bool) error {
	f.sets = append(f.sets, on)
	if f.err != nil {
		return f.err
	}
	f.on = on
	return nil
}

func TestSettingsLaunchAtLogin(t *testing.T) {
	var s saver
	login := &fakeLogin{}
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login})
	if v.LaunchAtLogin.Checked {
		t.Fatal("shown on while off")
	}
	test.Tap(v.LaunchAtLogin)
	if len(login.sets) != 0 {
		t.Fatal("changed before Save")
	}
	test.Tap(v.Save)
	if !login.on || v.Message.Text != "Saved." {
		t.Fatalf("on=%v message %q", login.on, v.Message.Text)
	}
	test.Tap(v.Save) // unchanged: not written again
	if len(login.sets) != 1 {
		t.Fatalf("sets %v", login.sets)
	}
	login.err = errors.New("read-only home")
	test.Tap(v.LaunchAtLogin)
	test.Tap(v.Save)
	if !strings.Contains(v.Message.Text, "read-only home") || !strings.Contains(v.Message.Text, "Settings saved") {
		t.Fatalf("message %q", v.Message.Text)
	}
	v2 := NewSettingsView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login})
	if !v2.LaunchAtLogin.Checked {
		t.Fatal("reopened form does not show the entry")
	}
}

func TestSettingsKeyboard(t *testing.T) {
	var s saver
	test.NewTempApp(t)
	v := NewSettingsView(config.Default(), SettingsDeps{Save: s.save})
	w := test.NewWindow(v.Content) // Escape closes it below
	// At the size the window opens at (SettingsWindow): at its smallest the
	// seven tabs fold into an overflow button that would take focus first.
	w.Resize(fyne.NewSize(680, 620))
	v.bindKeys(w)
	c := w.Canvas()

	// Tab walks the working-hours rows in order: each day's switch, then its hours.
	c.FocusNext()
	if c.Focused() != v.Days[time.Monday].On {
		t.Fatalf("first focus %T", c.Focused())
	}
	c.FocusNext()
	if c.Focused() != v.Days[time.Monday].Hours {
		t.Fatalf("second focus %T", c.Focused())
	}
	c.FocusNext()
	if c.Focused() != v.Days[time.Tuesday].On {
		t.Fatalf("third focus %T", c.Focused())
	}
	// Enter in a field saves.
	c.Focus(v.Days[time.Monday].Hours)
	v.Days[time.Monday].Hours.SetText("08:00-16:00")
	v.Days[time.Monday].Hours.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := s.last(t).WorkingHours.Monday; !reflect.DeepEqual(got, []string{"08:00-16:00"}) {
		t.Fatalf("Enter saved %v", got)
	}
	// Alt+3 and Ctrl+PageDown switch sections.
	shortcut(c, fyne.KeyName("3"), fyne.KeyModifierAlt)
	if v.Tabs.SelectedIndex() != 2 {
		t.Fatalf("Alt+3 selected %d", v.Tabs.SelectedIndex())
	}
	shortcut(c, fyne.KeyPageDown, fyne.KeyModifierControl)
	if v.Tabs.SelectedIndex() != 3 {
		t.Fatalf("Ctrl+PageDown selected %d", v.Tabs.SelectedIndex())
	}
	// Escape closes the window.
	closed := false
	w.SetOnClosed(func() { closed = true })
	escape(c)
	if !closed {
		t.Fatal("Escape did not close the window")
	}
}

// shortcut presses a key combination as Fyne's desktop driver does
// (internal/driver/glfw, triggersShortcut): the focused widget gets it when
// it takes shortcuts at all, the canvas only otherwise.
func shortcut(c fyne.Canvas, key fyne.KeyName, mod fyne.KeyModifier) {
	s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	type handler interface{ TypedShortcut(fyne.Shortcut) }
	h, ok := c.(handler)
	if !ok { // the test canvas wraps the software canvas, which handles them
		h = reflect.ValueOf(c).Elem().FieldByName("WindowlessCanvas").Interface().(handler)
	}
	h.TypedShortcut(s)
}

// escape presses Escape as the desktop driver does: the focused widget
// gets it as a typed key, the canvas only when nothing has focus.
func escape(c fyne.Canvas) {
	e := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if f := c.Focused(); f != nil {
		f.TypedKey(e)
		return
	}
	c.OnTypedKey()(e)
}

func TestSettingsShortcutsWorkFromATextField(t *testing.T) {
	var s saver
	test.NewTempApp(t)
	v := NewSettingsView(config.Default(), SettingsDeps{Save: s.save})
	w := test.NewTempWindow(t, v.Content)
	v.bindKeys(w)
	c := w.Canvas()
	for _, field := range []fyne.Focusable{v.Days[time.Monday].Hours, v.Days[time.Monday].On} {
		v.Tabs.SelectIndex(0)
		c.Focus(field)
		shortcut(c, fyne.KeyName("2"), fyne.KeyModifierAlt)
		if v.Tabs.SelectedIndex() != 1 {
			t.Fatalf("Alt+2 from a focused %T selected %d", field, v.Tabs.SelectedIndex())
		}
		shortcut(c, fyne.KeyPageDown, fyne.KeyModifierControl)
		if v.Tabs.SelectedIndex() != 2 {
			t.Fatalf("Ctrl+PageDown from a focused %T selected %d", field, v.Tabs.SelectedIndex())
		}
	}
	c.Focus(v.Pomodoro)
	test.Type(v.Pomodoro, "0") // 25 → 250: invalid, Ctrl+S cannot save
	v.Pomodoro.SetText("30")
	shortcut(c, fyne.KeyS, fyne.KeyModifierShortcutDefault)
	if got := s.last(t).Focus.Pomodoro; time.Duration(got) != 30*time.Minute {
		t.Fatalf("Ctrl+S from the Pomodoro field saved %v", got)
	}
	// The entry keeps its own shortcuts: Ctrl+A still selects its text.
	v.Pomodoro.TypedShortcut(&fyne.ShortcutSelectAll{})
	if v.Pomodoro.SelectedText() != "30" {
		t.Fatalf("Ctrl+A selected %q", v.Pomodoro.SelectedText())
	}
}

func TestSettingsEscapeAsksWhenThereAreUnsavedChanges(t *testing.T) {
	open := func(t *testing.T) (*SettingsView, fyne.Window, *saver, *bool) {
		s := &saver{}
		test.NewTempApp(t)
		v := NewSettingsView(config.Default(), SettingsDeps{Save: s.save})
		w := test.NewWindow(v.Content) // closed by the test
		w.Resize(fyne.NewSize(680, 620))
		v.bindKeys(w)
		closed := new(bool)
		w.SetOnClosed(func() { *closed = true })
		return v, w, s, closed
	}
	t.Run("nothing changed: Escape closes from a field", func(t *testing.T) {
		v, w, _, closed := open(t)
		w.Canvas().Focus(v.Pomodoro)
		test.Type(v.Pomodoro, "5")
		v.Pomodoro.SetText("25") // typed and undone: no change
		escape(w.Canvas())
		if !*closed || v.Asking {
			t.Fatalf("closed %v, asking %v", *closed, v.Asking)
		}
	})
	t.Run("Cancel stays, Escape again is Cancel", func(t *testing.T) {
		v, w, s, closed := open(t)
		w.Canvas().Focus(v.Pomodoro)
		v.Pomodoro.SetText("30")
		escape(w.Canvas())
		if *closed || !v.Asking {
			t.Fatalf("closed %v, asking %v", *closed, v.Asking)
		}
		test.Tap(v.AskCancel)
		if *closed || v.Asking || v.Pomodoro.Text != "30" || len(s.saved) != 0 {
			t.Fatalf("Cancel: closed %v, asking %v, text %q, saved %d", *closed, v.Asking, v.Pomodoro.Text, len(s.saved))
		}
		escape(w.Canvas()) // asks again (focus left the field with the dialog)
		escape(w.Canvas())
		if *closed || v.Asking {
			t.Fatalf("second Escape: closed %v, asking %v", *closed, v.Asking)
		}
		w.Close()
	})
	t.Run("Discard closes without saving", func(t *testing.T) {
		v, w, s, closed := open(t)
		test.Tap(v.AutoBreak)
		escape(w.Canvas())
		test.Tap(v.AskDiscard)
		if !*closed || len(s.saved) != 0 {
			t.Fatalf("Discard: closed %v, saved %d", *closed, len(s.saved))
		}
	})
	t.Run("Save saves, then closes", func(t *testing.T) {
		v, w, s, closed := open(t)
		v.Pomodoro.SetText("30")
		escape(w.Canvas())
		test.Tap(v.AskSave)
		if !*closed || time.Duration(s.last(t).Focus.Pomodoro) != 30*time.Minute {
			t.Fatalf("Save: closed %v, saved %v", *closed, s.saved)
		}
	})
	t.Run("Save that fails stays open with the problem", func(t *testing.T) {
		v, w, s, closed := open(t)
		s.err = errors.New("disk full")
		v.Pomodoro.SetText("30")
		escape(w.Canvas())
		test.Tap(v.AskSave)
		if *closed || !strings.Contains(v.Message.Text, "disk full") {
			t.Fatalf("failed Save: closed %v, message %q", *closed, v.Message.Text)
		}
		w.Close()
	})
	t.Run("after Save, nothing to ask", func(t *testing.T) {
		v, w, _, closed := open(t)
		v.Pomodoro.SetText("30")
		shortcut(w.Canvas(), fyne.KeyS, fyne.KeyModifierShortcutDefault)
		escape(w.Canvas())
		if !*closed {
			t.Fatal("Escape after Ctrl+S asked or stayed")
		}
	})
}

func TestSettingsFitOnA1366x768Screen(t *testing.T) {
	// The away section at its tallest: several sources, idle unavailable.
	sources := []control.AwaySource{{Name: "logind", What: "lock", Live: true, Note: "session 2"},
		{Name: "org.gnome.ScreenSaver", What: "lock", Note: "not on the session bus"},
		{Name: "org.freedesktop.ScreenSaver", What: "lock", Note: "not on the session bus"},
		{Name: "logind", What: "suspend", Live: true, Note: "delay lock taken"},
		{Name: "mutter-idle", What: "idle", Note: "no Mutter IdleMonitor"}, {Name: "x11-idle", What: "idle", Note: "no X11"}}
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save,
		AwaySources: func() ([]control.AwaySource, error) { return sources, nil }})
	if !v.IdleNote.Visible() {
		t.Fatal("the idle note is not shown")
	}
	for i := range v.Tabs.Items {
		v.Tabs.SelectIndex(i)
		min := v.Content.MinSize()
		// Leave room for a 40 px panel and the window's title bar.
		if min.Width > 1366 || min.Height > 768-40-40 {
			t.Errorf("section %q needs %v", v.Tabs.Items[i].Text, min)
		}
	}
	// The away section shows all of it without scrolling on such a screen:
	// its content, the tabs and the Save row.
	away := v.Tabs.Items[SectionIndex("away")].Content.(*container.Scroll).Content.MinSize()
	chrome := v.Content.MinSize().Height - v.Tabs.Items[SectionIndex("away")].Content.MinSize().Height
	if away.Width > 1366 || away.Height+chrome > 768-40-40 {
		t.Errorf("the away section needs %v plus %v of tabs and footer", away, chrome)
	}
	// The size the window opens at fits too.
	if w, h := float32(680), float32(620); w > 1366 || h > 768-80 {
		t.Fatal("default size too big")
	}
}

func TestSettingsWindowWithBrokenFileUsesLastGoodAndKeepsTheFile(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	paths := files.In(dir)
	// The app kept the last settings that loaded.
	good := config.Default()
	good.Focus.Pomodoro = config.Duration(45 * time.Minute)
	text, err := config.Encode(good)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutJSON(ctx, store.KeyLastGoodSettings, string(text)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	broken := []byte("[focus]\npomodoro = \"45m\"\n\n[working_hours]\nmonday = [\"17:00-09:00\"]\n")
	os.WriteFile(paths.Config, broken, 0o600)

	keyring.MockInit()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	w, v := newSettingsWindow(a, Options{ConfigPath: paths.Config, SocketPath: paths.Socket, DBPath: paths.DB}, nil)
	defer w.Close()
	// In the form's words, at the tab of the problem (issue 20, item 4).
	if !strings.Contains(v.Message.Text, "config.toml has 1 problem:\nWorking hours › Monday: working hours \"17:00-09:00\": the end must be after the start") ||
		!strings.Contains(v.Message.Text, "(line 5)") || v.Pomodoro.Text != "45" {
		t.Fatalf("message %q, pomodoro %q", v.Message.Text, v.Pomodoro.Text)
	}
	if got := v.Tabs.SelectedIndex(); got != SectionIndex("hours") {
		t.Errorf("opened at tab %d", got)
	}
	if got, _ := os.ReadFile(paths.Config); string(got) != string(broken) {
		t.Fatal("opening the window changed the file")
	}
	if v.AwaySources.Text != awayNotRunning { // the window asks the socket in opts
		t.Errorf("away sources %q", v.AwaySources.Text)
	}
	v.ShortBreak.SetText("6")
	test.Tap(v.Save)
	if !strings.HasPrefix(v.Message.Text, "Saved. Your old file is kept as config.toml.") {
		t.Fatalf("message %q", v.Message.Text)
	}
	kept, _ := filepath.Glob(paths.Config + ".*.invalid")
	if len(kept) != 1 {
		t.Fatalf("kept %v", kept)
	}
	if got, _ := os.ReadFile(kept[0]); string(got) != string(broken) {
		t.Fatal("the broken file was not kept as it was")
	}
	cfg, err := config.Load(paths.Config)
	if err != nil || time.Duration(cfg.Focus.Pomodoro) != 45*time.Minute || time.Duration(cfg.Focus.ShortBreak) != 6*time.Minute {
		t.Fatalf("new file: %+v %v", cfg.Focus, err)
	}
}

// A 12-hour user types times as the tray shows them (issue 20): working
// hours are saved on the file's 24-hour clock, review times as typed
// (every reader takes both).
func TestSettingsTakeTwelveHourTimes(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})
	v.Days[time.Monday].Hours.SetText("9am-12pm, 1pm - 5:30 PM")
	v.ReviewTimes.SetText("9:15 am, 3pm")
	if v.Save.Disabled() {
		t.Fatalf("12-hour times refused: %q", v.Message.Text)
	}
	test.Tap(v.Save)
	got := s.last(t)
	if want := []string{"09:00-12:00", "13:00-17:30"}; !slices.Equal(got.WorkingHours.Monday, want) {
		t.Errorf("Monday saved as %q, want %q", got.WorkingHours.Monday, want)
	}
	if want := []string{"9:15 am", "3pm"}; !slices.Equal(got.Pings.ReviewTimes, want) {
		t.Errorf("review times saved as %q, want %q", got.Pings.ReviewTimes, want)
	}
}

// A broken file opens Settings at the tab of its first problem, named as
// the form names it, every problem listed (issue 20, item 4).
func TestSettingsWindowOpensAtTheProblem(t *testing.T) {
	for _, tc := range []struct {
		file, tab string
		want      []string
	}{
		{"[focus]\npomodoro = \"25 lightyears\"\n", "focus",
			[]string{"config.toml has 1 problem:", `Focus › Pomodoro: "25 lightyears" is not a length`}},
		{"[away]\nidle_minutes = -1\nidel = 3\n", "away",
			[]string{"config.toml has 2 problems:", "Away › Away after: away after -1 minutes", "Away › idel: unknown setting"}},
		{"[pings]\nreview_times = \"10:30\"\n[slack]\nfocus_emoji = \"x\"\n", "review",
			[]string{"Review › Review at: this must be a list in brackets", "Slack › Focus emoji: \"x\": write an emoji code"}},
	} {
		t.Run(tc.tab, func(t *testing.T) {
			a := test.NewTempApp(t)
			paths := files.In(t.TempDir())
			os.WriteFile(paths.Config, []byte(tc.file), 0o600)
			keyring.MockInit()
			t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
			w, v := newSettingsWindow(a, Options{ConfigPath: paths.Config, SocketPath: paths.Socket, DBPath: paths.DB}, nil)
			defer w.Close()
			for _, want := range tc.want {
				if !strings.Contains(v.Message.Text, want) {
					t.Errorf("message lacks %q:\n%s", want, v.Message.Text)
				}
			}
			if got, want := v.Tabs.SelectedIndex(), SectionIndex(tc.tab); got != want {
				t.Errorf("opened at tab %d, want %d (%s)", got, want, tc.tab)
			}
		})
	}
}

// formLabels are the labels of every form row under o.
func formLabels(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Form:
			for _, it := range x.Items {
				out = append(out, it.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(x.Content)
		}
	}
	walk(o)
	return out
}

// The Slack status while away is set in one place, the Away tab, each row
// labelled by when it applies (issue 20, item 4: it was "Away status" on
// two tabs).
func TestAwayStatusesInOnePlace(t *testing.T) {
	v, _ := newForm(t, config.Default(), SettingsDeps{})
	tab := func(title string) []string {
		for _, it := range v.Tabs.Items {
			if it.Text == title {
				return formLabels(it.Content)
			}
		}
		t.Fatalf("no tab %q", title)
		return nil
	}
	away, slack := strings.Join(tab("Away"), "|"), strings.Join(tab("Slack"), "|")
	if want := "Status, by hand|Status, locked or idle"; !strings.Contains(away, want) {
		t.Errorf("Away tab rows %q, want them to include %q", away, want)
	}
	if strings.Contains(slack, "Away") || strings.Contains(slack, "by hand") {
		t.Errorf("Slack tab rows %q still hold an away status", slack)
	}
	// Each emoji beside its status, on the Away tab.
	awayTab := v.Tabs.Items[SectionIndex("away")].Content
	for name, e := range map[string]*Entry{"by hand": v.AFKText, "by hand emoji": v.AFKEmoji, "locked": v.AwayText, "locked emoji": v.AwayEmoji} {
		if !holds(awayTab, e) {
			t.Errorf("the %s entry is not on the Away tab", name)
		}
	}
	for key, want := range map[string]string{"slack.afk_text": "Away › Status, by hand", "away.text": "Away › Status, locked or idle"} {
		if got := config.Where(key); got != want {
			t.Errorf("config.Where(%q) = %q, want %q", key, got, want)
		}
		if got := config.Tab(key); got != "away" {
			t.Errorf("config.Tab(%q) = %q", key, got)
		}
	}
}

// holds reports whether target is o or under it.
func holds(o, target fyne.CanvasObject) bool {
	if o == target {
		return true
	}
	switch x := o.(type) {
	case *widget.Form:
		for _, it := range x.Items {
			if holds(it.Widget, target) {
				return true
			}
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if holds(c, target) {
				return true
			}
		}
	case *container.Scroll:
		return holds(x.Content, target)
	}
	return false
}

// The daily goal reads as a day's work, "4 h" (it showed 240), and what
// it shows saves back as it was.
func TestDailyGoalInHours(t *testing.T) {
	for _, tc := range []struct {
		goal time.Duration
		text string
	}{
		{4 * time.Hour, "4 h"},
		{3*time.Hour + 30*time.Minute, "3 h 30 min"},
		{45 * time.Minute, "45 min"},
		{0, "0"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			cfg := config.Default()
			cfg.Focus.DailyGoal = config.Duration(tc.goal)
			var s saver
			v, _ := newForm(t, cfg, SettingsDeps{Save: s.save})
			if v.DailyGoal.Text != tc.text {
				t.Fatalf("daily goal shows %q, want %q", v.DailyGoal.Text, tc.text)
			}
			v.ShortBreak.SetText("6") // an edit, so Save saves
			test.Tap(v.Save)
			if got := time.Duration(s.last(t).Focus.DailyGoal); got != tc.goal {
				t.Fatalf("saved as %v, want %v (message %q)", got, tc.goal, v.Message.Text)
			}
		})
	}
}

// TestSettingsErrorLineKeepsRowsInPlace: an error appearing under a field
// takes the space kept for it, so nothing below moves and the section does
// not grow, in every tab with fields (and a long message does not widen
// it either); switching a day off and on still clears and shows its error.
func TestSettingsErrorLineKeepsRowsInPlace(t *testing.T) {
	v, w := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})
	w.Resize(fyne.NewSize(680, 620))
	d := fyne.CurrentApp().Driver()
	cases := []struct {
		tab           string
		broken, below *Entry
		text          string
	}{
		{"hours", v.Days[time.Monday].Hours, v.Days[time.Tuesday].Hours, "17:00-09:00"},
		{"hours", v.Days[time.Monday].Hours, v.Days[time.Sunday].Hours,
			"09:00-10:00, 09:30-11:00, 10:45-12:00, 11:30-13:00, 12:45-14:00, 13:30-15:00, 14:45-16:00, 25:00-26:00"},
		{"focus", v.Pomodoro, v.LongBreak, "25 parsecs"},
		{"review", v.ReviewTimes, v.ReviewEvery, "13pm"},
		{"away", v.IdleMinutes, v.ResumeWithin, "many"},
		{"away", v.ResumeWithin, v.AwayText, "x"},
	}
	for _, c := range cases {
		t.Run(c.tab+"/"+c.text, func(t *testing.T) {
			v.Tabs.SelectIndex(SectionIndex(c.tab))
			tab := v.Tabs.Selected().Content.(*container.Scroll).Content
			before, min := d.AbsolutePositionForObject(c.below), tab.MinSize()
			old := c.broken.Text
			c.broken.SetText(c.text)
			defer c.broken.SetText(old)
			if v.FieldError(c.broken) == "" {
				t.Fatalf("%q: no error shown", c.text)
			}
			if after := d.AbsolutePositionForObject(c.below); after != before {
				t.Errorf("the field below moved from %v to %v", before, after)
			}
			if got := tab.MinSize(); got != min {
				t.Errorf("the section's least size went from %v to %v", min, got)
			}
		})
	}
	// The day switch still governs its error: off clears it, on shows it.
	mon := v.Days[time.Monday]
	mon.Hours.SetText("17:00-09:00")
	test.Tap(mon.On)
	if msg := v.FieldError(mon.Hours); msg != "" || v.Save.Disabled() {
		t.Fatalf("day off: error %q, Save disabled %v", msg, v.Save.Disabled())
	}
	test.Tap(mon.On)
	if msg := v.FieldError(mon.Hours); !strings.Contains(msg, "after the start") || !v.Save.Disabled() {
		t.Fatalf("day on again: error %q, Save disabled %v", msg, v.Save.Disabled())
	}
}

// The wheel scrolls a section over its fields too, not only over its
// labels (Fyne gives the wheel to the field under the pointer), in a
// window made smaller than the sections.
func TestSettingsWheelScrollsOverFields(t *testing.T) {
	v, w := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})
	w.Resize(fyne.NewSize(680, 400))
	v.Tabs.SelectIndex(SectionIndex("away"))
	s := v.Tabs.Selected().Content.(*container.Scroll)
	if s.Content.MinSize().Height <= s.Size().Height {
		t.Fatalf("the away section fits in %v (%v): nothing to scroll", s.Size(), s.Content.MinSize())
	}
	e := v.ResumeWithin
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(e.Size().Width/2, e.Size().Height/2))
	test.Scroll(w.Canvas(), at, 0, -60)
	if s.Offset.Y <= 0 {
		t.Fatal("the wheel over a field did not scroll the section")
	}
}

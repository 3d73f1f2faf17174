package ui

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
)

func TestSettingsAwayFillAndSave(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})
	v.Tabs.SelectIndex(SectionIndex("away"))

	// What a new user sees.
	for _, c := range []struct{ got, want string }{
		{v.IdleMinutes.Text, "10"}, {v.ResumeWithin.Text, "15"},
		{v.AwayText.Text, "Away, back soon"}, {v.AwayEmoji.Text, ":walking:"},
	} {
		if c.got != c.want {
			t.Errorf("shown %q, want %q", c.got, c.want)
		}
	}
	if !v.AwayOnLock.Checked {
		t.Error("on_lock shown off")
	}
	if v.AwayPresence.Checked {
		t.Error("presence shown on: it is opt-in")
	}

	test.Tap(v.AwayOnLock)
	test.Tap(v.AwayPresence)
	v.IdleMinutes.SetText("")
	test.Type(v.IdleMinutes, "25")
	v.ResumeWithin.SetText("1h30m")
	v.AwayText.SetText("  Stepped out at {since}  ")
	v.AwayEmoji.SetText(":coffee:")
	if v.Save.Disabled() {
		t.Fatalf("valid form blocked: %q", v.Message.Text)
	}
	test.Tap(v.Save)

	want := config.Default()
	want.WorkingHours.Confirmed = true
	want.Away = config.Away{OnLock: false, IdleMinutes: 25, ResumeLimit: config.Duration(90 * time.Minute),
		Text: "Stepped out at {since}", Emoji: ":coffee:", Presence: true}
	if got := s.last(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", got.Away, want.Away)
	}
	if v.Message.Text != "Saved." {
		t.Fatalf("message %q", v.Message.Text)
	}

	// Idle off, a bare number of minutes, no status text or emoji.
	v.IdleMinutes.SetText("0")
	v.ResumeWithin.SetText("5")
	v.AwayText.SetText("")
	v.AwayEmoji.SetText("")
	v.AwayText.OnSubmitted(v.AwayText.Text) // Enter saves
	want.Away = config.Away{IdleMinutes: 0, ResumeLimit: config.Duration(5 * time.Minute), Presence: true}
	if got := s.last(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", got.Away, want.Away)
	}
}

func TestSettingsAwaySaveWritesFileAndReopenShowsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.FileName)
	save := func(c config.Config) (string, error) { return "", config.Save(path, c) }
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: save})
	test.Tap(v.AwayOnLock)
	v.IdleMinutes.SetText("3")
	v.ResumeWithin.SetText("2h")
	v.AwayText.SetText("Back at some point (since {since})")
	test.Tap(v.Save)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	v2 := NewSettingsView(cfg, SettingsDeps{Save: save})
	for _, c := range []struct{ got, want string }{
		{v2.IdleMinutes.Text, "3"}, {v2.ResumeWithin.Text, "120"},
		{v2.AwayText.Text, "Back at some point (since {since})"}, {v2.AwayEmoji.Text, ":walking:"},
	} {
		if c.got != c.want {
			t.Errorf("reopened: %q, want %q", c.got, c.want)
		}
	}
	if v2.AwayOnLock.Checked {
		t.Error("on_lock reopened on")
	}
}

func TestSettingsAwayBadValuesBlockSave(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})
	for _, c := range []struct {
		name  string
		entry *Entry
		text  string
		want  string
	}{
		{"idle too long", v.IdleMinutes, "241", "away after 241 minutes without input: use 0 (off) or 1 to 240"},
		{"idle negative", v.IdleMinutes, "-1", "away after -1 minutes without input: use 0 (off) or 1 to 240"},
		{"idle not a number", v.IdleMinutes, "ten", `"ten" is not a whole number`},
		{"idle empty", v.IdleMinutes, "", "enter a whole number"},
		{"resume too short", v.ResumeWithin, "30s", "resume a paused block after an absence of 1 min to 12 h, got 30s"},
		{"resume zero", v.ResumeWithin, "0", "resume a paused block after an absence of 1 min to 12 h, got 0s"},
		{"resume too long", v.ResumeWithin, "13h", "resume a paused block after an absence of 1 min to 12 h, got 13h"},
		{"resume unreadable", v.ResumeWithin, "soon", `"soon" is not a length: give minutes (50) or a length like 25m or 1h30m`},
		{"resume empty", v.ResumeWithin, "", "empty duration: give minutes (50) or a length like 25m or 1h30m"},
		{"text too long", v.AwayText, strings.Repeat("x", 101), "101 characters; Slack allows 100"},
		{"text unknown placeholder", v.AwayText, "Away since {sinse}", "unknown placeholder {sinse}: use {since}, {until}, {tag}, {next_review} or {reply_by}"},
		{"emoji without colons", v.AwayEmoji, "walking", `"walking": write an emoji code like ":headphones:"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			old := c.entry.Text
			defer func() {
				c.entry.SetText(old)
				if msg := v.FieldError(c.entry); msg != "" || v.Save.Disabled() {
					t.Errorf("after fixing: %q, Save disabled %v", msg, v.Save.Disabled())
				}
			}()
			c.entry.SetText(c.text)
			if msg := v.FieldError(c.entry); msg != c.want {
				t.Errorf("error under the field %q, want %q", msg, c.want)
			}
			if !v.Save.Disabled() {
				t.Error("Save enabled")
			}
			if !strings.Contains(v.Message.Text, c.want) {
				t.Errorf("summary %q", v.Message.Text)
			}
			v.save() // what Enter in the field does
			if len(s.saved) != 0 {
				t.Fatalf("saved %+v", s.last(t).Away)
			}
		})
	}
}

// awayStatus is a running app's answer listing sources.
func awayStatus(sources ...control.AwaySource) control.Handler {
	return func(_ context.Context, req control.Request) control.Response {
		if req.Cmd != control.CmdStatus {
			return control.Response{Error: "unexpected " + req.Cmd}
		}
		return control.Response{OK: true, Status: &control.Status{State: "idle", AwaySources: sources}}
	}
}

// The "What this desktop reports" block, read from a running app over a
// real control socket.
func TestSettingsAwayShowsWhatTheRunningAppReports(t *testing.T) {
	logind := control.AwaySource{Name: "logind", What: "lock", Live: true, Note: "session 2"}
	sleep := control.AwaySource{Name: "logind", What: "suspend", Live: true}
	gnomeSaver := control.AwaySource{Name: "org.gnome.ScreenSaver", What: "lock", Live: false, Note: "not on the session bus"}
	mutter := control.AwaySource{Name: "mutter-idle", What: "idle", Live: false, Note: "no Mutter IdleMonitor"}
	x11 := control.AwaySource{Name: "x11-idle", What: "idle", Live: false, Note: "no X11"}
	for _, c := range []struct {
		name     string
		handler  control.Handler // nil: no app runs
		want     string
		idleNote bool
	}{
		{"everything live", awayStatus(logind, sleep, control.AwaySource{Name: "mutter-idle", What: "idle", Live: true}),
			"Screen lock: heard (login session)\nSuspend: heard (login session)\nIdle: heard (GNOME)", false},
		{"idle unavailable", awayStatus(mutter, logind, gnomeSaver, sleep, x11),
			"Screen lock: heard (login session)\nSuspend: heard (login session)\nIdle: not available on this desktop", true},
		{"nothing live, and D-Bus text never shown", awayStatus(
			control.AwaySource{Name: "logind", What: "lock", Note: "no system bus: dial unix /run/dbus/system_bus_socket: connect: no such file or directory"},
			control.AwaySource{Name: "org.xfce.ScreenSaver", What: "lock", Note: "cannot watch the session bus: org.freedesktop.DBus.Error.AccessDenied"},
			control.AwaySource{Name: "logind", What: "suspend", Note: "no system bus"}, control.AwaySource{Name: "x11-idle", What: "idle"}),
			"Screen lock: not available on this desktop\nSuspend: not available on this desktop\nIdle: not available on this desktop", true},
		{"idle turned off is not unavailable", awayStatus(logind, control.AwaySource{Name: "mutter-idle", What: "idle", Note: "idle detection is off (idle minutes = 0)"}),
			"Screen lock: heard (login session)\nIdle: off (Settings › Away)", false},
		{"a kind this window does not know", awayStatus(logind, control.AwaySource{Name: "lid", What: "lid", Live: true, Note: "LID0"}),
			"Screen lock: heard (login session)\nLid: heard (lid)", false},
		{"no sources", awayStatus(), awayNoSources, false},
		{"app answers an error", func(context.Context, control.Request) control.Response {
			return control.Response{Error: "busy"}
		}, "Could not ask Heads Down: busy", false},
		{"not running", nil, "Heads Down is not running: start it to see what this desktop reports.", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			socket := control.SocketPath(t.TempDir())
			if c.handler != nil {
				socket = serveControl(t, c.handler)
			}
			v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save,
				AwaySources: func() ([]control.AwaySource, error) { return appAwaySources(socket) }})
			if v.AwaySources.Text != c.want {
				t.Errorf("block says\n%s\nwant\n%s", v.AwaySources.Text, c.want)
			}
			if v.IdleNote.Visible() != c.idleNote {
				t.Errorf("idle note shown = %v", v.IdleNote.Visible())
			}
			// The idle field stays editable, and the settings savable, either way.
			if v.IdleMinutes.Disabled() || v.FieldError(v.IdleMinutes) != "" || v.Save.Disabled() {
				t.Errorf("idle field disabled %v, error %q, Save disabled %v", v.IdleMinutes.Disabled(),
					v.FieldError(v.IdleMinutes), v.Save.Disabled())
			}
		})
	}
}

// Check again asks again: the app was started after the window opened.
func TestSettingsAwayCheckAgain(t *testing.T) {
	socket := control.SocketPath(t.TempDir())
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save,
		AwaySources: func() ([]control.AwaySource, error) { return appAwaySources(socket) }})
	if v.AwaySources.Text != awayNotRunning {
		t.Fatalf("before: %q", v.AwaySources.Text)
	}
	socket = serveControl(t, awayStatus(control.AwaySource{Name: "x11-idle", What: "idle", Note: "no X11"}))
	test.Tap(v.CheckAway)
	if v.AwaySources.Text != "Idle: not available on this desktop" || !v.IdleNote.Visible() {
		t.Fatalf("after: %q, idle note %v", v.AwaySources.Text, v.IdleNote.Visible())
	}
}

// While the app is being asked, the block says so and Check again waits;
// the answer is shown when it comes, on the UI goroutine.
func TestSettingsAwayAsksInTheBackground(t *testing.T) {
	var pending func()
	deps := SettingsDeps{Save: (&saver{}).save,
		AwaySources: func() ([]control.AwaySource, error) {
			return []control.AwaySource{{Name: "logind", What: "lock", Live: true}}, nil
		},
		Background: func(work func() (string, error), done func(string, error)) {
			pending = func() { done(work()) }
		},
	}
	v, _ := newForm(t, config.Default(), deps)
	if v.AwaySources.Text != awayAsking || !v.CheckAway.Disabled() {
		t.Fatalf("while asking: %q, Check again disabled %v", v.AwaySources.Text, v.CheckAway.Disabled())
	}
	pending()
	if v.AwaySources.Text != "Screen lock: heard (login session)" || v.CheckAway.Disabled() {
		t.Fatalf("answered: %q, Check again disabled %v", v.AwaySources.Text, v.CheckAway.Disabled())
	}
}

func TestSettingsAwaySectionByNameAndAlt6(t *testing.T) {
	v, w := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})
	if i := SectionIndex("away"); i < 0 || v.Tabs.Items[i].Text != "Away" {
		t.Fatalf("SectionIndex(away) = %d", i)
	}
	v.bindKeys(w)
	shortcut(w.Canvas(), fyne.KeyName("6"), fyne.KeyModifierAlt)
	if v.Tabs.Selected().Text != "Away" {
		t.Fatalf("Alt+6 selected %q", v.Tabs.Selected().Text)
	}
}

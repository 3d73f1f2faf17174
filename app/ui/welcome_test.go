package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// The welcome window: hours prefilled from the defaults and confirmed with
// one click (with launch at login), Slack connected from the same widgets
// as Settings, the create-from-manifest link, and a first block.
func TestWelcomeView(t *testing.T) {
	keyring.MockInit()
	const token = "xoxp-1111-2222-3333-welcomesecret"
	srv := slacktest.New(token)
	defer srv.Close()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	test.NewTempApp(t)
	var s saver
	login := &fakeLogin{}
	var started, closed, left int
	startErr := error(nil)
	v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login,
		Slack: &keyringSlack{apiURL: srv.APIURL, socket: control.SocketPath(t.TempDir()), vault: slackapi.Vault{Dir: t.TempDir()}}},
		func() error { started++; return startErr }, func() { closed++ }, func() { left++ })
	test.NewTempWindow(t, v.Content)

	// The hours are the defaults, ready to confirm.
	if got := v.Settings.Days[time.Monday].Hours.Text; got != "09:00-17:30" || !v.Settings.Days[time.Monday].On.Checked {
		t.Fatalf("Monday prefilled as %q (on %v)", got, v.Settings.Days[time.Monday].On.Checked)
	}
	if v.CreateApp.URL.String() != slackapi.ManifestURL() {
		t.Fatalf("the create-app link is %s", v.CreateApp.URL)
	}

	// A change, launch at login, then Confirm: saved, confirmed.
	v.Settings.Days[time.Friday].Hours.SetText("09:00-13:00")
	test.Tap(v.Settings.LaunchAtLogin)
	test.Tap(v.Confirm)
	saved := s.last(t)
	if !saved.WorkingHours.Confirmed || strings.Join(saved.WorkingHours.Friday, ",") != "09:00-13:00" {
		t.Fatalf("saved hours %+v", saved.WorkingHours)
	}
	// Said beside the button, which now saves changes (issue 20: the text
	// was ~380 px away and the button unchanged).
	if !login.on || !strings.HasPrefix(v.Confirmed.Text, "Saved.") || v.Confirm.Text != "Save these hours" {
		t.Fatalf("launch at login %v, beside the button %q, button %q", login.on, v.Confirmed.Text, v.Confirm.Text)
	}

	// A bad day is not saved, and says why, there too.
	v.Settings.Days[time.Tuesday].Hours.SetText("9 to 5")
	test.Tap(v.Confirm)
	if len(s.saved) != 1 || !strings.Contains(v.Confirmed.Text, "Tuesday") || v.Confirmed.Importance != widget.DangerImportance {
		t.Fatalf("bad hours: %d saves, beside the button %q", len(s.saved), v.Confirmed.Text)
	}

	// Slack, through the settings' own widgets.
	v.Settings.Token.SetText(token)
	test.Tap(v.Settings.Connect)
	if !strings.HasPrefix(v.Settings.SlackState.Text, "Connected as @ana") {
		t.Fatalf("Slack: %q", v.Settings.SlackState.Text)
	}

	// A first block: refused (the app is not running) keeps the window open.
	// (Tuesday as it was saved: a first block with hours edited but not
	// saved asks about them; see TestWelcomeKeepsWhatWasTicked.)
	v.Settings.Days[time.Tuesday].Hours.SetText("09:00-17:30")
	startErr = errors.New("Heads Down is not running")
	test.Tap(v.Start)
	if closed != 0 || !strings.Contains(v.Message.Text, "not running") {
		t.Fatalf("start refused: closed %d, message %q", closed, v.Message.Text)
	}
	startErr = nil
	test.Tap(v.Start)
	if started != 2 || closed != 1 {
		t.Fatalf("start: %d starts, %d closes", started, closed)
	}
	test.Tap(v.Later)
	if left != 1 {
		t.Fatal("Later does not leave")
	}
}

// Every way out of the welcome window keeps a ticked "Launch Heads Down
// when I log in": a first block (which closes it), Later, closing it. Hours
// edited but not confirmed are asked about, never dropped in silence.
func TestWelcomeKeepsWhatWasTicked(t *testing.T) {
	for _, way := range []string{"start", "later"} {
		t.Run(way, func(t *testing.T) {
			test.NewTempApp(t)
			var s saver
			login := &fakeLogin{}
			var closed, left int
			v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login},
				func() error { return nil }, func() { closed++ }, func() { left++ })
			test.NewTempWindow(t, v.Content)
			test.Tap(v.Settings.LaunchAtLogin)
			if way == "start" {
				test.Tap(v.Start)
				if closed != 1 {
					t.Fatalf("a first block: %d closes, %d leaves", closed, left)
				}
			} else {
				test.Tap(v.Later)
				if left != 1 {
					t.Fatalf("later: %d leaves", left)
				}
			}
			if !login.on || len(login.sets) != 1 {
				t.Fatalf("launch at login %v after %d sets: the tick was dropped", login.on, len(login.sets))
			}
			if len(s.saved) != 0 {
				t.Fatalf("the hours were saved (confirmed) without Confirm: %+v", s.saved)
			}
			if v.Settings.Changed() {
				t.Fatal("the form still counts the kept tick as unsaved: leaving would ask about it")
			}
		})
	}
	t.Run("start with hours not confirmed", func(t *testing.T) {
		test.NewTempApp(t)
		var s saver
		login := &fakeLogin{}
		var closed, left int
		v := NewWelcomeView(config.Default(), SettingsDeps{Save: s.save, LaunchAtLogin: login},
			func() error { return nil }, func() { closed++ }, func() { left++ })
		test.NewTempWindow(t, v.Content)
		v.Settings.Days[time.Friday].Hours.SetText("09:00-13:00")
		test.Tap(v.Settings.LaunchAtLogin)
		test.Tap(v.Start)
		if closed != 0 || left != 1 || !login.on {
			t.Fatalf("%d closes, %d leaves, launch at login %v; want the leave that asks, and the tick kept", closed, left, login.on)
		}
	})
}

// Reopened once the hours are confirmed, Welcome says so and its button
// saves changes, rather than asking to confirm again; the window fits a
// 1366×768 screen with a panel and a title bar (issue 20, item 3).
func TestWelcomeReopenedWithConfirmedHours(t *testing.T) {
	cfg := config.Default()
	cfg.WorkingHours.Confirmed = true
	v := NewWelcomeView(cfg, SettingsDeps{}, func() error { return nil }, func() {}, func() {})
	if v.Confirm.Text != "Save these hours" || v.Confirmed.Text != "These hours are confirmed." {
		t.Fatalf("button %q, beside it %q", v.Confirm.Text, v.Confirmed.Text)
	}
	fresh := NewWelcomeView(config.Default(), SettingsDeps{}, func() error { return nil }, func() {}, func() {})
	if fresh.Confirm.Text != "Confirm these hours" || fresh.Confirmed.Text != "" {
		t.Fatalf("unconfirmed: button %q, beside it %q", fresh.Confirm.Text, fresh.Confirmed.Text)
	}
	w, _, _, _ := openForClose(t, "welcome")
	if size := w.Canvas().Size(); size.Height > 768-80 || size.Width > 1366 {
		t.Fatalf("the welcome window opens at %v", size)
	}
}

// The mouse wheel scrolls the welcome window wherever the pointer is: over
// an hours field, over the token field, over plain text (issue 20: dead
// over the fields, which took the wheel for themselves). A click on a
// field still reaches it.
func TestWelcomeWheelScrollsOverFields(t *testing.T) {
	keyring.MockInit()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	test.NewTempApp(t)
	v := NewWelcomeView(config.Default(), SettingsDeps{Save: (&saver{}).save}, func() error { return nil }, func() {}, func() {})
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(680, 600))
	d := fyne.CurrentApp().Driver()
	middle := func(o fyne.CanvasObject) fyne.Position {
		return d.AbsolutePositionForObject(o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	}
	if v.Scroll.Content.MinSize().Height <= v.Scroll.Size().Height {
		t.Fatalf("nothing to scroll: content %v in %v", v.Scroll.Content.MinSize(), v.Scroll.Size())
	}
	for _, c := range []struct {
		name string
		over fyne.CanvasObject
	}{
		{"Monday's hours", v.Settings.Days[time.Monday].Hours},
		{"Tuesday's switch", v.Settings.Days[time.Tuesday].On},
		{"the intro", v.intro},
	} {
		t.Run(c.name, func(t *testing.T) {
			v.Scroll.ScrollToTop()
			test.Scroll(w.Canvas(), middle(c.over), 0, -60)
			if v.Scroll.Offset.Y <= 0 {
				t.Fatalf("the wheel over %s did not scroll the window", c.name)
			}
		})
	}
	// The token field lies below the fold: scroll to it, then up from it.
	v.Scroll.ScrollToBottom()
	bottom := v.Scroll.Offset.Y
	test.Scroll(w.Canvas(), middle(v.Settings.Token), 0, 60)
	if v.Scroll.Offset.Y >= bottom {
		t.Fatalf("the wheel over the token field did not scroll up (offset %v)", v.Scroll.Offset.Y)
	}
	// Clicks, the pointer and drags go through the glass to the fields
	// under it: Fyne hands each event to the deepest object of the kind
	// that takes it, and the glass is of none of those kinds.
	var glass any = &wheelGlass{}
	for name, takes := range map[string]bool{
		"taps":         is[fyne.Tappable](glass),
		"double taps":  is[fyne.DoubleTappable](glass),
		"right clicks": is[fyne.SecondaryTappable](glass),
		"drags":        is[fyne.Draggable](glass),
		"the pointer":  is[desktop.Hoverable](glass),
		"mouse down":   is[desktop.Mouseable](glass),
		"the cursor":   is[desktop.Cursorable](glass),
		"focus":        is[fyne.Focusable](glass),
	} {
		if takes {
			t.Errorf("the wheel glass takes %s from the fields under it", name)
		}
	}
}

func is[T any](x any) bool { _, ok := x.(T); return ok }

// Without a tray host the intro does not send the user to the tray for
// blocks; with one, it does.
func TestWelcomeIntroWithoutATray(t *testing.T) {
	test.NewTempApp(t)
	v := NewWelcomeView(config.Default(), SettingsDeps{Save: (&saver{}).save}, func() error { return nil }, func() {}, func() {})
	if got := richText(v.intro.Segments); !strings.Contains(got, "from the tray, with a countdown") {
		t.Fatalf("with a tray the intro reads %q", got)
	}
	v.ShowNoTray("GNOME")
	got := richText(v.intro.Segments)
	if strings.Contains(got, "Focus blocks from the tray") || !strings.Contains(got, "headsdown start") {
		t.Fatalf("without a tray the intro reads %q", got)
	}
}

// richText is the text of segments, lists and paragraphs included.
func richText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		switch x := s.(type) {
		case *widget.TextSegment:
			b.WriteString(x.Text)
		case *widget.ListSegment:
			b.WriteString(richText(x.Items))
		case *widget.ParagraphSegment:
			b.WriteString(richText(x.Texts))
		}
		b.WriteString(" ")
	}
	return b.String()
}

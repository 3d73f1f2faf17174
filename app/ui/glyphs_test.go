package ui

import (
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font/sfnt"

	"github.com/headsdown-app/headsdown/app/config"
)

// texts are the words o shows: labels, buttons, links, rich text, checks,
// entries and their placeholders, form rows and their hints, tabs.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Hyperlink:
			out = append(out, x.Text)
		case *widget.Check:
			out = append(out, x.Text)
		case *Check:
			out = append(out, x.Text)
		case *Entry:
			out = append(out, x.Text, x.PlaceHolder)
		case *widget.RichText:
			for _, s := range x.Segments {
				if t, ok := s.(*widget.TextSegment); ok {
					out = append(out, t.Text)
				}
			}
		case *widget.Form:
			for _, it := range x.Items {
				out = append(out, it.Text, it.HintText)
				walk(it.Widget)
			}
		case *container.AppTabs:
			for _, it := range x.Items {
				out = append(out, it.Text)
				walk(it.Content)
			}
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// missingGlyphs are the runes of ss the windows' text font cannot draw (a
// box, as "Settings →� Slack" was).
func missingGlyphs(t *testing.T, ss []string) map[rune]string {
	t.Helper()
	f, err := sfnt.Parse(fynetheme.DefaultTextFont().Content())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	missing := map[rune]string{}
	for _, s := range ss {
		for _, r := range s {
			if unicode.IsSpace(r) {
				continue
			}
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				missing[r] = s
			}
		}
	}
	return missing
}

// Every word Settings and Welcome show, problems and the no-tray line
// included, is drawn by the windows' font (issue 20: an arrow the font
// lacks showed as a box).
func TestWindowsDrawEveryGlyph(t *testing.T) {
	broken := config.Problems{{Key: "focus.pomodoro", Line: 2, Msg: `"25 lightyears" is not a length`},
		{Key: "slack.afk_text", Msg: "too long"}, {Key: "working_hours.monday", Msg: "overlaps"}}
	s, _ := newForm(t, config.Default(), SettingsDeps{})
	s.setMessage("config.toml has 3 problems:\n"+broken.Words(), true)
	w := NewWelcomeView(config.Default(), SettingsDeps{}, func() error { return nil }, func() {}, func() {})
	for _, desktop := range []string{"ubuntu:GNOME", "GNOME", "KDE", "XFCE", "i3", ""} {
		w.ShowNoTray(desktop)
		all := append(texts(s.Content), texts(w.Content)...)
		if !strings.Contains(strings.Join(all, "\n"), "Pomodoro: \"25 lightyears\"") {
			t.Fatal("the walk did not reach the message")
		}
		for r, in := range missingGlyphs(t, all) {
			t.Errorf("%s: %q (U+%04X) has no glyph in the windows' font, in %q", desktop, r, r, in)
		}
	}
}

// Without a tray host, Welcome says so first: the fix for this desktop,
// and the commands that reach Heads Down meanwhile (issue 20, item 3).
func TestWelcomeWithoutATrayHost(t *testing.T) {
	old := trayHostMissing
	t.Cleanup(func() { trayHostMissing = old })
	for _, missing := range []bool{false, true} {
		trayHostMissing = func() bool { return missing }
		t.Setenv("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
		_, _, _, _ = openForClose(t, "custom") // an app for the window below
		a := fyne.CurrentApp()
		w, v := newWelcomeWindow(a, Options{ConfigPath: t.TempDir() + "/config.toml", SocketPath: t.TempDir() + "/s", DBPath: t.TempDir() + "/db"}, nil)
		if v.NoTray.Visible() != missing {
			t.Fatalf("tray host missing %v: the line shows %v", missing, v.NoTray.Visible())
		}
		if missing {
			for _, want := range []string{"Heads Down's icon cannot be shown", "Ubuntu AppIndicators", "headsdown window settings", "headsdown quit"} {
				if !strings.Contains(v.NoTray.Text, want) {
					t.Errorf("the line lacks %q: %s", want, v.NoTray.Text)
				}
			}
			if objs := v.Content.(*fyne.Container).Objects; len(objs) == 0 {
				t.Fatal("no content")
			}
			if first := texts(v.Content)[0]; first != v.NoTray.Text {
				t.Errorf("the first words are %q, not the no-tray line", first)
			}
		}
		w.Close()
	}
}

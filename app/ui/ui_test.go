package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

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
	}, []string{"essay", "q3-report"})
	test.NewTempWindow(t, v.Content)
	test.Type(v.Duration, "25x")
	if !v.Start.Disabled() || !strings.Contains(v.Message.Text, `"25x"`) || !strings.Contains(v.Message.Text, "minutes, or like 1h30") ||
		v.Message.Importance != widget.DangerImportance {
		t.Fatalf("bad duration: disabled=%v message=%q", v.Start.Disabled(), v.Message.Text)
	}
	// Fyne draws a ✓ beside an entry with a Validator that passes, even
	// while the message beside it reads as an error: there is none.
	if v.Duration.Validator != nil {
		t.Fatal("the length entry has a Validator, so Fyne draws its own ✓/✗ beside it")
	}
	if strings.Contains(v.Message.Text, "Go") {
		t.Fatalf("message speaks of Go: %q", v.Message.Text)
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

func TestCustomAcceptsTheFormsPeopleType(t *testing.T) {
	test.NewTempApp(t)
	var got []string
	v := NewCustomView(func(r control.Request) error { got = append(got, r.Duration); return nil }, nil)
	test.NewTempWindow(t, v.Content)
	for _, c := range []struct{ in, says string }{
		{"90", "1 h 30 min of focus"}, {"1h30", "1 h 30 min of focus"}, {"1:30", "1 h 30 min of focus"},
		{"1h 30m", "1 h 30 min of focus"}, {"25m", "25 min of focus"}, {"1h30m", "1 h 30 min of focus"},
	} {
		v.Duration.SetText(c.in)
		if v.Start.Disabled() || v.Message.Text != c.says || v.Message.Importance == widget.DangerImportance {
			t.Errorf("%q: Start disabled %v, message %q", c.in, v.Start.Disabled(), v.Message.Text)
			continue
		}
		test.Tap(v.Start)
	}
	if strings.Join(got, ",") != "90,1h30,1:30,1h 30m,25m,1h30m" {
		t.Fatalf("started %q", got)
	}
	for _, in := range []string{"1:75", "1h30x", "0", "13h"} {
		v.Duration.SetText(in)
		if !v.Start.Disabled() || v.Message.Importance != widget.DangerImportance || !strings.Contains(v.Message.Text, in) {
			t.Errorf("%q: Start disabled %v, message %q", in, v.Start.Disabled(), v.Message.Text)
		}
	}
	v.Duration.SetText("")
	if v.Message.Text != "" {
		t.Fatalf("an empty length complains: %q", v.Message.Text)
	}
}

func TestCustomOffersRecentTags(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var blocks []focus.Block
	for i, tag := range []string{"q3-report", "essay", "", "q3-report", "inbox"} {
		at := t0.Add(time.Duration(i) * time.Hour)
		blocks = append(blocks, focus.Block{ID: int64(i + 1), Kind: focus.KindFocus, Tag: tag, StartedAt: at, Planned: 25 * time.Minute,
			Deadline: at.Add(25 * time.Minute), CheckpointAt: at.Add(25 * time.Minute), EndedAt: at.Add(25 * time.Minute), Outcome: focus.OutcomeCompleted})
	}
	if err := st.SaveBlocks(ctx, blocks); err != nil {
		t.Fatal(err)
	}
	st.Close()
	tags := recentTags(path)
	if strings.Join(tags, ",") != "inbox,q3-report,essay" {
		t.Fatalf("recent tags %q, want newest first, each once", tags)
	}
	if recentTags(filepath.Join(t.TempDir(), "none.db")) != nil {
		t.Fatal("tags from a database that is not there")
	}
	v := NewCustomView(func(control.Request) error { return nil }, tags)
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(380, 200))
	// The tag entry's drop-down lists them, newest first; picking one fills the tag.
	test.Tap(v.Tag.ActionItem.(fyne.Tappable))
	menu := find[*widget.PopUpMenu](w.Canvas().Overlays().Top())
	if menu == nil || len(menu.Items) != 3 {
		t.Fatalf("drop-down %v", menu)
	}
	test.Tap(menu.Items[1].(fyne.Tappable))
	if v.Tag.Text != "q3-report" {
		t.Fatalf("picked tag %q", v.Tag.Text)
	}
	// With no past tags there is no empty drop-down to open.
	if none := NewCustomView(func(control.Request) error { return nil }, nil); none.Tag.ActionItem.Visible() {
		t.Fatal("an empty drop-down is offered")
	}
}

func TestOpenUnknownWindow(t *testing.T) {
	a := test.NewTempApp(t)
	if _, err := Open(a, "nope", Options{}); err == nil || !strings.Contains(err.Error(), "settings") {
		t.Fatalf("got %v", err)
	}
}

// find is the first object of type T in o's tree, walking containers and
// widgets' renderers.
func find[T fyne.CanvasObject](o fyne.CanvasObject) T {
	var zero T
	if t, ok := o.(T); ok {
		return t
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if t := find[T](k); any(t) != any(zero) {
			return t
		}
	}
	return zero
}

func TestCustomEscapeClosesFromTheLengthField(t *testing.T) {
	a := test.NewTempApp(t)
	w := CustomWindow(a, Options{DBPath: filepath.Join(t.TempDir(), "none.db")})
	closed := false
	w.SetOnClosed(func() { closed = true })
	v := w.Canvas().Focused()
	if _, ok := v.(*Entry); !ok {
		t.Fatalf("focused %T, want the length entry", v)
	}
	escape(w.Canvas())
	if !closed {
		t.Fatal("Escape in the length field did not close the window")
	}
}

package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/control"
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

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/control"
)

// The longest error keeps Start in the window, below the message, at the
// window's own size (issue 20, item 6: a two-line error clipped it).
func TestCustomStartStaysInTheWindow(t *testing.T) {
	v := NewCustomView(func(control.Request) error { return nil }, nil)
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(customWidth, customHeight))
	for _, typed := range []string{"1.5h", "99999999999999999999", "25 lightyears", "-5", "25"} {
		v.Duration.SetText(typed)
		d := fyne.CurrentApp().Driver()
		start, msg := d.AbsolutePositionForObject(v.Start), d.AbsolutePositionForObject(v.Message)
		lines := v.Message.MinSize().Height
		if start.Y+v.Start.Size().Height > customHeight || start.Y < msg.Y+lines-4 {
			t.Errorf("%q: Start at y %v (to %v) in a %v-high window, the message %q at %v, %v high",
				typed, start.Y, start.Y+v.Start.Size().Height, customHeight, v.Message.Text, msg.Y, lines)
		}
	}
}

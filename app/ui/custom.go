package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
)

// CustomView asks for a focus length and a tag.
type CustomView struct {
	Duration, Tag *widget.Entry
	Start         *widget.Button
	Message       *widget.Label
	Content       fyne.CanvasObject
}

// NewCustomView builds the form; start is called with a valid request and
// returns an error to show, or nil when the block has started.
func NewCustomView(start func(control.Request) error) *CustomView {
	v := &CustomView{Duration: widget.NewEntry(), Tag: widget.NewEntry(), Message: widget.NewLabel("")}
	v.Duration.SetPlaceHolder("90, 1h30 or 25m")
	v.Duration.Validator = func(s string) error { _, err := focus.ParseDuration(s); return err }
	v.Tag.SetPlaceHolder("optional, e.g. q3-report")
	v.Message.Wrapping = fyne.TextWrapWord
	submit := func() {
		if err := v.Duration.Validate(); err != nil {
			v.Message.SetText(err.Error())
			return
		}
		if err := start(control.Request{Cmd: control.CmdStart, Duration: v.Duration.Text, Tag: v.Tag.Text}); err != nil {
			v.Message.SetText(err.Error())
		}
	}
	v.Start = widget.NewButton("Start focus", submit)
	v.Start.Importance = widget.HighImportance
	v.Start.Disable()
	v.Duration.OnChanged = func(s string) {
		if _, err := focus.ParseDuration(s); err != nil {
			v.Start.Disable()
			if s != "" {
				v.Message.SetText(err.Error())
			}
			return
		}
		v.Start.Enable()
		v.Message.SetText("")
	}
	v.Duration.OnSubmitted = func(string) { submit() }
	v.Tag.OnSubmitted = func(string) { submit() }
	form := widget.NewForm(widget.NewFormItem("Length", v.Duration), widget.NewFormItem("Tag", v.Tag))
	v.Content = container.NewVBox(form, v.Message, container.NewBorder(nil, nil, nil, v.Start))
	return v
}

// CustomWindow starts a focus block of a chosen length, then closes.
func CustomWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Start focus")
	v := NewCustomView(func(req control.Request) error {
		if _, err := send(opts.SocketPath, req); err != nil {
			return err
		}
		w.Close()
		return nil
	})
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(380, 160))
	w.Canvas().Focus(v.Duration)
	closeOnEscape(w)
	return w
}

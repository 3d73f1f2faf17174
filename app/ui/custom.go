package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// recentTagCount is how many past tags the Custom window offers.
const recentTagCount = 8

// CustomView asks for a focus length and a tag.
type CustomView struct {
	Duration *Entry
	// Tag offers the tags of recent blocks, newest first.
	Tag   *SelectEntry
	Start *widget.Button
	// Message says how long the block will be, or what is wrong with the
	// length typed.
	Message *widget.Label
	Content fyne.CanvasObject
}

// NewCustomView builds the form; start is called with a valid request and
// returns an error to show, or nil when the block has started. recentTags
// are offered for the tag.
func NewCustomView(start func(control.Request) error, recentTags []string) *CustomView {
	v := &CustomView{Duration: NewEntry(), Tag: NewSelectEntry(recentTags), Message: widget.NewLabel("")}
	v.Duration.SetPlaceHolder("90, 1h30 or 25m")
	// No Validator: Fyne would draw its own ✓ or ✗ beside the entry, and a
	// ✓ beside a message saying what is wrong reads as a contradiction.
	v.Tag.SetPlaceHolder("optional, e.g. q3-report")
	v.Message.Wrapping = fyne.TextWrapWord
	say := func(text string, isErr bool) {
		v.Message.Importance = widget.MediumImportance
		if isErr {
			v.Message.Importance = widget.DangerImportance
		}
		v.Message.SetText(text)
	}
	submit := func() {
		if _, err := focus.ParseDuration(v.Duration.Text); err != nil {
			say(err.Error(), true)
			return
		}
		if err := start(control.Request{Cmd: control.CmdStart, Duration: v.Duration.Text, Tag: v.Tag.Text}); err != nil {
			say(err.Error(), true)
		}
	}
	v.Start = widget.NewButton("Start focus", submit)
	v.Start.Importance = widget.HighImportance
	v.Start.Disable()
	v.Duration.OnChanged = func(s string) {
		d, err := focus.ParseDuration(s)
		if err != nil {
			v.Start.Disable()
			say("", false)
			if s != "" {
				say(err.Error(), true)
			}
			return
		}
		v.Start.Enable()
		say(focus.FormatDuration(d)+" of focus", false)
	}
	v.Duration.OnSubmitted = func(string) { submit() }
	v.Tag.OnSubmitted = func(string) { submit() }
	form := widget.NewForm(widget.NewFormItem("Length", v.Duration), widget.NewFormItem("Tag", v.Tag))
	// Start keeps its place at the bottom; the message takes the room
	// between (a two-line error pushed Start out of the window).
	v.Content = container.NewBorder(form, container.NewBorder(nil, nil, nil, v.Start), nil, nil, v.Message)
	return v
}

// The custom window's size: room for the form, three lines of message
// (the longest error wraps to three at this width) and Start.
const customWidth, customHeight = 380, 220

// CustomWindow starts a focus block of a chosen length, then closes.
func CustomWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Start focus")
	v := NewCustomView(func(req control.Request) error {
		if _, err := send(opts.SocketPath, req); err != nil {
			return err
		}
		w.Close()
		return nil
	}, recentTags(opts.DBPath))
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(customWidth, customHeight))
	w.Canvas().Focus(v.Duration)
	closeOnEscape(w)
	return w
}

// recentTags reads the tags to offer; none when the database cannot be
// read (a first run has none anyway), as a tag can always be typed.
func recentTags(dbPath string) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, dbPath)
	if err != nil {
		return nil
	}
	defer st.Close()
	tags, _ := st.RecentTags(ctx, recentTagCount)
	return tags
}

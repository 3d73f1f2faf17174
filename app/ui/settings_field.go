// Fields: an entry tied to the setting it edits, and the small readers
// that turn what the user typed into a value. They live apart from the
// sections so that every section reads and reports text the same way.
//
// Readers only read. Which values are allowed (ranges, lengths, times of
// day, spans) is config.Validate's alone: the form runs it on every change
// and shows its problems under the fields, so the window and the file can
// never disagree about a setting.

package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
)

// field ties an entry to the setting it edits: how its text is read into
// the config, and the key whose problems it shows under itself. read
// reports only text it cannot read; the value's rules are config's.
type field struct {
	key   string
	name  string
	hint  string
	entry *Entry
	read  func(text string, cfg *config.Config) error
	line  *widget.RichText // under the entry: the hint, or the problem in red
	msg   string           // the problem shown, "" when none
}

// show puts msg on the field's line, or its hint back when msg is "".
// The hint has the placeholders' colour, as Fyne's own form hints do.
func (f *field) show(msg string) {
	f.msg = msg
	seg := &widget.TextSegment{Text: f.hint, Style: widget.RichTextStyle{Inline: true,
		SizeName: theme.SizeNameCaptionText, ColorName: theme.ColorNamePlaceHolder}}
	if msg != "" {
		seg.Text, seg.Style.ColorName = msg, theme.ColorNameError
	}
	f.line.Segments = []widget.RichTextSegment{seg}
	f.line.Refresh()
}

// scroll is a section's scroll, which the wheel moves over the fields too.
func scroll(o fyne.CanvasObject) fyne.CanvasObject {
	return newWheelScroll(container.NewPadded(o))
}

// add registers an entry as a field and returns the form item showing it
// with its line underneath: the hint, or in red what is wrong.
//
// The line's space is always there, one line of small text, empty when
// the field has no hint: a problem appearing as the user types must not
// push the rows below down (and back up when it is fixed). So a problem
// takes the hint's place, as Fyne's own validated entries do; a long one
// is cut with an ellipsis, and the summary beside Save has it whole.
func (v *SettingsView) add(key, name, hint string, e *Entry, read func(string, *config.Config) error) *widget.FormItem {
	f := &field{key: key, name: name, hint: hint, entry: e, read: read, line: widget.NewRichText()}
	f.line.Truncation = fyne.TextTruncateEllipsis
	f.show("")
	v.fields = append(v.fields, f)
	return &widget.FormItem{Text: name, Widget: container.New(underLine{}, e, f.line)}
}

// beside puts o (a switch) to the left of a field's entry, above the
// field's line, so that o keeps the entry's height and place. o comes
// first in tab order.
func beside(item *widget.FormItem, o fyne.CanvasObject) {
	c := item.Widget.(*fyne.Container)
	// Not container.NewBorder, which would add o a second time.
	c.Objects[0] = container.New(layout.NewBorderLayout(nil, nil, o, nil), o, c.Objects[0])
}

// underLine lays out a field and its error line: the field at its own
// height, and under it a slot exactly one line of caption text tall, the
// same whether the line is empty or not. The label is drawn over the
// slot with its inner padding spilling into the form's gaps, so the slot
// costs the form only the text's own height.
type underLine struct{}

func errLineHeight() float32 {
	return fyne.MeasureText("Mg", theme.CaptionTextSize(), fyne.TextStyle{}).Height
}

func (underLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(m.Width, m.Height+errLineHeight())
}

func (underLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	line := errLineHeight()
	top := size.Height - line
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, top))
	lh := objs[1].MinSize().Height
	objs[1].Move(fyne.NewPos(0, top-(lh-line)/2))
	objs[1].Resize(fyne.NewSize(size.Width, lh))
}

func entry(text, placeholder string) *Entry {
	e := NewEntry()
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

func check(label string, on bool) *Check {
	c := NewCheck(label, nil)
	c.SetChecked(on)
	return c
}

// wholeNumber reads an integer; whether it is in range is config's to say.
func wholeNumber(text string) (int, error) {
	if text == "" {
		return 0, errors.New("enter a whole number")
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", text)
	}
	return n, nil
}

// optionalDuration reads a duration where nothing means 0 ("none"). It
// reads like the file does (config.ParseDuration); the range is config's.
func optionalDuration(text string) (time.Duration, error) {
	if text == "" {
		return 0, nil
	}
	return config.ParseDuration(text)
}

// list splits a comma-separated field, dropping empty items.
func list(text string) []string {
	var out []string
	for _, s := range strings.Split(text, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// durationText writes a duration the way the entries accept it.
func durationText(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.Itoa(int(d / time.Minute))
	}
	return d.String()
}

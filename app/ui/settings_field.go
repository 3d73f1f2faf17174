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
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
)

// field ties an entry to the setting it edits: how its text is read into
// the config, and the key whose problems it shows under itself. read
// reports only text it cannot read; the value's rules are config's.
type field struct {
	key   string
	name  string
	entry *Entry
	read  func(text string, cfg *config.Config) error
	err   *widget.Label
}

func scroll(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(o))
}

// add registers an entry as a field and returns the form item showing it
// with its error line underneath.
func (v *SettingsView) add(key, name, hint string, e *Entry, read func(string, *config.Config) error) *widget.FormItem {
	f := &field{key: key, name: name, entry: e, read: read, err: widget.NewLabel("")}
	f.err.Importance = widget.DangerImportance
	f.err.Wrapping = fyne.TextWrapWord
	f.err.Hide()
	v.fields = append(v.fields, f)
	return &widget.FormItem{Text: name, Widget: container.NewVBox(e, f.err), HintText: hint}
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

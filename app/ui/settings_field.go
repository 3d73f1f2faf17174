// Fields: an entry tied to the setting it edits, and the small readers
// that turn what the user typed into a value. They live apart from the
// sections so that every section reads and reports text the same way.

package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"headsdown/app/config"
	"headsdown/focus"
)

// field ties an entry to the setting it edits: how its text is read into
// the config, and the key whose problems it shows under itself.
type field struct {
	key   string
	name  string
	entry *widget.Entry
	read  func(text string, cfg *config.Config) error
	err   *widget.Label
}

func scroll(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(o))
}

// add registers an entry as a field and returns the form item showing it
// with its error line underneath.
func (v *SettingsView) add(key, name, hint string, e *widget.Entry, read func(string, *config.Config) error) *widget.FormItem {
	f := &field{key: key, name: name, entry: e, read: read, err: widget.NewLabel("")}
	f.err.Importance = widget.DangerImportance
	f.err.Wrapping = fyne.TextWrapWord
	f.err.Hide()
	v.fields = append(v.fields, f)
	return &widget.FormItem{Text: name, Widget: container.NewVBox(e, f.err), HintText: hint}
}

func entry(text, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

func check(label string, on bool) *widget.Check {
	c := widget.NewCheck(label, nil)
	c.SetChecked(on)
	return c
}

// wholeNumber reads an integer within [lo, hi].
func wholeNumber(text string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < lo || n > hi {
		return n, fmt.Errorf("a whole number from %d to %d", lo, hi)
	}
	return n, nil
}

// optionalDuration reads a duration where 0 or nothing means "none".
func optionalDuration(text string) (time.Duration, error) {
	if text == "" || text == "0" {
		return 0, nil
	}
	return focus.ParseDuration(text)
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

// A window's keyboard commands (its shortcuts and Escape), working from
// any field.
//
// Fyne's desktop driver gives a key combination to the focused widget when
// it takes shortcuts at all, and to the window's canvas only when it does
// not: a focused widget.Entry swallows Ctrl+S and Alt+1 (it keeps only the
// shortcuts it knows), and every focused widget swallows Escape (a key
// without a modifier goes to TypedKey, never to the canvas). So the fields
// here are widget.Entry and widget.Check with one change: what they do not
// use themselves they hand to their window's commands.

package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// windowKeys are one window's commands.
type windowKeys struct {
	shortcuts map[string]func() // by fyne.Shortcut.ShortcutName
	escape    func()
}

// keyMaps finds a window's commands from its canvas, which is what a
// widget can learn of its window.
var keyMaps sync.Map // fyne.Canvas → *windowKeys

// keysOf is the window's commands, creating them (and binding them to the
// canvas for when nothing has focus) on first use.
func keysOf(w fyne.Window) *windowKeys {
	c := w.Canvas()
	if k, ok := keyMaps.Load(c); ok {
		return k.(*windowKeys)
	}
	k := &windowKeys{shortcuts: map[string]func(){}}
	keyMaps.Store(c, k)
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { k.typedKey(e) })
	return k
}

// onShortcut runs do on s, from any field of w.
func onShortcut(w fyne.Window, s fyne.Shortcut, do func()) {
	keysOf(w).shortcuts[s.ShortcutName()] = do
	w.Canvas().AddShortcut(s, func(fyne.Shortcut) { do() })
}

// onEscape runs do on Escape, from any field of w.
func onEscape(w fyne.Window, do func()) { keysOf(w).escape = do }

// closeOnEscape makes Escape close w, as users expect of a dialog.
func closeOnEscape(w fyne.Window) { onEscape(w, w.Close) }

// keysFor is the commands of the window obj is in, nil if none.
func keysFor(obj fyne.CanvasObject) *windowKeys {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	c := a.Driver().CanvasForObject(obj)
	if c == nil {
		return nil
	}
	k, _ := keyMaps.Load(c)
	kk, _ := k.(*windowKeys)
	return kk
}

func (k *windowKeys) shortcut(s fyne.Shortcut) bool {
	if k == nil {
		return false
	}
	do := k.shortcuts[s.ShortcutName()]
	if do == nil {
		return false
	}
	do()
	return true
}

func (k *windowKeys) typedKey(e *fyne.KeyEvent) bool {
	if k == nil || e.Name != fyne.KeyEscape || k.escape == nil {
		return false
	}
	k.escape()
	return true
}

// Entry is a widget.Entry that leaves the window's shortcuts and Escape
// to the window. Its own (copy, paste, undo, word moves) stay its own:
// the window's are combinations no entry uses.
type Entry struct{ widget.Entry }

// NewEntry is a single-line Entry.
func NewEntry() *Entry {
	e := &Entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry is a multi-line Entry.
func NewMultiLineEntry() *Entry {
	e := NewEntry()
	e.MultiLine = true
	return e
}

// NewPasswordEntry is an Entry that hides what is typed.
func NewPasswordEntry() *Entry {
	e := NewEntry()
	e.Password = true // its renderer adds the eye that shows it
	return e
}

// TypedShortcut gives the window its shortcuts first.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	if windowShortcut(s) && keysFor(e).shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey gives the window Escape.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if keysFor(e).typedKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// SelectEntry is a widget.SelectEntry (an entry with a list to pick from)
// that leaves the window's shortcuts and Escape to the window.
type SelectEntry struct{ widget.SelectEntry }

// NewSelectEntry is a SelectEntry offering options.
func NewSelectEntry(options []string) *SelectEntry {
	e := &SelectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	if len(options) == 0 {
		e.ActionItem.Hide() // no empty list to open
	}
	return e
}

// TypedShortcut gives the window its shortcuts first.
func (e *SelectEntry) TypedShortcut(s fyne.Shortcut) {
	if windowShortcut(s) && keysFor(e).shortcut(s) {
		return
	}
	e.SelectEntry.TypedShortcut(s)
}

// TypedKey gives the window Escape.
func (e *SelectEntry) TypedKey(k *fyne.KeyEvent) {
	if keysFor(e).typedKey(k) {
		return
	}
	e.SelectEntry.TypedKey(k)
}

// Check is a widget.Check that leaves Escape to the window (shortcuts
// already reach it: a check takes none).
type Check struct{ widget.Check }

// NewCheck is a Check with a label and a change handler.
func NewCheck(label string, changed func(bool)) *Check {
	c := &Check{}
	c.ExtendBaseWidget(c)
	c.Text, c.OnChanged = label, changed
	return c
}

// TypedKey gives the window Escape.
func (c *Check) TypedKey(k *fyne.KeyEvent) {
	if keysFor(c).typedKey(k) {
		return
	}
	c.Check.TypedKey(k)
}

// windowShortcut tells the window's kind of shortcut (a key with Ctrl or
// Alt) from the clipboard and undo ones an entry handles.
func windowShortcut(s fyne.Shortcut) bool {
	_, ok := s.(*desktop.CustomShortcut)
	return ok
}

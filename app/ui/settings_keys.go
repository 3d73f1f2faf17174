// Keyboard use of the settings window beyond what Fyne's focus gives.

package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// bindKeys makes the window keyboard-usable beyond Tab and Enter: Escape
// closes it, Ctrl+S saves, and Alt+1…6 (or Ctrl+PageDown/PageUp) switch
// sections.
func (v *SettingsView) bindKeys(w fyne.Window) {
	closeOnEscape(w)
	c := w.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { v.save() })
	for i := range v.Tabs.Items {
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(strconv.Itoa(i + 1)), Modifier: fyne.KeyModifierAlt},
			func(fyne.Shortcut) { v.Tabs.SelectIndex(i) })
	}
	step := func(d int) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			n := len(v.Tabs.Items)
			v.Tabs.SelectIndex((v.Tabs.SelectedIndex() + d + n) % n)
		}
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}, step(1))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierControl}, step(-1))
}

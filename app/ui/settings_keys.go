// Keyboard use of the settings window beyond what Fyne's focus gives.

package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// bindKeys makes the window keyboard-usable beyond Tab and Enter, from any
// field (see keys.go): Escape closes it (asking first when there are
// unsaved changes), Ctrl+S saves, and Alt+1…6 (or Ctrl+PageDown/PageUp)
// switch sections.
func (v *SettingsView) bindKeys(w fyne.Window) {
	onEscape(w, func() { v.leave(w) })
	onShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}, v.save)
	for i := range v.Tabs.Items {
		onShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyName(strconv.Itoa(i + 1)), Modifier: fyne.KeyModifierAlt},
			func() { v.Tabs.SelectIndex(i) })
	}
	step := func(d int) func() {
		return func() {
			n := len(v.Tabs.Items)
			v.Tabs.SelectIndex((v.Tabs.SelectedIndex() + d + n) % n)
		}
	}
	onShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}, step(1))
	onShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierControl}, step(-1))
}

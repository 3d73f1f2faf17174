// Package tray is the system-tray front end on fyne.io/systray directly: no
// Fyne driver and no GL loop, so the process that sits in the tray all day
// idles at a few megabytes and zero wakeups (see DESIGN.md, "Why two
// processes"). It draws the countdown into the icon, keeps one menu whose
// items it updates in place, and opens Fyne windows as separate processes.
package tray

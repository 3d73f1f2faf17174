// The away section: what stepping away from the desktop does (the screen
// locks, the computer sleeps, no input for a while), the status it sets,
// and what this desktop reports, as the running app sees it.

package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
)

// Lines of the "What this desktop reports" block.
const (
	awayNotRunning  = "Heads Down is not running: start it to see what this desktop reports."
	awayNoSources   = "The running Heads Down listens to no away signals."
	awayAsking      = "Asking Heads Down…"
	idleUnavailable = "Idle detection is unavailable on this desktop (see below), so this setting has no effect here."
)

func (v *SettingsView) awayTab(cfg config.Config) fyne.CanvasObject {
	a := cfg.Away
	v.AwayOnLock = check("Set me away when the screen locks or the computer sleeps", a.OnLock)
	v.AwayOnLock.OnChanged = func(bool) { v.refresh() }
	v.AwayPresence = check("Also set my Slack presence to away (Slack never ends it by itself)", a.Presence)
	v.AwayPresence.OnChanged = func(bool) { v.refresh() }
	v.IdleMinutes = entry(strconv.Itoa(a.IdleMinutes), "10, or 0 for off")
	v.ResumeWithin = entry(durationText(a.ResumeWithin()), "15m or 15")
	v.AwayText = entry(a.Text, "Away, back soon")
	v.AwayEmoji = entry(a.Emoji, ":walking:")
	v.IdleNote = widget.NewLabel(idleUnavailable)
	v.IdleNote.Importance = widget.WarningImportance
	v.IdleNote.Wrapping = fyne.TextWrapWord
	v.IdleNote.Hide()
	idle := v.add("away.idle_minutes", "Away after", "minutes without input (0 = off)", v.IdleMinutes, func(text string, c *config.Config) error {
		n, err := wholeNumber(text)
		c.Away.IdleMinutes = n
		return err
	})
	idle.Widget = container.NewVBox(idle.Widget, v.IdleNote)
	form := widget.NewForm(
		idle,
		v.add("away.resume_within", "Resume the block", "if I was away less than this; after longer, it ends when I left",
			v.ResumeWithin, func(text string, c *config.Config) error {
				d, err := config.ParseDuration(text)
				c.Away.ResumeLimit = config.Duration(d)
				return err
			}),
	)
	// The Slack status while away, in one place: when you say so, and when
	// the desktop notices; each text with its emoji beside it.
	locked := v.add("away.text", "Status, locked or idle", "{since}: when you left; empty: as by hand",
		v.AwayText, func(text string, c *config.Config) error {
			c.Away.Text = text // Config trims it
			return nil
		})
	lockedEmoji := v.add("away.emoji", "Emoji, locked or idle", "", v.AwayEmoji, func(text string, c *config.Config) error {
		c.Away.Emoji = text
		return nil
	})
	for _, pair := range [][2]*widget.FormItem{{v.afkStatus[0], v.afkStatus[1]}, {locked, lockedEmoji}} {
		text, emoji := pair[0], pair[1]
		text.Widget = container.NewBorder(nil, nil, nil, container.New(fixedWidth(emojiWidth), emoji.Widget), text.Widget)
		form.AppendItem(text)
	}
	help := widget.NewLabel("While you are away Slack shows you away with this status, a running focus block " +
		"pauses and pings are held. Away and I'm back in the tray do the same by hand.")
	help.Wrapping = fyne.TextWrapWord
	v.AwaySources = widget.NewLabel("")
	v.AwaySources.Wrapping = fyne.TextWrapWord
	v.CheckAway = widget.NewButton("Check again", v.refreshAway)
	reports := container.NewBorder(nil, nil, widget.NewLabelWithStyle("What this desktop reports", fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), v.CheckAway)
	return container.NewVBox(v.AwayOnLock, v.AwayPresence, form, help, widget.NewSeparator(), reports, v.AwaySources)
}

// refreshAway asks the running app which away sources it uses and shows
// them, and says under the idle field when idle detection cannot work.
func (v *SettingsView) refreshAway() {
	if v.deps.AwaySources == nil {
		v.showAway(nil, control.ErrNotRunning)
		return
	}
	v.CheckAway.Disable()
	v.AwaySources.SetText(awayAsking)
	var sources []control.AwaySource
	v.deps.Background(func() (string, error) {
		var err error
		sources, err = v.deps.AwaySources()
		return "", err
	}, func(_ string, err error) {
		v.CheckAway.Enable()
		v.showAway(sources, err)
	})
}

func (v *SettingsView) showAway(sources []control.AwaySource, err error) {
	text, idleLive := awayReport(sources, err)
	v.AwaySources.SetText(text)
	if idleLive == idleUnavailableHere {
		v.IdleNote.Show()
	} else {
		v.IdleNote.Hide()
	}
}

// appAwaySources reads the away sources from the app running on socket.
func appAwaySources(socket string) ([]control.AwaySource, error) {
	resp, err := send(socket, control.Request{Cmd: control.CmdStatus})
	if err != nil {
		return nil, err
	}
	if resp.Status == nil {
		return nil, nil
	}
	return resp.Status.AwaySources, nil
}

// idleState is what the app says of idle detection.
type idleState int

const (
	idleUnknown         idleState = iota // no app, or it lists no idle source
	idleAvailable                        // at least one idle source is live
	idleUnavailableHere                  // idle sources were tried and none is live
)

// awayReport is the "What this desktop reports" text for the app's answer:
// one plain line per kind of signal (control.AwaySignals), never the D-Bus
// text of why a source is missing (that is in `headsdown doctor` and the
// log); and whether idle detection can work here.
func awayReport(sources []control.AwaySource, err error) (string, idleState) {
	switch {
	case errors.Is(err, control.ErrNotRunning):
		return awayNotRunning, idleUnknown
	case err != nil:
		return "Could not ask Heads Down: " + err.Error(), idleUnknown
	case len(sources) == 0:
		return awayNoSources, idleUnknown
	}
	idle := idleUnknown
	var lines []string
	for _, g := range control.AwaySignals(sources) {
		lines = append(lines, g.String())
		switch {
		case g.What != "idle":
		case g.State == control.SignalHeard:
			idle = idleAvailable
		case g.State == control.SignalMissing:
			idle = idleUnavailableHere
		}
	}
	return strings.Join(lines, "\n"), idle
}

// emojiWidth is the width of an emoji code's entry beside its status.
const emojiWidth = 150

// fixedWidth lays its objects out w wide, as high as they need.
type fixedWidth float32

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

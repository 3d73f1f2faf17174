package presence

import (
	"strings"
	"time"

	"headsdown/focus"
)

// Mode is which automation owns the Slack state.
type Mode string

// Modes, in priority order: AFK wins over focus, focus over off hours.
const (
	ModeNormal   Mode = "normal"
	ModeFocus    Mode = "focus"
	ModeAFK      Mode = "afk"
	ModeOffHours Mode = "off_hours"
)

// Texts are the status templates. {until} is when the mode ends ("11:30",
// or "Mon 09:00" when not today), {tag} the focus block's tag.
type Texts struct {
	FocusText, FocusEmoji       string
	AFKText, AFKEmoji           string
	OffHoursText, OffHoursEmoji string
}

// Rules say what to do; they come from the settings.
type Rules struct {
	Texts
	// FocusDND snoozes notifications for the length of a focus block.
	FocusDND bool
	// OffHours sets away, an off-hours status and DND outside Schedule.
	OffHours bool
	Schedule focus.Schedule
	Loc      *time.Location
}

// Inputs are what is happening now.
type Inputs struct {
	Now time.Time
	// FocusUntil is the end of the focus block that is running (not
	// paused); zero when none is.
	FocusUntil time.Time
	Tag        string
	AFK        bool
	// AFKUntil is when AFK ends; zero for "until I am back".
	AFKUntil time.Time
}

// Desired is the Slack state wanted.
type Desired struct {
	Mode  Mode
	Text  string
	Emoji string
	// Until is the status expiration; zero means none (AFK with no end).
	Until time.Time
	// DNDUntil is when the DND snooze should end; zero means no snooze.
	DNDUntil time.Time
	Away     bool
}

// MaxStatusText is Slack's limit on status_text.
const MaxStatusText = 100

// Desire decides the Slack state for the inputs under the rules.
func Desire(r Rules, in Inputs) Desired {
	loc := r.Loc
	if loc == nil {
		loc = time.Local
	}
	render := func(tmpl string, until time.Time) string {
		return Render(tmpl, in.Now, until, in.Tag, loc)
	}
	switch {
	case in.AFK:
		return Desired{Mode: ModeAFK, Text: render(r.AFKText, in.AFKUntil), Emoji: r.AFKEmoji, Until: in.AFKUntil, Away: true}
	case !in.FocusUntil.IsZero() && in.FocusUntil.After(in.Now):
		d := Desired{Mode: ModeFocus, Text: render(r.FocusText, in.FocusUntil), Emoji: r.FocusEmoji, Until: in.FocusUntil}
		if r.FocusDND {
			d.DNDUntil = in.FocusUntil
		}
		return d
	case r.OffHours && !r.Schedule.Empty() && !r.Schedule.Working(in.Now):
		next := r.Schedule.NextStart(in.Now)
		return Desired{Mode: ModeOffHours, Text: render(r.OffHoursText, next), Emoji: r.OffHoursEmoji, Until: next, DNDUntil: next, Away: true}
	}
	return Desired{Mode: ModeNormal}
}

// Render fills a status template. {until} is "15:04" today, "Mon 15:04"
// within a week, "2 Jan 15:04" beyond; with no end it reads "later". The
// result is trimmed to Slack's 100 characters.
func Render(tmpl string, now, until time.Time, tag string, loc *time.Location) string {
	when := "later"
	if !until.IsZero() {
		u, n := until.In(loc), now.In(loc)
		switch {
		case u.Year() == n.Year() && u.YearDay() == n.YearDay():
			when = u.Format("15:04")
		case u.Sub(n) < 6*24*time.Hour:
			when = u.Format("Mon 15:04")
		default:
			when = u.Format("2 Jan 15:04")
		}
	}
	s := strings.NewReplacer("{until}", when, "{tag}", tag).Replace(tmpl)
	s = strings.Join(strings.Fields(s), " ") // an empty {tag} leaves no double space
	if r := []rune(s); len(r) > MaxStatusText {
		s = string(r[:MaxStatusText-1]) + "…"
	}
	return s
}

package config

import (
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// Calendar is the [calendar] section: what Heads Down does with the meetings of the
// calendars added with `headsdown calendar add` (the addresses themselves are secrets
// and live with the Slack tokens, never here).
type Calendar struct {
	// Refresh is how often each calendar is fetched again (also on resume from sleep).
	Refresh Duration `toml:"refresh"`
	// EndBefore is how long before a meeting a block is trimmed to end.
	EndBefore Duration `toml:"end_before"`
	// Status sets Slack to StatusText/StatusEmoji while a meeting runs.
	Status      bool   `toml:"status"`
	StatusText  string `toml:"status_text"`
	StatusEmoji string `toml:"status_emoji"`
	// ReviewAfterMeetings adds a review window when a meeting ends in working hours.
	ReviewAfterMeetings bool `toml:"review_after_meetings"`
	// HoldPings holds pings during meetings as during focus.
	HoldPings bool `toml:"hold_pings"`
	// Tentative is "busy" (default) or "free": whether maybe-meetings count.
	Tentative string `toml:"tentative"`
	// Emails are the user's addresses, to see which invitations they declined;
	// empty means the Slack profile's email when known.
	Emails []string `toml:"emails"`
}

// Calendar defaults and limits.
const (
	DefaultCalendarStatusText = "In a meeting until {until}"
	MinCalendarRefresh        = time.Minute
	MaxCalendarRefresh        = 24 * time.Hour
	MaxEndBefore              = time.Hour
	TentativeBusy             = "busy"
	TentativeFree             = "free"
)

// CalendarPlaceholders are what the meeting status may contain: the status's own, and
// {title}, the meeting's title, which reaches Slack only when the text asks for it.
var CalendarPlaceholders = slices.Concat(StatusPlaceholders, []string{"{title}"})

// DefaultCalendar is a new user's [calendar] section.
func DefaultCalendar() Calendar {
	return Calendar{
		Refresh: Duration(15 * time.Minute), EndBefore: Duration(5 * time.Minute),
		Status: true, StatusText: DefaultCalendarStatusText, StatusEmoji: ":spiral_calendar_pad:",
		ReviewAfterMeetings: true, Tentative: TentativeBusy,
	}
}

// TentativeIsFree reports `tentative = "free"`.
func (c Calendar) TentativeIsFree() bool { return strings.EqualFold(c.Tentative, TentativeFree) }

// validate adds the [calendar] problems.
func (c Calendar) validate(clock string, add func(key, format string, args ...any)) {
	if d := time.Duration(c.Refresh); d < MinCalendarRefresh || d > MaxCalendarRefresh {
		add("calendar.refresh", "fetch calendars every %s to %s, got %s",
			focus.FormatDuration(MinCalendarRefresh), focus.FormatDuration(MaxCalendarRefresh), formatSigned(d))
	}
	if d := time.Duration(c.EndBefore); d < 0 || d > MaxEndBefore {
		add("calendar.end_before", "end blocks 0 to %s before a meeting, got %s", focus.FormatDuration(MaxEndBefore), formatSigned(d))
	}
	if err := CheckStatusText(c.StatusText, clock); err != nil {
		add("calendar.status_text", "%v", err)
	}
	if err := CheckPlaceholders(c.StatusText, CalendarPlaceholders); err != nil {
		add("calendar.status_text", "%v", err)
	}
	if strings.TrimSpace(c.StatusText) == "" && c.Status {
		add("calendar.status_text", "the meeting status is on but has no text: write one (\"In a meeting until {until}\") or set status = false")
	}
	if err := CheckEmoji(c.StatusEmoji); err != nil {
		add("calendar.status_emoji", "%v", err)
	}
	if t := strings.ToLower(c.Tentative); t != TentativeBusy && t != TentativeFree {
		add("calendar.tentative", "tentative meetings are \"busy\" or \"free\", got %q", c.Tentative)
	}
	for _, e := range c.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != strings.TrimSpace(e) {
			add("calendar.emails", "%q is not an email address (write it as name@example.com)", e)
		}
	}
}

func formatSigned(d time.Duration) string {
	if d < 0 {
		return "-" + focus.FormatDuration(-d)
	}
	return focus.FormatDuration(d)
}

package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// A setting as the Settings window names it: the tab it is on and its
// label there, so a problem in the file reads "Focus › Pomodoro: …" to a
// person who never opened config.toml.
type place struct{ tab, label string }

// tabs are the Settings window's tabs by the file's section: the name
// `headsdown window settings SECTION` takes, and the tab's title.
var tabs = map[string]struct{ id, title string }{
	"working_hours": {"hours", "Working hours"},
	"focus":         {"focus", "Focus"},
	"pings":         {"review", "Review"},
	"slack":         {"slack", "Slack"},
	"notifications": {"notifications", "Notifications"},
	"general":       {"notifications", "Notifications"},
	"away":          {"away", "Away"},
}

// keyTabs are the settings shown on another tab than their section's.
var keyTabs = map[string]string{
	"slack.afk_text":  "away",
	"slack.afk_emoji": "away",
}

// labels are the window's labels by key, where they differ from the key.
var labels = map[string]string{
	"general.clock":               "Clock",
	"focus.pomodoro":              "Pomodoro",
	"focus.short_break":           "Short break",
	"focus.long_break":            "Long break",
	"focus.long_break_every":      "Long break every",
	"focus.deep_work":             "Deep work",
	"focus.deep_work_break":       "Deep work break",
	"focus.daily_goal":            "Daily goal",
	"focus.auto_start_break":      "Start breaks by themselves",
	"focus.auto_start_focus":      "Start the next block by itself",
	"pings.review_times":          "Review at",
	"pings.review_every_minutes":  "And every",
	"pings.vips":                  "VIP senders",
	"pings.keywords":              "Keywords",
	"pings.retention_days":        "Keep texts for",
	"pings.auto_reply_text":       "Reply",
	"slack.focus_text":            "Focus status",
	"slack.focus_emoji":           "Focus emoji",
	"slack.afk_text":              "Status, by hand",
	"slack.afk_emoji":             "Emoji, by hand",
	"slack.off_hours_text":        "Off-hours status",
	"slack.off_hours_emoji":       "Off-hours emoji",
	"away.idle_minutes":           "Away after",
	"away.resume_within":          "Resume the block",
	"away.text":                   "Status, locked or idle",
	"away.emoji":                  "Emoji, locked or idle",
	"working_hours.confirmed":     "Hours confirmed",
	"notifications.weekly_report": "Weekly report",
}

// Where names the setting key as the Settings window shows it: "Focus ›
// Pomodoro", "Working hours › Monday". A key the window does not know
// (a typo) keeps its section's tab and its own words: "Focus › pomodro".
// Not "→": the windows' font (Noto Sans) has no arrows and draws a box.
func Where(key string) string {
	section, name, ok := strings.Cut(key, ".")
	t, known := tabs[section]
	if !ok || !known {
		return key
	}
	if id, moved := keyTabs[key]; moved {
		t = tabs[id]
	}
	label, ok := labels[key]
	if !ok {
		label = strings.ReplaceAll(name, "_", " ")
		if section == "working_hours" && isDay(name) {
			label = strings.ToUpper(name[:1]) + name[1:]
		}
	}
	return t.title + " › " + label
}

// Tab is the Settings tab that holds key ("focus", "hours"…), for the
// window to open at the first problem; "" when none does.
func Tab(key string) string {
	if id, moved := keyTabs[key]; moved {
		return id
	}
	section, _, _ := strings.Cut(key, ".")
	return tabs[section].id
}

func isDay(s string) bool {
	switch s {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// Words is the problem for a person: "Focus › Pomodoro: "25 minutes" is
// not a length (line 7)". Error keeps the file's own names, for the log
// and for whoever edits the file.
func (p Problem) Words() string {
	where := Where(p.Key)
	if p.Key == "" {
		where = "The settings file"
	}
	s := where + ": " + p.Msg
	if p.Line > 0 {
		s += fmt.Sprintf(" (line %d)", p.Line)
	}
	return s
}

// Words is every problem, one a line.
func (ps Problems) Words() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Words()
	}
	return strings.Join(msgs, "\n")
}

// lastKey finds the key and the message in an error of the TOML decoder
// that is not a *toml.ParseError: `toml: line 2 (last key "a.b"): msg`.
var lastKey = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]+)"\): (.*)$`)

// kindWords says what a value of the Go kind the decoder names must be.
var kindWords = map[string]string{
	"slice":  `a list in brackets, like ["09:00-17:00"]`,
	"string": "text in quotes",
	"bool":   "true or false",
	"int":    "a whole number",
	"int64":  "a whole number",
}

var incompatible = regexp.MustCompile(`TOML value has type (\w+); destination has type (\w+)`)

// valueWords rewords the decoder's message about a value of the wrong kind.
func valueWords(msg string) string {
	if m := incompatible.FindStringSubmatch(msg); m != nil {
		if want, ok := kindWords[m[2]]; ok {
			return "this must be " + want
		}
	}
	return strings.TrimPrefix(msg, "toml: ")
}

// FirstInWords is the first problem of a settings error in the form's
// words, and how many more there are, for a notification: "Focus ›
// Pomodoro: … (line 2), and 2 more problems". Other errors: their first
// line.
func FirstInWords(err error) string {
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		first, _, _ := strings.Cut(err.Error(), "\n")
		return first
	}
	s := ps[0].Words()
	switch n := len(ps) - 1; n {
	case 0:
	case 1:
		s += ", and 1 more problem"
	default:
		s += fmt.Sprintf(", and %d more problems", n)
	}
	return s
}

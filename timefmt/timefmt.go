// Package timefmt decides how a time of day is written, 24-hour ("15:04")
// or 12-hour ("3:04 PM"), and writes it. It is the one place that knows:
// the tray, the windows, the CLI, notifications and the Slack status texts
// all take an Hours value from here, decided once from the settings and
// the locale.
//
// It is pure: it reads no environment itself. The caller passes a getenv
// (os.Getenv in the app), so the decision is table-tested and the app
// threads the result through explicitly rather than as a global.
package timefmt

import (
	"fmt"
	"strings"
	"time"
)

// Hours is how a time of day is written. The zero value is 24-hour, the
// default wherever nothing says otherwise.
type Hours int

const (
	// H24 writes "15:04".
	H24 Hours = iota
	// H12 writes "3:04 PM".
	H12
)

// String is the setting's spelling: "24h" or "12h".
func (h Hours) String() string {
	if h == H12 {
		return "12h"
	}
	return "24h"
}

// Layout turns a Go time layout written with the 24-hour "15:04" into this
// clock's: "Mon 15:04" becomes "Mon 3:04 PM" for H12, and stays for H24.
func (h Hours) Layout(layout string) string {
	if h == H12 {
		return strings.ReplaceAll(layout, "15:04", "3:04 PM")
	}
	return layout
}

// Format writes t with layout (in the 24-hour form, see Layout).
func (h Hours) Format(t time.Time, layout string) string {
	return t.Format(h.Layout(layout))
}

// Time writes a time of day: "15:04" or "3:04 PM".
func (h Hours) Time(t time.Time) string { return h.Format(t, "15:04") }

// DayTime writes a time within the week: "Mon 15:04" or "Mon 3:04 PM".
func (h Hours) DayTime(t time.Time) string { return h.Format(t, "Mon 15:04") }

// DateTime writes a time further away: "2 Jan 15:04" or "2 Jan 3:04 PM".
func (h Hours) DateTime(t time.Time) string { return h.Format(t, "2 Jan 15:04") }

// Setting values of [general] clock.
const (
	Auto  = "auto" // from the locale (see FromEnv)
	Set12 = "12h"
	Set24 = "24h"
)

// Settings are the values the clock setting takes, in the order a form
// offers them.
var Settings = []string{Auto, Set12, Set24}

// CheckSetting accepts "auto", "12h", "24h" and empty (auto).
func CheckSetting(s string) error {
	switch s {
	case "", Auto, Set12, Set24:
		return nil
	}
	return fmt.Errorf("%q: use \"auto\" (from the locale), \"12h\" or \"24h\"", s)
}

// Resolve is the clock for a setting: "12h" and "24h" as they say;
// "auto", empty or anything else from the locale in getenv (see FromEnv).
func Resolve(setting string, getenv func(string) string) Hours {
	switch setting {
	case Set12:
		return H12
	case Set24:
		return H24
	}
	return FromEnv(getenv)
}

// FromEnv is the clock of the locale that governs time formats under
// POSIX: LC_ALL if set, else LC_TIME, else LANG (see FromLocale). With
// none set, as is usual on Windows and macOS, it is 24-hour. A nil getenv
// reads nothing.
func FromEnv(getenv func(string) string) Hours {
	if getenv == nil {
		return H24
	}
	for _, k := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := getenv(k); v != "" {
			return FromLocale(v)
		}
	}
	return H24
}

// twelve are the locales that write times on a 12-hour clock, following
// the short time format of the Unicode CLDR (h:mm a and the like). A
// language alone ("ar") stands for all its territories. Anything not
// here is 24-hour.
var twelve = map[string]bool{
	"en_US": true, "en_CA": true, "en_AU": true, "en_NZ": true, "en_PH": true, "en_IN": true,
	"es_US": true,
	"hi_IN": true, "bn_IN": true, "bn_BD": true, "ur_PK": true,
	"ko_KR": true, "zh_TW": true,
	"ar": true,
}

// FromLocale is the clock of a POSIX locale name, language[_TERRITORY]
// [.codeset][@modifier] ("en_US.UTF-8"); a BCP 47 tag ("en-US") is read
// the same way. "C", "POSIX", empty and anything unknown are 24-hour.
func FromLocale(locale string) Hours {
	name, _, _ := strings.Cut(locale, "@")
	name, _, _ = strings.Cut(name, ".")
	name = strings.ReplaceAll(name, "-", "_")
	lang, territory, _ := strings.Cut(name, "_")
	lang = strings.ToLower(lang)
	if territory != "" && twelve[lang+"_"+strings.ToUpper(territory)] || twelve[lang] {
		return H12
	}
	return H24
}

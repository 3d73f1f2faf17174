package control

import "strings"

// awayKinds are the kinds of away signal in the order people read them,
// with their names in a sentence.
var awayKinds = []struct{ what, label string }{
	{"lock", "Screen lock"}, {"suspend", "Suspend"}, {"idle", "Idle"},
}

// sourceLabels are the sources' names for people; a source not listed is
// shown by its own name.
var sourceLabels = map[string]string{
	"logind":                      "login session",
	"org.freedesktop.ScreenSaver": "screen saver",
	"org.gnome.ScreenSaver":       "GNOME screen saver",
	"org.xfce.ScreenSaver":        "XFCE screen saver",
	"org.mate.ScreenSaver":        "MATE screen saver",
	"org.cinnamon.ScreenSaver":    "Cinnamon screen saver",
	"mutter-idle":                 "GNOME",
	"x11-idle":                    "X server",
	"wts-session":                 "Windows session",
	"power-broadcast":             "Windows power",
	"windows-idle":                "Windows input",
	"com.apple.screenIsLocked":    "macOS",
	"IORegisterForSystemPower":    "macOS",
	"macos-idle":                  "macOS input",
}

// Label is the source's name for people ("GNOME screen saver").
func (s AwaySource) Label() string {
	if l, ok := sourceLabels[s.Name]; ok {
		return l
	}
	return s.Name
}

// idleOff: the app turned idle detection off (idle minutes = 0); the
// source is there, just not asked.
func (s AwaySource) idleOff() bool {
	return s.What == "idle" && strings.HasPrefix(s.Note, "idle detection is off")
}

// SignalState is what a kind of away signal does here.
type SignalState int

// Signal states.
const (
	SignalMissing SignalState = iota // no source of it works on this desktop
	SignalHeard                      // at least one source is live
	SignalOff                        // turned off in the settings (idle minutes = 0)
)

// AwaySignal is one kind of away signal (screen lock, suspend, idle) and
// what this desktop does with it.
type AwaySignal struct {
	What, Label string // "lock", "Screen lock"
	State       SignalState
	By          []string // the live sources, by their labels
}

// String is the signal in one plain line: "Screen lock: heard (login
// session, XFCE screen saver)", "Idle: not available on this desktop",
// "Idle: off (Settings › Away)". No D-Bus text: why a source is missing is
// for `headsdown doctor` and the log.
func (g AwaySignal) String() string {
	switch g.State {
	case SignalHeard:
		return g.Label + ": heard (" + strings.Join(g.By, ", ") + ")"
	case SignalOff:
		return g.Label + ": off (Settings › Away)"
	}
	return g.Label + ": not available on this desktop"
}

// AwaySignals groups the sources by kind, in reading order. Kinds no
// source reports are left out; a kind this version does not know comes
// last under its own name.
func AwaySignals(sources []AwaySource) []AwaySignal {
	kinds := append([]struct{ what, label string }(nil), awayKinds...)
	for _, s := range sources {
		known := false
		for _, k := range kinds {
			known = known || k.what == s.What
		}
		if !known {
			label := s.What
			if label == "" {
				label = "other"
			}
			kinds = append(kinds, struct{ what, label string }{s.What, strings.ToUpper(label[:1]) + label[1:]})
		}
	}
	var out []AwaySignal
	for _, k := range kinds {
		g := AwaySignal{What: k.what, Label: k.label}
		seen, off := false, false
		for _, s := range sources {
			if s.What != k.what {
				continue
			}
			seen = true
			off = off || s.idleOff()
			if s.Live && !contains(g.By, s.Label()) {
				g.By = append(g.By, s.Label())
			}
		}
		switch {
		case !seen:
			continue
		case len(g.By) > 0:
			g.State = SignalHeard
		case off:
			g.State = SignalOff
		}
		out = append(out, g)
	}
	return out
}

// AwayLine is the signals in one short line, for `headsdown status`:
// "Away signals: screen lock ✓, suspend ✓, idle not available."
func AwayLine(sources []AwaySource) string {
	var parts []string
	for _, g := range AwaySignals(sources) {
		part := strings.ToLower(g.Label[:1]) + g.Label[1:]
		switch g.State {
		case SignalHeard:
			part += " ✓"
		case SignalOff:
			part += " off"
		default:
			part += " not available"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Away signals: " + strings.Join(parts, ", ") + "."
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

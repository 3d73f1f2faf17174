package control

import (
	"slices"
	"strings"
	"testing"
)

// One plain line per kind of signal, in reading order, never the D-Bus
// text of why a source is missing.
func TestAwaySignals(t *testing.T) {
	dbusText := "cannot watch the session bus: org.freedesktop.DBus.Error.AccessDenied: Rejected send message"
	for _, tc := range []struct {
		name    string
		sources []AwaySource
		lines   []string
		line    string
	}{
		{"XFCE without logind",
			[]AwaySource{
				{Name: "idle", What: "idle", Note: "idle detection is unavailable on this desktop: no X server"},
				{Name: "org.xfce.ScreenSaver", What: "lock", Live: true, Note: "ActiveChanged"},
				{Name: "logind", What: "lock", Note: "no system bus: " + dbusText},
				{Name: "logind", What: "suspend", Note: "no system bus: " + dbusText},
				{Name: "org.gnome.ScreenSaver", What: "lock", Note: "not running on the session bus"},
			},
			[]string{"Screen lock: heard (XFCE screen saver)", "Suspend: not available on this desktop", "Idle: not available on this desktop"},
			"Away signals: screen lock ✓, suspend not available, idle not available."},
		{"GNOME, idle off",
			[]AwaySource{
				{Name: "logind", What: "lock", Live: true, Note: "LockedHint of session /org/freedesktop/login1/session/_32"},
				{Name: "org.gnome.ScreenSaver", What: "lock", Live: true},
				{Name: "logind", What: "suspend", Live: true},
				{Name: "mutter-idle", What: "idle", Note: "idle detection is off (idle minutes = 0)"},
			},
			[]string{"Screen lock: heard (login session, GNOME screen saver)", "Suspend: heard (login session)", "Idle: off (Settings › Away)"},
			"Away signals: screen lock ✓, suspend ✓, idle off."},
		{"a kind this version does not know, and a name it does not",
			[]AwaySource{{Name: "lid0", What: "lid", Live: true}, {Name: "org.cinnamon.ScreenSaver", What: "lock", Live: true}},
			[]string{"Screen lock: heard (Cinnamon screen saver)", "Lid: heard (lid0)"},
			"Away signals: screen lock ✓, lid ✓."},
		{"none", nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines []string
			for _, g := range AwaySignals(tc.sources) {
				lines = append(lines, g.String())
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("lines\n%q\nwant\n%q", lines, tc.lines)
			}
			for _, l := range append(lines, AwayLine(tc.sources)) {
				if strings.Contains(l, "DBus") || strings.Contains(l, "session bus") || strings.Contains(l, "/org/") {
					t.Errorf("line %q carries D-Bus text", l)
				}
			}
			if got := AwayLine(tc.sources); got != tc.line {
				t.Errorf("AwayLine = %q, want %q", got, tc.line)
			}
		})
	}
}

package presence

import (
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

func TestDesire(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := Rules{Texts: Texts{FocusText: "Heads down on {tag} until {until}", AFKText: "Away", OffHoursText: "Off"}, FocusDND: true, Loc: time.UTC}
	d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(90 * time.Minute), Tag: "Q3 report"})
	if d.Mode != ModeFocus || d.Text != "Heads down on Q3 report until 11:30" || !d.DNDUntil.Equal(now.Add(90*time.Minute)) || d.Away {
		t.Fatalf("focus: %+v", d)
	}
	if d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(time.Hour)}); d.Text != "Heads down on until 11:00" {
		t.Fatalf("empty tag: %q", d.Text)
	}
	if d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(time.Hour), AFK: true}); d.Mode != ModeAFK || !d.Away || !d.DNDUntil.IsZero() {
		t.Fatalf("AFK wins over focus: %+v", d)
	}
	if d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(-time.Minute)}); d.Mode != ModeNormal {
		t.Fatalf("a past block: %+v", d)
	}
	r.FocusDND = false
	if d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(time.Hour)}); !d.DNDUntil.IsZero() {
		t.Fatalf("DND off: %+v", d)
	}
	long := strings.Repeat("x", 150)
	if got := Render(long, now, time.Time{}, "", time.UTC); len([]rune(got)) != MaxStatusText {
		t.Fatalf("not trimmed to %d: %d", MaxStatusText, len([]rune(got)))
	}
	if got := Render("{until}", now, now.AddDate(0, 0, 10), "", time.UTC); got != "3 Dec 10:00" {
		t.Fatalf("far until: %q", got)
	}
}

// Every AFK status expires. With no end given the text keeps "later" and
// only the expiry is capped: at the end of today's working hours if they
// end after now, else AFKCap (12 h by default) from now.
func TestDesireCapsAFKWithoutEnd(t *testing.T) {
	var days [7][]focus.Span
	for d := time.Monday; d <= time.Friday; d++ {
		days[d] = []focus.Span{{Start: 9 * 60, End: 12 * 60}, {Start: 13 * 60, End: 17*60 + 30}} // a split day
	}
	sched, err := focus.NewSchedule(days, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	mon := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		rules Rules
		in    Inputs
		until time.Time
		cap   bool
	}{
		{"no working hours: 12 h", Rules{}, Inputs{Now: mon(10, 0), AFK: true}, mon(22, 0), true},
		{"a shorter cap in the settings", Rules{AFKCap: time.Hour}, Inputs{Now: mon(10, 0), AFK: true}, mon(11, 0), true},
		{"at work: the end of the working day, not of the span", Rules{Schedule: sched}, Inputs{Now: mon(10, 0), AFK: true}, mon(17, 30), true},
		{"before work: today's end", Rules{Schedule: sched}, Inputs{Now: mon(7, 0), AFK: true}, mon(17, 30), true},
		{"day end beyond the cap: the cap", Rules{Schedule: sched, AFKCap: 2 * time.Hour}, Inputs{Now: mon(10, 0), AFK: true}, mon(12, 0), true},
		{"after work: 12 h", Rules{Schedule: sched}, Inputs{Now: mon(18, 0), AFK: true}, mon(18, 0).Add(12 * time.Hour), true},
		{"a day off: 12 h", Rules{Schedule: sched}, Inputs{Now: mon(10, 0).AddDate(0, 0, -1), AFK: true}, mon(22, 0).AddDate(0, 0, -1), true},
		{"an end given: as given, not capped", Rules{Schedule: sched}, Inputs{Now: mon(10, 0), AFK: true, AFKUntil: mon(20, 0)}, mon(20, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.rules.Texts = Texts{AFKText: "Away, back {until}"}
			tt.rules.Loc = time.UTC
			d := Desire(tt.rules, tt.in)
			if !d.Until.Equal(tt.until) || d.UntilIsCap != tt.cap {
				t.Fatalf("until %v cap %v, want %v %v", d.Until, d.UntilIsCap, tt.until, tt.cap)
			}
			if want := "Away, back later"; tt.cap && d.Text != want {
				t.Fatalf("text %q, want %q: the cap is no promise of return", d.Text, want)
			}
		})
	}
}

func TestAwayNoticedByTheDesktopUsesTheAwayText(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 30, 0, 0, time.UTC)
	r := Rules{Texts: Texts{AFKText: "Away, back {until}", AFKEmoji: ":walking:",
		AwayText: "Away since {since}, back soon", AwayEmoji: ":zzz:"}, Loc: time.UTC}
	tests := []struct {
		name      string
		in        Inputs
		text, emo string
	}{
		{"a lock: the away text, with since", Inputs{Now: now, AFK: true, AFKAuto: true, AFKSince: now.Add(-26 * time.Minute)},
			"Away since 12:04, back soon", ":zzz:"},
		{"manual Away: the AFK text", Inputs{Now: now, AFK: true, AFKSince: now, AFKUntil: now.Add(time.Hour)},
			"Away, back 13:30", ":walking:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Desire(r, tt.in)
			if d.Text != tt.text || d.Emoji != tt.emo || d.Mode != ModeAFK || !d.Away || d.Until.IsZero() {
				t.Fatalf("Desire = %+v, want %q %q, away, expiring", d, tt.text, tt.emo)
			}
		})
	}
	if got := RenderSince("since {since}", now, time.Time{}, now.AddDate(0, 0, -1), "", time.UTC); got != "since Mon 12:30" {
		t.Fatalf("since yesterday: %q", got)
	}
}

func TestALockOutsideWorkingHoursKeepsOffHours(t *testing.T) {
	var days [7][]focus.Span
	for i := range days {
		days[i] = []focus.Span{{Start: 9 * 60, End: 17 * 60}}
	}
	r := Rules{Texts: Texts{AFKText: "Away", AwayText: "Away since {since}", OffHoursText: "Off, back {until}"},
		OffHours: true, Schedule: focus.Schedule{Days: days, Loc: time.UTC}, Loc: time.UTC}
	evening := time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC)
	d := Desire(r, Inputs{Now: evening, AFK: true, AFKAuto: true, AFKSince: evening})
	if d.Mode != ModeOffHours || d.DNDUntil.IsZero() {
		t.Fatalf("a lock at 19:00: %+v; want off hours with its DND", d)
	}
	if d := Desire(r, Inputs{Now: evening, AFK: true}); d.Mode != ModeAFK {
		t.Fatalf("manual AFK at 19:00: mode %s; the user's own AFK wins", d.Mode)
	}
	noon := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if d := Desire(r, Inputs{Now: noon, AFK: true, AFKAuto: true, AFKSince: noon}); d.Mode != ModeAFK {
		t.Fatalf("a lock at noon: mode %s", d.Mode)
	}
}

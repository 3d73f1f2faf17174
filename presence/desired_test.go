package presence

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

func TestDesire(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := Rules{Texts: Texts{FocusText: "Heads down on {tag} until {until}", AFKText: "Away", OffHoursText: "Off"}, FocusDND: true, Loc: time.UTC,
		Presence: true}
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
	r.Hours = timefmt.H12 // the rules carry the clock to the status text
	if d := Desire(r, Inputs{Now: now, FocusUntil: now.Add(210 * time.Minute), Tag: "Q3 report"}); d.Text != "Heads down on Q3 report until 1:30 PM" {
		t.Fatalf("12-hour focus text: %q", d.Text)
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
		AwayText: "Away since {since}, back soon", AwayEmoji: ":zzz:"}, Loc: time.UTC, Presence: true}
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

// TestRenderReviewPlaceholders: what a sender reads about when their
// message will be read, for each kind of plan.
func TestRenderReviewPlaceholders(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("tz database: %v", err)
	}
	mon := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, time.UTC) } // a Monday
	const def = "Heads down until {until} · reading messages at {next_review}"
	tests := []struct {
		name string
		tmpl string
		v    Values
		loc  *time.Location
		want string
	}{
		{"review later today", def, Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(13, 30)}, time.UTC,
			"Heads down until 11:30 · reading messages at 13:30"},
		{"review on another day", def, Values{Now: mon(16, 0), Until: mon(17, 0), NextReview: mon(9, 0).AddDate(0, 0, 1)}, time.UTC,
			"Heads down until 17:00 · reading messages at Tue 09:00"},
		{"in the user's zone", def, Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(12, 30)}, berlin,
			"Heads down until 12:30 · reading messages at 13:30"},
		{"midnight in the user's zone is another day", def, Values{Now: mon(21, 0), Until: mon(22, 0), NextReview: mon(23, 30)}, berlin,
			"Heads down until 23:00 · reading messages at Tue 00:30"},
		{"review over a week away", def, Values{Now: mon(10, 0), Until: mon(11, 0), NextReview: mon(9, 0).AddDate(0, 0, 17)}, time.UTC,
			"Heads down until 11:00 · reading messages at 10 Dec 09:00"},
		{"no review planned: the part is left out", def, Values{Now: mon(10, 0), Until: mon(11, 30)}, time.UTC,
			"Heads down until 11:30"},
		{"no review planned, several parts", "Focus · {tag} · until {until} · next read {next_review} · ask Bo",
			Values{Now: mon(10, 0), Until: mon(11, 30)}, time.UTC, "Focus · until 11:30 · ask Bo"},
		{"a first part is never left out: the status's end", "Reading messages at {next_review}",
			Values{Now: mon(10, 0), Until: mon(11, 30)}, time.UTC, "Reading messages at 11:30"},
		{"reply_by: the review, after the block", "Answers by {reply_by}",
			Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(13, 30)}, time.UTC, "Answers by 13:30"},
		{"reply_by: the block's end, after the review", "Answers by {reply_by}",
			Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(10, 30)}, time.UTC, "Answers by 11:30"},
		{"reply_by without a review: the block's end", "Answers by {reply_by}",
			Values{Now: mon(10, 0), Until: mon(11, 30)}, time.UTC, "Answers by 11:30"},
		{"reply_by with neither", "Back {until}, answers by {reply_by}", Values{Now: mon(10, 0)}, time.UTC,
			"Back later, answers by later"},
		{"a tag keeps its part", "Heads down · on {tag}", Values{Now: mon(10, 0), Tag: "Q3 report"}, time.UTC,
			"Heads down · on Q3 report"},
		{"no separator, no dropping (the time said once)", "Heads down until {until}, reading at {next_review}",
			Values{Now: mon(10, 0), Until: mon(11, 30)}, time.UTC, "Heads down until 11:30, reading then"},
		// Issue 19: when the review is the block's end (review_after_focus,
		// the default), the time is said once.
		{"review at the block's end: said once", def, Values{Now: mon(10, 0), Until: mon(16, 0), NextReview: mon(16, 0)}, time.UTC,
			"Heads down until 16:00 — reading messages then"},
		{"said once on a 12-hour clock", def, Values{Now: mon(10, 0), Until: mon(16, 0), NextReview: mon(16, 0), Hours: timefmt.H12}, time.UTC,
			"Heads down until 4:00 PM — reading messages then"},
		{"said once on another day", def, Values{Now: mon(16, 0), Until: mon(9, 0).AddDate(0, 0, 1), NextReview: mon(9, 0).AddDate(0, 0, 1)}, time.UTC,
			"Heads down until Tue 09:00 — reading messages then"},
		{"said once with reply_by", "Back {until} · answers by {reply_by}", Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(10, 30)},
			time.UTC, "Back 11:30 — answers then"},
		{"a review before the block's end is its own time", "Back {until} · answers by {reply_by} · review {next_review}",
			Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(10, 30)}, time.UTC, "Back 11:30 — answers then · review 10:30"},
		{"only what follows {until} is said once", "Reading at {next_review} · back {until}",
			Values{Now: mon(10, 0), Until: mon(11, 30), NextReview: mon(11, 30)}, time.UTC, "Reading at 11:30 · back 11:30"},
		{"AFK with no end says no time twice", "Away until {until} · reading messages at {next_review}",
			Values{Now: mon(10, 0), NextReview: mon(13, 30)}, time.UTC, "Away until later · reading messages at 13:30"},
		{"12-hour clock", def, Values{Now: mon(10, 0), Until: mon(13, 30), NextReview: mon(16, 30), Hours: timefmt.H12}, time.UTC,
			"Heads down until 1:30 PM · reading messages at 4:30 PM"},
		{"12-hour clock, another day", def, Values{Now: mon(16, 0), Until: mon(17, 0), NextReview: mon(9, 0).AddDate(0, 0, 1), Hours: timefmt.H12}, time.UTC,
			"Heads down until 5:00 PM · reading messages at Tue 9:00 AM"},
		{"12-hour clock, over a week away", "Off, back {until} (left {since})",
			Values{Now: mon(10, 0), Until: mon(12, 30).AddDate(0, 0, 17), Since: mon(0, 5), Hours: timefmt.H12}, time.UTC,
			"Off, back 10 Dec 12:30 PM (left 12:05 AM)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Render(tt.tmpl, tt.loc); got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

// TestRenderStaysWithinSlacksLimit: a long tag or long template is cut to
// 100 characters, never inside a multi-byte character.
func TestRenderStaysWithinSlacksLimit(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	v := Values{Now: now, Until: now.Add(time.Hour), NextReview: now.AddDate(0, 0, 10)}
	for _, tt := range []struct {
		name, tmpl, tag string
	}{
		{"ASCII", strings.Repeat("x", 90) + " {until} · {next_review}", ""},
		{"two-byte runes", strings.Repeat("é", 90) + " {until} · {next_review}", ""},
		{"four-byte runes", strings.Repeat("🎧", 95) + " {reply_by}", ""},
		{"a long tag", "Heads down on {tag} until {until} · reading messages at {next_review}", strings.Repeat("ü", 120)},
		{"exactly 100", strings.Repeat("ö", 100), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := v
			v.Tag = tt.tag
			got := v.Render(tt.tmpl, time.UTC)
			if n := utf8.RuneCountInString(got); n > MaxStatusText {
				t.Errorf("%d characters: %q", n, got)
			}
			if !utf8.ValidString(got) {
				t.Errorf("cut inside a character: %q", got)
			}
			if n := utf8.RuneCountInString(tt.tmpl); n <= MaxStatusText && strings.HasSuffix(got, "…") && !strings.Contains(tt.tmpl, "{") {
				t.Errorf("a text within the limit was cut: %q", got)
			}
		})
	}
	if got := v.Render(strings.Repeat("ö", 100), time.UTC); got != strings.Repeat("ö", 100) {
		t.Errorf("100 characters were cut: %q", got)
	}
	if got := v.Render(strings.Repeat("ö", 101), time.UTC); got != strings.Repeat("ö", 99)+"…" {
		t.Errorf("101 characters: %q", got)
	}
}

// TestDesireCarriesTheReview: the same block with another review plan is
// another desired state, so the worker sets the status again.
func TestDesireCarriesTheReview(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := Rules{Texts: Texts{FocusText: "Heads down until {until} · reading messages at {next_review}",
		AFKText: "Away, back {until} · reading messages at {next_review}"}, Loc: time.UTC}
	in := Inputs{Now: now, FocusUntil: now.Add(90 * time.Minute), NextReview: now.Add(3*time.Hour + 30*time.Minute)}
	a := Desire(r, in)
	if a.Text != "Heads down until 11:30 · reading messages at 13:30" {
		t.Fatalf("focus: %q", a.Text)
	}
	in.NextReview = now.Add(6*time.Hour + 30*time.Minute)
	if b := Desire(r, in); sameDesired(a, b) || b.Text != "Heads down until 11:30 · reading messages at 16:30" {
		t.Fatalf("a new plan is no change: %q", b.Text)
	}
	in.NextReview = time.Time{}
	if b := Desire(r, in); b.Text != "Heads down until 11:30" {
		t.Fatalf("no review: %q", b.Text)
	}
	afk := Desire(r, Inputs{Now: now, AFK: true, AFKUntil: now.Add(time.Hour), NextReview: now.Add(30 * time.Minute)})
	if afk.Text != "Away, back 11:00 · reading messages at 10:30" {
		t.Fatalf("AFK: %q", afk.Text)
	}
}

// Slack's presence is set to away only when [away] presence asks for it:
// away and off hours are said by the status alone otherwise, which expires.
func TestPresenceIsOptIn(t *testing.T) {
	var days [7][]focus.Span
	for i := range days {
		days[i] = []focus.Span{{Start: 9 * 60, End: 17 * 60}}
	}
	evening := time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC)
	noon := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		in       Inputs
		mode     Mode
		presence bool
	}{
		{"AFK", Inputs{Now: noon, AFK: true}, ModeAFK, false},
		{"a lock", Inputs{Now: noon, AFK: true, AFKAuto: true, AFKSince: noon}, ModeAFK, false},
		{"off hours", Inputs{Now: evening}, ModeOffHours, false},
		{"AFK, presence on", Inputs{Now: noon, AFK: true}, ModeAFK, true},
		{"off hours, presence on", Inputs{Now: evening}, ModeOffHours, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rules{Texts: Texts{AFKText: "Away", OffHoursText: "Off, back {until}"}, OffHours: true,
				Schedule: focus.Schedule{Days: days, Loc: time.UTC}, Loc: time.UTC, Presence: tc.presence}
			d := Desire(r, tc.in)
			if d.Mode != tc.mode || d.Away != tc.presence || d.Text == "" || d.Until.IsZero() {
				t.Fatalf("Desire = %+v; want mode %s, a status that expires, away presence %v", d, tc.mode, tc.presence)
			}
		})
	}
}

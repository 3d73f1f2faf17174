package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/presence"
	"github.com/headsdown-app/headsdown/timefmt"
)

func TestMissingFileGivesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), FileName))
	if err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("Load missing = %+v, %v", cfg, err)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cfg := Default()
	cfg.Focus.Pomodoro = Duration(30 * time.Minute)
	cfg.Focus.DeepWork = Duration(90 * time.Minute)
	cfg.Focus.AutoStartFocus = true
	cfg.Notifications.Sound = false
	cfg.WorkingHours.Monday = []string{"09:00-12:00", "13:00-17:30"}
	cfg.WorkingHours.Saturday = []string{"10:00-12:00"}
	cfg.Slack.FocusText = "Deep in {tag}, back {until}"
	cfg.Pings.ReviewTimes = []string{"09:15", "15:00"}
	cfg.Pings.ReviewEveryMinutes = 90
	cfg.Pings.VIPs = []string{"U024BE7LH", "@ana"}
	cfg.Pings.Keywords = []string{"Prod down"}
	cfg.Pings.RetentionDays = 7
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || !reflect.DeepEqual(got, cfg) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `pomodoro = "30m"`) || !strings.Contains(string(data), `deep_work = "1h30m"`) {
		t.Fatalf("durations not written in Go form:\n%s", data)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 { // Windows: no Unix modes
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
}

func TestBareMinutesAndPartialFile(t *testing.T) {
	for _, in := range []string{"[focus]\npomodoro = \"40\"\n", "[focus]\npomodoro = 40\n", "[focus]\npomodoro = 40.0\n"} {
		cfg, err := Parse("x", []byte(in))
		if err != nil || time.Duration(cfg.Focus.Pomodoro) != 40*time.Minute || cfg.Focus.DeepWork != Default().Focus.DeepWork {
			t.Errorf("Parse(%q) = %+v %v", in, cfg.Focus, err)
		}
	}
}

func TestBadFilesNameKeyAndLine(t *testing.T) {
	cases := map[string]string{
		"[focus]\n\npomodoro = \"25x\"\n":  "line 3",
		"[focus]\nshort_break = \"0\"\n":   "short_break",
		"[focus]\nlong_break_every = -2\n": "blocks before a long break",
		"[focus]\npomodro = \"25m\"\n":     "line 2: [focus] pomodro: unknown setting",
		"[focus\n":                         "line",
		"[focus]\npomodoro = true\n":       "pomodoro",
		"[focus]\npomodoro = 0\n":          "must be positive",
		// Ranges are Validate's, so they come with the key and the line.
		"[focus]\n\npomodoro = \"13h\"\n": "line 3: [focus] pomodoro: 13 h is longer than 12 h",
		"[focus]\ndaily_goal = \"-1h\"\n": "line 2: [focus] daily_goal: the daily goal must be from 0 (none) to 12 h, got -1 h",
		"[focus]\npomodoro = nan\n":       "out of range",
	}
	for in, want := range cases {
		cfg, err := Parse("/tmp/c.toml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "/tmp/c.toml") {
			t.Errorf("Parse(%q) error = %v, want it to name %q and the file", in, err, want)
		}
		if !reflect.DeepEqual(cfg, Default()) {
			t.Errorf("Parse(%q) returned partial settings", in)
		}
	}
}

// ParseDuration only reads; the ranges are Validate's, so the file and the
// settings window name the same problem in the same words.
func TestParseDurationReadsWithoutJudging(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "25m", want: 25 * time.Minute},
		{in: " 50 ", want: 50 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "1.5", want: 90 * time.Second},
		{in: "0", want: 0},
		{in: "-5", want: -5 * time.Minute},
		{in: "30s", want: 30 * time.Second},
		{in: "13h", want: 13 * time.Hour},
		{in: "25m0.4s", want: 25 * time.Minute},
		// As the window shows lengths and people type them (issue 20).
		{in: "4 h", want: 4 * time.Hour},
		{in: "1 h 30 min", want: 90 * time.Minute},
		{in: "25 minutes", want: 25 * time.Minute},
		{in: "0 min", want: 0},
		{in: "25 lightyears", err: `"25 lightyears" is not a length`},
		{in: "", err: "empty duration"},
		{in: "25x", err: `"25x" is not a length`},
		{in: "NaN", err: "out of range"},
		{in: "Inf", err: "out of range"},
		{in: "1e300", err: "out of range"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseDuration(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ParseDuration(%q) = %v, %v; want error %q", c.in, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
		})
	}
}

func TestSaveRefusesInvalidAndKeepsOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := Save(path, Default()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := Default()
	bad.Focus.ShortBreak = 0
	if err := Save(path, bad); err == nil {
		t.Fatal("invalid settings saved")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a refused save changed the file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

func TestEveryProblemHasKeyAndLine(t *testing.T) {
	in := `# mine
[focus]
pomodoro = "25m"
short_break = "0"

[working_hours]
monday = ["09:00-12:00", "11:00-17:00"]
tuesday = ["17:00-09:00"]
friday = ["25:00-26:00"]

[slack]
focus_emoji = "headphones"

[pings]
review_times = ["10:30", "13pm"]
retention_days = 0
colour = "red"
`
	_, err := Parse("c.toml", []byte(in))
	if err == nil {
		t.Fatal("accepted")
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("not Problems: %v", err)
	}
	want := map[string]int{
		"focus.short_break": 4, "working_hours.monday": 7, "working_hours.tuesday": 8, "working_hours.friday": 9,
		"slack.focus_emoji": 12, "pings.review_times": 15, "pings.retention_days": 16, "pings.colour": 17,
	}
	got := map[string]int{}
	for _, p := range ps {
		got[p.Key] = p.Line
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems at %v, want %v\n%v", got, want, err)
	}
	for _, frag := range []string{"line 7: [working_hours] monday: 11:00-17:00 overlaps 09:00-12:00",
		"line 8: [working_hours] tuesday", "the end must be after the start", `"25:00" is not a time of day`, `"13pm" is not a time of day`} {
		if !strings.Contains(err.Error(), frag) {
			t.Errorf("error lacks %q:\n%v", frag, err)
		}
	}
}

func TestParseDayText(t *testing.T) {
	for in, want := range map[string][]string{
		"":                           nil,
		"9:00-17:00":                 {"09:00-17:00"},
		"13:00–17:30, 09:00 - 12:00": {"09:00-12:00", "13:00-17:30"},
		"08:00-12:00; 12:00-16:00":   {"08:00-12:00", "12:00-16:00"},
		"22:00-24:00":                {"22:00-24:00"},
		// 12-hour forms, as people who use that clock type them.
		"9am-5pm":                 {"09:00-17:00"},
		"9:00 am - 5:30 PM":       {"09:00-17:30"},
		"9am to 12pm, 1pm-5:30pm": {"09:00-12:00", "13:00-17:30"},
		"10pm-12am":               {"22:00-24:00"},
		"12am-1am":                {"00:00-01:00"},
		"8:30 a.m.–12:15 p.m.":    {"08:30-12:15"},
	} {
		got, err := ParseDayText(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseDayText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"17:00-09:00":             "the end must be after the start",
		"09:00-12:00,11:00-13:00": "overlaps",
		"25:00-26:00":             "not a time of day",
		"nine to five":            "not a time of day",
		"9-5":                     "not a time of day",
		"13pm-14pm":               "with am or pm the hour is 1 to 12",
		"0am-5am":                 "with am or pm the hour is 1 to 12",
		"9:75am-10am":             "with am or pm the hour is 1 to 12 and the minutes 00 to 59",
		"5pm-9am":                 "the end must be after the start",
		"9xm-5pm":                 "not a time of day",
		"09:00":                   "start-end",
	} {
		if _, err := ParseDayText(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDayText(%q) error = %v, want %q", in, err, want)
		}
	}
}

func FuzzParseDayText(f *testing.F) {
	for _, s := range []string{"09:00-12:00, 13:00-17:30", "24:00-24:00", "9:0-10:00", "–,;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		spans, err := ParseDayText(in)
		if err != nil {
			return
		}
		// Whatever is accepted must survive a round trip through the file
		// form and validate as a working day.
		again, err := ParseDayText(DayText(spans))
		if err != nil || !reflect.DeepEqual(again, spans) {
			t.Fatalf("%q -> %q -> %q, %v", in, spans, again, err)
		}
		cfg := Default()
		cfg.WorkingHours.Monday = spans
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%q accepted but the day is invalid: %v", in, err)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("[focus]\npomodoro = \"25m\"\n"))
	f.Add([]byte("[notifications]\nenabled = false\n"))
	f.Add([]byte("[away]\non_lock = false\nidle_minutes = 0\nresume_within = \"1h\"\ntext = \"Out {since}\"\nemoji = \":zzz:\"\n"))
	f.Add([]byte("[away]\nresume_within = 15\nidle = 5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz", data)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("Parse accepted invalid settings: %v", verr)
			}
		}
	})
}

func TestAwayDefaultsAndAccessors(t *testing.T) {
	a := Default().Away
	want := Away{OnLock: true, IdleMinutes: 10, ResumeLimit: Duration(15 * time.Minute), Text: "Away, back soon", Emoji: ":walking:"}
	if a != want {
		t.Fatalf("defaults %+v, want %+v", a, want)
	}
	if a.IdleAfter() != 10*time.Minute || a.ResumeWithin() != 15*time.Minute {
		t.Fatalf("IdleAfter %v, ResumeWithin %v", a.IdleAfter(), a.ResumeWithin())
	}
	if (Away{}).IdleAfter() != 0 {
		t.Fatal("idle_minutes = 0 must mean off")
	}
	// The defaults are written under [away] with the names other tools use.
	data, err := Encode(Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"[away]", "on_lock = true", "idle_minutes = 10", `resume_within = "15m"`,
		`text = "Away, back soon"`, `emoji = ":walking:"`} {
		if !strings.Contains(string(data), "\n"+line+"\n") && !strings.Contains(string(data), "\n  "+line+"\n") {
			t.Errorf("encoded settings lack %q:\n%s", line, data)
		}
	}
}

func TestAwayRoundTrip(t *testing.T) {
	for _, a := range []Away{
		{OnLock: false, IdleMinutes: 0, ResumeLimit: Duration(time.Minute), Text: "", Emoji: ""},
		{OnLock: true, IdleMinutes: 240, ResumeLimit: Duration(12 * time.Hour), Text: "Stepped out at {since}, back {until} ({tag})", Emoji: ":thumbsup::skin-tone-3:"},
		{OnLock: true, IdleMinutes: 1, ResumeLimit: Duration(90*time.Minute + 30*time.Second), Text: "Lunch", Emoji: ":coffee:"},
	} {
		t.Run(a.Text, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			cfg := Default()
			cfg.Away = a
			if err := Save(path, cfg); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path)
			if err != nil || !reflect.DeepEqual(got, cfg) {
				t.Fatalf("round trip: %+v, %v", got.Away, err)
			}
		})
	}
}

func TestAwayFileForms(t *testing.T) {
	for _, c := range []struct {
		in     string
		resume time.Duration
		idle   int
	}{
		{"[away]\nresume_within = \"15m\"\n", 15 * time.Minute, 10},
		{"[away]\nresume_within = 20\n", 20 * time.Minute, 10},
		{"[away]\nresume_within = \"1h30m\"\nidle_minutes = 0\n", 90 * time.Minute, 0},
		{"[focus]\npomodoro = \"25m\"\n", 15 * time.Minute, 10}, // no [away]: the defaults
	} {
		t.Run(c.in, func(t *testing.T) {
			cfg, err := Parse("x", []byte(c.in))
			if err != nil || cfg.Away.ResumeWithin() != c.resume || cfg.Away.IdleMinutes != c.idle {
				t.Fatalf("Parse = %+v, %v", cfg.Away, err)
			}
		})
	}
}

func TestAwayProblemsNameKeyAndLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"[away]\n\nidle_minutes = -1\n", "line 3: [away] idle_minutes: away after -1 minutes without input: use 0 (off) or 1 to 240"},
		{"[away]\nidle_minutes = 241\n", "line 2: [away] idle_minutes: away after 241 minutes without input: use 0 (off) or 1 to 240"},
		{"[away]\nidle_minutes = \"10\"\n", "idle_minutes"},
		{"[away]\nresume_within = \"30s\"\n", "line 2: [away] resume_within: resume a paused block after an absence of 1 min to 12 h, got 30s"},
		{"[away]\nresume_within = \"0\"\n", "line 2: [away] resume_within: resume a paused block after an absence of 1 min to 12 h, got 0s"},
		{"[away]\nresume_within = \"-5m\"\n", "got -5m"},
		{"[away]\nresume_within = \"12h1m\"\n", "got 12h1m"},
		{"[away]\nresume_within = \"soon\"\n", `"soon" is not a length`},
		{"[away]\non_lock = \"yes\"\n", "on_lock"},
		{"[away]\ntext = \"Away since {sinse}\"\n", "line 2: [away] text: unknown placeholder {sinse}: use {since}, {until}, {tag}, {next_review} or {reply_by}"},
		{"[away]\n\ntext = \"" + strings.Repeat("é", 101) + "\"\n", "line 3: [away] text: 101 characters; Slack allows 100"},
		{"[away]\nemoji = \"away\"\n", `line 2: [away] emoji: "away": write an emoji code like ":headphones:"`},
		{"[away]\nidle = 5\n", "line 2: [away] idle: unknown setting"},
	} {
		t.Run(c.in, func(t *testing.T) {
			cfg, err := Parse("/tmp/c.toml", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to contain %q", err, c.want)
			}
			if !reflect.DeepEqual(cfg, Default()) {
				t.Fatal("partial settings returned")
			}
		})
	}
}

func TestAwayValidateEdges(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(a *Away)
		key  string // "" when valid
	}{
		{"idle 0 (off)", func(a *Away) { a.IdleMinutes = 0 }, ""},
		{"idle 1", func(a *Away) { a.IdleMinutes = 1 }, ""},
		{"idle 240", func(a *Away) { a.IdleMinutes = 240 }, ""},
		{"idle 241", func(a *Away) { a.IdleMinutes = 241 }, "away.idle_minutes"},
		{"idle -1", func(a *Away) { a.IdleMinutes = -1 }, "away.idle_minutes"},
		{"resume 59s", func(a *Away) { a.ResumeLimit = Duration(59 * time.Second) }, "away.resume_within"},
		{"resume 1m", func(a *Away) { a.ResumeLimit = Duration(time.Minute) }, ""},
		{"resume 12h", func(a *Away) { a.ResumeLimit = Duration(12 * time.Hour) }, ""},
		{"resume 12h1s", func(a *Away) { a.ResumeLimit = Duration(12*time.Hour + time.Second) }, "away.resume_within"},
		{"text empty", func(a *Away) { a.Text = "" }, ""},
		{"text 100 runes", func(a *Away) { a.Text = strings.Repeat("é", 100) }, ""},
		{"text 101 runes", func(a *Away) { a.Text = strings.Repeat("x", 101) }, "away.text"},
		{"text all placeholders", func(a *Away) { a.Text = "Away since {since}, back {until} {tag}" }, ""},
		{"text unknown placeholder", func(a *Away) { a.Text = "Away {next_reveiw}" }, "away.text"},
		{"text lone braces", func(a *Away) { a.Text = "Away :-} {" }, ""},
		{"emoji empty", func(a *Away) { a.Emoji = "" }, ""},
		{"emoji skin tone", func(a *Away) { a.Emoji = ":wave::skin-tone-2:" }, ""},
		{"emoji without colons", func(a *Away) { a.Emoji = "walking" }, "away.emoji"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := Default()
			c.set(&cfg.Away)
			err := cfg.Validate()
			var ps Problems
			errors.As(err, &ps)
			switch {
			case c.key == "" && err != nil:
				t.Fatalf("unexpected: %v", err)
			case c.key != "" && (len(ps) != 1 || ps[0].Key != c.key):
				t.Fatalf("problems %v, want one for %s", err, c.key)
			}
		})
	}
}

// {since} is the away status's own: the Slack texts do not get it.
func TestPlaceholdersPerText(t *testing.T) {
	if err := CheckPlaceholders("Away since {since}", AwayPlaceholders); err != nil {
		t.Fatal(err)
	}
	if err := CheckPlaceholders("Away since {since}", StatusPlaceholders); err == nil ||
		err.Error() != "unknown placeholder {since}: use {until}, {tag}, {next_review} or {reply_by}" {
		t.Fatalf("Slack texts: %v", err)
	}
}

// Every Slack text is checked for typos in its placeholders and for its
// length on Slack, times filled in at their widest: on the 24-hour clock
// unless a case says "12h" (or "auto", which may be 12 hours).
func TestSlackTextsAsSlackGetsThem(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, c := range []struct {
		name, text, want string
		clock            string
	}{
		{"the default", DefaultFocusText, "", ""},
		{"every placeholder", "{until} {tag} {next_review} {reply_by}", "", ""},
		{"a typo", "Heads down until {until} · reading at {next_reveiw}",
			"unknown placeholder {next_reveiw}: use {until}, {tag}, {next_review} or {reply_by}", ""},
		{"{since} is the away text's", "Busy since {since}",
			"unknown placeholder {since}: use {until}, {tag}, {next_review} or {reply_by}", ""},
		{"100 characters", long(100), "", ""},
		{"101 characters", long(101), "101 characters; Slack allows 100", ""},
		{"100 multi-byte characters", strings.Repeat("é", 100), "", ""},
		{"{until} at its widest fits", long(88) + "{until}", "", ""},
		{"{until} at its widest does not", long(89) + "{until}", "up to 101 characters once the times are filled in (12 each); Slack allows 100", ""},
		{"{next_review} is shorter filled in", long(87) + "{next_review}", "", ""},
		{"{reply_by} twice", long(76) + "{reply_by}{reply_by}", "", ""},
		{"{tag} counts as nothing", long(95) + "{tag}", "", ""},
		{"12h: {until} at its widest fits", long(85) + "{until}", "", "12h"},
		{"12h: {until} at its widest does not", long(86) + "{until}",
			`up to 101 characters once the times are filled in (15 each, as in "12 Jan 12:30 PM"); Slack allows 100: shorten it, or use the 24-hour clock`, "12h"},
		{"auto: as 12h", long(86) + "{until}",
			`up to 101 characters once the times are filled in (15 each, as in "12 Jan 12:30 PM"); Slack allows 100: shorten it, or use the 24-hour clock`, "auto"},
		{"the default fits on 12h", DefaultFocusText, "", "12h"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, key := range []string{"slack.focus_text", "slack.afk_text", "slack.off_hours_text"} {
				cfg := Default()
				cfg.General.Clock = "24h"
				if c.clock != "" {
					cfg.General.Clock = c.clock
				}
				switch key {
				case "slack.focus_text":
					cfg.Slack.FocusText = c.text
				case "slack.afk_text":
					cfg.Slack.AFKText = c.text
				default:
					cfg.Slack.OffHoursText = c.text
				}
				var ps Problems
				errors.As(cfg.Validate(), &ps)
				var msgs []string
				for _, p := range ps.For(key) {
					msgs = append(msgs, p.Msg)
				}
				if got := strings.Join(msgs, "; "); got != c.want || len(ps) != len(msgs) {
					t.Errorf("%s: problems %v, want %q", key, ps, c.want)
				}
			}
		})
	}
}

// A file that still holds the old default focus text gets the new one:
// the Settings window wrote every setting, so it was most likely never
// chosen. Anything else stays as written.
func TestOldDefaultFocusTextIsUpgraded(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"[slack]\nfocus_text = \"Heads down until {until}\"\n", DefaultFocusText},
		{"[slack]\nfocus_text = \"Heads down till {until}\"\n", "Heads down till {until}"},
		{"[slack]\nfocus_emoji = \":headphones:\"\n", DefaultFocusText},
	} {
		cfg, err := Parse("x", []byte(c.file))
		if err != nil || cfg.Slack.FocusText != c.want {
			t.Errorf("Parse(%q): focus_text %q, %v; want %q", c.file, cfg.Slack.FocusText, err, c.want)
		}
	}
}

// TimeWidth must be the widest time presence writes on each clock, or a
// text that passes here could still be cut on Slack.
func TestTimeWidthIsPresencesWidest(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		clock string
		hours timefmt.Hours
	}{{"24h", timefmt.H24}, {"12h", timefmt.H12}, {"auto", timefmt.H12}} {
		widest := 0
		for d := range 400 {
			for _, p := range timePlaceholders {
				for _, h := range []int{0, 9, 12, 23} {
					at := time.Date(2026, 11, 23, h, 30, 0, 0, time.UTC).AddDate(0, 0, d)
					v := presence.Values{Now: now, Until: at, Since: at.AddDate(0, 0, -2*d), NextReview: at, Hours: tc.hours}
					widest = max(widest, len([]rune(v.Render(p, time.UTC))))
				}
			}
		}
		if w := TimeWidth(tc.clock); widest != w {
			t.Fatalf("clock %q: presence writes times up to %d characters wide; TimeWidth is %d", tc.clock, widest, w)
		}
	}
	if MaxStatusText != presence.MaxStatusText {
		t.Fatalf("Slack's limit: %d here, %d in presence", MaxStatusText, presence.MaxStatusText)
	}
}

// The 100-character check takes each time at its widest on the clock in
// use: "12 Jan 12:30 PM" (15) unless the clock is "24h" ("12 Jan 09:00",
// 12), so a text that fits on a 24-hour clock may not on a 12-hour one.
func TestStatusTextWorstCaseFollowsTheClock(t *testing.T) {
	// 4 times and 40 more characters: 4×12+40 = 88 on 24 h, 4×15+40 = 100 on 12 h.
	fits := strings.Repeat("x", 40) + "{until}{since}{reply_by}{next_review}"
	// One character more: 101 on 12 h.
	over := fits + "!"
	for _, tc := range []struct {
		clock, text string
		ok          bool
	}{
		{"24h", fits, true}, {"12h", fits, true}, {"auto", fits, true},
		{"24h", over, true}, {"12h", over, false}, {"auto", over, false},
	} {
		file := fmt.Sprintf("[general]\nclock = %q\n[away]\ntext = %q\n", tc.clock, tc.text)
		_, err := Parse("c.toml", []byte(file))
		if (err == nil) != tc.ok {
			t.Errorf("clock %s, %d worst-case characters: %v", tc.clock, RenderedLength(tc.text, tc.clock), err)
		}
		if err != nil && !strings.Contains(err.Error(), "101 characters once the times are filled in (15 each") {
			t.Errorf("clock %s: the error should give the worst case: %v", tc.clock, err)
		}
	}
}

// [general] clock takes auto, 12h or 24h; anything else is named.
func TestClockSetting(t *testing.T) {
	if c := Default().General.Clock; c != "auto" {
		t.Fatalf("default clock %q, want auto", c)
	}
	for _, tc := range []struct {
		file string
		want timefmt.Hours
	}{
		{"", timefmt.H12}, // auto, and the environment below is a US one
		{"[general]\nclock = \"auto\"\n", timefmt.H12},
		{"[general]\nclock = \"24h\"\n", timefmt.H24},
		{"[general]\nclock = \"12h\"\n", timefmt.H12},
	} {
		cfg, err := Parse("c.toml", []byte(tc.file))
		us := func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }
		if err != nil || cfg.Hours(us) != tc.want {
			t.Errorf("%q: %v, %v; want %v", tc.file, cfg.Hours(us), err, tc.want)
		}
	}
	_, err := Parse("c.toml", []byte("[general]\nclock = \"12\"\n"))
	if err == nil || !strings.Contains(err.Error(), `line 2: [general] clock: "12": use "auto"`) {
		t.Fatalf("a bad clock: %v", err)
	}
}

func TestAutoReplySettings(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[pings]\n"))
	if err != nil || cfg.Pings.AutoReply || cfg.Pings.AutoReplyText != DefaultAutoReplyText {
		t.Fatalf("default: off with the default text, got %v %q (%v)", cfg.Pings.AutoReply, cfg.Pings.AutoReplyText, err)
	}
	if err := CheckAutoReplyText(DefaultAutoReplyText, true, "auto"); err != nil {
		t.Fatalf("the default text: %v", err)
	}
	for _, c := range []struct {
		in, want string
	}{
		{"auto_reply = true\nauto_reply_text = \"(auto) back at {untill}\"", "unknown placeholder {untill}"},
		{"auto_reply = true\nauto_reply_text = \"(auto) back at {tag}\"", "unknown placeholder {tag}"},
		{"auto_reply = true\nauto_reply_text = \" \"", "has no text"},
		{"auto_reply_text = \"" + strings.Repeat("{reply_by}", 40) + "\"", "once the times are filled in"},
	} {
		_, err := Parse("c.toml", []byte("[pings]\n"+c.in+"\n"))
		if err == nil || !strings.Contains(err.Error(), "[pings] auto_reply_text") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
		}
	}
	// Off, an empty text is fine: nothing is sent.
	if _, err := Parse("c.toml", []byte("[pings]\nauto_reply_text = \"\"\n")); err != nil {
		t.Fatal(err)
	}
}

// Working hours count as confirmed once the user has said so, or when a
// file from before the key existed holds them; the defaults never do.
func TestWorkingHoursConfirmed(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       bool
	}{
		{"no file: the defaults, a guess", "", false},
		{"a file without working hours", "[focus]\npomodoro = \"25m\"\n", false},
		{"hours written before the key existed", "[working_hours]\nmonday = [\"09:00-17:00\"]\n", true},
		{"confirmed", "[working_hours]\nconfirmed = true\n", true},
		{"not yet", "[working_hours]\nconfirmed = false\nmonday = [\"09:00-17:00\"]\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if tc.file != "" {
				if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.WorkingHours.Confirmed != tc.want {
				t.Errorf("Confirmed = %v, want %v", cfg.WorkingHours.Confirmed, tc.want)
			}
		})
	}
}

// Block and break lengths are a minute at the least: 30 s is refused in
// every length setting, a minute is taken.
func TestLengthsUnderAMinuteAreRefused(t *testing.T) {
	for _, key := range []string{"pomodoro", "short_break", "long_break", "deep_work", "deep_work_break"} {
		for _, c := range []struct {
			value string
			want  string // "" when taken
		}{
			{"30s", "line 2: [focus] " + key + ": 30s is shorter than a minute"},
			{"59s", "59s is shorter than a minute"},
			{"1m", ""},
		} {
			t.Run(key+"="+c.value, func(t *testing.T) {
				_, err := Parse("/tmp/c.toml", []byte("[focus]\n"+key+" = \""+c.value+"\"\n"))
				switch {
				case c.want == "" && err != nil:
					t.Fatalf("refused: %v", err)
				case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
					t.Fatalf("error = %v, want it to say %q", err, c.want)
				}
			})
		}
	}
}

// Counts in problems read right for one: "every 1 minute".
func TestProblemCountsArePlural(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"[pings]\nreview_every_minutes = 1\n", "a review every 1 minute: use 0 (off) or 5 to 1440"},
		{"[pings]\nreview_every_minutes = 2\n", "a review every 2 minutes: use 0 (off) or 5 to 1440"},
		{"[away]\nidle_minutes = 241\n", "away after 241 minutes without input"},
		{"[away]\nidle_minutes = -1\n", "away after -1 minutes without input"},
		{"[pings]\nretention_days = 0\n", "keep message texts from 1 to 3650 days, got 0"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if _, err := Parse("/tmp/c.toml", []byte(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to say %q", err, c.want)
			}
		})
	}
}

// Slack presence is opt-in: off by default, on with [away] presence, and
// kept through a save.
func TestAwayPresenceIsOptIn(t *testing.T) {
	if Default().Away.Presence {
		t.Fatal("presence on by default")
	}
	cfg, err := Parse("test", []byte("[away]\npresence = true\n"))
	if err != nil || !cfg.Away.Presence {
		t.Fatalf("presence = true read as %v (%v)", cfg.Away.Presence, err)
	}
	data, err := Encode(cfg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("test", data)
	if err != nil || !back.Away.Presence {
		t.Fatalf("presence lost in a save: %v\n%s", err, data)
	}
}

// Review times as typed on either clock (issue 20: 12-hour users).
func TestParseTimeOfDay(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{in: "10:30", want: 630},
		{in: "10:30 am", want: 630},
		{in: "7pm", want: 19 * 60},
		{in: "5:30 PM", want: 17*60 + 30},
		{in: "12am", want: 0},
		{in: "12pm", want: 12 * 60},
		{in: "12:45am", want: 45},
		{in: "13pm", err: `"13pm" is not a time of day: with am or pm the hour is 1 to 12`},
		{in: "24:00", err: `"24:00" is not a time of day like 09:00, 17:30, 9am or 5:30 pm`},
		{in: "7", err: `"7" is not a time of day`},
		{in: "10:30-11:00", err: `"10:30-11:00" is not a time of day`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseTimeOfDay(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseTimeOfDay(%q) = %d, %v; want an error saying %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseTimeOfDay(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
		})
	}
}

// A broken file reads as the Settings window names things, every problem
// at once: values the decoder cannot take do not hide the ones after them,
// nor the unknown keys (issue 20, item 4).
func TestBrokenFileInWords(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string // Problems.Words(), one a line, in order
		tab        string   // the tab of the first problem
	}{
		{"a length in words it does not know",
			"[focus]\npomodoro = \"25 lightyears\"\n",
			[]string{`Focus › Pomodoro: "25 lightyears" is not a length: give minutes (50) or a length like 25m or 1h30m (line 2)`}, "focus"},
		{"every problem, and the unknown keys",
			"[focus]\npomodoro = \"25 lightyears\"\ndeep_work = \"zz\"\npomodro = 5\n\n[working_hours]\nmonday = \"09:00-17:00\"\n\n[pings]\nreview_times = [\"13pm\"]\n",
			[]string{
				`Focus › Pomodoro: "25 lightyears" is not a length: give minutes (50) or a length like 25m or 1h30m (line 2)`,
				`Focus › Deep work: "zz" is not a length: give minutes (50) or a length like 25m or 1h30m (line 3)`,
				`Focus › pomodro: unknown setting (a typo? it would be ignored) (line 4)`,
				`Working hours › Monday: this must be a list in brackets, like ["09:00-17:00"] (line 7)`,
				`Review › Review at: "13pm" is not a time of day: with am or pm the hour is 1 to 12 and the minutes 00 to 59 (line 10)`,
			}, "focus"},
		{"a list where a length goes",
			"[away]\nresume_within = [1]\n",
			[]string{`Away › Resume the block: this must be a length in quotes, like "25m", or a number of minutes (line 2)`}, "away"},
		{"not TOML",
			"[focus\npomodoro = 3\n",
			[]string{`The settings file: this line is not valid TOML (expected '.' or ']' to end table name, but got '\n' instead); fix it, or remove the file to start from the defaults (line 2)`}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse("config.toml", []byte(tc.file))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse: %v, want Problems", err)
			}
			if got := strings.Split(ps.Words(), "\n"); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if got := Tab(ps[0].Key); got != tc.tab {
				t.Errorf("first problem's tab %q, want %q", got, tc.tab)
			}
			if !reflect.DeepEqual(cfg, Default()) {
				t.Error("a broken file's settings were used")
			}
		})
	}
}

func TestFirstInWords(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"[focus]\npomodoro = \"30x\"\n", `Focus › Pomodoro: "30x" is not a length: give minutes (50) or a length like 25m or 1h30m (line 2)`},
		{"[focus]\npomodoro = \"30x\"\nbogus = 1\n", `Focus › Pomodoro: "30x" is not a length: give minutes (50) or a length like 25m or 1h30m (line 2), and 1 more problem`},
		{"[focus]\npomodoro = \"30x\"\nbogus = 1\n[away]\nx = 2\n", `(line 2), and 2 more problems`},
	} {
		_, err := Parse("config.toml", []byte(tc.file))
		if got := FirstInWords(err); !strings.HasSuffix(got, tc.want) {
			t.Errorf("FirstInWords(%q) = %q, want it to end %q", tc.file, got, tc.want)
		}
	}
	if got := FirstInWords(errors.New("read settings x: permission denied\nmore")); got != "read settings x: permission denied" {
		t.Errorf("other errors: %q", got)
	}
}

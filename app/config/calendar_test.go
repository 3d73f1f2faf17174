package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCalendarDefaults(t *testing.T) {
	c := Default().Calendar
	if time.Duration(c.Refresh) != 15*time.Minute || time.Duration(c.EndBefore) != 5*time.Minute ||
		!c.Status || c.StatusText != "In a meeting until {until}" || c.StatusEmoji != ":spiral_calendar_pad:" ||
		!c.ReviewAfterMeetings || c.HoldPings || c.TentativeIsFree() || len(c.Emails) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestCalendarRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cfg := Default()
	cfg.Calendar = Calendar{Refresh: Duration(time.Hour), EndBefore: Duration(10 * time.Minute), Status: false,
		StatusText: "{title} until {until}", StatusEmoji: ":calendar:", ReviewAfterMeetings: false,
		HoldPings: true, Tentative: "free", Emails: []string{"me@example.com", "me@work.example"}}
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || !reflect.DeepEqual(got, cfg) {
		t.Fatalf("round trip: %+v, %v", got.Calendar, err)
	}
	if !got.Calendar.TentativeIsFree() {
		t.Error("tentative = free not read")
	}
}

func TestCalendarProblemsNameKeyAndLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"[calendar]\nrefresh = \"30s\"\n", "line 2: [calendar] refresh: fetch calendars every 1 min to 24 h, got 30 s"},
		{"[calendar]\n\nrefresh = \"25h\"\n", "line 3: [calendar] refresh: fetch calendars every 1 min to 24 h, got 25 h"},
		{"[calendar]\nend_before = \"-5m\"\n", "line 2: [calendar] end_before: end blocks 0 to 1 h before a meeting, got -5 min"},
		{"[calendar]\nend_before = 90\n", "end_before: end blocks 0 to 1 h before a meeting, got 1 h 30 min"},
		{"[calendar]\nstatus_text = \"Meeting {titel}\"\n", "line 2: [calendar] status_text: unknown placeholder {titel}"},
		{"[calendar]\nstatus_text = \"\"\n", "the meeting status is on but has no text"},
		{"[calendar]\nstatus_emoji = \"calendar\"\n", `line 2: [calendar] status_emoji: "calendar": write an emoji code`},
		{"[calendar]\ntentative = \"maybe\"\n", `line 2: [calendar] tentative: tentative meetings are "busy" or "free", got "maybe"`},
		{"[calendar]\nemails = [\"me at example\"]\n", `line 2: [calendar] emails: "me at example" is not an email address`},
		{"[calendar]\nurl = \"https://x\"\n", "line 2: [calendar] url: unknown setting"},
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

func TestCalendarGoodValues(t *testing.T) {
	for _, in := range []string{
		"[calendar]\nend_before = 0\n",
		"[calendar]\nstatus = false\nstatus_text = \"\"\n",
		"[calendar]\nstatus_text = \"In {title} until {until}\"\n",
		"[calendar]\ntentative = \"Free\"\n",
		"[calendar]\nemails = [\"ana@example.com\"]\n",
	} {
		t.Run(in, func(t *testing.T) {
			if _, err := Parse("/tmp/c.toml", []byte(in)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

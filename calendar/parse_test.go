package calendar

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The fixture window: a fortnight across Europe's (25 Oct) and the USA's (1 Nov) DST end.
var (
	winFrom = time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC)
	winTo   = time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("loading Europe/Berlin: %v (on Windows set ZONEINFO)", err)
	}
	return loc
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// expected reads a .expected file: "START END [tentative]" per line, # comments.
func expected(t *testing.T, name string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(string(readFixture(t, name)), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Join(strings.Fields(line), " "))
	}
	return out
}

func render(busy []Busy) []string {
	var out []string
	for _, b := range busy {
		s := b.Start.UTC().Format(time.RFC3339) + " " + b.End.UTC().Format(time.RFC3339)
		if b.Tentative {
			s += " tentative"
		}
		out = append(out, s)
	}
	return out
}

func TestParseFixtureFeeds(t *testing.T) {
	for _, name := range []string{"google", "outlook", "fastmail", "nextcloud"} {
		t.Run(name, func(t *testing.T) {
			res, err := Parse(readFixture(t, name+".ics"), Options{
				From: winFrom, To: winTo, Local: berlin(t), Emails: []string{"me@example.com"},
			})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings on a good feed: %q", res.Warnings)
			}
			got, want := render(res.Busy), expected(t, name+".expected")
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("busy list\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestParseBusyFilterOptions(t *testing.T) {
	data := readFixture(t, "google.ics")
	tests := []struct {
		name      string
		opt       Options
		wantStart string // an occurrence to look for
		want      bool
	}{
		{"declined by me is free", Options{Emails: []string{"me@example.com"}}, "2026-10-22T10:00:00Z", false},
		{"declined by someone else is busy", Options{Emails: []string{"other@example.com"}}, "2026-10-22T10:00:00Z", true},
		{"tentative is busy by default", Options{Emails: []string{"me@example.com"}}, "2026-10-29T15:00:00Z", true},
		{"tentative free when configured", Options{Emails: []string{"me@example.com"}, TentativeFree: true}, "2026-10-29T15:00:00Z", false},
		{"all-day busy is never a meeting", Options{}, "2026-10-29T23:00:00Z", false},
		{"transparent is free", Options{}, "2026-10-22T12:00:00Z", false},
		{"cancelled occurrence stays away", Options{}, "2026-10-28T08:30:00Z", false},
		{"excluded date stays away", Options{}, "2026-10-21T07:30:00Z", false},
		{"moved occurrence's old slot is free", Options{}, "2026-10-23T07:30:00Z", false},
		{"4th Tuesday, not the 3rd", Options{}, "2026-10-20T13:00:00Z", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.From, tt.opt.To, tt.opt.Local = winFrom, winTo, berlin(t)
			res, err := Parse(data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, b := range res.Busy {
				if b.Start.UTC().Format(time.RFC3339) == tt.wantStart {
					found = true
				}
			}
			if found != tt.want {
				t.Errorf("busy at %s = %v, want %v; list:\n%s", tt.wantStart, found, tt.want, strings.Join(render(res.Busy), "\n"))
			}
		})
	}
}

func TestParseThirdTuesdayIsNotSecond(t *testing.T) {
	// The monthly "4th Tuesday" meeting falls on 27 Oct; a library that miscounts
	// BYDAY ordinals puts it on the 20th.
	res, err := Parse(readFixture(t, "google.ics"), Options{From: winFrom, To: winTo, Local: berlin(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Busy {
		if b.Title == "Monthly planning (4th Tuesday)" && b.Start.UTC().Day() != 27 {
			t.Errorf("4th Tuesday on %v", b.Start)
		}
	}
}

func TestParseBadFeeds(t *testing.T) {
	tests := []struct {
		file        string
		feedProblem string // a *FeedError containing this, or "" for a feed used with warnings
		warning     string
		busy        int
	}{
		{"bad-html.ics", "web page", "", 0},
		{"bad-truncated.ics", "cut off", "", 0},
		{"bad-malformed.ics", "malformed", "", 0},
		{"bad-nodtend.ics", "", "neither an end", 1},
		{"bad-unknowntz.ics", "", `"Mars/Olympus_Mons"`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := Parse(readFixture(t, tt.file), Options{From: winFrom, To: winTo, Local: berlin(t)})
			if tt.feedProblem != "" {
				var fe *FeedError
				if !errors.As(err, &fe) || !strings.Contains(fe.Reason, tt.feedProblem) {
					t.Fatalf("err = %v, want a FeedError with %q", err, tt.feedProblem)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !strings.Contains(strings.Join(res.Warnings, "\n"), tt.warning) {
				t.Errorf("warnings %q, want one with %q", res.Warnings, tt.warning)
			}
			if len(res.Busy) != tt.busy {
				t.Errorf("busy = %d, want %d (the good events are still used)", len(res.Busy), tt.busy)
			}
		})
	}
}

func TestParseCapsEventsPerFeed(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
	b.WriteString("BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261018T120000Z\r\nDTSTART:20261019T000000Z\r\nDTEND:20261019T000500Z\r\nRRULE:FREQ=MINUTELY;INTERVAL=10\r\nEND:VEVENT\r\n")
	b.WriteString("END:VCALENDAR\r\n")
	res, err := Parse([]byte(b.String()), Options{From: winFrom, To: winTo, MaxEvents: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Busy) != 50 {
		t.Errorf("busy = %d, want the cap 50", len(res.Busy))
	}
	if !strings.Contains(strings.Join(res.Warnings, " "), "only the first 50") {
		t.Errorf("warnings %q, want the cap said", res.Warnings)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"PT1H30M", 90 * time.Minute, true},
		{"P1D", 24 * time.Hour, true},
		{"P1W", 7 * 24 * time.Hour, true},
		{"-PT15M", -15 * time.Minute, true},
		{"PT0H10M0S", 10 * time.Minute, true},
		{"1H", 0, false},
		{"PT1X", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseDuration(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

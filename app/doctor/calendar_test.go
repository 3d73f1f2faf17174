package doctor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
)

func TestCalendarCheck(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 15, 0, 0, time.Local)
	running := &control.Status{Calendar: control.CalendarStatus{Feeds: []control.CalendarFeed{
		{Name: "work", OK: true, Events: 312, FetchedAt: &at},
		{Name: "team", Problem: "calendar.example.com refused the calendar link (HTTP 403)", FetchedAt: &at},
	}}}
	srcs := []calendar.Source{{Name: "work", Where: "https://x/a.ics"}, {Name: "new", Where: "https://x/b.ics"}}
	cached := func(s calendar.Source) (time.Time, bool) { return at, s.Name == "work" }
	notRunning := func(context.Context) (*control.Status, error) { return nil, errors.New("not running") }
	tests := []struct {
		name    string
		status  func(context.Context) (*control.Status, error)
		sources func() ([]calendar.Source, error)
		want    []string
		levels  []Level
	}{
		{"from the running app", func(context.Context) (*control.Status, error) { return running, nil }, nil,
			[]string{`calendar "work": 312 events read`, `calendar "team": calendar.example.com refused the calendar link (HTTP 403) (the copy read 2026-11-23 10:15 is used meanwhile)`},
			[]Level{OK, Problem}},
		{"without the app", notRunning, func() ([]calendar.Source, error) { return srcs, nil },
			[]string{`calendar "work": saved copy from 2026-11-23 10:15; fetched again when the app runs`, `calendar "new": never read`},
			[]Level{Note, Problem}},
		{"no calendars", notRunning, func() ([]calendar.Source, error) { return nil, nil },
			[]string{"calendar: none (optional): meetings from an ICS link or file with `headsdown calendar add`"}, []Level{Note}},
		{"no calendars in the running app", func(context.Context) (*control.Status, error) { return &control.Status{}, nil }, nil,
			[]string{"calendar: none (optional): meetings from an ICS link or file with `headsdown calendar add`"}, []Level{Note}},
		{"a locked keyring", notRunning, func() ([]calendar.Source, error) { return nil, errors.New("locked") },
			[]string{"calendar: the calendar list cannot be read: locked"}, []Level{Problem}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := CalendarCheck(tt.status, tt.sources, cached).Run(context.Background())
			if len(fs) != len(tt.want) {
				t.Fatalf("findings %+v, want %d", fs, len(tt.want))
			}
			for i, f := range fs {
				if got := f.Part + ": " + f.Says; got != tt.want[i] || f.Level != tt.levels[i] {
					t.Errorf("finding %d = %v %q, want %v %q", i, f.Level, got, tt.levels[i], tt.want[i])
				}
				if f.Level == Problem && strings.TrimSpace(f.Fix) == "" {
					t.Errorf("a problem without a fix: %+v", f)
				}
			}
		})
	}
}

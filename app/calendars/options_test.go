package calendars

import (
	"slices"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
)

// CountOptions read the fortnight from now with the user's addresses and
// tentative rule, as the app reads its meetings.
func TestCountOptions(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		cal       config.Calendar
		tentative bool
	}{
		{"tentative is busy", config.Calendar{Emails: []string{"ana@example.com"}, Tentative: "busy"}, false},
		{"tentative is free", config.Calendar{Emails: []string{"ana@example.com", "a@home.example"}, Tentative: config.TentativeFree}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := CountOptions(c.cal, now)
			if !o.From.Equal(now) || !o.To.Equal(now.AddDate(0, 0, 14)) || o.TentativeFree != c.tentative || !slices.Equal(o.Emails, c.cal.Emails) {
				t.Fatalf("%+v", o)
			}
		})
	}
}

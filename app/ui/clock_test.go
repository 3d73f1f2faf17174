package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// The review window writes when a ping came, and its auto-reply, on the
// clock it is given: "Mon 2:07 PM", "auto-replied 2:08 PM".
func TestReviewOnA12HourClock(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 11, 23, 14, 7, 0, 0, time.Local) // a Monday
	groups := []pinglist.Group{{Conversation: "Bo Chen", Channel: "D1", Pings: []pinglist.Item{{ID: 7, Channel: "D1", TS: "1.1",
		From: "Bo Chen", Text: "lunch?", ReceivedAt: at, AutoReply: &pinglist.Reply{Status: store.ReplySent, At: at.Add(time.Minute)}}}}}
	for _, tc := range []struct {
		h    timefmt.Hours
		want []string
	}{
		{timefmt.H12, []string{"Mon 2:07 PM", "auto-replied 2:08 PM"}},
		{timefmt.H24, []string{"Mon 14:07", "auto-replied 14:08"}},
	} {
		v := NewReviewView(ReviewDeps{Hours: tc.h, Load: func() ([]pinglist.Group, error) { return groups, nil },
			Mark: func([]int64, bool) error { return nil }})
		if len(v.Rows) != 1 {
			t.Fatalf("%d rows", len(v.Rows))
		}
		for _, w := range tc.want {
			if meta := v.Rows[0].Meta.Text; !strings.Contains(meta, w) {
				t.Errorf("%s: meta %q lacks %q", tc.h, meta, w)
			}
		}
	}
}

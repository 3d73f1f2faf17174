package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/config"
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
			if meta := v.Rows[0].MetaText(); !strings.Contains(meta, w) {
				t.Errorf("%s: meta %q lacks %q", tc.h, meta, w)
			}
		}
	}
}

// Settings → Notifications → Times: the clock, automatic by default and
// saying what the locale gives here; a choice is saved as the file's
// [general] clock.
func TestSettingsClock(t *testing.T) {
	var s saver
	us := func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save, Getenv: us})
	if v.Clock.SelectedIndex() != 0 || !strings.Contains(v.Clock.Selected, "12-hour here") {
		t.Fatalf("the automatic clock: %q (%d)", v.Clock.Selected, v.Clock.SelectedIndex())
	}
	v.Clock.SetSelectedIndex(2)
	test.Tap(v.Save)
	if got := s.last(t).General.Clock; got != "24h" {
		t.Fatalf("saved clock %q, want 24h", got)
	}
	v.Clock.SetSelectedIndex(1)
	test.Tap(v.Save)
	if got := s.last(t).General.Clock; got != "12h" {
		t.Fatalf("saved clock %q, want 12h", got)
	}

	cfg := config.Default()
	cfg.General.Clock = "12h"
	v2, _ := newForm(t, cfg, SettingsDeps{Save: s.save})
	if v2.Clock.SelectedIndex() != 1 {
		t.Fatalf("a file's 12h shows as %q", v2.Clock.Selected)
	}
	if v3, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save}); !strings.Contains(v3.Clock.Options[0], "24-hour here") {
		t.Fatalf("no locale: %q", v3.Clock.Options[0])
	}
}

package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/calendars"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

const calSecret = "/private-0123456789abcdef/basic.ics"

// calendarBook is a real list (in a test keyring), real saved copies and a local ICS
// server: the google fixture at the secret path, a login page and a 403 elsewhere.
func calendarBook(t *testing.T) (*CalendarBook, *slacktest.Keyring, string, *atomic.Int32) {
	t.Helper()
	good, err := os.ReadFile("../../calendar/testdata/google.ics")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.EscapedPath() {
		case calSecret:
			w.Header().Set("Content-Type", "text/calendar")
			w.Write(good)
		case "/login":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body>Sign in</body></html>"))
		default:
			http.Error(w, "no", http.StatusForbidden)
		}
	}))
	t.Cleanup(srv.Close)
	kr := &slacktest.Keyring{}
	dir := t.TempDir()
	var reloads atomic.Int32
	b := &CalendarBook{List: calendars.List{Dir: dir, Keyring: kr},
		Fetcher: &calendar.Fetcher{Dir: filepath.Join(dir, "calendar")},
		Feeds: func() ([]control.CalendarFeed, error) {
			return []control.CalendarFeed{{Name: "work", OK: false, Events: 3, Problem: "HTTP 503 from the server"}}, nil
		},
		Reload: func() { reloads.Add(1) }}
	return b, kr, srv.URL, &reloads
}

func TestSettingsCalendarAddRefusedAddedRemoved(t *testing.T) {
	b, kr, base, reloads := calendarBook(t)
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save, Calendars: b})
	if len(v.CalendarList) != 0 || !strings.Contains(rowsText(v), "No calendars") {
		t.Fatalf("a new list shows %q", rowsText(v))
	}

	// Refused in words, nothing stored, the link kept for correcting.
	for _, c := range []struct{ where, reason string }{
		{base + "/login", "web page"},
		{base + "/forbidden.ics", "403"},
		{"http://calendar.example.com/x.ics", "https://"},
	} {
		t.Run(c.reason, func(t *testing.T) {
			v.CalendarLink.SetText(c.where)
			test.Tap(v.CalendarAdd)
			msg := v.CalendarProblem.Text
			if !strings.Contains(msg, "not added") || !strings.Contains(msg, c.reason) {
				t.Errorf("refusal says %q; want %q", msg, c.reason)
			}
			if _, ok := kr.Item(slackapi.KeyringService, "calendars"); ok {
				t.Error("a refused calendar was stored")
			}
			if v.CalendarLink.Text != c.where || reloads.Load() != 0 {
				t.Errorf("link %q, reloads %d after a refusal", v.CalendarLink.Text, reloads.Load())
			}
		})
	}

	// A server that is gone: the refusal does not repeat the secret link.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	v.CalendarLink.SetText(gone.URL + calSecret)
	test.Tap(v.CalendarAdd)
	if msg := v.CalendarProblem.Text; !strings.Contains(msg, "not added") || strings.Contains(msg, "0123456789abcdef") {
		t.Errorf("an unreachable link says %q: a refusal without the secret wanted", msg)
	}

	// Accepted: in the list, elided, with the running app's word; the app told.
	link := base + calSecret
	v.CalendarLink.SetText(link)
	v.CalendarName.SetText("work")
	test.Tap(v.CalendarAdd)
	if !strings.Contains(v.CalendarProblem.Text, `Added "work"`) {
		t.Fatalf("after add: %q", v.CalendarProblem.Text)
	}
	if reloads.Load() != 1 {
		t.Errorf("the running app was asked to reload %d times; want 1", reloads.Load())
	}
	if v.CalendarLink.Text != "" {
		t.Error("the link stays in the field after it was added")
	}
	if len(v.CalendarList) != 1 || v.CalendarList[0].Name != "work" || v.CalendarList[0].State != "HTTP 503 from the server" {
		t.Fatalf("list %+v", v.CalendarList)
	}
	shown := rowsText(v) + v.CalendarProblem.Text
	if strings.Contains(shown, "0123456789abcdef") || !strings.Contains(shown, "basic.ics") {
		t.Errorf("the list shows %q: the secret must be elided", shown)
	}
	srcs, _, err := b.List.Load()
	if err != nil || len(srcs) != 1 || srcs[0].Where != link {
		t.Fatalf("stored %v, %v", srcs, err)
	}
	// The same link again is refused by its name.
	v.CalendarLink.SetText(link)
	test.Tap(v.CalendarAdd)
	if !strings.Contains(v.CalendarProblem.Text, `already there as "work"`) {
		t.Errorf("a second add says %q", v.CalendarProblem.Text)
	}

	// Remove: gone from the keyring, the list and the saved copy.
	test.Tap(v.CalendarRemove["work"])
	if srcs, _, _ := b.List.Load(); len(srcs) != 0 {
		t.Errorf("still stored after Remove: %v", srcs)
	}
	if _, _, ok := b.Fetcher.Cached(calendar.Source{Name: "work", Where: link}); ok {
		t.Error("the saved copy stays after Remove")
	}
	if len(v.CalendarList) != 0 || reloads.Load() != 2 {
		t.Errorf("after Remove: list %+v, reloads %d", v.CalendarList, reloads.Load())
	}
}

func TestSettingsCalendarAddsAFile(t *testing.T) {
	b, _, _, _ := calendarBook(t)
	b.Feeds = nil // no app running: the state is the saved copy's
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save, Calendars: b})
	path, _ := filepath.Abs("../../calendar/testdata/fastmail.ics")
	v.CalendarLink.SetText(path)
	test.Tap(v.CalendarAdd)
	if len(v.CalendarList) != 1 || v.CalendarList[0].Name != "fastmail" || !strings.HasPrefix(v.CalendarList[0].State, "read ") {
		t.Fatalf("after adding a file: %q, list %+v", v.CalendarProblem.Text, v.CalendarList)
	}
}

func TestSettingsCalendarOptionsSaved(t *testing.T) {
	var s saver
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: s.save})
	test.Tap(v.CalendarStatus)    // off
	test.Tap(v.CalendarReview)    // off
	test.Tap(v.CalendarHold)      // on
	test.Tap(v.CalendarTentative) // free
	v.CalendarText.SetText("Busy until {until}")
	v.CalendarEmoji.SetText(":calendar:")
	v.CalendarEndBefore.SetText("10")
	test.Tap(v.Save)
	got := s.last(t).Calendar
	want := config.DefaultCalendar()
	want.Status, want.ReviewAfterMeetings, want.HoldPings, want.Tentative = false, false, true, config.TentativeFree
	want.StatusText, want.StatusEmoji, want.EndBefore = "Busy until {until}", ":calendar:", config.Duration(10*time.Minute)
	if got.Status != want.Status || got.ReviewAfterMeetings != want.ReviewAfterMeetings || got.HoldPings != want.HoldPings ||
		got.Tentative != want.Tentative || got.StatusText != want.StatusText || got.StatusEmoji != want.StatusEmoji ||
		got.EndBefore != want.EndBefore {
		t.Errorf("saved %+v\nwant  %+v", got, want)
	}

	// The same validation as the file: a bad placeholder and too long a margin.
	v.CalendarText.SetText("In {nowhere}")
	v.CalendarEndBefore.SetText("2h")
	if v.FieldError(v.CalendarText) == "" || v.FieldError(v.CalendarEndBefore) == "" || !v.Save.Disabled() {
		t.Errorf("errors %q, %q; save disabled %v", v.FieldError(v.CalendarText), v.FieldError(v.CalendarEndBefore), v.Save.Disabled())
	}
	if SectionIndex("calendar") != len(v.Tabs.Items)-1 || v.Tabs.Items[SectionIndex("calendar")].Text != "Calendar" {
		t.Error("the calendar section is not the Calendar tab")
	}
}

// rowsText is every label of the calendar list.
func rowsText(v *SettingsView) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(v.CalendarRows) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

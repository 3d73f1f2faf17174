package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

// icsAt is a feed with one meeting per [start, end) pair, in UTC.
func icsAt(meetings ...[2]time.Time) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n")
	for i, m := range meetings {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:m%d@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Secret project %d\r\nEND:VEVENT\r\n",
			i, m[0].UTC().Format("20060102T150405Z"), m[1].UTC().Format("20060102T150405Z"), i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// feedServer serves an ICS body at a secret-looking path; down makes it answer 503.
type calFeed struct {
	*httptest.Server
	body atomic.Pointer[string]
	down atomic.Bool
}

const calPath = "/calendar/ical/me/private-feedfeedfeed/basic.ics"

func newCalFeed(t *testing.T, body string) *calFeed {
	f := &calFeed{}
	f.body.Store(&body)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.down.Load() || r.URL.Path != calPath {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(*f.body.Load()))
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *calFeed) sources() func() ([]calendar.Source, error) {
	return func() ([]calendar.Source, error) {
		return []calendar.Source{{Name: "work", Where: f.URL + calPath}}, nil
	}
}

// withCalendar starts the app on a fake clock with Slack and one calendar feed.
func withCalendar(t *testing.T, now time.Time, extraConfig string, meetings ...[2]time.Time) (*running, *safeClock, *calFeed, func() control.Status) {
	t.Helper()
	srv, dir := withSlack(t)
	if extraConfig != "" {
		f, _ := os.OpenFile(filepath.Join(dir, "config.toml"), os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString(extraConfig)
		f.Close()
	}
	feed := newCalFeed(t, icsAt(meetings...))
	clock := newSafeClock(now)
	srv.SetNow(clock.Now) // Slack expires statuses on the same clock
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, CalendarSources: feed.sources()})
	waitFor(t, "the calendar read", func() bool { return len(r.app.Status().Calendar.Feeds) == 1 })
	return r, clock, feed, r.app.Status
}

func TestCalendarMeetingSetsSlackUntilItsEnd(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	meeting := [2]time.Time{now.Add(-15 * time.Minute), now.Add(30 * time.Minute)}
	next := [2]time.Time{now.Add(time.Hour), now.Add(90 * time.Minute)}
	srv, dir := withSlack(t)
	feed := newCalFeed(t, icsAt(meeting, next))
	clock := newSafeClock(now)
	srv.SetNow(clock.Now) // Slack expires statuses on the same clock
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, CalendarSources: feed.sources()})
	waitFor(t, "the meeting status", func() bool { return srv.Status().Text == "In a meeting until 10:30" })
	if got := srv.Status(); got.Emoji != ":spiral_calendar_pad:" || got.Expiration != meeting[1].Unix() {
		t.Fatalf("status %+v; want the calendar emoji, expiring at the meeting's end %d", got, meeting[1].Unix())
	}
	if strings.Contains(srv.Status().Text, "Secret project") {
		t.Fatal("a meeting title reached Slack although the text does not ask for {title}")
	}
	st := r.app.Status()
	cs := st.Calendar
	if len(cs.Feeds) != 1 || !cs.Feeds[0].OK || cs.Feeds[0].Events != 2 || cs.Feeds[0].FetchedAt == nil || cs.Feeds[0].Problem != "" {
		t.Fatalf("feeds %+v", cs.Feeds)
	}
	if !cs.InMeeting || cs.MeetingUntil == nil || !cs.MeetingUntil.Equal(meeting[1]) ||
		cs.NextMeeting == nil || !cs.NextMeeting.Start.Equal(next[0]) || !cs.NextMeeting.End.Equal(next[1]) {
		t.Fatalf("calendar status %+v", cs)
	}
	// The meeting ends: the user's own status comes back.
	clock.advanceTo(meeting[1].Add(time.Minute))
	waitFor(t, "the user's own status back", func() bool { return srv.Status().Text == "Working from Lisbon" })
	if cs := r.app.Status().Calendar; cs.InMeeting || cs.MeetingUntil != nil {
		t.Fatalf("after the meeting: %+v", cs)
	}
}

func TestCalendarStatusJSONHasNoTitles(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r, _, _, status := withCalendar(t, now, "", [2]time.Time{now.Add(-time.Minute), now.Add(time.Hour)})
	_ = r
	var b strings.Builder
	st := status()
	b.WriteString(fmt.Sprintf("%+v", st))
	if strings.Contains(b.String(), "Secret project") {
		t.Fatalf("a title in the status: %s", b.String())
	}
}

func TestCalendarBlockStartedInAMeetingWins(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	srv, dir := withSlack(t)
	feed := newCalFeed(t, icsAt([2]time.Time{now.Add(-15 * time.Minute), now.Add(30 * time.Minute)}))
	clock := newSafeClock(now)
	srv.SetNow(clock.Now)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, CalendarSources: feed.sources()})
	waitFor(t, "the meeting status", func() bool { return strings.HasPrefix(srv.Status().Text, "In a meeting") })
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	waitFor(t, "the focus status", func() bool { return strings.HasPrefix(srv.Status().Text, "Heads down until 10:50") })
	// The meeting it was started in does not end it.
	clock.advanceTo(now.Add(31 * time.Minute))
	waitFor(t, "the meeting over", func() bool { return !r.app.Status().Calendar.InMeeting })
	if st := r.app.Status(); st.State != "focus" {
		t.Fatalf("the block started in the meeting was ended: %+v", st)
	}
}

func TestCalendarTrimsABlockBeforeTheNextMeeting(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		meeting  time.Duration // from now
		ask      string
		minutes  int
		note     string
		endBefor string
	}{
		{"meeting in 40 min", 40 * time.Minute, "50", 35, "50 min → 35 min: meeting at 10:40", ""},
		{"end_before 10m", 40 * time.Minute, "50", 30, "50 min → 30 min: meeting at 10:40", "[calendar]\nend_before = \"10m\"\n"},
		{"the plan's length is trimmed too", 20 * time.Minute, "", 15, "25 min → 15 min: meeting at 10:20", ""},
		{"a meeting after the block", 60 * time.Minute, "50", 50, "", ""},
		{"a meeting too close to trim for", 5 * time.Minute, "50", 50, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _, _, _ := withCalendar(t, now, tt.endBefor, [2]time.Time{now.Add(tt.meeting), now.Add(tt.meeting + 30*time.Minute)})
			resp, err := control.Call(t.Context(), r.paths.Socket, control.Request{Cmd: control.CmdStart, Duration: tt.ask})
			if err != nil || !resp.OK {
				t.Fatalf("start: %v %+v", err, resp)
			}
			if resp.Status.MinutesLeft != tt.minutes {
				t.Errorf("block of %d min, want %d", resp.Status.MinutesLeft, tt.minutes)
			}
			if got := strings.Join(resp.Notes, "|"); got != tt.note {
				t.Errorf("notes %q, want %q", got, tt.note)
			}
		})
	}
}

func TestCalendarFeedDownKeepsTheCopyAndSaysSo(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r, clock, feed, status := withCalendar(t, now, "[calendar]\nrefresh = \"1m\"\n",
		[2]time.Time{now.Add(2 * time.Hour), now.Add(3 * time.Hour)})
	_ = clock
	if st := status(); st.Calendar.NextMeeting == nil {
		t.Fatalf("no next meeting: %+v", st.Calendar)
	}
	feed.down.Store(true)
	r.do(t, control.Request{Cmd: control.CmdReload}) // a reload reads the calendars again
	waitFor(t, "the problem shown", func() bool {
		f := status().Calendar.Feeds
		return len(f) == 1 && !f[0].OK && strings.Contains(f[0].Problem, "HTTP 503")
	})
	cs := status().Calendar
	if cs.NextMeeting == nil || !cs.NextMeeting.Start.Equal(now.Add(2*time.Hour)) || cs.Feeds[0].Events != 1 {
		t.Fatalf("the saved copy is not used: %+v", cs)
	}
	if strings.Contains(cs.Feeds[0].Problem, "private-") {
		t.Fatalf("the problem shows the secret link: %q", cs.Feeds[0].Problem)
	}
}

// withInboxAndCalendar is withInbox with a calendar feed and [calendar] settings.
func withInboxAndCalendar(t *testing.T, pings, cal string, meetings ...[2]time.Time) (*slacktest.Server, *running, *safeClock) {
	t.Helper()
	srv, dir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_APP_TOKEN", appToken)
	srv.SetAppToken(appToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		cfg += d + " = [\"09:00-17:30\"]\n"
	}
	cfg += "[slack]\noff_hours = false\n[pings]\n" + pings + "[calendar]\n" + cal
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	feed := newCalFeed(t, icsAt(meetings...))
	clock := newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, CalendarSources: feed.sources()})
	waitFor(t, "Socket Mode", func() bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected })
	waitFor(t, "the calendar read", func() bool { return len(r.app.Status().Calendar.Feeds) == 1 })
	return srv, r, clock
}

func TestCalendarMeetingHoldsPingsAndEndsInAReview(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		cal      string
		meeting  [2]time.Time
		held     int // pings held during the meeting
		digest   bool
		heldLeft int // still held after the meeting ended
	}{
		{"hold_pings, review after the meeting", "hold_pings = true\n", [2]time.Time{at(day, "09:10"), at(day, "09:40")}, 1, true, 0},
		{"pings not held by default", "", [2]time.Time{at(day, "09:10"), at(day, "09:40")}, 0, false, 0},
		{"no review after meetings", "hold_pings = true\nreview_after_meetings = false\n", [2]time.Time{at(day, "09:10"), at(day, "09:40")}, 1, false, 1},
		{"a meeting ending after working hours", "hold_pings = true\n", [2]time.Time{at(day, "17:10"), at(day, "17:40")}, 1, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, r, clock := withInboxAndCalendar(t, "review_times = []\nreview_after_focus = false\n", tt.cal, tt.meeting)
			clock.advanceTo(tt.meeting[0].Add(5 * time.Minute))
			waitFor(t, "in the meeting", func() bool { return r.app.Status().Calendar.InMeeting })
			srv.Post("D0BO", "U0BO", "got a minute?")
			waitFor(t, "the ping taken", func() bool { st := r.pings(t); return st.Held+st.Delivered > 0 || r.taken(t) == 1 })
			if st := r.pings(t); st.Held != tt.held {
				t.Fatalf("held during the meeting: %d, want %d", st.Held, tt.held)
			}
			clock.advanceTo(tt.meeting[1].Add(time.Minute))
			waitFor(t, "the meeting over", func() bool { return !r.app.Status().Calendar.InMeeting })
			if tt.digest {
				waitFor(t, "the digest after the meeting", func() bool { return len(r.digests()) == 1 })
				if b := r.notes.body(r.digests()[0]); !strings.HasPrefix(b, "Held during your meeting:") {
					t.Fatalf("digest body %q", b)
				}
			}
			// A status round trip lets the loop finish the wake before counting.
			if st := r.pings(t); st.Held != tt.heldLeft || (len(r.digests()) > 0) != tt.digest {
				t.Fatalf("after the meeting: held %d (want %d), digests %v", st.Held, tt.heldLeft, r.digests())
			}
		})
	}
}

func TestCalendarMeetingThatAppearsMidBlockEndsIt(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r, clock, feed, status := withCalendar(t, now, "")
	if st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50"}); st.MinutesLeft != 50 {
		t.Fatalf("start: %+v", st)
	}
	// An invitation accepted mid-block: a meeting at 10:30.
	body := icsAt([2]time.Time{now.Add(30 * time.Minute), now.Add(time.Hour)})
	feed.body.Store(&body)
	r.do(t, control.Request{Cmd: control.CmdReload})
	waitFor(t, "the new meeting read", func() bool { return status().Calendar.NextMeeting != nil })
	if st := status(); st.State != "focus" {
		t.Fatalf("the block ended at once: %+v", st)
	}
	clock.advanceTo(now.Add(28 * time.Minute))
	if n := r.notes.next(t); n.Title != "Meeting at 10:30" || n.Body != "Your focus block ends when it starts, in 2 min." {
		t.Fatalf("warning %+v", n)
	}
	clock.advanceTo(now.Add(31 * time.Minute)) // a wake a little late (a busy machine): the block still ends at 10:30
	waitFor(t, "the block ended", func() bool { return status().State == "idle" })
	if n := r.notes.next(t); n.Title != "Meeting at 10:30 — focus block ended" || n.Body != "30 min of deep work logged." {
		t.Fatalf("end %+v", n)
	}
	if st := status(); st.TodayFocusSeconds != 30*60 {
		t.Fatalf("focus logged %d s, want 30 min", st.TodayFocusSeconds)
	}
}

func TestCalendarWake(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	hm := func(s string) time.Time { return at(day, s) }
	meeting := func(start, end time.Time) calendar.Busy { return calendar.Busy{Start: start, End: end} }
	tests := []struct {
		name string
		busy []calendar.Busy
		now  time.Time
		want time.Time
	}{
		{"nothing: no wake", nil, hm("10:00"), time.Time{}},
		{"the hour before a meeting", []calendar.Busy{meeting(hm("12:00"), hm("13:00"))}, hm("10:00"), hm("11:00")},
		{"within the hour: each minute", []calendar.Busy{meeting(hm("12:00"), hm("13:00"))}, hm("11:30").Add(20 * time.Second), hm("11:31")},
		{"the warning before a meeting off the minute", []calendar.Busy{meeting(hm("11:00").Add(30*time.Second), hm("12:00"))}, hm("10:58"), hm("10:58").Add(30 * time.Second)},
		{"a meeting's end", []calendar.Busy{meeting(hm("10:00"), hm("10:30"))}, hm("10:10"), hm("10:30")},
		{"past meetings: nothing", []calendar.Busy{meeting(hm("08:00"), hm("09:00"))}, hm("10:00"), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &App{cal: calendarState{busy: tt.busy}}
			if got := a.calendarWake(tt.now); !got.Equal(tt.want) {
				t.Errorf("calendarWake(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func TestCalendarListUnreadableKeepsTheMeetings(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	srv, dir := withSlack(t)
	_ = srv
	feed := newCalFeed(t, icsAt([2]time.Time{now.Add(2 * time.Hour), now.Add(3 * time.Hour)}))
	var locked atomic.Bool
	sources := func() ([]calendar.Source, error) {
		if locked.Load() {
			return nil, errors.New("the keyring is locked")
		}
		return feed.sources()()
	}
	r := launchApp(t, dir, Options{Clock: newSafeClock(now), Location: time.UTC, CalendarSources: sources})
	waitFor(t, "the calendar read", func() bool { return r.app.Status().Calendar.NextMeeting != nil })
	locked.Store(true)
	r.do(t, control.Request{Cmd: control.CmdReload})
	waitFor(t, "the problem shown", func() bool {
		f := r.app.Status().Calendar.Feeds
		return len(f) == 1 && f[0].Name == "work" && strings.Contains(f[0].Problem, "the keyring is locked")
	})
	if cs := r.app.Status().Calendar; cs.NextMeeting == nil || !cs.NextMeeting.Start.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("the meetings were forgotten: %+v", cs)
	}
}

func TestMeetingAtMergesARun(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	hm := func(s string) time.Time { return at(day, s) }
	m := func(a, b string) calendar.Busy { return calendar.Busy{Start: hm(a), End: hm(b), Title: a} }
	tests := []struct {
		name        string
		busy        []calendar.Busy
		now         string
		first, till string // "" for none
	}{
		{"none", []calendar.Busy{m("09:00", "09:30")}, "10:00", "", ""},
		{"one", []calendar.Busy{m("09:00", "10:30")}, "10:00", "09:00", "10:30"},
		{"back to back", []calendar.Busy{m("09:45", "10:30"), m("10:30", "11:00")}, "10:00", "09:45", "11:00"},
		{"overlapping", []calendar.Busy{m("09:45", "10:30"), m("10:15", "11:15")}, "10:00", "09:45", "11:15"},
		{"a gap ends the run", []calendar.Busy{m("09:45", "10:30"), m("10:35", "11:00")}, "10:00", "09:45", "10:30"},
		{"a long one around a short one", []calendar.Busy{m("09:00", "12:00"), m("09:30", "10:30")}, "10:00", "09:00", "12:00"},
		{"at the end it is over", []calendar.Busy{m("09:00", "10:00")}, "10:00", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &App{cal: calendarState{busy: tt.busy}}
			first, until := a.meetingAt(hm(tt.now))
			gotFirst, gotUntil := "", ""
			if !until.IsZero() {
				gotFirst, gotUntil = first.Title, until.Format("15:04")
			}
			if gotFirst != tt.first || gotUntil != tt.till {
				t.Errorf("meetingAt(%s) = %q until %q, want %q until %q", tt.now, gotFirst, gotUntil, tt.first, tt.till)
			}
		})
	}
}

// TestCalendarEmailsDefaultToTheSlackProfile: without [calendar] emails, a meeting
// the Slack profile's address declined is not a meeting; when Slack gives no email,
// it still is.
func TestCalendarEmailsDefaultToTheSlackProfile(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	declined, kept := now.Add(30*time.Minute), now.Add(2*time.Hour)
	body := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
		"BEGIN:VEVENT\r\nUID:d@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:" + declined.Format("20060102T150405Z") + "\r\nDTEND:" +
		declined.Add(30*time.Minute).Format("20060102T150405Z") + "\r\nATTENDEE;PARTSTAT=DECLINED:mailto:Ana@Example.com\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:k@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:" + kept.Format("20060102T150405Z") + "\r\nDTEND:" +
		kept.Add(30*time.Minute).Format("20060102T150405Z") + "\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	for _, tc := range []struct {
		name  string
		email string
		next  time.Time
	}{
		{"the profile's email declined it", "ana@example.com", kept},
		{"no email in the profile", "", declined},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, dir := withSlack(t)
			srv.SetProfileEmail(tc.email)
			feed := newCalFeed(t, body)
			clock := newSafeClock(now)
			srv.SetNow(clock.Now)
			r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC, CalendarSources: feed.sources()})
			waitFor(t, "the next meeting at "+tc.next.Format("15:04"), func() bool {
				nm := r.app.Status().Calendar.NextMeeting
				return nm != nil && nm.Start.Equal(tc.next)
			})
		})
	}
}

// TestCalendarNextReviewIsTheReviewAfterTheMeeting: during a meeting that holds
// pings, {next_review} is the meeting's end, where the review after it comes, not
// the next review time of the day; with review_after_meetings off it is that time.
func TestCalendarNextReviewIsTheReviewAfterTheMeeting(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, cal, want string
	}{
		{"review after the meeting", "hold_pings = true\nstatus_text = \"In a meeting until {until}, pings at {next_review}\"\n",
			"In a meeting until 09:40, pings then"}, // {next_review} at {until} reads "then"
		{"no review after meetings", "hold_pings = true\nreview_after_meetings = false\nstatus_text = \"In a meeting until {until}, pings at {next_review}\"\n",
			"In a meeting until 09:40, pings at 12:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, clock := withInboxAndCalendar(t, "review_times = [\"12:00\"]\nreview_after_focus = false\n", tc.cal,
				[2]time.Time{at(day, "09:10"), at(day, "09:40")})
			clock.advanceTo(at(day, "09:15"))
			waitFor(t, "the status "+tc.want, func() bool { return srv.Status().Text == tc.want })
		})
	}
}

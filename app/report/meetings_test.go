package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/focus/focustest"
	"github.com/headsdown-app/headsdown/timefmt"
)

const icsHead = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"

// workICS: a standup Mon/Wed/Fri 09:30–09:45, planning on Monday 13:00–14:00, a
// UTC meeting on Tuesday (11:00–11:30 in Berlin), a meeting declined on
// Wednesday, a free (transparent) one on Thursday, and one on Sunday, the day
// the clocks go forward.
const workICS = icsHead +
	"BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260302T093000\r\nDTEND;TZID=Europe/Berlin:20260302T094500\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:plan\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260323T130000\r\nDTEND;TZID=Europe/Berlin:20260323T140000\r\nSUMMARY:Planning\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:utc\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260324T100000Z\r\nDTEND:20260324T103000Z\r\nSUMMARY:Call\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:declined\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260325T150000\r\nDTEND;TZID=Europe/Berlin:20260325T160000\r\nATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\r\nSUMMARY:Declined\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:free\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260326T120000\r\nDTEND;TZID=Europe/Berlin:20260326T130000\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:sunday\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260329T100000\r\nDTEND;TZID=Europe/Berlin:20260329T110000\r\nSUMMARY:Sunday\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// otherICS is a second calendar whose Monday meeting overlaps the planning.
const otherICS = icsHead +
	"BEGIN:VEVENT\r\nUID:overlap\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260323T133000\r\nDTEND;TZID=Europe/Berlin:20260323T143000\r\nSUMMARY:Overlap\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// savedCalendars keeps both calendars the way the app does (a file source fetched
// once into the calendar folder) and returns that folder.
func savedCalendars(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	f := &calendar.Fetcher{Dir: filepath.Join(dir, "calendar")}
	for name, body := range map[string]string{"work": workICS, "other": otherICS} {
		p := filepath.Join(dir, name+".ics")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := f.Fetch(context.Background(), calendar.Source{Name: name, Where: p}); got.Problem != nil {
			t.Fatal(got.Problem)
		}
		// The source itself goes: the report must read the saved copy only.
		os.Remove(p)
	}
	return f.Dir
}

// Ground truth for the scripted week (working hours Mon–Fri 09:00–17:30),
// worked out by hand. Monday: standup 15 min and 13:00–14:30 (two calendars,
// overlapping) = 1 h 45; free 09:45–13:00 and 14:30–17:30 = 6 h 15 (09:00–09:30 is
// under an hour). Tuesday: 30 min; 2 h + 6 h free. Wednesday: standup only (the
// 15:00 meeting was declined); 09:45–17:30. Thursday: the transparent lunch is
// free; all 8 h 30. Friday as Wednesday. Sunday: 1 h, no working hours.
var (
	meetingMinutes   = []int{105, 30, 15, 0, 15, 0, 60}
	availableMinutes = []int{375, 480, 465, 510, 465, 0, 0}
)

func sumInts(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

func TestReportMeetingsFromSavedCalendars(t *testing.T) {
	_, st := scripted(t)
	_, _, berlin := focustest.ScriptedWeek(t)
	dir := savedCalendars(t)
	week := focus.Week{Year: 2026, Num: 13}
	cases := []struct {
		name     string
		cal      *Calendar
		has      bool
		declined bool // the declined meeting counts (no emails set)
	}{
		{name: "with the emails", cal: &Calendar{Dir: dir, Emails: []string{"ME@example.com"}}, has: true},
		{name: "without the emails the declined meeting counts", cal: &Calendar{Dir: dir}, has: true, declined: true},
		{name: "an empty calendar folder", cal: &Calendar{Dir: t.TempDir()}},
		{name: "no calendar folder", cal: &Calendar{Dir: filepath.Join(t.TempDir(), "calendar")}},
		{name: "no calendar option", cal: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Loc: berlin, Now: time.Date(2026, 3, 31, 12, 0, 0, 0, berlin), Goal: 2 * time.Hour,
				Schedule: focustest.ScriptedSchedule(berlin), Calendar: tc.cal}
			ctx := context.Background()
			wr, err := Load(ctx, st, week, o)
			if err != nil {
				t.Fatal(err)
			}
			rr, err := LoadRange(ctx, st, focus.WeekPeriod(week), o)
			if err != nil {
				t.Fatal(err)
			}
			meet, avail := append([]int{}, meetingMinutes...), append([]int{}, availableMinutes...)
			if tc.declined {
				meet[2] += 60
				avail[2] -= 60 // 09:45–15:00 and 16:00–17:30
			}
			for _, form := range []struct {
				name string
				out  func(format string) string
			}{
				{"week", func(f string) string { var b bytes.Buffer; must(t, Render(&b, wr, f, timefmt.H24)); return b.String() }},
				{"range", func(f string) string {
					var b bytes.Buffer
					must(t, RenderRange(&b, rr, f, timefmt.H24))
					return b.String()
				}},
			} {
				t.Run(form.name, func(t *testing.T) {
					checkJSON(t, form.out("json"), tc.has, meet, avail)
					checkCSV(t, form.out("csv"), tc.has, meet, avail)
					for _, f := range []string{"text", "md", "html"} {
						out := form.out(f)
						line := "Meetings"
						if got := strings.Contains(out, line); got != tc.has {
							t.Errorf("%s: a %q line: %v, want %v", f, line, got, tc.has)
						}
						if !tc.has {
							continue
						}
						want := dur(time.Duration(sumInts(meet))*time.Minute) + "; " + dur(time.Duration(sumInts(avail))*time.Minute) +
							" available for focus (free stretches of 1 h or more in working hours), 10 h 35 min done"
						if !strings.Contains(out, want) {
							t.Errorf("%s: no %q in\n%s", f, want, out)
						}
						if f != "text" && !strings.Contains(out, "Free for focus") {
							t.Errorf("%s: no meeting columns", f)
						}
					}
					if tc.has && !strings.Contains(form.out("text"), "1 h 45 min meetings, 6 h 15 min free for focus") {
						t.Errorf("text: Monday's note missing:\n%s", form.out("text"))
					}
				})
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func checkJSON(t *testing.T, out string, has bool, meet, avail []int) {
	t.Helper()
	var j struct {
		Meeting   *int64 `json:"meeting_seconds"`
		Available *int64 `json:"focus_available_seconds"`
		Days      []struct {
			Meeting   *int64 `json:"meeting_seconds"`
			Available *int64 `json:"focus_available_seconds"`
		} `json:"days"`
	}
	must(t, json.Unmarshal([]byte(out), &j))
	if !has {
		if j.Meeting != nil || j.Available != nil || j.Days[0].Meeting != nil || strings.Contains(out, "meeting_seconds") {
			t.Errorf("json without a calendar has meeting figures:\n%s", out)
		}
		return
	}
	if j.Meeting == nil || *j.Meeting != int64(sumInts(meet)*60) || j.Available == nil || *j.Available != int64(sumInts(avail)*60) {
		t.Errorf("json week: meetings %v, available %v; want %d, %d min", j.Meeting, j.Available, sumInts(meet), sumInts(avail))
	}
	for i, d := range j.Days {
		if d.Meeting == nil || *d.Meeting != int64(meet[i]*60) || d.Available == nil || *d.Available != int64(avail[i]*60) {
			t.Errorf("json day %d: meetings %v, available %v; want %d, %d min", i, d.Meeting, d.Available, meet[i], avail[i])
		}
	}
}

func checkCSV(t *testing.T, out string, has bool, meet, avail []int) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	must(t, err)
	head := rows[0]
	mi, ai := len(head)-2, len(head)-1
	if head[mi] != "meeting_seconds" || head[ai] != "focus_available_seconds" {
		t.Fatalf("csv header %v: the meeting columns go last", head)
	}
	for i, row := range rows[1:] {
		want := [2]string{"", ""}
		if has {
			if i < 7 {
				want = [2]string{itoa(meet[i] * 60), itoa(avail[i] * 60)}
			} else {
				want = [2]string{itoa(sumInts(meet) * 60), itoa(sumInts(avail) * 60)}
			}
		}
		if row[mi] != want[0] || row[ai] != want[1] {
			t.Errorf("csv row %d (%s): %q, %q; want %q, %q", i, row[1], row[mi], row[ai], want[0], want[1])
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

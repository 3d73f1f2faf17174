package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/focus/focustest"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// scripted stores the scripted DST week in a real database and loads its
// report the way `headsdown report` does.
func scripted(t *testing.T) (focus.Report, *store.Store) {
	t.Helper()
	blocks, pings, berlin := focustest.ScriptedWeek(t)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if err := st.SaveBlocks(ctx, blocks); err != nil {
		t.Fatal(err)
	}
	var sp []store.Ping
	for i, p := range pings {
		sp = append(sp, store.Ping{Channel: "D1", TS: fmt.Sprintf("17000000%02d.000100", i), Text: "hello",
			ReceivedAt: p.ReceivedAt, Bypassed: p.Bypassed, DeliveredAt: p.DeliveredAt, ReviewedAt: p.ReviewedAt, ReadAt: p.ReadAt})
	}
	if _, err := st.AddPings(ctx, sp); err != nil {
		t.Fatal(err)
	}
	r, err := Load(ctx, st, focus.Week{Year: 2026, Num: 13}, Options{Loc: berlin, Now: time.Date(2026, 3, 31, 12, 0, 0, 0, berlin),
		Goal: 2 * time.Hour, Schedule: focustest.ScriptedSchedule(berlin)})
	if err != nil {
		t.Fatal(err)
	}
	return r, st
}

func render(t *testing.T, r focus.Report, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, r, format, timefmt.H24); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.String()
}

// Ground truth of the scripted week, worked out by hand (see focustest).
var (
	dayMinutes = []int{85, 130, 30, 150, 120, 30, 90}
	dayLabels  = []string{"1 h 25 min", "2 h 10 min", "30 min", "2 h 30 min", "2 h", "30 min", "1 h 30 min"}
	// Time away during focus blocks: Monday's idle stretch, Tuesday's
	// locked lunch.
	awayMinutes = []int{15, 40, 0, 0, 0, 0, 0}
	awayLabels  = []string{"15 min", "40 min", "0 min", "0 min", "0 min", "0 min", "0 min"}
)

func TestJSONMatchesGroundTruth(t *testing.T) {
	r, _ := scripted(t)
	var j JSON
	if err := json.Unmarshal([]byte(render(t, r, "json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Week != "2026-W13" || j.Start != "2026-03-23" || j.End != "2026-03-29" || j.TimeZone != "Europe/Berlin" {
		t.Fatalf("header %+v", j)
	}
	if j.FocusSeconds != 635*60 || j.AwaySeconds != 55*60 || j.Completed != 10 || j.Stopped != 1 || j.GoalDays != 3 || j.StreakDays != 2 ||
		j.LongestSeconds != 120*60 || *j.InsideHoursSecs != 455*60 || *j.OutsideHoursSecs != 180*60 {
		t.Fatalf("figures %+v", j)
	}
	for i, d := range j.Days {
		if d.FocusSeconds != int64(dayMinutes[i]*60) || d.AwaySeconds != int64(awayMinutes[i]*60) {
			t.Errorf("%s: %d s, away %d s; want %d min, %d min", d.Date, d.FocusSeconds, d.AwaySeconds, dayMinutes[i], awayMinutes[i])
		}
	}
	if fmt.Sprint(j.BestHours) != "[9 10 23]" || len(j.Tags) != 2 || j.Tags[0] != (JSONTag{"q3", 195 * 60}) {
		t.Fatalf("hours %v tags %+v", j.BestHours, j.Tags)
	}
	// Reviewed is only what the user marked (one); delivered is what a
	// digest put in front of them (three), read in Slack what they read
	// there before any digest (one).
	if j.Pings != (JSONPings{Held: 4, Bypassed: 1, Delivered: 3, ReadInSlack: 1, Reviewed: 1, MedianDeliverySeconds: 1200, MedianReviewSeconds: 2100}) ||
		j.Previous.FocusSeconds != 1500 || j.Previous.AwaySeconds != 0 || j.Previous.Pings.Held != 1 || j.Previous.Pings.Reviewed != 0 {
		t.Fatalf("pings %+v previous %+v", j.Pings, j.Previous)
	}
}

func TestCSVMatchesGroundTruth(t *testing.T) {
	r, _ := scripted(t)
	rows, err := csv.NewReader(strings.NewReader(render(t, r, "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 || strings.Join(rows[0], ",") != "week,date,weekday,focus_minutes,completed,stopped,goal_met,away_minutes,focus_seconds,away_seconds,meeting_seconds,focus_available_seconds" {
		t.Fatalf("rows %v", rows)
	}
	for i, m := range dayMinutes {
		if rows[i+1][3] != fmt.Sprint(m) || rows[i+1][7] != fmt.Sprint(awayMinutes[i]) ||
			rows[i+1][8] != fmt.Sprint(m*60) || rows[i+1][9] != fmt.Sprint(awayMinutes[i]*60) {
			t.Errorf("%s: %s min, away %s; want %d, %d", rows[i+1][1], rows[i+1][3], rows[i+1][7], m, awayMinutes[i])
		}
	}
	if strings.Join(rows[8], ",") != "2026-W13,total,,635,10,1,3,55,38100,3300,," { // no calendar: no meeting figures, not zero
		t.Fatalf("total row %v", rows[8])
	}
}

func TestTextMarkdownHTMLMatchGroundTruth(t *testing.T) {
	r, _ := scripted(t)
	text := render(t, r, "text")
	for _, want := range []string{
		"Heads Down — Week 2026-W13 · Mon 23 Mar – Sun 29 Mar 2026",
		"Deep work        10 h 35 min (+10 h 10 min vs the week before)",
		"Blocks           10 completed (+9 vs the week before), 1 stopped early",
		"Time away        55 min during focus blocks (+55 min vs the week before)",
		"Mon 23 Mar  █████████████            1 h 25 min   2 done, 1 stopped, 15 min away",
		"Tue 24 Mar  ████████████████████     2 h 10 min   2 done, goal ✓, 40 min away",
		"Daily goal       2 h: met on 3 days; streak 2 days",
		"Longest stretch  2 h without a break (Fri 09:00)",
		"Best hours       09:00–10:00, 10:00–11:00, 23:00–00:00",
		"Working hours    7 h 35 min inside, 3 h outside",
		"Top tags         q3 3 h 15 min, essay 2 h 10 min",
		"Pings            4 held (+3 vs the week before), 1 broke through; 3 delivered, median 20 min after arrival; 1 read in Slack first; 1 reviewed",
		"To share with your team:\nLast week: 10 h 35 min deep work · 4 pings held · median wait 20 min · 1 urgent message reached me at once",
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	md := render(t, r, "md")
	html := render(t, r, "html")
	for i, label := range dayLabels {
		day := r.Days[i].Date.Format("Mon 2 Jan")
		if !strings.Contains(text, day) || !strings.Contains(text, label) {
			t.Errorf("text lacks %s %s", day, label)
		}
		goal := "no"
		if r.Days[i].GoalMet {
			goal = "yes"
		}
		row := fmt.Sprintf("| %s | %s | %d | %d | %s | %s |", day, label, r.Days[i].Completed, r.Days[i].Stopped, goal, awayLabels[i])
		if !strings.Contains(md, row) {
			t.Errorf("markdown lacks %q", row)
		}
		if !strings.Contains(html, fmt.Sprintf("<td>%s</td><td class=\"num\">%s</td>", day, label)) {
			t.Errorf("html lacks the row for %s", day)
		}
		if cell := fmt.Sprintf("<td>%s</td><td class=\"num\">%s</td></tr>", goal, awayLabels[i]); !strings.Contains(html, cell) {
			t.Errorf("html lacks the away cell %q for %s", cell, day)
		}
	}
	if !strings.Contains(md, "- **Deep work:** 10 h 35 min (+10 h 10 min vs the week before)") ||
		!strings.Contains(md, "- **Time away:** 55 min during focus blocks (+55 min vs the week before)") ||
		!strings.Contains(md, "| Day | Deep work | Completed | Stopped | Goal | Away |") {
		t.Errorf("markdown summary:\n%s", md)
	}
	if share := "Last week: 10 h 35 min deep work · 4 pings held · median wait 20 min · 1 urgent message reached me at once"; !strings.HasSuffix(md, "\n> "+share+"\n") ||
		!strings.Contains(html, "<blockquote>"+share+"</blockquote>") || render(t, r, "share") != share+"\n" {
		t.Errorf("the line to share: md ends %q; share format %q", md[max(len(md)-120, 0):], render(t, r, "share"))
	}
	if !strings.Contains(html, "<th>Time away</th><td>55 min during focus blocks (&#43;55 min vs the week before)</td>") {
		t.Error("html lacks the time away")
	}
	// One self-contained file: an inline chart, no external resource.
	if strings.Count(html, "<rect") != 7 || !strings.Contains(html, `stroke-dasharray`) || !strings.Contains(html, "goal 2 h") {
		t.Error("html chart lacks bars or the goal line")
	}
	for _, ext := range []string{"src=", "href=", "@import", "url("} {
		if strings.Contains(html, ext) {
			t.Errorf("html refers to an external resource (%s)", ext)
		}
	}
	if !strings.Contains(html, "10 h 35 min (&#43;10 h 10 min vs the week before)") && !strings.Contains(html, "10 h 35 min (+10 h 10 min vs the week before)") {
		t.Error("html lacks the total")
	}
}

// Table cells are never blank and numbers never floats (issue 20): CSV
// minutes are whole (the exact seconds beside them), Markdown and HTML say
// "no", "not yet" and "0 min", and JSON names the zone as IANA does.
func TestExportCellsAreExplicit(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	week := focus.Week{Year: 2026, Num: 48}
	mon := week.Start(tokyo).Add(9 * time.Hour)
	odd := 4*time.Minute + 38586*time.Millisecond // 4.6431 min
	b := focus.Block{ID: 1, Kind: focus.KindFocus, StartedAt: mon, EndedAt: mon.Add(odd), Active: odd, Outcome: focus.OutcomeStopped,
		Segments: []focus.Interval{{Start: mon, End: mon.Add(odd)}}}
	r := focus.BuildReport(focus.ReportInput{Week: week, Loc: tokyo, Now: mon.Add(time.Hour), Goal: time.Hour, Blocks: []focus.Block{b}})
	rows, err := csv.NewReader(strings.NewReader(render(t, r, "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, got, want string
	}{
		{"monday minutes", rows[1][3], "5"},
		{"monday seconds", rows[1][8], "279"},
		{"monday away", rows[1][7], "0"},
		{"total minutes", rows[8][3], "5"},
		{"total seconds", rows[8][8], "279"},
	} {
		t.Run("csv "+c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
	md := render(t, r, "md")
	for _, row := range []string{
		"| Mon 23 Nov | 5 min | 0 | 1 | no | 0 min |",
		"| Tue 24 Nov | 0 min | 0 | 0 | not yet | 0 min |",
	} {
		if !strings.Contains(md, row) {
			t.Errorf("markdown lacks %q:\n%s", row, md)
		}
	}
	if html := render(t, r, "html"); !strings.Contains(html, "<td>not yet</td><td class=\"num\">0 min</td>") || !strings.Contains(html, "Times in Asia/Tokyo") {
		t.Errorf("html cells or zone:\n%s", html)
	}
	r.Goal = 0
	if md := render(t, r, "md"); !strings.Contains(md, "| Mon 23 Nov | 5 min | 0 | 1 | – | 0 min |") {
		t.Errorf("no goal set:\n%s", md)
	}
	if js := render(t, r, "json"); !strings.Contains(js, `"time_zone": "Asia/Tokyo"`) {
		t.Errorf("json zone:\n%s", js)
	}
	// The system's own zone, which Go calls "Local", by its IANA name.
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	t.Setenv("TZ", "America/Denver")
	time.Local = time.FixedZone("Local", -7*3600) // as Go names the system zone
	local := focus.BuildReport(focus.ReportInput{Week: week, Loc: time.Local})
	if local.Start.Location().String() != "Local" {
		t.Fatalf("the test's local zone is named %q", local.Start.Location())
	}
	if js := render(t, local, "json"); !strings.Contains(js, `"time_zone": "America/Denver"`) {
		t.Errorf("json zone of time.Local:\n%s", js)
	}
}

func TestUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, focus.Report{}, "pdf", timefmt.H24); err == nil || !strings.Contains(err.Error(), "text, md, html, csv, json") {
		t.Fatalf("got %v", err)
	}
}

func TestEmptyWeekRenders(t *testing.T) {
	r := focus.BuildReport(focus.ReportInput{Week: focus.Week{Year: 2026, Num: 2}, Loc: time.UTC})
	for _, f := range Formats {
		if f == "share" {
			continue // a line for a team names the week in words (TestShareLine)
		}
		if out := render(t, r, f); !strings.Contains(out, "2026-W02") {
			t.Errorf("%s: %q", f, out)
		}
	}
	if text := render(t, r, "text"); !strings.Contains(text, "Time away        none during focus blocks\n") {
		t.Errorf("empty week's time away:\n%s", text)
	}
	if got := awayLine(0, 40*time.Minute, "the week before"); got != "none during focus blocks (−40 min vs the week before)" {
		t.Errorf("a week without time away after one with: %q", got)
	}
}

func TestExport(t *testing.T) {
	_, st := scripted(t)
	var b bytes.Buffer
	if err := Export(context.Background(), &b, st, "json"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Blocks []ExportBlock `json:"blocks"`
		Pings  []ExportPing  `json:"pings"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	blocks, _, _ := focustest.ScriptedWeek(t)
	if len(out.Blocks) != len(blocks) || len(out.Pings) != 7 || strings.Contains(b.String(), "hello") {
		t.Fatalf("%d blocks (want %d), %d pings; text leaked: %v", len(out.Blocks), len(blocks), len(out.Pings), strings.Contains(b.String(), "hello"))
	}
	var active, away, awaySpans, paused int64
	for _, e := range out.Blocks {
		if e.Kind == "focus" {
			active += e.ActiveSeconds
			away += e.AwaySeconds
			paused += e.PausedSeconds
			for _, s := range e.AwaySegments {
				from, _ := time.Parse(time.RFC3339, s[0])
				to, _ := time.Parse(time.RFC3339, s[1])
				awaySpans += int64(to.Sub(from) / time.Second)
			}
		}
	}
	uids := map[string]bool{}
	for _, e := range out.Blocks {
		if len(e.UID) != 32 || uids[e.UID] || e.Manual {
			t.Fatalf("block %d: uid %q manual %v", e.ID, e.UID, e.Manual)
		}
		uids[e.UID] = true
	}
	if active != (635+25+30)*60 { // the week, the week before, and Monday after
		t.Fatalf("exported active %d s", active)
	}
	// Away: 15 idle + 40 lunch; paused adds Thursday's 15 by hand.
	if away != 55*60 || awaySpans != away || paused != (55+15)*60 {
		t.Fatalf("exported away %d s (spans %d s), paused %d s", away, awaySpans, paused)
	}
	b.Reset()
	if err := Export(context.Background(), &b, st, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	if len(rows) != 1+len(blocks)+7 || rows[1][0] != "block" || rows[len(rows)-1][0] != "ping" || rows[0][15] != "away_seconds" ||
		rows[0][14] != "reviewed" || rows[0][16] != "delivered" || rows[0][17] != "read_in_slack" || rows[0][18] != "uid" ||
		rows[0][19] != "manual" || len(rows[1][18]) != 32 || rows[1][19] != "false" {
		t.Fatalf("csv rows %d, header %v", len(rows), rows[0])
	}
	// The pings' columns: reviewed only where the user marked it.
	reviewed, delivered, read := 0, 0, 0
	for _, row := range rows[1:] {
		if row[0] != "ping" {
			continue
		}
		if row[14] != "" {
			reviewed++
		}
		if row[16] != "" {
			delivered++
		}
		if row[17] != "" {
			read++
		}
	}
	if reviewed != 1 || delivered != 5 || read != 1 {
		t.Fatalf("csv pings: %d reviewed, %d delivered, %d read in Slack; want 1, 5, 1", reviewed, delivered, read)
	}
	var csvAway int
	for _, row := range rows[1:] {
		if row[0] == "block" {
			n, err := strconv.Atoi(row[15])
			if err != nil {
				t.Fatalf("away_seconds %q: %v", row[15], err)
			}
			csvAway += n
		}
	}
	if csvAway != 55*60 {
		t.Fatalf("csv away %d s", csvAway)
	}
}

// TestShareLine: the one line a user pastes to their team, its plurals,
// zeros and the week it names.
func TestShareLine(t *testing.T) {
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // a Monday, week 2026-W48
	thisWeek := focus.WeekOf(mon, time.UTC)
	min := time.Minute
	base := focus.Report{Week: thisWeek, Start: thisWeek.Start(time.UTC), Now: mon.AddDate(0, 0, 4)}
	for _, c := range []struct {
		name string
		set  func(r *focus.Report)
		want string
	}{
		{"the issue's example", func(r *focus.Report) {
			r.Focus, r.PingsHeld, r.PingsWaited, r.MedianWait, r.PingsBypassed = 14*time.Hour, 25, 25, 46*min, 2
		}, "This week: 14 h deep work · 25 pings held · median wait 46 min · 2 urgent messages reached me at once"},
		{"ones", func(r *focus.Report) {
			r.Focus, r.PingsHeld, r.PingsWaited, r.MedianWait, r.PingsBypassed = time.Hour+5*min, 1, 1, 65*min, 1
		}, "This week: 1 h 5 min deep work · 1 ping held · waited 1 h 5 min · 1 urgent message reached me at once"},
		{"a quiet week", func(r *focus.Report) {}, "This week: no deep work logged"},
		{"seconds are no deep work", func(r *focus.Report) { r.Focus = 25 * time.Second }, "This week: no deep work logged"},
		{"deep work only", func(r *focus.Report) { r.Focus = 3*time.Hour + 20*min }, "This week: 3 h 20 min deep work"},
		{"held, none delivered yet", func(r *focus.Report) { r.Focus, r.PingsHeld = 50*min, 3 }, "This week: 50 min deep work · 3 pings held"},
		{"a wait under a minute", func(r *focus.Report) {
			r.Focus, r.PingsHeld, r.PingsWaited, r.MedianWait = 2*time.Hour, 4, 4, 40*time.Second
		}, "This week: 2 h deep work · 4 pings held · median wait 40 s"},
		{"only breakthroughs", func(r *focus.Report) { r.Focus, r.PingsBypassed = 2*time.Hour, 3 },
			"This week: 2 h deep work · 3 urgent messages reached me at once"},
		{"last week", func(r *focus.Report) {
			r.Week = thisWeek.Prev()
			r.Start, r.Focus = r.Week.Start(time.UTC), 9*time.Hour
		}, "Last week: 9 h deep work"},
		{"an older week", func(r *focus.Report) {
			r.Week = focus.Week{Year: 2026, Num: 10}
			r.Start, r.Focus = r.Week.Start(time.UTC), 9*time.Hour
		}, "Week of 2 Mar: 9 h deep work"},
		{"another year", func(r *focus.Report) {
			r.Week = focus.Week{Year: 2025, Num: 50}
			r.Start, r.Focus = r.Week.Start(time.UTC), 9*time.Hour
		}, "Week of 8 Dec 2025: 9 h deep work"},
		{"no time of making", func(r *focus.Report) { r.Now, r.Focus = time.Time{}, 9*time.Hour }, "Week of 23 Nov 2026: 9 h deep work"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := base
			c.set(&r)
			if got := ShareLine(r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestTextTableAlignsSingleDigitDaysAndSaysWhatItCompares(t *testing.T) {
	blocks, pings, berlin := focustest.ScriptedWeek(t)
	// Week 14 runs Mon 30 Mar – Sun 5 Apr: two-digit days, then single ones.
	now := time.Date(2026, 4, 1, 14, 5, 0, 0, berlin)
	r := focus.BuildReport(focus.ReportInput{Week: focus.Week{Year: 2026, Num: 14}, Loc: berlin, Now: now, Goal: 2 * time.Hour,
		Schedule: focustest.ScriptedSchedule(berlin), Blocks: blocks, Pings: pings})
	text := render(t, r, "text")
	var cols []int
	for i, d := range r.Days {
		// Where the day's duration starts, in characters.
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, d.Date.Format("Mon")) && strings.Contains(line, d.Date.Format(" Jan")) && strings.Contains(line, fmt.Sprint(d.Date.Day())) {
				at := strings.LastIndex(line, focus.FormatDuration(r.Days[i].Focus))
				cols = append(cols, len([]rune(line[:at])))
			}
		}
	}
	if len(cols) != 7 {
		t.Fatalf("%d day lines in\n%s", len(cols), text)
	}
	for _, c := range cols[1:] {
		if c != cols[0] {
			t.Fatalf("day lines do not align (columns %v):\n%s", cols, text)
		}
	}
	if !strings.Contains(text, "Wed  1 Apr  ") || !strings.Contains(text, "Sun  5 Apr  ") {
		t.Fatalf("single-digit days not padded:\n%s", text)
	}
	// An empty day reads 0 min, never 0 s.
	if !strings.Contains(text, "Sun  5 Apr") || regexp.MustCompile(`\b0 s\b`).MatchString(text) || !strings.Contains(text, "Sun  5 Apr                           0 min") {
		t.Fatalf("empty days:\n%s", text)
	}
	// The week under way is compared with last week up to the same moment.
	if !strings.Contains(text, "vs last week to Wed 14:05)") {
		t.Fatalf("comparison not named:\n%s", text)
	}
	if js := render(t, r, "json"); !strings.Contains(js, `"until": "2026-03-25T14:05:00+01:00"`) {
		t.Fatalf("json previous week: %s", js)
	}
}

// The share line names the week in the report's own zone (the configured
// one), not the machine's: on Monday morning in a UTC+13 zone it is
// already "This week" there, while in UTC it is still Sunday of the week
// before.
func TestShareLineWeekIsTheConfiguredZones(t *testing.T) {
	// The machine's zone is UTC here, whatever this computer's is, so a
	// week taken in time.Local is the wrong one.
	saved := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = saved })
	tonga := time.FixedZone("UTC+13", 13*3600)
	now := time.Date(2026, 11, 23, 8, 30, 0, 0, tonga) // Monday 08:30 there; Sunday 19:30 UTC
	week := focus.WeekOf(now, tonga)
	for _, c := range []struct {
		name string
		week focus.Week
		want string
	}{
		{"this week there", week, "This week: 2 h deep work"},
		{"last week there", week.Prev(), "Last week: 2 h deep work"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := focus.Report{Week: c.week, Start: c.week.Start(tonga), Now: now, Totals: focus.Totals{DaySums: focus.DaySums{Focus: 2 * time.Hour}}}
			if got := ShareLine(r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

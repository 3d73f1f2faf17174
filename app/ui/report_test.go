package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/focus/focustest"
	"github.com/headsdown-app/headsdown/timefmt"
)

func TestReportViewShowsTheWeekAndNavigates(t *testing.T) {
	test.NewTempApp(t)
	blocks, pings, berlin := focustest.ScriptedWeek(t)
	var asked []string
	load := func(w focus.Week) (focus.Report, error) {
		asked = append(asked, w.String())
		if w.Year == 2020 {
			return focus.Report{}, errors.New("database is locked")
		}
		return focus.BuildReport(focus.ReportInput{Week: w, Loc: berlin, Goal: 2 * time.Hour,
			Schedule: focustest.ScriptedSchedule(berlin), Blocks: blocks, Pings: pings}), nil
	}
	v := NewReportView(focus.Week{Year: 2026, Num: 13}, focus.Week{Year: 2026, Num: 14}, timefmt.H24, load)
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(640, 600))

	if !strings.HasPrefix(v.Title.Text, "Week 2026-W13") {
		t.Fatalf("title %q", v.Title.Text)
	}
	values := map[string]string{}
	for _, it := range v.Summary.Items {
		values[it.Text] = it.Widget.(*widget.Label).Text
	}
	if values["Deep work"] != "10 h 35 min (+10 h 10 min vs the week before)" || !strings.HasPrefix(values["Daily goal"], "2 h: met on 3 days") {
		t.Fatalf("summary %v", values)
	}
	// Bars scale to the longest day (Thu, 2 h 30 min) rounded up to whole
	// hours, so the scale reads 1 h, 2 h, 3 h; goal days are green.
	const plot = 90
	if h := v.Chart.BarHeight(3, plot); h != 75 { // 150/180
		t.Errorf("Thursday's bar %v, want 75", h)
	}
	if h := v.Chart.BarHeight(0, plot); h < 42 || h > 43 { // 85/180
		t.Errorf("Monday's bar %v", h)
	}
	if v.Chart.bars[1].FillColor != goalColour || v.Chart.bars[0].FillColor != barColour {
		t.Error("goal days are not marked")
	}

	// The line to share, and Copy puts exactly it on the clipboard.
	const share = "Week of 23 Mar 2026: 10 h 35 min deep work · 4 pings held · median wait 20 min · 1 urgent message reached me at once"
	if v.Share.Text != share {
		t.Fatalf("share line %q", v.Share.Text)
	}
	test.Tap(v.Copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != share || v.Message.Text == "" {
		t.Fatalf("clipboard %q, message %q", got, v.Message.Text)
	}

	if v.Next.Disabled() {
		t.Fatal("Next is disabled before the current week")
	}
	test.Tap(v.Next)
	if !strings.HasPrefix(v.Title.Text, "Week 2026-W14") || v.Report().Focus != 30*time.Minute {
		t.Fatalf("next week: %q %v", v.Title.Text, v.Report().Focus)
	}
	// The current week is the last: no walking into weeks not yet lived.
	if !v.Next.Disabled() {
		t.Fatal("Next is enabled on the current week")
	}
	test.Tap(v.Next)
	v.Show(focus.Week{Year: 2026, Num: 20})
	if !strings.HasPrefix(v.Title.Text, "Week 2026-W14") {
		t.Fatalf("went past the current week: %q", v.Title.Text)
	}
	// Another week, another line: Copy copies the week shown.
	test.Tap(v.Copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "Week of 30 Mar 2026: 30 min deep work · 1 ping held · waited 30 min" {
		t.Fatalf("clipboard after Next: %q", got)
	}
	test.Tap(v.Prev)
	test.Tap(v.Prev)
	if !strings.HasPrefix(v.Title.Text, "Week 2026-W12") || v.Report().Focus != 25*time.Minute {
		t.Fatalf("previous week: %q", v.Title.Text)
	}
	v.Show(focus.Week{Year: 2020, Num: 1})
	if v.Message.Text != "database is locked" || !strings.HasPrefix(v.Title.Text, "Week 2026-W12") {
		t.Fatalf("a failed load replaced the week: %q %q", v.Message.Text, v.Title.Text)
	}
	if strings.Join(asked, ",") != "2026-W13,2026-W14,2026-W14,2026-W13,2026-W12,2020-W01" {
		t.Fatalf("weeks loaded %v", asked)
	}
}

// TestReportViewShowsMeetingsBesideFocus: the Week tab has a Meetings line with
// the time available for focus beside the focus done, only when a calendar is set
// up.
func TestReportViewShowsMeetingsBesideFocus(t *testing.T) {
	test.NewTempApp(t)
	blocks, pings, berlin := focustest.ScriptedWeek(t)
	for _, calendar := range []bool{true, false} {
		load := func(w focus.Week) (focus.Report, error) {
			mon := w.Start(berlin)
			return focus.BuildReport(focus.ReportInput{Week: w, Loc: berlin, Schedule: focustest.ScriptedSchedule(berlin),
				Blocks: blocks, Pings: pings, Calendar: calendar,
				Meetings: []focus.Interval{{Start: mon.Add(13 * time.Hour), End: mon.Add(14*time.Hour + 30*time.Minute)}}}), nil
		}
		v := NewReportView(focus.Week{Year: 2026, Num: 13}, focus.Week{Year: 2026, Num: 13}, timefmt.H24, load)
		values := map[string]string{}
		for _, it := range v.Summary.Items {
			values[it.Text] = it.Widget.(*widget.Label).Text
		}
		// Monday 09:00–13:00 and 14:30–17:30 free, four whole days of 8 h 30.
		want := "1 h 30 min; 41 h available for focus (free stretches of 1 h or more in working hours), 10 h 35 min done"
		if got, ok := values["Meetings"]; ok != calendar || (calendar && got != want) {
			t.Errorf("calendar %v: Meetings line %q (shown %v), want %q", calendar, got, ok, want)
		}
	}
}

package focus_test

import (
	"testing"
	"time"

	. "github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/focus/focustest"
)

var (
	scriptedWeek     = focustest.ScriptedWeek
	scriptedSchedule = focustest.ScriptedSchedule
)

func TestScriptedWeekReport(t *testing.T) {
	blocks, pings, berlin := scriptedWeek(t)
	r := BuildReport(ReportInput{Week: Week{2026, 13}, Loc: berlin, Now: time.Date(2026, 3, 31, 12, 0, 0, 0, berlin),
		Goal: 2 * time.Hour, Schedule: scriptedSchedule(berlin), Blocks: blocks, Pings: pings})
	min := time.Minute
	wantDays := []struct {
		focus, away        time.Duration
		completed, stopped int
		goal               bool
	}{
		{85 * min, 15 * min, 2, 1, false}, // Mon: 25 + 50 (20 + 30 around 15 idle) + 10 (stopped)
		{130 * min, 40 * min, 2, 0, true}, // Tue: 70 (20 asleep) + 60 (30 + 30 around a 40-min locked lunch)
		{30 * min, 0, 1, 0, false},        // Wed: 23:30-24:00
		{150 * min, 0, 1, 0, true},        // Thu: 00:00-00:30 + 120 around a pause (by hand: not away)
		{120 * min, 0, 1, 0, true},        // Fri: exactly the goal
		{30 * min, 0, 1, 0, false},        // Sat
		{90 * min, 0, 2, 0, false},        // Sun: 60 across the DST jump + 30 before midnight
	}
	for i, w := range wantDays {
		d := r.Days[i]
		if d.Focus != w.focus || d.Away != w.away || d.Completed != w.completed || d.Stopped != w.stopped || d.GoalMet != w.goal {
			t.Errorf("%s: focus %v away %v completed %d stopped %d goal %v; want %v %v %d %d %v",
				d.Date.Format("Mon 2"), d.Focus, d.Away, d.Completed, d.Stopped, d.GoalMet, w.focus, w.away, w.completed, w.stopped, w.goal)
		}
	}
	if r.End.Sub(r.Start) != 167*time.Hour {
		t.Errorf("the DST week lasts %v, want 167h", r.End.Sub(r.Start))
	}
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("focus", r.Focus, 635*min)
	check("away", r.Away, 55*min) // 15 idle + 40 lunch
	check("completed", r.Completed, 10)
	check("stopped", r.Stopped, 1)
	check("goal days", r.GoalDays, 3)
	check("streak", r.Streak, 2) // Fri, Thu; the weekend neither counts nor breaks; Wed breaks
	check("longest", r.Longest, 120*min)
	check("longest at", r.LongestAt, time.Date(2026, 3, 27, 9, 0, 0, 0, berlin))
	check("inside hours", r.InsideHours, 455*min)
	check("outside hours", r.OutsideHours, 180*min)
	// 09: Mon 25 + 20, Tue 30 + 10, Thu 60, Fri 60; 10: Mon 30, Tue 30,
	// Thu 45, Fri 60, Sat 30; 11: Tue 30, Thu 15; 12: Tue 20; 13: Tue 10.
	check("hour 09", r.Hours[9], 205*min)
	check("hour 10", r.Hours[10], 195*min)
	check("hour 11", r.Hours[11], 45*min)
	check("hour 12", r.Hours[12], 20*min)
	check("hour 13", r.Hours[13], 10*min)
	check("hour 23", r.Hours[23], 60*min) // Wed and Sun 23:30
	check("hour 01", r.Hours[1], 30*min)
	check("hour 02", r.Hours[2], time.Duration(0)) // does not exist that night
	check("hour 03", r.Hours[3], 30*min)
	if len(r.BestHours) != 3 || r.BestHours[0] != 9 || r.BestHours[1] != 10 || r.BestHours[2] != 23 {
		t.Errorf("best hours %v, want [9 10 23]", r.BestHours)
	}
	if len(r.Tags) != 2 || r.Tags[0] != (TagTotal{"q3", 195 * min}) || r.Tags[1] != (TagTotal{"essay", 130 * min}) {
		t.Errorf("tags %+v", r.Tags)
	}
	check("pings held", r.PingsHeld, 4)
	check("pings bypassed", r.PingsBypassed, 1)
	check("pings delivered", r.PingsDelivered, 3)
	check("median delivery", r.MedianDelivery, 20*min)
	check("pings read in Slack", r.PingsRead, 1)
	// Reviewed is only what the user marked: one of the three delivered.
	check("pings reviewed", r.PingsReviewed, 1)
	check("median review", r.MedianReview, 35*min)
	// Waits of 20, 10, 40 (delivered) and 20 min (read in Slack).
	check("pings waited", r.PingsWaited, 4)
	check("median wait", r.MedianWait, 20*min)
	check("now", r.Now, time.Date(2026, 3, 31, 12, 0, 0, 0, berlin))
	check("previous focus", r.Previous.Focus, 25*min)
	check("previous away", r.Previous.Away, time.Duration(0))
	check("previous completed", r.Previous.Completed, 1)
	check("previous held", r.Previous.PingsHeld, 1)
	check("previous median delivery", r.Previous.MedianDelivery, 30*min)
	check("previous reviewed", r.Previous.PingsReviewed, 0)
}

func TestBlockSpanningSundayToMonday(t *testing.T) {
	blocks, pings, berlin := scriptedWeek(t)
	r := BuildReport(ReportInput{Week: Week{2026, 14}, Loc: berlin, Blocks: blocks, Pings: pings, Goal: time.Hour})
	if r.Days[0].Focus != 30*time.Minute || r.Days[0].Completed != 0 || r.Focus != 30*time.Minute {
		t.Fatalf("Monday after: %+v, total %v", r.Days[0], r.Focus)
	}
	if r.Previous.Focus != 635*time.Minute || r.Previous.Completed != 10 || r.Previous.Away != 55*time.Minute || r.Away != 0 {
		t.Fatalf("previous week totals %+v", r.Previous)
	}
	if r.End.Sub(r.Start) != 168*time.Hour {
		t.Fatalf("an ordinary week lasts %v", r.End.Sub(r.Start))
	}
}

func TestEmptyWeek(t *testing.T) {
	r := BuildReport(ReportInput{Week: Week{2026, 30}, Loc: time.UTC, Goal: time.Hour})
	if r.Focus != 0 || len(r.BestHours) != 0 || len(r.Tags) != 0 || r.MedianReview != 0 || r.Streak != 0 || r.Longest != 0 {
		t.Fatalf("empty week: %+v", r)
	}
	for _, d := range r.Days {
		if d.GoalMet || d.Focus != 0 {
			t.Fatalf("day %+v", d)
		}
	}
}

func TestISOWeeks(t *testing.T) {
	if WeeksIn(2026) != 53 || WeeksIn(2027) != 52 || WeeksIn(2020) != 53 {
		t.Fatalf("weeks in 2026/2027/2020: %d %d %d", WeeksIn(2026), WeeksIn(2027), WeeksIn(2020))
	}
	w53, err := ParseWeek("2026-W53")
	if err != nil {
		t.Fatal(err)
	}
	if got := w53.Start(time.UTC); !got.Equal(time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("2026-W53 starts %v", got)
	}
	if w53.Next() != (Week{2027, 1}) || (Week{2027, 1}).Prev() != w53 {
		t.Fatalf("around week 53: %v %v", w53.Next(), Week{2027, 1}.Prev())
	}
	if got := (Week{2027, 1}).Start(time.UTC); !got.Equal(time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("2027-W01 starts %v", got)
	}
	if got := (Week{2026, 1}).Start(time.UTC); !got.Equal(time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("2026-W01 starts %v (in 2025)", got)
	}
	if WeekOf(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), time.UTC) != w53 {
		t.Fatal("1 Jan 2027 is in 2026-W53")
	}
	for _, bad := range []string{"2027-W53", "2026-W00", "2026-47", "W47", "2026-Wx", ""} {
		if _, err := ParseWeek(bad); err == nil {
			t.Errorf("ParseWeek(%q) accepted", bad)
		}
	}
	if w, err := ParseWeek("2026w47"); err != nil || w.String() != "2026-W47" {
		t.Fatalf("lenient form: %v %v", w, err)
	}
	// A block in week 53 lands there.
	c := NewFakeClock(time.Date(2026, 12, 31, 10, 0, 0, 0, time.UTC))
	e := NewEngine(c, Settings{Plan: Pomodoro})
	e.Start(0, "")
	c.Advance(25 * time.Minute)
	evs := e.Tick()
	r := BuildReport(ReportInput{Week: w53, Loc: time.UTC, Blocks: []Block{evs[0].Block}})
	if r.Days[3].Focus != 25*time.Minute || r.Completed != 1 {
		t.Fatalf("week 53 report: %+v", r.Days[3])
	}
}

func TestTodayDoesNotBreakTheStreak(t *testing.T) {
	all, _, berlin := scriptedWeek(t)
	// Friday 08:00, before any focus that day: today is not over, so the
	// streak counts Thursday and stops at Wednesday.
	now := time.Date(2026, 3, 27, 8, 0, 0, 0, berlin)
	var blocks []Block
	for _, b := range all {
		if b.EndedAt.Before(now) {
			blocks = append(blocks, b)
		}
	}
	r := BuildReport(ReportInput{Week: Week{2026, 13}, Loc: berlin, Now: now,
		Goal: 2 * time.Hour, Schedule: scriptedSchedule(berlin), Blocks: blocks})
	if r.Streak != 1 || r.Days[4].Future || r.Days[4].GoalMet || !r.Days[5].Future {
		t.Fatalf("streak %d, Fri %+v, Sat %+v", r.Streak, r.Days[4], r.Days[5])
	}
}

func TestAwaySplitAcrossDaysAndWeeks(t *testing.T) {
	// A one-hour focus block from Sunday 23:00 with the screen locked
	// 23:30-00:20 (UTC), so it ends Monday 00:50; and a break with time
	// away, which is not counted.
	sun := time.Date(2026, 3, 29, 23, 0, 0, 0, time.UTC)
	c := NewFakeClock(sun)
	e := NewEngine(c, Settings{Plan: Pomodoro})
	e.Start(time.Hour, "")
	c.Advance(30 * time.Minute)
	e.PauseAt(c.Now(), PauseAway)
	c.Advance(50 * time.Minute)
	e.Resume()
	c.Advance(30 * time.Minute)
	focusBlock := e.Tick()[0].Block
	e.StartBreak(0)
	e.PauseAt(c.Now(), PauseAway)
	c.Advance(10 * time.Minute)
	e.Resume()
	c.Advance(5 * time.Minute)
	breakBlock := e.Tick()[0].Block
	if focusBlock.Away != 50*time.Minute || breakBlock.Away != 10*time.Minute || breakBlock.Kind != KindShortBreak {
		t.Fatalf("blocks: focus away %v, break %s away %v", focusBlock.Away, breakBlock.Kind, breakBlock.Away)
	}
	blocks := []Block{focusBlock, breakBlock}
	w13 := BuildReport(ReportInput{Week: Week{2026, 13}, Loc: time.UTC, Blocks: blocks})
	w14 := BuildReport(ReportInput{Week: Week{2026, 14}, Loc: time.UTC, Blocks: blocks})
	if w13.Days[6].Away != 30*time.Minute || w13.Away != 30*time.Minute {
		t.Errorf("Sunday away %v, week %v; want 30 min", w13.Days[6].Away, w13.Away)
	}
	if w14.Days[0].Away != 20*time.Minute || w14.Away != 20*time.Minute || w14.Previous.Away != 30*time.Minute {
		t.Errorf("Monday away %v, week %v, previous %v; want 20, 20, 30 min", w14.Days[0].Away, w14.Away, w14.Previous.Away)
	}
	if w13.Focus+w14.Focus != 30*time.Minute+30*time.Minute {
		t.Errorf("focus %v + %v", w13.Focus, w14.Focus)
	}
}

// The wait a sender sees counts held pings only: a breakthrough reached
// the user at once, and one not yet delivered has no wait yet.
func TestMedianWaitOfHeldPings(t *testing.T) {
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ping := func(wait time.Duration, bypassed bool) PingMetric {
		p := PingMetric{ReceivedAt: mon, Bypassed: bypassed}
		if wait >= 0 {
			p.DeliveredAt = mon.Add(wait)
		}
		return p
	}
	for _, c := range []struct {
		name  string
		pings []PingMetric
		n     int
		want  time.Duration
	}{
		{"none", nil, 0, 0},
		{"one", []PingMetric{ping(46*time.Minute, false)}, 1, 46 * time.Minute},
		{"odd", []PingMetric{ping(10*time.Minute, false), ping(90*time.Minute, false), ping(30*time.Minute, false)}, 3, 30 * time.Minute},
		{"even: the mean of the middle two", []PingMetric{ping(10*time.Minute, false), ping(20*time.Minute, false),
			ping(40*time.Minute, false), ping(3*time.Hour, false)}, 4, 30 * time.Minute},
		{"breakthroughs do not count", []PingMetric{ping(40*time.Minute, false), ping(0, true), ping(time.Second, true)}, 1, 40 * time.Minute},
		{"not delivered yet", []PingMetric{ping(40*time.Minute, false), ping(-1, false)}, 1, 40 * time.Minute},
		{"read in Slack before any digest: waited until then", []PingMetric{
			{ReceivedAt: mon, ReadAt: mon.Add(12 * time.Minute)}}, 1, 12 * time.Minute},
	} {
		r := BuildReport(ReportInput{Week: WeekOf(mon, time.UTC), Loc: time.UTC, Pings: c.pings})
		if r.PingsWaited != c.n || r.MedianWait != c.want {
			t.Errorf("%s: %d waited, median %v; want %d, %v", c.name, r.PingsWaited, r.MedianWait, c.n, c.want)
		}
	}
}

func TestWeekUnderWayIsComparedWithTheSamePartOfTheWeekBefore(t *testing.T) {
	blocks, pings, berlin := scriptedWeek(t)
	// Tuesday noon of week 14: against week 13 up to its Tuesday noon, not
	// against the whole of it.
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, berlin)
	r := BuildReport(ReportInput{Week: Week{2026, 14}, Loc: berlin, Now: now, Blocks: blocks, Pings: pings, Goal: time.Hour})
	if want := time.Date(2026, 3, 24, 12, 0, 0, 0, berlin); !r.PreviousUntil.Equal(want) {
		t.Fatalf("PreviousUntil %v, want %v", r.PreviousUntil, want)
	}
	w13 := BuildReport(ReportInput{Week: Week{2026, 13}, Loc: berlin, Blocks: blocks, Pings: pings, Goal: time.Hour})
	// Monday (85 min) and Tuesday morning: 09:00 30 + 10, 10:00 30, 11:00 30.
	if want := w13.Days[0].Focus + 100*time.Minute; r.Previous.Focus != want {
		t.Errorf("previous focus %v, want %v (Monday and Tuesday morning)", r.Previous.Focus, want)
	}
	if r.Previous.Focus >= w13.Focus || r.Previous.Completed >= w13.Completed {
		t.Errorf("previous %+v is not a part of week 13 %+v", r.Previous, w13.Totals)
	}
	// A week that is over is compared with the whole week before.
	later := BuildReport(ReportInput{Week: Week{2026, 14}, Loc: berlin, Now: now.AddDate(0, 0, 7), Blocks: blocks, Pings: pings, Goal: time.Hour})
	if !later.PreviousUntil.IsZero() || later.Previous.Focus != w13.Focus {
		t.Errorf("a past week: until %v, previous %v, want the whole %v", later.PreviousUntil, later.Previous.Focus, w13.Focus)
	}
}

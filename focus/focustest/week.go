// Package focustest holds test fixtures built with the real focus engine,
// shared by the tests of the packages that compute and render reports.
package focustest

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

// ScriptedWeek drives a real engine through ISO week 2026-W13 in Berlin,
// the week clocks spring forward (Sunday 29 March, 02:00 -> 03:00), plus
// one block in the week before. Two blocks have time away in them: an idle
// stretch found 10 minutes late (Monday) and a locked lunch (Tuesday).
// Ground truth is worked out by hand in TestScriptedWeekReport.
func ScriptedWeek(t testing.TB) ([]focus.Block, []focus.PingMetric, *time.Location) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	c := focus.NewFakeClock(at(16, 9, 0))
	e := focus.NewEngine(c, focus.Settings{Plan: focus.Pomodoro})
	var blocks []focus.Block
	keep := func(evs []focus.Event) {
		for _, ev := range evs {
			if ev.Block.Ended() && (ev.Reason == focus.ReasonCompleted || ev.Reason == focus.ReasonStopped) {
				blocks = append(blocks, ev.Block)
			}
		}
	}
	must := func(evs []focus.Event, err error) {
		if err != nil {
			t.Fatal(err)
		}
		keep(evs)
	}
	block := func(start time.Time, d time.Duration, tag string) {
		c.Set(start)
		e.Tick()
		must(e.Start(d, tag))
		c.Advance(d)
		keep(e.Tick())
	}
	block(at(16, 9, 0), 25*time.Minute, "") // previous week: 25 min, completed

	block(at(23, 9, 0), 25*time.Minute, "q3") // Mon 09:00-09:25

	// Mon 09:30, 50 min: the last input at 09:50, idleness noticed at
	// 10:00 while the app ticked every minute, back at 10:05. Focus
	// 09:30-09:50 and 10:05-10:35; away 09:50-10:05.
	c.Set(at(23, 9, 30))
	e.Tick()
	must(e.Start(50*time.Minute, "q3"))
	for range 30 {
		c.Advance(time.Minute)
		keep(e.Tick())
	}
	must(e.PauseAt(at(23, 9, 50), focus.PauseAway))
	c.Advance(5 * time.Minute)
	must(e.Resume())
	c.Advance(30 * time.Minute)
	keep(e.Tick())

	c.Set(at(23, 14, 0)) // Mon 14:00, stopped after 10 min
	e.Tick()
	must(e.Start(25*time.Minute, ""))
	c.Advance(10 * time.Minute)
	must(e.Stop())

	c.Set(at(24, 9, 0)) // Tue 09:00, 90 min, asleep 09:30-09:50
	e.Tick()
	must(e.Start(90*time.Minute, "essay"))
	c.Advance(30 * time.Minute)
	e.Tick()
	c.Suspend(20 * time.Minute)
	e.Tick()
	c.Advance(40 * time.Minute)
	keep(e.Tick())

	// Tue 11:30, 60 min: the screen locked for lunch 12:00-12:40. Focus
	// 11:30-12:00 and 12:40-13:10; away 12:00-12:40.
	c.Set(at(24, 11, 30))
	e.Tick()
	must(e.Start(60*time.Minute, "essay"))
	c.Advance(30 * time.Minute)
	e.Tick()
	must(e.PauseAt(at(24, 12, 0), focus.PauseAway))
	c.Advance(40 * time.Minute)
	must(e.Resume())
	c.Advance(30 * time.Minute)
	keep(e.Tick())

	block(at(25, 23, 30), 60*time.Minute, "") // Wed 23:30 - Thu 00:30

	c.Set(at(26, 9, 0)) // Thu 09:00, 120 min, paused 10:00-10:15
	e.Tick()
	must(e.Start(120*time.Minute, "q3"))
	c.Advance(time.Hour)
	must(e.Pause())
	c.Advance(15 * time.Minute)
	must(e.Resume())
	c.Advance(time.Hour)
	keep(e.Tick())

	block(at(27, 9, 0), 120*time.Minute, "") // Fri 09:00-11:00, exactly the goal
	block(at(28, 10, 0), 30*time.Minute, "") // Sat 10:00-10:30
	block(at(29, 1, 30), 60*time.Minute, "") // Sun 01:30 CET - 03:30 CEST: 60 real minutes
	block(at(29, 23, 30), time.Hour, "")     // Sun 23:30 - Mon 00:30 (next week)

	pings := []focus.PingMetric{
		// Delivered after 20 min, and marked reviewed by the user 35 min
		// after it came.
		{ReceivedAt: at(23, 10, 5), DeliveredAt: at(23, 10, 25), ReviewedAt: at(23, 10, 40)},
		{ReceivedAt: at(24, 9, 40), DeliveredAt: at(24, 9, 50)},  // delivered after 10 min
		{ReceivedAt: at(25, 11, 0), DeliveredAt: at(25, 11, 40)}, // delivered after 40 min
		{ReceivedAt: at(26, 9, 30), ReadAt: at(26, 9, 50)},       // read in Slack after 20 min, never delivered
		{ReceivedAt: at(26, 9, 45), Bypassed: true},              // broke through (not delivered here)
		{ReceivedAt: at(16, 10, 0), DeliveredAt: at(16, 10, 30)}, // the week before
		{ReceivedAt: at(30, 10, 0), DeliveredAt: at(30, 10, 30)}, // the week after
	}
	return blocks, pings, berlin
}

func ScriptedSchedule(loc *time.Location) focus.Schedule {
	var d [7][]focus.Span
	for wd := time.Monday; wd <= time.Friday; wd++ {
		d[wd] = []focus.Span{{Start: 9 * 60, End: 17*60 + 30}}
	}
	s, _ := focus.NewSchedule(d, loc)
	return s
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// The words of every notification, table-tested: plurals, empty bodies and
// sentences that are only true sometimes are what users notice first.

func TestDigestCopy(t *testing.T) {
	for _, c := range []struct {
		n           int
		senders     []string
		lines       []string
		why         DigestWhy
		title, body string
	}{
		{1, []string{"Ana"}, []string{"Ana: hi"}, DigestReviewWindow,
			"1 ping from Ana", "Held for this review window:\nAna: hi"},
		{2, []string{"Ana", "Bo"}, nil, DigestFocusEnded,
			"2 pings from Ana and Bo", "Held during your focus block:"},
		{3, []string{"Ana", "Bo", "Cy"}, nil, DigestBack,
			"3 pings from Ana, Bo and Cy", "Held while you were away:"},
		{7, []string{"Ana", "Bo", "Cy", "Dee"}, nil, DigestReviewWindow,
			"7 pings from Ana, Bo and 2 others", "Held for this review window:"},
		{5, []string{"Bo Chen", "Cy Park"}, []string{"Bo Chen: can you look at my PR?", "Cy Park: lunch?", "Bo Chen: ping"}, DigestFocusEnded,
			"5 pings from Bo Chen and Cy Park",
			"Held during your focus block:\nBo Chen: can you look at my PR?\nCy Park: lunch?\nBo Chen: ping\n…and 2 more."},
	} {
		n := Digest(c.n, c.senders, c.lines, c.why)
		if n.Title != c.title || n.Body != c.body {
			t.Errorf("Digest(%d, %v, %s):\n got %q / %q\nwant %q / %q", c.n, c.senders, c.why, n.Title, n.Body, c.title, c.body)
		}
		// Without buttons, the body says how to review instead.
		if want := c.body + "\nOpen Review pings… in the tray, or run `headsdown pings`."; n.FullBody() != want {
			t.Errorf("FullBody %q, want %q", n.FullBody(), want)
		}
	}
}

func TestWeeklySummaryCopy(t *testing.T) {
	h := time.Hour
	for _, c := range []struct {
		name                        string
		completed, goalDays, streak int
		goal, focus, previous       time.Duration
		title, body                 string
		calendar                    bool
		meetings                    time.Duration
	}{
		{"nothing", 0, 0, 0, 4 * h, 0, 0,
			"Your week: 0 min of deep work", "No focus block completed, daily goal not met. Open Weekly report… in the tray for more.", false, 0},
		{"one of each", 1, 1, 1, 4 * h, 4 * h, 5 * h,
			"Your week: 4 h of deep work", "1 block completed, goal met on 1 day, 1 h less than last week. Open Weekly report… in the tray for more.", false, 0},
		{"streak", 12, 3, 5, 2 * h, 9*h + 30*time.Minute, 8 * h,
			"Your week: 9 h 30 min of deep work", "12 blocks completed, goal met on 3 days (a 5-day streak), 1 h 30 min more than last week. Open Weekly report… in the tray for more.", false, 0},
		{"no goal, same as last week", 2, 0, 0, 0, h, h,
			"Your week: 1 h of deep work", "2 blocks completed. Open Weekly report… in the tray for more.", false, 0},
		{"with a calendar", 12, 3, 5, 2 * h, 9*h + 30*time.Minute, 8 * h,
			"Your week: 9 h 30 min of deep work", "12 blocks completed, goal met on 3 days (a 5-day streak), 1 h 30 min more than last week; 6 h 15 min in meetings. Open Weekly report… in the tray for more.",
			true, 6*h + 15*time.Minute},
		{"a calendar without meetings", 2, 0, 0, 0, h, h,
			"Your week: 1 h of deep work", "2 blocks completed. Open Weekly report… in the tray for more.", true, 30 * time.Second},
		{"meetings unknown without a calendar", 2, 0, 0, 0, h, h,
			"Your week: 1 h of deep work", "2 blocks completed. Open Weekly report… in the tray for more.", false, 3 * h},
	} {
		var r focus.Report
		r.Completed, r.GoalDays, r.Streak, r.Goal, r.Focus, r.Previous.Focus = c.completed, c.goalDays, c.streak, c.goal, c.focus, c.previous
		r.HasCalendar, r.Meetings = c.calendar, c.meetings
		n := WeeklySummary(r)
		if n.Title != c.title || n.Body != c.body {
			t.Errorf("%s:\n got %q / %q\nwant %q / %q", c.name, n.Title, n.Body, c.title, c.body)
		}
	}
}

func TestTransitionCopy(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	brk := focus.Block{Kind: focus.KindShortBreak, StartedAt: at, Planned: 5 * time.Minute}
	for _, c := range []struct {
		name        string
		evs         []focus.Event
		title, body string
	}{
		{"a break stopped at once", []focus.Event{{Reason: focus.ReasonStopped, Block: brk}},
			"Break ended", "Start a block when you are ready."},
		{"a break stopped later", []focus.Event{{Reason: focus.ReasonStopped, Block: withActive(brk, 3*time.Minute)}},
			"Break ended", "3 min of break taken. Start a block when you are ready."},
		{"a break over", []focus.Event{{Reason: focus.ReasonCompleted, Block: withActive(brk, 5*time.Minute)}},
			"Break over", "Ready for the next block?"},
	} {
		n, ok := describe(c.evs, time.UTC, timefmt.H24)
		if !ok || n.Title != c.title || n.Body != c.body {
			t.Errorf("%s: got %+v, %v; want %q / %q", c.name, n, ok, c.title, c.body)
		}
		if n.Body == "" {
			t.Errorf("%s: empty body", c.name)
		}
	}
}

func withActive(b focus.Block, d time.Duration) focus.Block { b.Active = d; return b }

func TestSavingErrorCopy(t *testing.T) {
	busy := explainDBError(fmt.Errorf("record: %w", context.DeadlineExceeded), "/x/headsdown.db")
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("disk full"), "Disk full. Nothing is lost yet: your history is kept and written again."},
		{busy, "The database /x/headsdown.db is busy (locked by another program, or a long write); your history is kept and written as soon as it is free."},
	} {
		if got := savingErrorBody(c.err); got != c.want {
			t.Errorf("savingErrorBody(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// Which buttons each block end offers: the break or the next block when
// nothing started by itself, the next block when a break did or a break
// ended, none when the next block started by itself.
func TestBlockEndActions(t *testing.T) {
	keys := func(n Notification) string {
		var k []string
		for _, a := range n.Actions {
			k = append(k, a.Key)
		}
		return strings.Join(k, ",")
	}
	for _, c := range []struct {
		name     string
		settings focus.Settings
		want     []string // the buttons at the focus block's end, then the break's
	}{
		{"nothing starts by itself", focus.Settings{Plan: focus.Pomodoro}, []string{"start-break,start-focus", "start-focus"}},
		{"breaks start by themselves", focus.Settings{Plan: focus.Pomodoro, AutoStartBreak: true}, []string{"start-focus", "start-focus"}},
		{"everything starts by itself", focus.Settings{Plan: focus.Pomodoro, AutoStartBreak: true, AutoStartFocus: true}, []string{"start-focus", ""}},
	} {
		clock := focus.NewFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		e := focus.NewEngine(clock, c.settings)
		e.Start(0, "")
		clock.Advance(25 * time.Minute)
		n, _ := describe(e.Tick(), time.UTC, timefmt.H24)
		if e.Current() == nil {
			e.StartBreak(0)
		}
		clock.Advance(5 * time.Minute)
		m, _ := describe(e.Tick(), time.UTC, timefmt.H24)
		if got := []string{keys(n), keys(m)}; got[0] != c.want[0] || got[1] != c.want[1] {
			t.Errorf("%s: buttons %q (%s, %s), want %q", c.name, got, n.Title, m.Title, c.want)
		}
	}
}

// An old block-end button never stops what the user started since.
func TestStaleBlockEndButtons(t *testing.T) {
	focusing := &focus.Block{Kind: focus.KindFocus}
	onBreak := &focus.Block{Kind: focus.KindShortBreak}
	for _, c := range []struct {
		key   string
		cur   *focus.Block
		stale bool
	}{
		{ActionStartBreak, nil, false},
		{ActionStartBreak, focusing, true},
		{ActionStartBreak, onBreak, true},
		{ActionStartFocus, nil, false},
		{ActionStartFocus, onBreak, false},
		{ActionStartFocus, focusing, true},
		{ActionSnooze, focusing, false},
	} {
		if got := stale(c.key, c.cur); got != c.stale {
			t.Errorf("stale(%s, %v) = %v, want %v", c.key, c.cur, got, c.stale)
		}
	}
}

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// openAt runs the app with a clock fixed at now.
func openAt(t *testing.T, dir string, now time.Time) *running {
	t.Helper()
	return launchApp(t, dir, Options{Clock: focus.NewFakeClock(now), Location: time.UTC})
}

func TestWeeklySummaryOnceAfterLastWorkingDay(t *testing.T) {
	dir := t.TempDir()
	// A week with 3 h of focus: Mon 23 Nov 2026 ... Fri 27 Nov, working hours end 17:30.
	st, err := store.Open(context.Background(), files.In(dir).DB)
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	st.SaveBlocks(context.Background(), []focus.Block{{ID: 1, Kind: focus.KindFocus, StartedAt: mon, Planned: 3 * time.Hour,
		Active: 3 * time.Hour, EndedAt: mon.Add(3 * time.Hour), CheckpointAt: mon.Add(3 * time.Hour), Outcome: focus.OutcomeCompleted,
		Segments: []focus.Interval{{Start: mon, End: mon.Add(3 * time.Hour)}}}})
	st.Close()
	// A calendar's saved copy, as `headsdown calendar add` leaves it: two
	// meetings that week, 2 h 30 min in all.
	tue := mon.AddDate(0, 0, 1)
	if err := os.MkdirAll(files.In(dir).CalendarDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(files.In(dir).CalendarDir(), "work.ics"),
		[]byte(icsAt([2]time.Time{tue, tue.Add(2 * time.Hour)}, [2]time.Time{tue.Add(5 * time.Hour), tue.Add(5*time.Hour + 30*time.Minute)})), 0o600); err != nil {
		t.Fatal(err)
	}

	before := openAt(t, dir, time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)) // Friday, before the end
	before.stop()                                                            // every driver has ended and the notifier is drained
	if n := before.notes.titles(); len(n) != 0 {
		t.Fatalf("summary before it was due: %v", n)
	}

	after := openAt(t, dir, time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)) // Saturday: laptop was closed at 17:30
	waitFor(t, "the weekly summary", func() bool { return len(after.notes.titles()) == 1 })
	n := after.notes.notes[0]
	if n.Title != "Your week: 3 h of deep work" || !strings.Contains(n.Body, "1 block completed, daily goal not met") || !strings.Contains(n.Body, "3 h more than last week") ||
		!strings.Contains(n.Body, "; 2 h 30 min in meetings") {
		t.Fatalf("summary %+v", n)
	}
	after.stop()

	again := openAt(t, dir, time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC))
	again.stop()
	if len(again.notes.titles()) != 0 {
		t.Fatal("the summary was sent twice")
	}
}

func TestWeeklySummaryCanBeTurnedOff(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(files.In(dir).Config, []byte("[notifications]\nweekly_report = false\n"), 0o600)
	r := openAt(t, dir, time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC))
	r.stop()
	if n := r.notes.titles(); len(n) != 0 {
		t.Fatalf("notified while off: %v", n)
	}
}

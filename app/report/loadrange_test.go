package report

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// LoadRange reads the blocks and sums the pings at once; a failure of
// either is the report's error, and the report's figures come from both.
func TestLoadRangeReadsBlocksAndPingsTogether(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	w, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	b := focus.Block{ID: 1, Kind: focus.KindFocus, StartedAt: day, EndedAt: day.Add(time.Hour), CheckpointAt: day.Add(time.Hour),
		Active: time.Hour, Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: day, End: day.Add(time.Hour)}}}
	if err := w.SaveBlocks(ctx, []focus.Block{b}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddPings(ctx, []store.Ping{{Channel: "D1", TS: "1.1", ReceivedAt: day.Add(10 * time.Minute),
		DeliveredAt: day.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	month := focus.MonthPeriod(2026, time.November)
	o := Options{Loc: time.UTC, Now: day.AddDate(0, 1, 0)}
	load := func() (focus.RangeReport, error) {
		st, err := store.OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		return LoadRange(ctx, st, month, o)
	}
	r, err := load()
	if err != nil || r.Focus != time.Hour || r.PingsHeld != 1 || r.MedianDelivery != 50*time.Minute {
		t.Fatalf("report: %v; focus %s, %d held, median %s", err, r.Focus, r.PingsHeld, r.MedianDelivery)
	}

	// Without the day sums the pings cannot be summed (the blocks still
	// read): the report fails and says why.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`ALTER TABLE ping_days RENAME TO ping_days_gone`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := load(); err == nil || !strings.Contains(err.Error(), "sum up pings") {
		t.Fatalf("got %v, want the pings' error", err)
	}
}

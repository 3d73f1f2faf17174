package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesPrivateWALDatabase(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk, sync, busy, temp int
	s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
	s.db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	s.db.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&temp)
	if fk != 1 || sync != 1 || busy != 5000 || temp != 2 {
		t.Fatalf("foreign_keys=%d synchronous=%d busy_timeout=%d temp_store=%d (2: memory)", fk, sync, busy, temp)
	}
	if v, _ := s.version(ctx); v != SchemaVersion() {
		t.Fatalf("version %d, want %d", v, SchemaVersion())
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{path, path + "-wal"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if perm := fi.Mode().Perm(); perm != 0o600 {
				t.Errorf("%s has mode %o, want 600", filepath.Base(p), perm)
			}
		}
	}
}

// engineEvents runs a real engine through a day's worth of transitions.
func engineEvents(t *testing.T) ([]focus.Event, *focus.Engine) {
	t.Helper()
	c := focus.NewFakeClock(t0)
	e := focus.NewEngine(c, focus.Settings{Plan: focus.Pomodoro, AutoStartBreak: true})
	var all []focus.Event
	add := func(evs []focus.Event, err error) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, evs...)
	}
	add(e.Start(0, "q3"))
	c.Advance(25 * time.Minute)
	add(e.Tick(), nil)
	c.Advance(5 * time.Minute)
	add(e.Tick(), nil)
	add(e.Start(50*time.Minute, "deep"))
	c.Advance(10 * time.Minute)
	add(e.Pause())
	return all, e
}

func TestRecordAndRestoreRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	evs, e := engineEvents(t)
	if err := s.Record(ctx, evs); err != nil {
		t.Fatalf("Record: %v", err)
	}
	st, err := s.LoadEngineState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := e.Current()
	if st.Current == nil || !sameBlock(*st.Current, *want) {
		t.Fatalf("restored block\n got %+v\nwant %+v", st.Current, want)
	}
	if st.Cycle != e.Cycle() || st.LastID != e.LastID() {
		t.Fatalf("cycle %d lastID %d, want %d %d", st.Cycle, st.LastID, e.Cycle(), e.LastID())
	}
	blocks, err := s.Blocks(ctx, t0, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 || blocks[0].Outcome != focus.OutcomeCompleted || blocks[0].Active != 25*time.Minute || blocks[0].Tag != "q3" {
		t.Fatalf("blocks = %+v", blocks)
	}
	var n int
	s.db.QueryRowContext(ctx, "SELECT count(*) FROM transitions").Scan(&n)
	if n != len(evs) {
		t.Fatalf("%d transitions stored, want %d", n, len(evs))
	}
}

func sameBlock(a, b focus.Block) bool {
	eq := func(x, y time.Time) bool { return x.UnixMilli() == y.UnixMilli() }
	return a.ID == b.ID && a.Kind == b.Kind && a.Tag == b.Tag && a.Plan == b.Plan &&
		eq(a.StartedAt, b.StartedAt) && eq(a.Deadline, b.Deadline) && eq(a.PausedAt, b.PausedAt) &&
		eq(a.EndedAt, b.EndedAt) && eq(a.CheckpointAt, b.CheckpointAt) && a.Planned == b.Planned &&
		a.Remaining == b.Remaining && a.Active == b.Active && a.Paused == b.Paused &&
		a.Suspended == b.Suspended && a.Pauses == b.Pauses && a.Outcome == b.Outcome &&
		a.Deadline.IsZero() == b.Deadline.IsZero() &&
		a.Away == b.Away && a.PauseReason == b.PauseReason &&
		sameIntervals(a.Segments, b.Segments) && sameIntervals(a.AwaySpans, b.AwaySpans)
}

func sameIntervals(a, b []focus.Interval) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Start.UnixMilli() != b[i].Start.UnixMilli() || a[i].End.UnixMilli() != b[i].End.UnixMilli() {
			return false
		}
	}
	return true
}

func TestAwayAndPauseReasonRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	c := focus.NewFakeClock(t0)
	e := focus.NewEngine(c, focus.Settings{Plan: focus.Pomodoro})
	record := func(evs []focus.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ctx, evs); err != nil {
			t.Fatalf("Record: %v", err)
		}
	}
	inFlight := func(want focus.PauseReason) {
		t.Helper()
		st, err := s.LoadEngineState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Current == nil || !sameBlock(*st.Current, *e.Current()) || st.Current.PauseReason != want {
			t.Fatalf("in flight\n got %+v\nwant %+v", st.Current, e.Current())
		}
	}
	record(e.Start(0, "q3"))
	c.Advance(10 * time.Minute)
	record(e.PauseAt(t0.Add(8*time.Minute), focus.PauseAway)) // idle since 09:08
	inFlight(focus.PauseAway)
	c.Advance(30 * time.Minute)
	record(e.Resume())
	c.Advance(5 * time.Minute)
	record(e.Pause())
	inFlight(focus.PauseManual)
	c.Advance(5 * time.Minute)
	record(e.Resume())
	c.Advance(5 * time.Minute)
	record(e.PauseAt(c.Now(), focus.PauseAway))
	c.Advance(time.Hour)
	evs, err := e.StopAt(t0.Add(90 * time.Minute))
	record(evs, err)
	want := evs[0].Block
	if want.Away != (32+35)*time.Minute || len(want.AwaySpans) != 2 {
		t.Fatalf("the engine's block %+v", want)
	}
	blocks, err := s.Blocks(ctx, t0, t0.Add(time.Hour))
	if err != nil || len(blocks) != 1 || !sameBlock(blocks[0], want) {
		t.Fatalf("stored\n got %+v, %v\nwant %+v", blocks, err, want)
	}
}

func TestCheckpointSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	evs, e := engineEvents(t)
	if err := s.Record(ctx, evs); err != nil {
		t.Fatal(err)
	}
	b := *e.Current()
	b.Active += time.Minute
	if err := s.Checkpoint(ctx, b); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, _ := s2.LoadEngineState(ctx)
	if st.Current == nil || st.Current.Active != b.Active {
		t.Fatalf("checkpoint lost: %+v", st.Current)
	}
}

func TestOnlyOneBlockInFlight(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	open := func(id int64) focus.Block {
		return focus.Block{ID: id, Kind: focus.KindFocus, StartedAt: t0, Planned: time.Minute, Deadline: t0.Add(time.Minute), CheckpointAt: t0}
	}
	if err := s.Checkpoint(ctx, open(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx, open(2)); err == nil {
		t.Fatal("a second open block was accepted")
	}
}

func TestMigratesFromEveryOlderVersion(t *testing.T) {
	ctx := context.Background()
	for from := 0; from <= SchemaVersion(); from++ {
		path := filepath.Join(t.TempDir(), FileName)
		s, err := open(ctx, path, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.migrateTo(ctx, from); err != nil {
			t.Fatalf("build version %d: %v", from, err)
		}
		// Data written by an older version must survive the upgrade: a
		// finished block, and a block in flight, paused.
		if from >= 1 {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO blocks (id, kind, started_at, planned_ms, checkpoint_at, ended_at, outcome, active_ms)
				VALUES (7, 'focus', ?, 1500000, ?, ?, 'completed', 1500000)`, t0.UnixMilli(), t0.UnixMilli(), t0.UnixMilli()); err != nil {
				t.Fatal(err)
			}
			paused := t0.Add(2 * time.Hour).UnixMilli()
			if _, err := s.db.ExecContext(ctx, `INSERT INTO blocks (id, kind, started_at, planned_ms, checkpoint_at, paused_at, remaining_ms, active_ms, paused_ms, pauses)
				VALUES (8, 'focus', ?, 1500000, ?, ?, 900000, 600000, 60000, 1)`, paused-600000, paused, paused); err != nil {
				t.Fatal(err)
			}
		}
		// A ping held for review, and an auto-reply queued for a block
		// whose history never reached the file (a quit before the write).
		if from >= 3 {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO pings (channel, ts, user_id, kind, text, received_at)
				VALUES ('D1', '1700000000.000100', 'U2', 'im', 'still there?', ?)`, t0.UnixMilli()); err != nil {
				t.Fatal(err)
			}
		}
		if from >= 6 {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO auto_replies (block_id, block_start, user_id, channel, ts, text, queued_at)
				VALUES (12, ?, 'U2', 'D1', '1700000000.000100', '(auto) back at 10:25', ?)`, t0.UnixMilli(), t0.UnixMilli()); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("migrate from %d: %v", from, err)
		}
		if v, _ := s.version(ctx); v != SchemaVersion() {
			t.Fatalf("from %d: version %d", from, v)
		}
		if from >= 1 {
			blocks, err := s.Blocks(ctx, t0, t0.Add(time.Hour))
			if err != nil || len(blocks) != 1 || blocks[0].Active != 25*time.Minute || blocks[0].Away != 0 || blocks[0].AwaySpans != nil {
				t.Fatalf("from %d: blocks %+v, %v", from, blocks, err)
			}
			st, err := s.LoadEngineState(ctx)
			if err != nil || st.Current == nil || st.Current.ID != 8 || !st.Current.IsPaused() ||
				st.Current.PauseReason != focus.PauseManual || st.Current.Active != 10*time.Minute || st.Current.Paused != time.Minute {
				t.Fatalf("from %d: block in flight %+v, %v", from, st.Current, err)
			}
			// The next block never takes an ID an auto-reply refers to.
			wantLast := int64(8)
			if from >= 6 {
				wantLast = 12
			}
			if st.LastID != wantLast {
				t.Fatalf("from %d: last block ID %d, want %d", from, st.LastID, wantLast)
			}
		}
		if from >= 3 {
			ps, err := s.Pings(ctx, PingFilter{Waiting: true})
			if err != nil || len(ps) != 1 || ps[0].InThread() || ps[0].ReplyThread() != "1700000000.000100" {
				t.Fatalf("from %d: the held ping %+v, %v", from, ps, err)
			}
			if c, err := s.CountHeld(ctx); err != nil || c != (PingCounts{Held: 1}) {
				t.Fatalf("from %d: counts %+v, %v", from, c, err)
			}
		}
		if from >= 6 {
			rs, err := s.QueuedReplies(ctx)
			if err != nil || len(rs) != 1 || rs[0].ThreadTS != "" || rs[0].Thread() != "1700000000.000100" {
				t.Fatalf("from %d: the queued reply %+v, %v", from, rs, err)
			}
		}
		// And the new columns take the away accounting.
		b := focus.Block{ID: 9, Kind: focus.KindFocus, StartedAt: t0.Add(3 * time.Hour), Planned: time.Hour,
			CheckpointAt: t0.Add(4 * time.Hour), EndedAt: t0.Add(4 * time.Hour), Outcome: focus.OutcomeStopped,
			Paused: time.Hour, Away: time.Hour, AwaySpans: []focus.Interval{{Start: t0.Add(3 * time.Hour), End: t0.Add(4 * time.Hour)}}}
		if err := s.SaveBlocks(ctx, []focus.Block{b}); err != nil {
			t.Fatalf("from %d: %v", from, err)
		}
		if got, err := s.Blocks(ctx, b.StartedAt, b.EndedAt); err != nil || len(got) != 1 || !sameBlock(got[0], b) {
			t.Fatalf("from %d: away block read back %+v, %v", from, got, err)
		}
		s.Close()
	}
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := readFile(t, path)
	_, err := Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open newer DB: %v", err)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Fatal("a newer database was modified")
	}
	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Fatal("read-only open accepted a newer schema")
	}
}

func TestCorruptFileIsReportedAndLeftUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	junk := bytes.Repeat([]byte("this is not sqlite "), 400)
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "untouched") {
		t.Fatalf("Open corrupt DB: %v", err)
	}
	if !bytes.Equal(junk, readFile(t, path)) {
		t.Fatal("a corrupt database was modified")
	}
}

func TestUnwritableLocationIsAClearError(t *testing.T) {
	// A path below a regular file fails for root too, unlike permission bits.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o600)
	_, err := Open(context.Background(), filepath.Join(blocker, "sub", FileName))
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Fatalf("Open under a file: %v", err)
	}
}

func TestReadOnlyReaderSeesWritesAndCannotWrite(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	evs, _ := engineEvents(t)
	if err := s.Record(ctx, evs[:2]); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := s.Record(ctx, evs[2:]); err != nil {
		t.Fatal(err)
	}
	blocks, err := r.Blocks(ctx, t0, t0.Add(time.Hour*24))
	if err != nil || len(blocks) != 3 {
		t.Fatalf("reader saw %d blocks, %v", len(blocks), err)
	}
	if err := r.Record(ctx, evs); err == nil {
		t.Fatal("read-only store accepted a write")
	}
	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "missing.db")); err == nil || !strings.Contains(err.Error(), "missing.db") {
		t.Fatalf("missing file: %v", err)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkRecordTransition(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := focus.NewFakeClock(t0)
	e := focus.NewEngine(c, focus.Settings{Plan: focus.Pomodoro})
	ctx := context.Background()
	for b.Loop() {
		evs, _ := e.Start(0, "")
		c.Advance(time.Minute)
		stop, _ := e.Stop()
		if err := s.Record(ctx, append(evs, stop...)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKVRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	type thing struct {
		A string
		B int
	}
	var got thing
	if found, err := s.GetJSON(ctx, "x", &got); found || err != nil {
		t.Fatalf("missing key: %v %v", found, err)
	}
	for _, v := range []thing{{"a", 1}, {"b", 2}} {
		if err := s.PutJSON(ctx, "x", v); err != nil {
			t.Fatal(err)
		}
		if found, err := s.GetJSON(ctx, "x", &got); !found || err != nil || got != v {
			t.Fatalf("got %+v %v %v", got, found, err)
		}
	}
}

func TestRecentTags(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	var blocks []focus.Block
	for i, b := range []struct {
		kind focus.Kind
		tag  string
	}{{focus.KindFocus, "essay"}, {focus.KindFocus, "q3"}, {focus.KindFocus, ""}, {focus.KindShortBreak, "break-tag"},
		{focus.KindFocus, "essay"}, {focus.KindFocus, "review"}, {focus.KindFocus, "inbox"}} {
		at := t0.Add(time.Duration(i) * time.Hour)
		end := at.Add(25 * time.Minute)
		blocks = append(blocks, focus.Block{ID: int64(i + 1), Kind: b.kind, Tag: b.tag, StartedAt: at, Planned: 25 * time.Minute,
			Deadline: end, CheckpointAt: end, EndedAt: end, Outcome: focus.OutcomeCompleted})
	}
	if err := s.SaveBlocks(ctx, blocks); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentTags(ctx, 3)
	if err != nil || strings.Join(got, ",") != "inbox,review,essay" {
		t.Fatalf("RecentTags = %q, %v; want the last three distinct focus tags, newest first", got, err)
	}
	got, _ = s.RecentTags(ctx, 10)
	if strings.Join(got, ",") != "inbox,review,essay,q3" {
		t.Fatalf("RecentTags(10) = %q", got)
	}
}

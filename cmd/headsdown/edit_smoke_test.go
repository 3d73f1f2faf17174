package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// The history commands through the real binary: with the app not running
// (the CLI writes under the instance lock) and with it running (the CLI
// asks it), every refusal with exit status 1 and its reason.
func TestSmokeAddEditDeleteRestore(t *testing.T) {
	bin := buildBinary(t)
	dataDir := t.TempDir()
	env := append(os.Environ(), "HEADSDOWN_DATA_DIR="+dataDir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=", "TZ=UTC")
	cli := &instance{bin: bin, env: env}
	if _, errs, code := cli.cli(t, "add", "--start", "2026-12-01 09:00", "--end", "2026-12-01 10:00"); code != 1 || !strings.Contains(errs, "no history yet") {
		t.Fatalf("add before any history: exit %d %q", code, errs)
	}
	// One block the timer recorded, yesterday 09:00–10:00 UTC.
	day := time.Now().UTC().AddDate(0, 0, -1)
	at := func(h, m int) string {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC).Format("2006-01-02 15:04")
	}
	st, err := store.Open(context.Background(), filepath.Join(dataDir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	s := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.UTC)
	if err := st.SaveBlocks(context.Background(), []focus.Block{{ID: 1, Kind: focus.KindFocus, Plan: "pomodoro", StartedAt: s,
		EndedAt: s.Add(time.Hour), CheckpointAt: s.Add(time.Hour), Active: time.Hour, Outcome: focus.OutcomeCompleted,
		Segments: []focus.Interval{{Start: s, End: s.Add(time.Hour)}}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	future := time.Now().UTC().Add(time.Hour).Format("2006-01-02 15:04")
	refusals := func(t *testing.T, in *instance) {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"add", "--start", at(9, 30), "--end", at(10, 30)}, "it overlaps block 1 ("},
			{[]string{"add", "--start", at(12, 0), "--end", at(11, 0)}, "is not after the start"},
			{[]string{"add", "--start", at(23, 0), "--end", future}, "is in the future"},
			{[]string{"add", "--start", at(0, 0), "--end", at(12, 30)}, "12 h 30 min is longer than 12 h"},
			{[]string{"add", "--start", "yesterday", "--end", at(12, 30)}, `--start: "yesterday" is not a time`},
			{[]string{"edit", "1", "--end", at(9, 45)}, ""}, // allowed: checked below
			{[]string{"delete", "77"}, "there is no block 77"},
			{[]string{"restore", "1"}, "block 1 is not deleted"},
		} {
			out, errs, code := in.cli(t, c.args...)
			if c.want == "" {
				if code != 0 || !strings.Contains(out, "Block 1 is now") || !strings.Contains(out, "marked manual") {
					t.Errorf("%v: exit %d %q %q", c.args, code, out, errs)
				}
				in.cli(t, "edit", "1", "--end", at(10, 0))
				continue
			}
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 1 saying %q", c.args, code, errs, c.want)
			}
		}
	}
	added := regexp.MustCompile(`^Added block (\d+): `)
	t.Run("without the app", func(t *testing.T) {
		refusals(t, cli)
		out, errs, code := cli.cli(t, "add", "--start", at(10, 0), "--end", at(11, 30), "--tag", "train")
		m := added.FindStringSubmatch(out)
		if code != 0 || m == nil || !strings.Contains(out, "(1 h 30 min), tag train, marked manual.") {
			t.Fatalf("add: exit %d %q %q", code, out, errs)
		}
		if out, _, code := cli.cli(t, "delete", m[1]); code != 0 || !strings.Contains(out, "Undo with `headsdown restore "+m[1]+"`") {
			t.Fatalf("delete: %d %q", code, out)
		}
		if out, _, _ := cli.cli(t, "history", "--json"); strings.Contains(out, `"tag": "train"`) {
			t.Fatalf("a deleted block is listed:\n%s", out)
		}
		if out, _, code := cli.cli(t, "restore", m[1]); code != 0 || !strings.HasPrefix(out, "Restored block "+m[1]) {
			t.Fatalf("restore: %d %q", code, out)
		}
	})
	t.Run("with the app running", func(t *testing.T) {
		in := launch(t, bin, env, "--headless")
		waitUntil(t, "the control socket", 10*time.Second, func() bool {
			_, _, code := in.cli(t, "status")
			return code == 0
		})
		refusals(t, in)
		out, errs, code := in.cli(t, "add", "--start", at(13, 0), "--end", at(14, 0), "--tag", "lunch-read")
		m := added.FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("add: exit %d %q %q", code, out, errs)
		}
		// Another computer's block, merged through the running app.
		ls := time.Date(day.Year(), day.Month(), day.Day(), 15, 0, 0, 0, time.UTC)
		laptop := &instance{bin: bin, env: envFor(seedDir(t, []focus.Block{{ID: 1, Kind: focus.KindFocus, StartedAt: ls, EndedAt: ls.Add(time.Hour),
			CheckpointAt: ls.Add(time.Hour), Active: time.Hour, Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: ls, End: ls.Add(time.Hour)}}}}))}
		lfile := filepath.Join(t.TempDir(), "laptop.json")
		if _, errs, code := laptop.cli(t, "export", "-o", lfile); code != 0 {
			t.Fatal(errs)
		}
		if out, errs, code := in.cli(t, "import", lfile); code != 0 || !strings.Contains(out, ": 1 block added, 0 blocks here already, 0 skipped.") {
			t.Fatalf("import through the app: exit %d %q %q", code, out, errs)
		}
		// The engine's next block takes a new ID (above the added and the
		// imported ones), and is neither edited nor deleted while it runs.
		if _, errs, code := in.cli(t, "start", "25", "--tag", "now"); code != 0 {
			t.Fatalf("start: %s", errs)
		}
		var list []HistoryEntry
		out, _, _ = in.cli(t, "history", "--json")
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 5 || list[0].Outcome != "running" || fmt.Sprint(list[0].ID) == m[1] {
			t.Fatalf("history: %v\n%s", err, out)
		}
		running := fmt.Sprint(list[0].ID)
		for _, e := range list[1:] {
			if e.ID >= list[0].ID {
				t.Fatalf("the running block %d does not come after block %d", list[0].ID, e.ID)
			}
		}
		for _, args := range [][]string{{"edit", running, "--tag", "x"}, {"delete", running}} {
			if _, errs, code := in.cli(t, args...); code != 1 || !strings.Contains(errs, "still running): stop it first") {
				t.Errorf("%v: exit %d %q", args, code, errs)
			}
		}
		// A block that ends a second into the running one (once that
		// second has passed: no end in the future).
		started, _ := time.Parse(time.RFC3339, list[0].Start)
		end := started.Add(time.Second)
		waitUntil(t, "a second into the running block", 5*time.Second, func() bool { return time.Now().After(end) })
		if _, errs, code := in.cli(t, "add", "--start", started.Add(-time.Hour).Format(time.RFC3339), "--end", end.Format(time.RFC3339)); code != 1 ||
			!strings.Contains(errs, "it overlaps block "+running) {
			t.Errorf("add over the running block: exit %d %q", code, errs)
		}
		if _, errs, code := in.cli(t, "stop"); code != 0 {
			t.Fatal(errs)
		}
		out, _, _ = in.cli(t, "report", "--from", day.Format("2006-01-02"), "--to", day.Format("2006-01-02"), "--format", "json")
		var r struct {
			Focus  int64 `json:"focus_seconds"`
			Manual int64 `json:"manual_seconds"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Focus != (60+90+60+60)*60 || r.Manual != (60+90+60)*60 { // block 1 was edited
			t.Fatalf("report of the day: %v %+v\n%s", err, r, out)
		}
	})
}

// A correction made before the first start of this version goes to the
// user's history in the old layout (files.Default falls back to it; the
// app moves it at its next start), not to a new, empty database.
func TestSmokeAddMovesTheOldLayoutFirst(t *testing.T) {
	bin := buildBinary(t)
	home := t.TempDir()
	run := filepath.Join(t.TempDir(), "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+home, "HEADSDOWN_DATA_DIR=", "XDG_CONFIG_HOME=", "XDG_DATA_HOME=", "XDG_STATE_HOME=",
		"XDG_RUNTIME_DIR="+run, "TZ=UTC", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "DISPLAY=")
	old := filepath.Join(home, ".config", "headsdown")
	s := time.Now().UTC().AddDate(0, 0, -2).Truncate(time.Hour)
	st, err := store.Open(context.Background(), filepath.Join(old, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveBlocks(context.Background(), []focus.Block{{ID: 1, Kind: focus.KindFocus, StartedAt: s, EndedAt: s.Add(time.Hour),
		CheckpointAt: s.Add(time.Hour), Active: time.Hour, Outcome: focus.OutcomeCompleted, Segments: []focus.Interval{{Start: s, End: s.Add(time.Hour)}}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cli := &instance{bin: bin, env: env}
	out, errs, code := cli.cli(t, "add", "--start", s.Add(2*time.Hour).Format(time.RFC3339), "--end", s.Add(3*time.Hour).Format(time.RFC3339))
	if code != 0 || !strings.HasPrefix(out, "Added block 2:") {
		t.Fatalf("add: exit %d %q %q", code, out, errs)
	}
	out, _, _ = cli.cli(t, "history", "--json")
	var list []HistoryEntry
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 2 {
		t.Fatalf("history after the move: %v\n%s", err, out)
	}
}

package app

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// A database locked by another program (a sqlite3 shell holding a write
// transaction) never freezes the app: a command answers within the loop's
// step timeout, says what is wrong, and the history it could not write is
// written once the lock goes.
func TestLockedDatabaseNeverFreezesTheLoop(t *testing.T) {
	dir := t.TempDir()
	clock := newSafeClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	r.do(t, control.Request{Cmd: control.CmdStatus})

	other, err := sql.Open("sqlite", "file:"+r.paths.DB+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	resp, err := control.Call(ctx, r.paths.Socket, control.Request{Cmd: control.CmdStart, Duration: "25m", Tag: "locked"})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	// Well under the 5 s the database itself would wait for the lock.
	if took > 3*time.Second {
		t.Fatalf("start took %v with the database locked", took)
	}
	if resp.OK || !strings.Contains(resp.Error, "is busy (locked by another program") || resp.Status.State != "focus" {
		t.Fatalf("start with the database locked: ok %v, error %q, state %q", resp.OK, resp.Error, resp.Status.State)
	}
	if st := r.do(t, control.Request{Cmd: control.CmdStatus}); len(st.Warnings) == 0 || !strings.Contains(st.Warnings[0], "history not saved") {
		t.Fatalf("status warnings %q", st.Warnings)
	}

	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(retryWritesAfter) // the retry is due; the app wakes for it
	waitFor(t, "the warning to clear", func() bool { return len(r.app.Status().Warnings) == 0 })
	r.stop()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blocks, err := db.AllBlocks(context.Background())
	if err != nil || len(blocks) != 1 || blocks[0].Tag != "locked" {
		t.Fatalf("blocks after the lock went: %+v %v", blocks, err)
	}
}

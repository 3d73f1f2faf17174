package inbox

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

// The app's loop names senders from the cache (CachedName) and must never
// wait while the directory reads the database: here another program holds
// the database's write lock, so the store's one connection is taken by a
// write waiting out busy_timeout (5 s) and the directory's first load
// waits behind it. The loop's reads stay instant all along.
func TestCachedNameNeverWaitsOnTheDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutUser(ctx, store.User{ID: "U0BO", Name: "bo", RealName: "Bo Chen", FetchedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// Another connection (as another program would) takes the write lock.
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	// A write (as the intake's) takes the store's only connection and
	// waits for the lock.
	writeDone := make(chan error, 1)
	go func() { writeDone <- st.PutUser(ctx, store.User{ID: "U0CY", Name: "cy", FetchedAt: time.Now()}) }()
	// Wait until it holds the connection: a read then cannot get one.
	eventually(t, "the write to hold the connection", 5*time.Second, func() bool {
		pctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		_, err := st.Users(pctx)
		return err != nil
	})

	d := NewDirectory(nil, st, slog.New(slog.DiscardHandler))
	loadDone := make(chan struct{})
	began := time.Now()
	go func() { d.Load(ctx); close(loadDone) }()
	var worst time.Duration
	for loading := true; loading; {
		select {
		case <-loadDone:
			loading = false
		default:
		}
		t0 := time.Now()
		d.CachedName("U0BO")
		worst = max(worst, time.Since(t0))
	}
	loadTook := time.Since(began)
	<-writeDone
	if loadTook < time.Second {
		t.Fatalf("the load took %v: the database was not held, so this test proves nothing", loadTook)
	}
	if worst > 500*time.Millisecond {
		t.Fatalf("CachedName waited %v while the directory read a locked database (the load took %v)", worst, loadTook)
	}
	// Once loaded, the cache has what the database held.
	if n := d.CachedName("U0BO"); n != "Bo Chen" {
		t.Fatalf("after the load: %q", n)
	}
}

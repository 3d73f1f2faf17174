package app

import (
	"context"
	"testing"

	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
)

// The welcome window opens at the very first start only: not at the
// next, and not for someone upgrading from a version without it.
func TestFirstRun(t *testing.T) {
	dir := t.TempDir()
	r := startApp(t, dir)
	if !r.app.FirstRun() {
		t.Fatal("the first start is not a first run")
	}
	r.stop()
	r2 := startApp(t, dir)
	if r2.app.FirstRun() {
		t.Fatal("the second start is a first run too")
	}
	r2.stop()

	// An earlier version's database: it kept the last good settings.
	old := t.TempDir()
	st, err := store.Open(context.Background(), files.In(old).DB)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutJSON(context.Background(), kvLastGoodSettings, "[focus]\n"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if r3 := startApp(t, old); r3.app.FirstRun() {
		t.Fatal("an upgrade is treated as a first run")
	}
}

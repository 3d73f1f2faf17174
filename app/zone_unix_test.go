//go:build !windows

package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The system's zone is read again from its file only when the file
// changed, and gives the new zone by its name.
func TestZoneFileReadAgainWhenItChanges(t *testing.T) {
	paris, berlin := "/usr/share/zoneinfo/Europe/Paris", "/usr/share/zoneinfo/Asia/Tokyo"
	for _, p := range []string{paris, berlin} {
		if _, err := os.Stat(p); err != nil {
			t.Skip("no zoneinfo files here: ", err)
		}
	}
	link := filepath.Join(t.TempDir(), "localtime")
	if err := os.Symlink(paris, link); err != nil {
		t.Fatal(err)
	}
	z := &zoneFile{path: link, loc: time.Local}
	z.key = z.stat()
	if z.now() != time.Local {
		t.Fatal("unchanged file, yet another zone")
	}
	// As timedatectl does: a new link put in place of the old.
	tmp := link + ".new"
	if err := os.Symlink(berlin, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	loc := z.now()
	if loc.String() != "Asia/Tokyo" {
		t.Fatalf("zone %q after the change, want Asia/Tokyo", loc)
	}
	if _, off := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC).In(loc).Zone(); off != 9*3600 {
		t.Fatalf("offset %d, want +9 h", off)
	}
	if z.now() != loc {
		t.Fatal("read again with nothing changed")
	}
}

package calendars

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

func TestAddRefusesWhatIsNotACalendarAndKeepsNothing(t *testing.T) {
	dir := t.TempDir()
	l := List{Dir: dir, Keyring: &slacktest.Keyring{}}
	f := &calendar.Fetcher{Dir: filepath.Join(dir, "calendar")}
	now := time.Now()
	opts := calendar.Options{From: now, To: now.Add(14 * 24 * time.Hour)}
	bad, _ := filepath.Abs("../../calendar/testdata/bad-malformed.ics")
	truncated, _ := filepath.Abs("../../calendar/testdata/bad-truncated.ics")
	// Whole (it ends with END:VCALENDAR), but its content does not parse.
	garbled := filepath.Join(dir, "garbled.ics")
	if err := os.WriteFile(garbled, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;=;:x\r\nno colon here\r\nEND:VCALENDAR\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good, _ := filepath.Abs("../../calendar/testdata/nextcloud.ics")
	for _, c := range []struct{ name, where, give, reason string }{
		{"malformed", bad, "", "not added"},
		{"truncated", truncated, "", "not added"},
		{"garbled", garbled, "", "not added"},
		{"missing file", filepath.Join(dir, "nope.ics"), "", "does not exist"},
		{"bad name", good, "a\tb", ErrBadName.Error()},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Add(context.Background(), l, f, c.where, c.give, opts)
			if err == nil || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("Add: %v; want %q", err, c.reason)
			}
			if srcs, _, _ := l.Load(); len(srcs) != 0 {
				t.Errorf("stored %v", srcs)
			}
			if _, _, ok := f.Cached(calendar.Source{Where: c.where}); ok {
				t.Error("a copy of a refused calendar stays behind")
			}
		})
	}
	if _, err := Add(context.Background(), l, f, good, "a\tb", opts); !errors.Is(err, ErrBadName) {
		t.Errorf("a bad name: %v; want ErrBadName", err)
	}

	// A good file is added under its own name; a second one gets a number.
	added, err := Add(context.Background(), l, f, good, "", opts)
	if err != nil || added.Source.Name != "nextcloud" || added.Events == 0 {
		t.Fatalf("Add: %+v, %v", added, err)
	}
	if got := DefaultName(calendar.KindFile, good, []calendar.Source{added.Source}); got != "nextcloud-2" {
		t.Errorf("DefaultName = %q; want nextcloud-2", got)
	}

	// Remove: an unknown name lists the ones there are; a known one goes with its copy.
	if _, err := Remove(l, f, "work"); err == nil || !strings.Contains(err.Error(), "nextcloud") {
		t.Errorf("Remove(unknown) = %v; want the names there are", err)
	}
	if _, err := Remove(l, f, "nextcloud"); err != nil {
		t.Fatal(err)
	}
	if srcs, _, _ := l.Load(); len(srcs) != 0 {
		t.Errorf("after Remove: %v", srcs)
	}
	if _, _, ok := f.Cached(added.Source); ok {
		t.Error("the saved copy stays after Remove")
	}
}

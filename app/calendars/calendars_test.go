package calendars

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

const secret = "https://calendar.google.com/calendar/ical/me%40example.com/private-0123456789abcdef/basic.ics"

func TestListWithoutKeyringIsAnOwnerOnlyFileThatMovesIntoTheKeyring(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: Credential Manager is always there, so there is no keyring-less file")
	}
	kr := &slacktest.Keyring{}
	kr.SetAbsent(true)
	l := List{Dir: filepath.Join(t.TempDir(), "config"), Keyring: kr}
	srcs := []calendar.Source{{Name: "work", Where: secret}, {Name: "home", Where: "/home/me/cal.ics"}}
	where, err := l.Save(srcs)
	if err != nil || where != slackapi.InFile {
		t.Fatalf("Save = %q, %v; want the file", where, err)
	}
	if fi, err := os.Stat(l.FilePath()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v, %v; want mode 0600", fi, err)
	}
	if entries, _ := os.ReadDir(l.Dir); len(entries) != 1 {
		t.Errorf("config dir holds %d entries; a leftover temporary file would be a copy of the links", len(entries))
	}
	got, where, err := l.Load()
	if err != nil || where != slackapi.InFile || !reflect.DeepEqual(got, []calendar.Source{{Name: "home", Where: "/home/me/cal.ics"}, {Name: "work", Where: secret}}) {
		t.Fatalf("Load = %v, %q, %v", got, where, err)
	}
	kr.SetAbsent(false)
	got, where, err = l.Load()
	if err != nil || where != slackapi.InKeyring || len(got) != 2 {
		t.Fatalf("Load after the keyring appeared = %v, %q, %v", got, where, err)
	}
	if _, err := os.Stat(l.FilePath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file is still there after the move: %v", err)
	}
	if v, _ := kr.Item(slackapi.KeyringService, keyringUser); !strings.Contains(v, secret) {
		t.Errorf("keyring holds %q", v)
	}
	if _, err := l.Save(nil); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := l.Load(); len(got) != 0 {
		t.Errorf("after removing all: %v", got)
	}
}

func TestListLockedKeyringIsAnErrorNotAFile(t *testing.T) {
	kr := &slacktest.Keyring{}
	kr.Refuse(keyringUser)
	l := List{Dir: t.TempDir(), Keyring: kr}
	_, err := l.Save([]calendar.Source{{Name: "work", Where: secret}})
	var ke *slackapi.KeyringError
	if !errors.As(err, &ke) {
		t.Fatalf("Save to a locked keyring: %v; want a KeyringError", err)
	}
	if strings.Contains(err.Error(), "private-") {
		t.Errorf("the error shows the link: %v", err)
	}
	if _, err := os.Stat(l.FilePath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("the links were written to a file although a keyring is there")
	}
}

func TestFind(t *testing.T) {
	srcs := []calendar.Source{{Name: "Work"}, {Name: "home"}}
	for _, tt := range []struct {
		name string
		i    int
		ok   bool
	}{{"work", 0, true}, {"HOME", 1, true}, {"gym", -1, false}} {
		t.Run(tt.name, func(t *testing.T) {
			if i, ok := Find(srcs, tt.name); i != tt.i || ok != tt.ok {
				t.Errorf("Find(%q) = %d, %v", tt.name, i, ok)
			}
		})
	}
}

package report

import (
	"errors"
	"io/fs"
	"testing"
	"time"
)

func TestZoneNameIsTheIANAName(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if got := ZoneName(berlin); got != "Europe/Berlin" {
		t.Fatalf("a named zone: %q", got)
	}
	none := func(string) (string, error) { return "", fs.ErrNotExist }
	noFile := func(string) ([]byte, error) { return nil, fs.ErrNotExist }
	noEnv := func(string) (string, bool) { return "", false }
	env := func(v string) func(string) (string, bool) {
		return func(k string) (string, bool) { return v, k == "TZ" }
	}
	for _, c := range []struct {
		name string
		src  zoneSources
		want string
	}{
		{"TZ names it", zoneSources{env("America/New_York"), none, noFile}, "America/New_York"},
		{"TZ with a colon", zoneSources{env(":Asia/Tokyo"), none, noFile}, "Asia/Tokyo"},
		{"TZ empty is UTC", zoneSources{env(""), none, noFile}, "UTC"},
		{"TZ a path", zoneSources{env("/usr/share/zoneinfo/Pacific/Auckland"), none, noFile}, "Pacific/Auckland"},
		{"TZ unknown", zoneSources{env("Mars/Olympus"), none, noFile}, "Local"},
		{"the link", zoneSources{noEnv, func(string) (string, error) { return "/usr/share/zoneinfo/Europe/Paris", nil }, noFile}, "Europe/Paris"},
		{"a relative link", zoneSources{noEnv, func(string) (string, error) { return "../usr/share/zoneinfo/Europe/Oslo", nil }, noFile}, "Europe/Oslo"},
		{"Debian's file", zoneSources{noEnv, none, func(string) ([]byte, error) { return []byte("Europe/Lisbon\n"), nil }}, "Europe/Lisbon"},
		{"nothing says", zoneSources{noEnv, func(string) (string, error) { return "", errors.New("not a link") }, noFile}, "Local"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := systemZoneName(c.src); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

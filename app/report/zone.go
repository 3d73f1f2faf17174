package report

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ZoneName is loc's IANA name ("Europe/Berlin"), the name a reader of a
// report or a script can look up. Go names the system's own zone "Local";
// that one is named from TZ, else from where /etc/localtime points, else
// from /etc/timezone (Debian and Ubuntu), and "Local" only when none says
// (Windows, whose zones have no IANA names in the registry).
func ZoneName(loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	if n := loc.String(); n != "Local" {
		return n
	}
	return systemZoneName(zoneSources{os.LookupEnv, os.Readlink, os.ReadFile})
}

// zoneSources are where the system's zone name can be read; tests fake them.
type zoneSources struct {
	env      func(string) (string, bool)
	readlink func(string) (string, error)
	readFile func(string) ([]byte, error)
}

func systemZoneName(s zoneSources) string {
	if tz, ok := s.env("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if tz == "" || tz == "UTC" {
			return "UTC" // Go reads an empty TZ as UTC
		}
		// A path to a zone file (any OS's slashes), or a zone's name.
		if name := afterZoneinfo(tz); name != "" {
			return name
		}
		if _, err := time.LoadLocation(tz); err == nil && !filepath.IsAbs(tz) {
			return tz
		}
		return "Local" // a TZ Go could not name: say nothing false
	}
	if target, err := s.readlink("/etc/localtime"); err == nil {
		if name := afterZoneinfo(target); name != "" {
			return name
		}
	}
	if b, err := s.readFile("/etc/timezone"); err == nil {
		if name := strings.TrimSpace(string(b)); name != "" {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "Local"
}

// afterZoneinfo is "Europe/Paris" from ".../zoneinfo/Europe/Paris".
func afterZoneinfo(path string) string {
	if _, name, ok := strings.Cut(filepath.ToSlash(path), "zoneinfo/"); ok {
		return name
	}
	return ""
}

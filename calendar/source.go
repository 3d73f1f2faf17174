package calendar

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
)

// Source is one calendar the user added: a name they chose and where it is read from.
// Where is a secret for links (whoever has the link reads the calendar), so it is
// only ever shown through Elided. A new kind of source (CalDAV, the desktop's
// calendar) is a new kind of Where, read by Fetcher.
type Source struct {
	Name  string
	Where string // https://… (webcal:// is read as https://), http://localhost…, file:///… or a file path
}

// Kind tells how a source is read.
type Kind int

const (
	KindURL Kind = iota
	KindFile
)

// Parse checks where and says how it will be read: https only, except loopback
// (a local server, tests) and local files. The error never repeats the address.
func ParseWhere(where string) (Kind, string, error) {
	where = strings.TrimSpace(where)
	if where == "" {
		return 0, "", fmt.Errorf("no calendar given: pass its ICS link (https://…) or the path of an .ics file")
	}
	if isLocalPath(where) {
		abs, err := filepath.Abs(where)
		if err != nil {
			return 0, "", fmt.Errorf("the file path cannot be read: %w", err)
		}
		return KindFile, abs, nil
	}
	u, err := url.Parse(where)
	if err != nil || u.Scheme == "" {
		return 0, "", fmt.Errorf("that is neither a link (https://…) nor a file path")
	}
	switch strings.ToLower(u.Scheme) {
	case "file":
		p := u.Path
		if runtime.GOOS == "windows" {
			p = strings.TrimPrefix(p, "/")
		}
		return KindFile, filepath.FromSlash(p), nil
	case "webcal", "webcals":
		// iCloud and others hand out webcal:// for subscribing; it is https underneath.
		u.Scheme = "https"
		return KindURL, u.String(), nil
	case "https":
		if u.Host == "" {
			return 0, "", fmt.Errorf("the link has no host name")
		}
		return KindURL, u.String(), nil
	case "http":
		if isLoopback(u.Hostname()) {
			return KindURL, u.String(), nil
		}
		return 0, "", fmt.Errorf("the link is plain http:// to %s: a calendar's secret address must travel over https:// (change http to https; every calendar service supports it)", u.Hostname())
	default:
		return 0, "", fmt.Errorf("links starting with %s: are not calendars this app can read: use an https:// ICS link or a file", u.Scheme)
	}
}

func isLocalPath(s string) bool {
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "~") {
		return true
	}
	// C:\… or C:/…
	if len(s) > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
		return true
	}
	return !strings.Contains(s, "://") && !strings.HasPrefix(strings.ToLower(s), "file:") && strings.HasSuffix(strings.ToLower(s), ".ics")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Elided shows a source without its secret: the scheme, the host and the last part of
// the path when that looks like a file name (https://calendar.google.com/…/basic.ics).
// A file path is not a secret and is shown whole.
func (s Source) Elided() string { return Elide(s.Where) }

// Elide is Source.Elided for a bare address.
func Elide(where string) string {
	kind, norm, err := ParseWhere(where)
	if err != nil {
		return "(an address that is not a calendar)"
	}
	if kind == KindFile {
		return norm
	}
	u, err := url.Parse(norm)
	if err != nil {
		return "(a link)"
	}
	out := u.Scheme + "://" + u.Host + "/…"
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	last := segs[len(segs)-1]
	// A last part without an extension, or a long one, may be the token itself
	// (Nextcloud's public-calendars/AbC123…); then nothing of the path is shown.
	if len(segs) > 0 && strings.Contains(last, ".") && len(last) <= 24 {
		out += "/" + last
	}
	return out
}

// cacheKey names a source's files in the cache folder: a hash of its address, so the
// folder lists no secret and a changed link starts a fresh copy.
func cacheKey(where string) string {
	sum := sha256.Sum256([]byte(where))
	return hex.EncodeToString(sum[:8])
}

package calendar

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// secretPath stands for the private token in a real link; no problem text may show it.
const secretPath = "/calendar/ical/me%40example.com/private-0123456789abcdef/basic.ics"

// feedServer serves whatever the test sets, with ETag and Last-Modified, and counts
// the conditional requests it answered with 304.
type feedServer struct {
	*httptest.Server
	mu          sync.Mutex
	status      int
	body        []byte
	etag        string
	lastMod     string
	notModified int
	requests    int
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{status: http.StatusOK, etag: `"v1"`, lastMod: "Mon, 19 Oct 2026 08:00:00 GMT"}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		fs.requests++
		if r.URL.EscapedPath() != secretPath {
			http.NotFound(w, r)
			return
		}
		if fs.status == http.StatusOK && ((fs.etag != "" && r.Header.Get("If-None-Match") == fs.etag) || (fs.etag == "" && r.Header.Get("If-Modified-Since") == fs.lastMod)) {
			fs.notModified++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if fs.etag != "" {
			w.Header().Set("ETag", fs.etag)
		}
		w.Header().Set("Last-Modified", fs.lastMod)
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.WriteHeader(fs.status)
		w.Write(fs.body)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(status int, body []byte, etag string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.status, fs.body, fs.etag = status, body, etag
}

func (fs *feedServer) source() Source { return Source{Name: "work", Where: fs.URL + secretPath} }

func TestFetchKeepsLastGoodCopy(t *testing.T) {
	good := readFixture(t, "google.ics")
	tests := []struct {
		name    string
		status  int
		body    []byte
		problem string
	}{
		{"401", http.StatusUnauthorized, []byte("nope"), "refused the calendar link (HTTP 401)"},
		{"403", http.StatusForbidden, []byte("nope"), "refused the calendar link (HTTP 403)"},
		{"404", http.StatusNotFound, []byte("gone"), "no calendar at that link (HTTP 404)"},
		{"500", http.StatusInternalServerError, []byte("oops"), "problem of its own (HTTP 500)"},
		{"html sign-in page", http.StatusOK, readFixture(t, "bad-html.ics"), "web page"},
		{"truncated", http.StatusOK, readFixture(t, "bad-truncated.ics"), "cut off"},
		{"malformed", http.StatusOK, readFixture(t, "bad-malformed.ics"), "malformed"},
		{"too big", http.StatusOK, bytes.Repeat([]byte("X"), DefaultMaxBytes+1), "larger than the 20 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFeedServer(t)
			f := &Fetcher{Dir: t.TempDir()}
			fs.set(http.StatusOK, good, `"v1"`)
			first := f.Fetch(context.Background(), fs.source())
			if first.Problem != nil || !bytes.Equal(first.Data, good) {
				t.Fatalf("first fetch: problem %v, %d bytes", first.Problem, len(first.Data))
			}
			fs.set(tt.status, tt.body, `"v2"`)
			got := f.Fetch(context.Background(), fs.source())
			if got.Problem == nil || !strings.Contains(got.Problem.Error(), tt.problem) {
				t.Fatalf("problem = %v, want one with %q", got.Problem, tt.problem)
			}
			if strings.Contains(got.Problem.Error(), "private-") {
				t.Errorf("the problem shows the secret link: %v", got.Problem)
			}
			if !bytes.Equal(got.Data, good) || got.Fresh {
				t.Errorf("after a failed fetch: %d bytes, fresh=%v; want the last good copy", len(got.Data), got.Fresh)
			}
			if data, _, ok := f.Cached(fs.source()); !ok || !bytes.Equal(data, good) {
				t.Errorf("the copy on disk changed after a failed fetch")
			}
		})
	}
}

func TestFetchConditional(t *testing.T) {
	tests := []struct {
		name string
		etag string // "" makes the server rely on Last-Modified
	}{
		{"etag", `"abc"`},
		{"last-modified", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFeedServer(t)
			fs.set(http.StatusOK, readFixture(t, "fastmail.ics"), tt.etag)
			now := time.Date(2026, 10, 19, 8, 0, 0, 0, time.UTC)
			f := &Fetcher{Dir: t.TempDir(), Now: func() time.Time { return now }}
			if got := f.Fetch(context.Background(), fs.source()); got.Problem != nil {
				t.Fatal(got.Problem)
			}
			now = now.Add(15 * time.Minute)
			got := f.Fetch(context.Background(), fs.source())
			if got.Problem != nil || !got.Fresh || len(got.Data) == 0 {
				t.Fatalf("second fetch: %+v", got.Problem)
			}
			if fs.notModified != 1 {
				t.Errorf("304 answers = %d, want 1 (a conditional GET)", fs.notModified)
			}
			if !got.FetchedAt.Equal(now) {
				t.Errorf("FetchedAt = %v, want %v (an unchanged answer is still a fresh one)", got.FetchedAt, now)
			}
		})
	}
}

func TestFetchNoCopyNoData(t *testing.T) {
	fs := newFeedServer(t)
	fs.set(http.StatusNotFound, nil, "")
	f := &Fetcher{Dir: t.TempDir()}
	got := f.Fetch(context.Background(), fs.source())
	if got.Problem == nil || got.Data != nil {
		t.Fatalf("got %d bytes, problem %v; want none and a problem", len(got.Data), got.Problem)
	}
	if entries, _ := os.ReadDir(f.Dir); len(entries) != 0 {
		t.Errorf("a failed first fetch left files: %v", entries)
	}
}

func TestFetchRedirects(t *testing.T) {
	good := readFixture(t, "fastmail.ics")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("%s/hop/%d", srv.URL, n-1), http.StatusFound)
			return
		}
		if r.URL.Path == "/to-http" {
			http.Redirect(w, r, "http://calendar.example.invalid"+secretPath, http.StatusFound)
			return
		}
		w.Write(good)
	}))
	defer srv.Close()
	tests := []struct {
		path    string
		problem string
	}{
		{"/hop/5", ""},
		{"/hop/6", "redirected more than 5 times"},
		{"/to-http", "plain http://"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f := &Fetcher{Dir: t.TempDir()}
			got := f.Fetch(context.Background(), Source{Name: "x", Where: srv.URL + tt.path})
			if tt.problem == "" {
				if got.Problem != nil {
					t.Fatal(got.Problem)
				}
				return
			}
			if got.Problem == nil || !strings.Contains(got.Problem.Error(), tt.problem) {
				t.Fatalf("problem = %v, want %q", got.Problem, tt.problem)
			}
		})
	}
}

func TestFetchTimeoutAndServerDown(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	f := &Fetcher{Dir: t.TempDir(), Timeout: 200 * time.Millisecond}
	got := f.Fetch(context.Background(), Source{Name: "slow", Where: slow.URL + secretPath})
	if got.Problem == nil || !strings.Contains(got.Problem.Error(), "did not answer in time") {
		t.Errorf("slow server: problem %v", got.Problem)
	}

	fs := newFeedServer(t)
	fs.set(http.StatusOK, readFixture(t, "google.ics"), `"v1"`)
	f = &Fetcher{Dir: t.TempDir()}
	if got := f.Fetch(context.Background(), fs.source()); got.Problem != nil {
		t.Fatal(got.Problem)
	}
	fs.Close()
	got = f.Fetch(context.Background(), fs.source())
	if got.Problem == nil || !strings.Contains(got.Problem.Error(), "cannot reach") || len(got.Data) == 0 {
		t.Errorf("server down: problem %v, %d bytes; want 'cannot reach' and the copy", got.Problem, len(got.Data))
	}
	if strings.Contains(got.Problem.Error(), "private-") {
		t.Errorf("the problem shows the secret link: %v", got.Problem)
	}
}

func TestFetchFileSourceAndModes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "me.ics")
	if err := os.WriteFile(path, readFixture(t, "nextcloud.ics"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &Fetcher{Dir: filepath.Join(dir, "cache")}
	src := Source{Name: "file", Where: path}
	if got := f.Fetch(context.Background(), src); got.Problem != nil || len(got.Data) == 0 {
		t.Fatalf("file source: %v", got.Problem)
	}
	os.Remove(path)
	got := f.Fetch(context.Background(), src)
	if got.Problem == nil || !strings.Contains(got.Problem.Error(), "does not exist") || len(got.Data) == 0 {
		t.Errorf("missing file: problem %v, %d bytes", got.Problem, len(got.Data))
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows: Unix file modes")
	}
	dp, _ := f.paths(src)
	if st, err := os.Stat(dp); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("copy mode = %v, %v; want 0600", st.Mode().Perm(), err)
	}
}

func TestParseWhere(t *testing.T) {
	tests := []struct {
		in      string
		kind    Kind
		problem string
	}{
		{"https://calendar.google.com/calendar/ical/x/private-y/basic.ics", KindURL, ""},
		{"webcal://p01-caldav.icloud.com/published/2/abc", KindURL, ""},
		{"http://127.0.0.1:8080/x.ics", KindURL, ""},
		{"http://localhost/x.ics", KindURL, ""},
		{"http://[::1]/x.ics", KindURL, ""},
		{"http://calendar.example.com/x.ics", 0, "must travel over https://"},
		{"ftp://example.com/x.ics", 0, "not calendars this app can read"},
		{"/home/me/cal.ics", KindFile, ""},
		{"file:///home/me/cal.ics", KindFile, ""},
		{"cal.ics", KindFile, ""},
		{"", 0, "no calendar given"},
		{"not a thing", 0, "neither a link"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, _, err := ParseWhere(tt.in)
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("err = %v, want %q", err, tt.problem)
				}
				return
			}
			if err != nil || kind != tt.kind {
				t.Fatalf("kind %v err %v, want %v", kind, err, tt.kind)
			}
		})
	}
}

func TestElide(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://calendar.google.com/calendar/ical/me%40example.com/private-0123456789abcdef/basic.ics", "https://calendar.google.com/…/basic.ics"},
		{"https://outlook.office365.com/owa/calendar/abc@example.com/0123456789abcdef0123/calendar.ics", "https://outlook.office365.com/…/calendar.ics"},
		{"https://cloud.example.com/remote.php/dav/public-calendars/AbCdEf0123456789?export", "https://cloud.example.com/…"},
		{"webcal://p01-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw", "https://p01-caldav.icloud.com/…"},
		{"https://user:pass@example.com/a/b.ics?token=secret", "https://example.com/…/b.ics"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Elide(tt.in); got != tt.want {
				t.Errorf("Elide = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSavedCopies lists the finished copies only: not their .json notes, not a
// copy being written (.tmp-*), and nothing for a folder that is not there.
func TestSavedCopies(t *testing.T) {
	dir := t.TempDir()
	f := &Fetcher{Dir: filepath.Join(dir, "cache")}
	if got, err := SavedCopies(f.Dir); err != nil || got != nil {
		t.Fatalf("no folder: %v, %v", got, err)
	}
	path := filepath.Join(dir, "me.ics")
	if err := os.WriteFile(path, readFixture(t, "nextcloud.ics"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "file", Where: path}
	if got := f.Fetch(context.Background(), src); got.Problem != nil {
		t.Fatal(got.Problem)
	}
	if err := os.WriteFile(filepath.Join(f.Dir, ".tmp-123.ics"), []byte("BEGIN:VCAL"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := SavedCopies(f.Dir)
	dp, _ := f.paths(src)
	if err != nil || len(got) != 1 || got[0] != dp {
		t.Errorf("copies %v, %v; want [%s]", got, err, dp)
	}
}

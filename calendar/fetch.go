package calendar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Defaults for fetching. A work calendar with years of history can reach 19 MB, so the
// cap leaves room for that and refuses what is surely not one person's calendar.
const (
	DefaultMaxBytes  = 20 << 20
	DefaultTimeout   = 30 * time.Second
	maxRedirects     = 5
	cacheDataSuffix  = ".ics"
	cacheMetaSuffix  = ".json"
	cacheFileMode    = 0o600
	cacheFolderMode  = 0o700
	userAgentProduct = "HeadsDown-calendar/1"
)

// Fetcher reads sources and keeps the last good copy of each in Dir (the data folder's
// calendar folder). A failed fetch never touches that copy.
type Fetcher struct {
	Dir      string
	Client   *http.Client // nil: a client with Timeout and the redirect rule
	MaxBytes int64        // 0: DefaultMaxBytes
	Timeout  time.Duration
	Now      func() time.Time
}

// Fetched is a source's current text: fresh, or the last good copy when the fetch
// failed (then Problem says why, in plain words).
type Fetched struct {
	Data      []byte    // nil when there is neither a fresh answer nor a copy
	FetchedAt time.Time // when Data was last known good (zero without a copy)
	Fresh     bool      // fetched (or confirmed unchanged) just now
	Problem   error     // nil when all went well
}

type cacheMeta struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
}

// ProblemError is a fetch problem worded for a person; it never holds the address.
type ProblemError struct{ Reason string }

func (e *ProblemError) Error() string { return e.Reason }

func problem(format string, a ...any) error { return &ProblemError{Reason: fmt.Sprintf(format, a...)} }

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Fetcher) maxBytes() int64 {
	if f.MaxBytes > 0 {
		return f.MaxBytes
	}
	return DefaultMaxBytes
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{Timeout: timeout, CheckRedirect: checkRedirect}
}

// checkRedirect allows at most five hops and never one to plain http (other than
// loopback), which would send the secret path in the clear.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return problem("the calendar link redirected more than %d times; it is probably not a calendar link", maxRedirects)
	}
	if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
		return problem("the calendar link redirected to plain http:// at %s; refusing to send the address unencrypted", req.URL.Hostname())
	}
	return nil
}

func (f *Fetcher) paths(src Source) (data, meta string) {
	k := cacheKey(src.Where)
	return filepath.Join(f.Dir, k+cacheDataSuffix), filepath.Join(f.Dir, k+cacheMetaSuffix)
}

// Cached returns the last good copy of a source, if any.
func (f *Fetcher) Cached(src Source) (data []byte, at time.Time, ok bool) {
	dp, mp := f.paths(src)
	data, err := os.ReadFile(dp)
	if err != nil {
		return nil, time.Time{}, false
	}
	var m cacheMeta
	if b, err := os.ReadFile(mp); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return data, m.FetchedAt, true
}

// Forget removes a source's copy (calendar remove).
func (f *Fetcher) Forget(src Source) error {
	dp, mp := f.paths(src)
	for _, p := range []string{dp, mp} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing the calendar's saved copy %s: %w", p, err)
		}
	}
	return nil
}

// Fetch reads a source once. On success the copy on disk is replaced; on any failure
// the copy stays and is returned with the problem.
func (f *Fetcher) Fetch(ctx context.Context, src Source) Fetched {
	kind, where, err := ParseWhere(src.Where)
	if err != nil {
		return f.fallback(src, problem("%v", err))
	}
	old, oldAt, haveOld := f.Cached(src)
	var m cacheMeta
	if haveOld {
		_, mp := f.paths(src)
		if b, err := os.ReadFile(mp); err == nil {
			_ = json.Unmarshal(b, &m)
		}
	}
	var data []byte
	switch kind {
	case KindFile:
		data, err = f.readFile(where)
	default:
		var notModified bool
		data, notModified, m, err = f.get(ctx, where, m, haveOld)
		if err == nil && notModified {
			m.FetchedAt = f.now()
			if werr := f.writeMeta(src, m); werr != nil {
				return Fetched{Data: old, FetchedAt: oldAt, Fresh: true, Problem: werr}
			}
			return Fetched{Data: old, FetchedAt: m.FetchedAt, Fresh: true}
		}
	}
	if err != nil {
		return f.fallback(src, err)
	}
	if err := Validate(data); err != nil {
		return f.fallback(src, err)
	}
	m.FetchedAt = f.now()
	if err := f.save(src, data, m); err != nil {
		return Fetched{Data: data, FetchedAt: m.FetchedAt, Fresh: true, Problem: err}
	}
	return Fetched{Data: data, FetchedAt: m.FetchedAt, Fresh: true}
}

func (f *Fetcher) fallback(src Source, err error) Fetched {
	data, at, _ := f.Cached(src)
	return Fetched{Data: data, FetchedAt: at, Problem: err}
}

func (f *Fetcher) readFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, problem("the calendar file %s does not exist (moved or deleted?)", path)
		}
		return nil, problem("the calendar file %s cannot be read: %v", path, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, f.maxBytes()+1))
	if err != nil {
		return nil, problem("the calendar file %s cannot be read: %v", path, err)
	}
	if int64(len(data)) > f.maxBytes() {
		return nil, problem("the calendar file %s is larger than %d MB, which no one person's calendar is", path, f.maxBytes()>>20)
	}
	return data, nil
}

// get does one conditional GET. It returns notModified for a 304 when a copy exists.
func (f *Fetcher) get(ctx context.Context, where string, m cacheMeta, haveOld bool) ([]byte, bool, cacheMeta, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, false, m, problem("the calendar link is not a valid address")
	}
	host := req.URL.Hostname()
	req.Header.Set("User-Agent", userAgentProduct)
	req.Header.Set("Accept", "text/calendar, */*;q=0.5")
	if haveOld {
		if m.ETag != "" {
			req.Header.Set("If-None-Match", m.ETag)
		}
		if m.LastModified != "" {
			req.Header.Set("If-Modified-Since", m.LastModified)
		}
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, false, m, netProblem(host, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && haveOld:
		return nil, true, m, nil
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, false, m, problem("%s refused the calendar link (HTTP %d): the secret address was probably reset or unshared; copy the new one and add it again", host, resp.StatusCode)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, false, m, problem("%s has no calendar at that link (HTTP %d): it was deleted or the link is wrong; copy it again", host, resp.StatusCode)
	case resp.StatusCode >= 500:
		return nil, false, m, problem("%s has a problem of its own (HTTP %d); the saved copy is used and the fetch is tried again later", host, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, false, m, problem("%s answered HTTP %d instead of a calendar", host, resp.StatusCode)
	}
	if resp.ContentLength > f.maxBytes() {
		return nil, false, m, problem("the calendar at %s is %d MB, larger than the %d MB this app reads", host, resp.ContentLength>>20, f.maxBytes()>>20)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes()+1))
	if err != nil {
		return nil, false, m, netProblem(host, err)
	}
	if int64(len(data)) > f.maxBytes() {
		return nil, false, m, problem("the calendar at %s is larger than the %d MB this app reads", host, f.maxBytes()>>20)
	}
	m.ETag = resp.Header.Get("ETag")
	m.LastModified = resp.Header.Get("Last-Modified")
	return data, false, m, nil
}

// netProblem words a transport error without the address: url.Error's text would
// print the whole secret link.
func netProblem(host string, err error) error {
	var pe *ProblemError
	if errors.As(err, &pe) {
		return pe
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return problem("%s did not answer in time; the saved copy is used and the fetch is tried again later", host)
		}
		err = ue.Err
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return problem("cannot find %s (offline, or a wrong link?); the saved copy is used", host)
	}
	if errors.Is(err, context.Canceled) {
		return problem("the fetch from %s was stopped", host)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return problem("cannot reach %s (%v); the saved copy is used", host, opErr.Err)
	}
	return problem("cannot fetch the calendar from %s: %v", host, err)
}

// save writes the copy and its metadata, each through a temporary file and a rename,
// so a crash mid-write leaves the old copy.
func (f *Fetcher) save(src Source, data []byte, m cacheMeta) error {
	if err := os.MkdirAll(f.Dir, cacheFolderMode); err != nil {
		return fmt.Errorf("making the calendar folder %s: %w", f.Dir, err)
	}
	dp, _ := f.paths(src)
	if err := writeAtomic(dp, data); err != nil {
		return err
	}
	return f.writeMeta(src, m)
}

func (f *Fetcher) writeMeta(src Source, m cacheMeta) error {
	if err := os.MkdirAll(f.Dir, cacheFolderMode); err != nil {
		return fmt.Errorf("making the calendar folder %s: %w", f.Dir, err)
	}
	_, mp := f.paths(src)
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return writeAtomic(mp, b)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("saving the calendar copy in %s: %w", filepath.Dir(path), err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, cacheFileMode)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("saving the calendar copy %s: %w", path, werr)
	}
	return nil
}

// SavedCopies lists the last good copy of every calendar kept in dir: what a report
// reads for past meetings without the calendar list (whose links live in the
// keyring). A copy is named by a hash of its link, so listing them needs no secret.
// A missing folder is no calendar at all: (nil, nil).
func SavedCopies(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the calendar folder %s: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		// ".tmp-*" are copies being written; only a finished one counts.
		if e.Type().IsRegular() && filepath.Ext(n) == cacheDataSuffix && !strings.HasPrefix(n, ".") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out, nil
}

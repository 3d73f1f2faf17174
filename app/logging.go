package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi"
)

// The log is rotated by size while the app runs, not only at start: a
// status bar polling `headsdown status` every 5 s adds about 1.3 MB a day to
// a process that may run for weeks.
const (
	maxLogSize = 5 << 20 // rotate before a write would take the file past this
	keepLogs   = files.KeptLogs
)

// OpenLog returns a logger writing to the log file in the data directory
// and, when verbose, also to stderr. It also routes the standard library
// logger (used by fyne.io/systray) into slog, so every line lands in one
// place. Every message and string or error value is scrubbed of Slack
// tokens first. The returned closer closes the file.
func OpenLog(path string, verbose bool) (*slog.Logger, io.Closer, error) {
	return openLog(path, verbose, maxLogSize, keepLogs)
}

func openLog(path string, verbose bool, maxSize int64, keep int) (*slog.Logger, io.Closer, error) {
	f, err := openRotating(path, maxSize, keep)
	if err != nil {
		return nil, nil, err
	}
	var h slog.Handler = slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})
	if verbose {
		h = slog.NewMultiHandler(h, slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	logger := slog.New(scrubHandler{h})
	log.SetFlags(0)
	log.SetOutput(stdlogWriter{logger})
	return logger, f, nil
}

// stdlogWriter turns standard-library log lines into slog records, through
// the same handler (and so the same scrubbing and file) as the app's own.
type stdlogWriter struct{ l *slog.Logger }

func (w stdlogWriter) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(string(p))
	level := slog.LevelInfo
	if strings.Contains(msg, "error") {
		level = slog.LevelWarn
	}
	w.l.Log(context.Background(), level, msg, "source", "stdlog")
	return len(p), nil
}

// scrubHandler runs every record's message and every string or error
// value, including those in groups and those bound with With, through
// slackapi.Scrub before the inner handler formats it. Scrubbing at the one
// handler every line passes, rather than at each call site, means an error
// that quotes a request or a token a library echoes cannot reach the file.
type scrubHandler struct{ inner slog.Handler }

func (h scrubHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, slackapi.Scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(scrubAttr(a))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h scrubHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		scrubbed[i] = scrubAttr(a)
	}
	return scrubHandler{h.inner.WithAttrs(scrubbed)}
}

func (h scrubHandler) WithGroup(name string) slog.Handler {
	return scrubHandler{h.inner.WithGroup(name)}
}

func scrubAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve() // a LogValuer could produce a token too
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, slackapi.Scrub(v.String()))
	case slog.KindGroup:
		group := v.Group()
		scrubbed := make([]slog.Attr, len(group))
		for i, g := range group {
			scrubbed[i] = scrubAttr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(scrubbed...)}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, slackapi.Scrub(err.Error()))
		}
		// Anything else is printed with fmt by the handler: scrub that
		// text, keeping the value itself when there was nothing to remove.
		if s := fmt.Sprintf("%+v", v.Any()); slackapi.Scrub(s) != s {
			return slog.String(a.Key, slackapi.Scrub(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// rotatingFile is the log file, rotated by size: when a write would take
// it past max, headsdown.log becomes headsdown.log.1 (.1 becomes .2, and
// so on up to keep; the oldest is dropped) and a new file is started.
// Writes come from every goroutine that logs, so one mutex orders them and
// a rotation falls between two whole records, never inside one.
type rotatingFile struct {
	path string
	max  int64
	keep int

	mu     sync.Mutex
	f      *os.File // nil after a failed reopen, until a write reopens it
	size   int64
	closed bool
}

func openRotating(path string, max int64, keep int) (*rotatingFile, error) {
	r := &rotatingFile{path: path, max: max, keep: keep}
	if fi, err := os.Stat(path); err == nil && fi.Size() > max {
		r.shift() // what was left from the last run is already too big
	}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	// 0600: the log names Slack conversations and people.
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log %s: %w", r.path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log %s: %w", r.path, err)
	}
	r.f, r.size = f, fi.Size()
	return nil
}

// shift renames path.N to path.N+1 from the oldest down, then path to
// path.1. Missing files are skipped; rename replaces path.keep, so the
// oldest is dropped.
func (r *rotatingFile) shift() error {
	var errs []error
	for i := r.keep - 1; i >= 1; i-- {
		if err := os.Rename(fmt.Sprintf("%s.%d", r.path, i), fmt.Sprintf("%s.%d", r.path, i+1)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if r.keep > 0 {
		if err := os.Rename(r.path, r.path+".1"); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	} else if err := os.Remove(r.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, os.ErrClosed
	}
	if r.f != nil && r.size > 0 && r.size+int64(len(p)) > r.max {
		// Closed before the rename: Windows cannot rename an open file.
		r.f.Close()
		r.f = nil
		if err := r.shift(); err != nil {
			// Go on appending to the same file rather than lose lines; the
			// next attempt comes after another max bytes, not every write.
			fmt.Fprintf(os.Stderr, "headsdown: rotate log %s: %v\n", r.path, err)
		}
	}
	if r.f == nil {
		if err := r.open(); err != nil {
			return 0, err
		}
		if r.size >= r.max {
			r.size = 0 // the failed rotation above: count afresh
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// Close closes the file; later writes fail with os.ErrClosed.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

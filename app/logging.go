package app

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"strings"
)

// maxLogSize is where the log is rotated (once, to headsdown.log.1) at start.
const maxLogSize = 5 << 20

// OpenLog returns a logger writing to the log file in the data directory
// and, when verbose, also to stderr. It also routes the standard library
// logger (used by fyne.io/systray) into slog, so every line lands in one
// place. The returned closer closes the file.
func OpenLog(path string, verbose bool) (*slog.Logger, io.Closer, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLogSize {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open log %s: %w", path, err)
	}
	var h slog.Handler = slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})
	if verbose {
		h = slog.NewMultiHandler(h, slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	logger := slog.New(h)
	log.SetFlags(0)
	log.SetOutput(stdlogWriter{logger})
	return logger, f, nil
}

// stdlogWriter turns standard-library log lines into slog records.
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

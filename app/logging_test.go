package app

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// openTestLog opens a log in a fresh folder with a small cap, and puts the
// standard logger back when the test ends.
func openTestLog(t *testing.T, maxSize int64, keep int) (*slog.Logger, func(), string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "headsdown.log")
	logger, closer, err := openLog(path, false, maxSize, keep)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		closer.Close()
		log.SetOutput(os.Stderr)
		log.SetFlags(log.LstdFlags)
	})
	return logger, func() { closer.Close() }, path
}

var seqLine = regexp.MustCompile(`^time=\S+ level=INFO msg="record (\d+)" pad=x+$`)

// logFiles reads path, path.1 … path.N in order, newest first, and checks
// each file's size and mode.
func logFiles(t *testing.T, path string, maxSize int64) [][]string {
	t.Helper()
	var files [][]string
	for i := 0; ; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s.%d", path, i)
		}
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > maxSize {
			t.Errorf("%s is %d bytes, over the cap of %d", filepath.Base(p), fi.Size(), maxSize)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), fi.Mode())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
	}
}

// seq is the record number on a whole line, or fails the test.
func seq(t *testing.T, line string) int {
	t.Helper()
	m := seqLine.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("not a whole record line: %q", line)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

const pad = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func TestLogRotatesBySizeWhileRunning(t *testing.T) {
	const maxSize, keep, records = 1024, 3, 200
	logger, closeLog, path := openTestLog(t, maxSize, keep)
	for i := range records {
		logger.Info(fmt.Sprintf("record %d", i), "pad", pad)
	}
	closeLog()
	files := logFiles(t, path, maxSize)
	if len(files) != keep+1 {
		t.Fatalf("%d files, want the log and %d old ones", len(files), keep)
	}
	// Oldest first, the records follow each other with no gap or repeat,
	// and the newest is in the live file.
	want := -1
	for i := len(files) - 1; i >= 0; i-- {
		for _, line := range files[i] {
			n := seq(t, line)
			if want >= 0 && n != want {
				t.Fatalf("record %d follows %d", n, want-1)
			}
			want = n + 1
		}
	}
	if want != records {
		t.Fatalf("the last record is %d, want %d", want-1, records-1)
	}
}

func TestLogRotationIsSafeUnderConcurrentWrites(t *testing.T) {
	// keep is large enough to hold everything, so every record can be found.
	const maxSize, keep, writers, each = 2048, 1000, 8, 100
	path := filepath.Join(t.TempDir(), "headsdown.log")
	f, err := openRotating(path, maxSize, keep)
	if err != nil {
		t.Fatal(err)
	}
	// Two handlers, as a logger and a library's own handler over the same
	// file would be: slog serialises one handler's writes, not two.
	loggers := []*slog.Logger{slog.New(slog.NewTextHandler(f, nil)), slog.New(slog.NewTextHandler(f, nil))}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				loggers[w%2].Info(fmt.Sprintf("record %d", w*each+i), "pad", pad)
			}
		})
	}
	wg.Wait()
	f.Close()
	seen := map[int]int{}
	files := logFiles(t, path, maxSize)
	for _, lines := range files {
		for _, line := range lines {
			seen[seq(t, line)]++
		}
	}
	if len(files) < 2 {
		t.Fatal("the log never rotated")
	}
	for i := range writers * each {
		if seen[i] != 1 {
			t.Errorf("record %d appears %d times", i, seen[i])
		}
	}
}

func TestLogLeftTooBigIsRotatedAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "headsdown.log")
	old := strings.Repeat("old line\n", 200)
	os.WriteFile(path, []byte(old), 0o600)
	os.WriteFile(path+".1", []byte("older\n"), 0o600)
	_, closer, err := openLog(path, false, 1024, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { log.SetOutput(os.Stderr); log.SetFlags(log.LstdFlags) }()
	closer.Close()
	for p, want := range map[string]string{path: "", path + ".1": old, path + ".2": "older\n"} {
		if b, err := os.ReadFile(p); err != nil || string(b) != want {
			t.Errorf("%s holds %d bytes, %v", filepath.Base(p), len(b), err)
		}
	}
}

// secretValuer is a LogValuer whose value carries a token.
type secretValuer struct{}

func (secretValuer) LogValue() slog.Value { return slog.StringValue("auth " + testSecret) }

const testSecret = "xoxp-1111-2222-3333-abcdef"

func TestLogScrubsSecrets(t *testing.T) {
	cases := []struct {
		name string
		log  func(l *slog.Logger)
	}{
		{"error attribute", func(l *slog.Logger) {
			l.Error("slack call failed", "err", fmt.Errorf("post https://slack.com/api/auth.test?token=%s: 500", testSecret))
		}},
		{"message", func(l *slog.Logger) { l.Warn("got token " + testSecret) }},
		{"string attribute", func(l *slog.Logger) { l.Info("request", "header", "Bearer "+testSecret) }},
		{"nested group", func(l *slog.Logger) {
			l.Info("call", slog.Group("slack", slog.Group("req", slog.String("auth", testSecret), slog.Any("err", errors.New(testSecret)))))
		}},
		{"bound with With", func(l *slog.Logger) { l.With("token", testSecret).Info("connected") }},
		{"inside WithGroup", func(l *slog.Logger) { l.WithGroup("slack").Info("connected", "token", testSecret) }},
		{"LogValuer", func(l *slog.Logger) { l.Info("connected", "auth", secretValuer{}) }},
		{"other value", func(l *slog.Logger) { l.Info("tokens", "list", []string{testSecret}) }},
		{"standard logger", func(*slog.Logger) { log.Printf("systray: error with %s", testSecret) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logger, closeLog, path := openTestLog(t, maxLogSize, keepLogs)
			c.log(logger)
			closeLog()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), testSecret) || !strings.Contains(string(b), "[redacted]") {
				t.Fatalf("the log holds:\n%s", b)
			}
		})
	}
}

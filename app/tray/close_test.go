package tray

import (
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeWindowEnv makes this test program a stand-in for headsdown-ui (see
// TestMain): a window that is asked to close and closes only once its
// person has answered (the test writes "release").
const fakeWindowEnv = "HEADSDOWN_TEST_FAKE_WINDOW"

func TestMain(m *testing.M) {
	if dir := os.Getenv(fakeWindowEnv); dir != "" {
		fakeWindow(dir)
		return
	}
	os.Exit(m.Run())
}

// fakeWindow notes "started" once it listens for SIGTERM, "asked" when
// one comes (Unix), and exits 0 with "closed" once "release" exists (and,
// on Unix, it was asked). Killed, it writes nothing more.
func fakeWindow(dir string) {
	asked := make(chan os.Signal, 1)
	signal.Notify(asked, syscall.SIGTERM)
	note := func(name string) { os.WriteFile(filepath.Join(dir, name), nil, 0o600) }
	note("started")
	wasAsked := runtime.GOOS == "windows" // the app's answer asked it: no signal here
	for {
		select {
		case <-asked:
			note("asked")
			wasAsked = true
		case <-time.After(10 * time.Millisecond):
		}
		if _, err := os.Stat(filepath.Join(dir, "release")); err == nil && wasAsked {
			note("closed")
			os.Exit(0)
		}
	}
}

type syncLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// withFakeWindows puts this test program on PATH as headsdown-ui.
func withFakeWindows(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, data := t.TempDir(), t.TempDir()
	name := "headsdown-ui"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, name), b, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(fakeWindowEnv, data)
	return data
}

func exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return !errors.Is(err, os.ErrNotExist)
}

func waitFile(t *testing.T, dir, name string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !exists(dir, name) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for the window to write %q", name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Quitting asks the open windows to close and waits before it kills any:
// a Settings window asking "Save changes?" gets its person's answer in.
// After Quit in the menu the wait is the long one; after a signal the
// short one, and a window still open then is killed.
func TestCloseWindowsWaitsBeforeKilling(t *testing.T) {
	cases := []struct {
		name        string
		fromMenu    bool
		graceSignal time.Duration // a Quit's grace is a minute
		answer      bool          // the person answers, and the window closes
	}{
		// No grace at all after a signal: had the Quit's wait been the
		// signal's, the window would be killed at once.
		{"Quit in the menu, the person answers", true, 0, true},
		{"a signal, nobody answers", false, 300 * time.Millisecond, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := withFakeWindows(t)
			log := &syncLog{}
			tr := &Tray{log: slog.New(slog.NewTextHandler(log, nil)), windows: map[string]*window{},
				quitFromMenu: c.fromMenu, graceQuit: time.Minute, graceSignal: c.graceSignal}
			ended := make(chan struct{})
			go func() { defer close(ended); tr.openWindow("settings") }()
			waitFile(t, dir, "started")

			open, grace := tr.askWindows()
			if len(open) != 1 {
				t.Fatalf("open windows %v", open)
			}
			if c.answer {
				// The person answers after having been asked: the window
				// must still be there to hear it.
				os.WriteFile(filepath.Join(dir, "release"), nil, 0o600)
			}
			tr.awaitWindows(open, grace)
			<-ended
			if runtime.GOOS != "windows" && !exists(dir, "asked") {
				t.Error("no SIGTERM asked the window to close")
			}
			killed := strings.Contains(log.String(), "window killed")
			if c.answer && (killed || !exists(dir, "closed")) {
				t.Fatalf("the window was killed before it could close:\n%s", log.String())
			}
			if !c.answer && (!killed || exists(dir, "closed")) {
				t.Fatalf("a window that did not close was not killed:\n%s", log.String())
			}
		})
	}
}

package ui

import (
	"bufio"
	"context"
	"errors"
	"fyne.io/fyne/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/app/autostart"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
)

// openForClose opens the named window as headsdown-ui does, on real files
// with no app running, and reports whether it has closed. For settings
// and welcome it returns the settings form too.
func openForClose(t *testing.T, name string) (*Window, *SettingsView, files.Paths, *bool) {
	t.Helper()
	keyring.MockInit()
	t.Setenv("HEADSDOWN_SLACK_TOKEN", "")
	a := test.NewTempApp(t)
	paths := files.In(t.TempDir())
	opts := Options{ConfigPath: paths.Config, SocketPath: paths.Socket, DBPath: paths.DB}
	var (
		w *Window
		v *SettingsView
	)
	switch name {
	case "settings":
		w, v = settingsWindow(a, opts, nil)
	case "welcome":
		w, v = welcomeWindow(a, opts, nil)
	default:
		var err error
		if w, err = Open(a, name, opts); err != nil {
			t.Fatal(err)
		}
	}
	closed := new(bool)
	w.SetOnClosed(func() { *closed = true })
	t.Cleanup(func() {
		if !*closed {
			w.Close()
		}
	})
	return w, v, paths, closed
}

// Heads Down asks a window to close (it is quitting): without unsaved
// edits every window closes at once.
func TestCloseAskedWithoutEditsCloses(t *testing.T) {
	for _, name := range []string{"settings", "welcome", "custom"} {
		t.Run(name, func(t *testing.T) {
			w, _, _, closed := openForClose(t, name)
			w.CloseAsked()
			if !*closed {
				t.Fatal("the window stayed open")
			}
		})
	}
}

// With unsaved edits, Settings (and the welcome window's settings) asks
// whether to keep them, as at the title bar's close but without Cancel;
// neither a second request nor Escape answers the question.
func TestCloseAskedWithEditsAsksSaveOrDiscard(t *testing.T) {
	for _, name := range []string{"settings", "welcome"} {
		t.Run(name+": Discard", func(t *testing.T) {
			w, v, paths, closed := openForClose(t, name)
			v.Pomodoro.SetText("30")
			w.CloseAsked()
			if *closed || !v.Asking || v.AskSave == nil || v.AskDiscard == nil || v.AskCancel != nil {
				t.Fatalf("closed %v, asking %v, cancel offered %v", *closed, v.Asking, v.AskCancel != nil)
			}
			w.CloseAsked() // a SIGTERM after the app's answer
			escape(w.Canvas())
			if *closed || !v.Asking {
				t.Fatalf("a second request answered the question: closed %v, asking %v", *closed, v.Asking)
			}
			test.Tap(v.AskDiscard)
			if !*closed {
				t.Fatal("Discard did not close")
			}
			if _, err := config.Load(paths.Config); err == nil && time.Duration(mustLoad(t, paths.Config).Focus.Pomodoro) == 30*time.Minute {
				t.Fatal("Discard saved the edit")
			}
		})
	}
	t.Run("settings: Save", func(t *testing.T) {
		w, v, paths, closed := openForClose(t, "settings")
		v.Pomodoro.SetText("30")
		w.CloseAsked()
		test.Tap(v.AskSave)
		if !*closed {
			t.Fatalf("Save did not close; message %q", v.Message.Text)
		}
		if got := time.Duration(mustLoad(t, paths.Config).Focus.Pomodoro); got != 30*time.Minute {
			t.Fatalf("saved pomodoro %v", got)
		}
	})
	t.Run("settings: asked while the user's own question is up", func(t *testing.T) {
		w, v, _, closed := openForClose(t, "settings")
		v.Pomodoro.SetText("30")
		escape(w.Canvas()) // the user's Escape: the question with Cancel
		if !v.Asking || v.AskCancel == nil {
			t.Fatalf("Escape: asking %v", v.Asking)
		}
		w.CloseAsked()
		if *closed || !v.Asking || v.AskCancel != nil {
			t.Fatalf("closed %v, asking %v, cancel offered %v", *closed, v.Asking, v.AskCancel != nil)
		}
	})
}

// Closing the welcome window as the app quits keeps a changed
// launch-at-login tick, as every other way out of it does.
func TestCloseAskedKeepsWelcomesLaunchAtLogin(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("launch at login is an XDG autostart entry, kept in a test folder, only on Linux")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bin := t.TempDir() // the headsdown the entry starts
	if err := os.WriteFile(filepath.Join(bin, "headsdown"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	w, v, _, _ := openForClose(t, "welcome")
	if v.LaunchAtLogin.Checked {
		t.Fatal("launch at login ticked at the start")
	}
	test.Tap(v.LaunchAtLogin)
	w.CloseAsked()
	if on, err := autostart.Enabled(); err != nil || !on {
		t.Fatalf("launch at login after the app asked the window to close: %v, %v", on, err)
	}
}

func mustLoad(t *testing.T, path string) config.Config {
	t.Helper()
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A window follows the app it belongs to: it closes when the app answers
// that it is quitting, or when an app that answered is gone; it stays
// when no app runs, or when the app does not know the watch.
func TestFollowApp(t *testing.T) {
	t.Run("the app quits", func(t *testing.T) {
		var n atomic.Int32
		socket, _ := serveControlStop(t, func(ctx context.Context, req control.Request) control.Response {
			if req.Cmd != control.CmdWatch {
				return control.Response{Error: "unexpected " + req.Cmd}
			}
			if n.Add(1) == 1 {
				return control.Response{OK: true} // renewed
			}
			return control.Response{OK: true, Close: true}
		})
		quits := 0
		if err := FollowApp(context.Background(), socket, func() { quits++ }); err != nil || quits != 1 || n.Load() != 2 {
			t.Fatalf("err %v, quit %d times after %d watches", err, quits, n.Load())
		}
	})
	t.Run("no app", func(t *testing.T) {
		quits := 0
		err := FollowApp(context.Background(), control.SocketPath(t.TempDir()), func() { quits++ })
		if err != nil || quits != 0 {
			t.Fatalf("err %v, quit %d times", err, quits)
		}
	})
	t.Run("the app is gone without answering", func(t *testing.T) {
		// An app that answers one watch, then takes the next and ends
		// (crashes, or quits and its answer is lost): no answer at all.
		socket := control.SocketPath(t.TempDir())
		ln, err := control.Listen(socket)
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan struct{})
		go func() {
			defer close(served)
			for i := 0; ; i++ {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				bufio.NewReader(conn).ReadBytes('\n')
				if i == 0 {
					conn.Write([]byte(`{"ok":true}` + "\n"))
				} else {
					ln.Close()
				}
				conn.Close()
			}
		}()
		defer func() { ln.Close(); <-served }()
		quits := 0
		if err := FollowApp(context.Background(), socket, func() { quits++ }); err != nil || quits != 1 {
			t.Fatalf("err %v, quit %d times", err, quits)
		}
	})
	t.Run("an app that does not know the watch", func(t *testing.T) {
		socket, _ := serveControlStop(t, func(ctx context.Context, req control.Request) control.Response {
			return control.Response{Error: `unknown command "watch"`}
		})
		quits := 0
		if err := FollowApp(context.Background(), socket, func() { quits++ }); err == nil || quits != 0 {
			t.Fatalf("err %v, quit %d times", err, quits)
		}
	})
	t.Run("the window closes first", func(t *testing.T) {
		held := make(chan struct{})
		socket, _ := serveControlStop(t, func(ctx context.Context, req control.Request) control.Response {
			close(held)
			<-ctx.Done()
			return control.Response{}
		})
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-held; cancel() }()
		quits := 0
		if err := FollowApp(ctx, socket, func() { quits++ }); err != nil || quits != 0 {
			t.Fatalf("err %v, quit %d times", err, quits)
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Fatal("returned before the window closed")
		}
	})
}

// While the form has problems, leaving asks without a Save that would do
// nothing: Cancel (fix them) or Discard; and when Heads Down closes the
// window, Discard alone (issue 20, item 4).
func TestLeavingAnInvalidFormOffersNoSave(t *testing.T) {
	t.Run("Escape", func(t *testing.T) {
		w, v, _, closed := openForClose(t, "settings")
		v.Pomodoro.SetText("25x")
		escape(w.Canvas())
		if *closed || !v.Asking || v.AskSave != nil || v.AskDiscard == nil || v.AskCancel == nil {
			t.Fatalf("closed %v, asking %v, Save offered %v, Discard %v, Cancel %v", *closed, v.Asking, v.AskSave != nil, v.AskDiscard != nil, v.AskCancel != nil)
		}
		test.Tap(v.AskCancel)
		if *closed || v.Asking {
			t.Fatal("Cancel did not go back to the form")
		}
		v.Pomodoro.SetText("30") // fixed: Save is offered again
		escape(w.Canvas())
		if v.AskSave == nil {
			t.Fatal("a valid form's question has no Save")
		}
	})
	t.Run("Heads Down closes it", func(t *testing.T) {
		w, v, _, closed := openForClose(t, "settings")
		v.Pomodoro.SetText("25x")
		w.CloseAsked()
		if *closed || !v.Asking || v.AskSave != nil || v.AskCancel != nil || v.AskDiscard == nil {
			t.Fatalf("closed %v, asking %v, Save offered %v, Cancel %v", *closed, v.Asking, v.AskSave != nil, v.AskCancel != nil)
		}
		test.Tap(v.AskDiscard)
		if !*closed {
			t.Fatal("Discard did not close")
		}
	})
}

// Save keeps a button's height however many lines the message beside it
// takes (it grew into a ~110 px block).
func TestSaveIsANormalButton(t *testing.T) {
	w, v, _, _ := openForClose(t, "settings")
	w.Resize(fyne.NewSize(680, 620))
	v.setMessage("one problem\nanother problem\na third problem\nand a fourth", true)
	w.Content().Refresh()
	if got, want := v.Save.Size().Height, v.Save.MinSize().Height; got > want+1 {
		t.Fatalf("Save is %v high beside a 4-line message, its own height is %v", got, want)
	}
}

// A second `headsdown window settings slack` brings the open Settings to
// the front at the Slack tab (the window program asks ShowAgain).
func TestShowAgainOpensTheSection(t *testing.T) {
	w, v, _, _ := openForClose(t, "settings")
	w.ShowAgain("slack")
	if got := v.Tabs.SelectedIndex(); got != SectionIndex("slack") {
		t.Fatalf("tab %d, want slack's %d", got, SectionIndex("slack"))
	}
	w.ShowAgain("") // no section: the tab stays
	w.ShowAgain("nonsense")
	if got := v.Tabs.SelectedIndex(); got != SectionIndex("slack") {
		t.Fatalf("tab %d after no or an unknown section", got)
	}
	c, _, _, _ := openForClose(t, "custom")
	c.ShowAgain("slack") // other windows have no sections: just shown
}

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// A block run through the app, across midnight, reaches the weekly report
// with its segments: each day gets the focus that happened on it, and
// "today" in the status counts the same way.
func TestABlockRunThroughTheAppReachesTheReport(t *testing.T) {
	dir := t.TempDir()
	clock := newSafeClock(time.Date(2026, 11, 24, 23, 45, 0, 0, time.UTC)) // Tuesday
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m", Tag: "q3"})
	for range 25 {
		clock.Advance(time.Minute)
		r.do(t, control.Request{Cmd: control.CmdStatus})
	}
	st := r.do(t, control.Request{Cmd: control.CmdStatus})
	if st.Kind == string(focus.KindFocus) {
		t.Fatalf("the block did not end: %+v", st)
	}
	if st.TodayFocusSeconds != 10*60 {
		t.Fatalf("today (Wednesday) shows %d s of focus, want the 10 min after midnight", st.TodayFocusSeconds)
	}
	r.stop()

	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	week, _ := focus.ParseWeek("2026-W48")
	rep, err := report.Load(context.Background(), db, week, report.Options{Loc: time.UTC, Now: clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Focus != 25*time.Minute || rep.Days[1].Focus != 15*time.Minute || rep.Days[2].Focus != 10*time.Minute {
		t.Fatalf("report: week %v, Tuesday %v, Wednesday %v; want 25m, 15m, 10m", rep.Focus, rep.Days[1].Focus, rep.Days[2].Focus)
	}
	if rep.Days[1].Completed != 1 || len(rep.Tags) != 1 || rep.Tags[0].Tag != "q3" {
		t.Fatalf("report: %d completed on Tuesday, tags %+v", rep.Days[1].Completed, rep.Tags)
	}
}

// A ping that arrived during a focus block but reaches the loop just after
// the block was stopped was still received in focus: it is held.
func TestPingHandedOverJustAfterStopIsHeld(t *testing.T) {
	ctx := context.Background()
	clock := newSafeClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	a, err := Open(ctx, Options{Paths: files.In(t.TempDir()), Clock: clock, Location: time.UTC,
		Notifier: &recordingNotifier{}, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.store.Close() // Run never started: the test is the loop
	if resp := a.handle(ctx, control.Request{Cmd: control.CmdStart, Duration: "25m"}); !resp.OK {
		t.Fatal(resp.Error)
	}
	clock.Advance(10 * time.Minute)
	inBlock := clock.Now()
	clock.Advance(time.Second)
	if resp := a.handle(ctx, control.Request{Cmd: control.CmdStop}); !resp.OK {
		t.Fatal(resp.Error)
	}
	clock.Advance(time.Second)
	afterBlock := clock.Now()
	added, err := a.store.AddIntake(ctx, store.Intake{Pings: []store.Ping{
		{Channel: "D0BO", TS: "1.000100", UserID: "U0BO", Kind: "im", Text: "in the block", ReceivedAt: inBlock},
		{Channel: "D0BO", TS: "2.000100", UserID: "U0BO", Kind: "im", Text: "after it", ReceivedAt: afterBlock},
	}})
	if err != nil || len(added) != 2 {
		t.Fatalf("AddIntake: %v %v", added, err)
	}
	a.takePings(ctx, added)

	held, err := a.store.Pings(ctx, store.PingFilter{Undelivered: true, HeldOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0].Text != "in the block" {
		t.Fatalf("held %+v, want only the ping received in the block", held)
	}
	if st := a.Status(); st.Pings.Held != 1 {
		t.Fatalf("status shows %d held", st.Pings.Held)
	}
}

// `headsdown review 999`: an ID that matches no ping is refused, not "Done."
func TestReviewOfAnUnknownIDIsRefused(t *testing.T) {
	r := startApp(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, r.paths.Socket, control.Request{Cmd: control.CmdReview, IDs: []int64{999}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.OK || !strings.Contains(resp.Error, "999") {
		t.Fatalf("review 999: ok %v, error %q", resp.OK, resp.Error)
	}
}

// A Slack sign-in ends in a reload; while config.toml is broken the reload
// is refused for the settings, but the new token is used all the same.
func TestSignInTakesEffectWhileTheSettingsFileIsBroken(t *testing.T) {
	srv, dir := withSlack(t)
	var tokens atomic.Pointer[Tokens]
	var reads atomic.Int32
	tokens.Store(&Tokens{})
	r := launchApp(t, dir, Options{Tokens: func() (Tokens, error) { reads.Add(1); return *tokens.Load(), nil }})
	waitFor(t, "the first read of the keyring, with no token", func() bool {
		return reads.Load() == 1 && r.app.Status().Slack.Connection == "off"
	})
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[focus]\npomodoro = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tokens.Store(&Tokens{User: slackToken}) // what `slack login` put in the keyring
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, r.paths.Socket, control.Request{Cmd: control.CmdReload})
	if err != nil {
		t.Fatal(err)
	}
	if resp.OK || !strings.Contains(resp.Error, "pomodoro") {
		t.Fatalf("reload of a broken file: ok %v, error %q", resp.OK, resp.Error)
	}
	waitFor(t, "Slack connected with the new token", func() bool { return r.app.Status().Slack.Connection == "connected" })
	if len(srv.Calls()) == 0 {
		t.Fatal("no call reached Slack")
	}
}

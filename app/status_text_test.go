package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/headsdown-app/headsdown/app/control"
)

// TestStatusSaysWhenMessagesAreRead: the default focus status tells a
// sender when their message will be read, and says so again whenever the
// review plan (a settings reload) or the block (a pause) changes mid-block.
func TestStatusSaysWhenMessagesAreRead(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = [\"10:30\", \"13:30\"]\nreview_after_focus = false\n")
	srv.SetNow(clock.Now) // the status expires on the fake clock
	text := func() string { return srv.Status().Text }
	waitText := func(want string) {
		t.Helper()
		var last string
		t.Cleanup(func() {
			if t.Failed() && last != want {
				t.Logf("the status last read %q", last)
			}
		})
		waitFor(t, "status "+want, func() bool { last = text(); return last == want })
	}
	// settings rewrites the [pings] settings and has the app reload them.
	settings := func(pings string) {
		t.Helper()
		cfg := "[working_hours]\n"
		for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
			cfg += d + " = [\"09:00-17:30\"]\n"
		}
		cfg += "[slack]\noff_hours = false\nafk_text = \"Away, back {until} · reading messages at {next_review}\"\n[pings]\n" + pings
		if err := os.WriteFile(filepath.Join(filepath.Dir(r.paths.Config), "config.toml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		r.do(t, control.Request{Cmd: control.CmdReload})
	}

	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"}) // 09:00-09:50
	waitText("Heads down until 09:50 · reading messages at 10:30")

	// A new review plan mid-block: the status follows.
	settings("review_times = [\"11:00\", \"13:30\"]\nreview_after_focus = false\n")
	waitText("Heads down until 09:50 · reading messages at 11:00")

	// Each step below changes the text, so waiting for it cannot pass on
	// the text of the step before.

	// Reviews only at the end of each block: the block's end is the time,
	// said once.
	settings("review_times = []\nreview_after_focus = true\n")
	waitText("Heads down until 09:50 — reading messages then")

	// No review planned: the promise is left out, not made up.
	settings("review_times = []\nreview_after_focus = false\n")
	waitText("Heads down until 09:50")

	// A window inside the block is delivered at its end: that is the time.
	settings("review_times = [\"09:30\", \"13:30\"]\nreview_after_focus = false\n")
	waitText("Heads down until 09:50 — reading messages then")

	// Batching off: nothing is held, so nothing to promise.
	settings("batch = false\nreview_times = [\"10:30\"]\nreview_after_focus = false\n")
	waitText("Heads down until 09:50")

	// The block moves past a window: paused 09:10 to 10:00, it ends at
	// 10:40, so the 10:30 window falls inside it and reading waits for
	// its end.
	settings("review_times = [\"10:30\", \"13:30\"]\nreview_after_focus = false\n")
	waitText("Heads down until 09:50 · reading messages at 10:30")
	clock.advanceTo(clock.at("09:10"))
	r.do(t, control.Request{Cmd: control.CmdPause})
	waitText("Working from Lisbon")
	clock.advanceTo(clock.at("10:00"))
	r.do(t, control.Request{Cmd: control.CmdResume})
	waitText("Heads down until 10:40 — reading messages then")

	// Away (pings are held) when a window passes: the next one is named.
	r.do(t, control.Request{Cmd: control.CmdStop})
	r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "2h"})
	waitText("Away, back 12:00 · reading messages at 10:30")
	clock.advanceTo(clock.at("10:31"))
	waitText("Away, back 12:00 · reading messages at 13:30")
}

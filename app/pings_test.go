package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// safeClock is a fake clock the test moves while the app reads it; the
// app wakes whenever it moves.
type safeClock struct {
	mu     sync.Mutex
	c      *focus.FakeClock
	jumped chan struct{}
}

func newSafeClock(t time.Time) *safeClock {
	return &safeClock{c: focus.NewFakeClock(t), jumped: make(chan struct{}, 1)}
}

func (s *safeClock) Jumped() <-chan struct{} { return s.jumped }

// sleep moves the clock as a suspend does: nobody is told until the
// machine wakes up.
func (s *safeClock) sleep(d time.Duration) { s.mu.Lock(); s.c.Advance(d); s.mu.Unlock() }

// suspend moves only the wall clock, as a machine asleep for d, and tells
// nobody.
func (s *safeClock) suspend(d time.Duration) { s.mu.Lock(); s.c.Suspend(d); s.mu.Unlock() }

func (s *safeClock) Now() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.c.Now() }
func (s *safeClock) Monotonic() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.c.Monotonic()
}
func (s *safeClock) Advance(d time.Duration) {
	s.mu.Lock()
	s.c.Advance(d)
	s.mu.Unlock()
	select {
	case s.jumped <- struct{}{}:
	default:
	}
}
func (s *safeClock) advanceTo(t time.Time)    { s.Advance(t.Sub(s.Now())) }
func (s *safeClock) at(hhmm string) time.Time { return at(s.Now(), hhmm) }

func at(day time.Time, hhmm string) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
}

const appToken = "xapp-1-A0001-9999-appappappapp"

// withInbox is withSlack plus Socket Mode, a few conversations and the
// given [pings] settings, on Monday 2026-11-23 09:00 UTC with a fake clock.
func withInbox(t *testing.T, pings string) (*slacktest.Server, *running, *safeClock) {
	t.Helper()
	srv, dir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_APP_TOKEN", appToken)
	srv.SetAppToken(appToken)
	srv.AddConversation("D0BO", "im", "U0BO")
	srv.AddConversation("D0CY", "im", "U0CY")
	srv.AddUser("U0BO", "bo", "Bo Chen")
	srv.AddUser("U0CY", "cy", "Cy Park")
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday"} {
		cfg += d + " = [\"09:00-17:30\"]\n"
	}
	cfg += "[slack]\noff_hours = false\n[pings]\n" + pings
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := newSafeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	r := launchApp(t, dir, Options{Clock: clock, Location: time.UTC})
	waitFor(t, "Socket Mode", func() bool { st := r.app.Status().Pings; return st.Intake == "socket" && st.Connected })
	return srv, r, clock
}

func (r *running) pings(t *testing.T) control.PingStatus {
	t.Helper()
	return r.do(t, control.Request{Cmd: control.CmdStatus}).Pings
}

// taken counts the pings the app has decided on (delivered, or held by a
// review window's rules), read from the database as it runs.
func (r *running) taken(t *testing.T) int {
	t.Helper()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountPings(context.Background(), store.PingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	held, _ := db.CountPings(context.Background(), store.PingFilter{Undelivered: true})
	return n - held
}

func (r *running) digests() []string {
	var out []string
	for _, title := range r.notes.titles() {
		if strings.Contains(title, " ping") {
			out = append(out, title)
		}
	}
	return out
}

func TestReviewWindowsWithAFakeClock(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = [\"09:40\", \"10:30\"]\nreview_after_focus = false\nkeywords = [\"prod down\"]\n")
	if st := r.pings(t); st.NextReview == nil || !st.NextReview.Equal(clock.at("09:40")) {
		t.Fatalf("next review %v", st.NextReview)
	}
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})

	// Held silently during focus.
	srv.Post("D0BO", "U0BO", "can you look at my PR?")
	waitFor(t, "one held ping", func() bool { return r.pings(t).Held == 1 })
	// A keyword breaks through at once, even during focus, and is not held.
	srv.Post("D0CY", "U0CY", "PROD DOWN in eu-west")
	waitFor(t, "the breakthrough", func() bool {
		return slices.ContainsFunc(r.notes.titles(), func(s string) bool { return strings.Contains(s, "keyword") })
	})
	if title := r.notes.titles()[len(r.notes.titles())-1]; title != `Cy Park — keyword "prod down"` {
		t.Fatalf("breakthrough title %q", title)
	}
	if st := r.pings(t); st.Held != 1 || len(r.digests()) != 0 {
		t.Fatalf("held %d, digests %v", st.Held, r.digests())
	}

	// 09:40: a review window inside the block waits for its end.
	clock.advanceTo(clock.at("09:41"))
	waitFor(t, "the 09:40 window to pass", func() bool {
		st := r.pings(t)
		return st.NextReview != nil && st.NextReview.Equal(clock.at("10:30"))
	})
	if st := r.pings(t); st.Held != 1 || len(r.digests()) != 0 || !st.NextReview.Equal(clock.at("10:30")) {
		t.Fatalf("at 09:41: held %d, digests %v, next %v", st.Held, r.digests(), st.NextReview)
	}
	// 09:50: the block ends; the digest comes with it.
	clock.advanceTo(clock.at("09:50"))
	waitFor(t, "the digest at the block's end", func() bool { return len(r.digests()) == 1 })
	if d := r.digests()[0]; d != "1 ping from Bo Chen" {
		t.Fatalf("digest %q", d)
	}
	if b := r.notes.body("1 ping from Bo Chen"); b != "Held during your focus block:\nBo Chen: can you look at my PR?" {
		t.Fatalf("digest body %q", b)
	}
	if st := r.pings(t); st.Held != 0 || st.Unreviewed != 2 {
		t.Fatalf("after the digest: %+v", st)
	}

	// On the break you are free: Slack shows pings itself, nothing is held.
	srv.Post("D0CY", "U0CY", "lunch?")
	waitFor(t, "the free-time ping to be taken", func() bool { return r.taken(t) == 3 })
	if st := r.pings(t); st.Held != 0 || st.Unreviewed != 2 {
		t.Fatalf("free time: %+v", st)
	}

	// A block stopped early (no review at its end here): its pings wait
	// for the 10:30 window, which falls outside any block.
	clock.advanceTo(clock.at("10:00"))
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	for _, text := range []string{"one", "two", "three"} {
		srv.Post("D0BO", "U0BO", text)
	}
	srv.Post("D0CY", "U0CY", "four")
	waitFor(t, "four held pings", func() bool { return r.pings(t).Held == 4 })
	clock.Advance(5 * time.Minute)
	r.do(t, control.Request{Cmd: control.CmdStop})
	if len(r.digests()) != 1 {
		t.Fatalf("a stopped block delivered: %v", r.digests())
	}
	clock.advanceTo(clock.at("10:30"))
	waitFor(t, "the 10:30 digest", func() bool { return len(r.digests()) == 2 })
	if d := r.digests()[1]; d != "4 pings from Bo Chen and Cy Park" {
		t.Fatalf("digest %q", d)
	}
	// Nothing is delivered twice: later windows with nothing new are silent.
	tomorrow := clock.Now().AddDate(0, 0, 1)
	clock.advanceTo(at(tomorrow, "10:31"))
	waitFor(t, "tomorrow's windows to pass", func() bool {
		st := r.pings(t)
		return st.NextReview != nil && st.NextReview.After(at(tomorrow, "10:31"))
	})
	if len(r.digests()) != 2 {
		t.Fatalf("digests %v", r.digests())
	}

	// Reviewing from the CLI's command.
	st := r.do(t, control.Request{Cmd: control.CmdReview, All: true})
	if st.Pings.Unreviewed != 0 {
		t.Fatalf("after review --all: %+v", st.Pings)
	}
	r.stop()
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, _ := db.Pings(context.Background(), store.PingFilter{})
	held, bypassed := 0, 0
	for _, p := range all {
		if p.DeliveredAt.IsZero() {
			t.Errorf("ping %q never delivered", p.Text)
		}
		if p.Held {
			held++
		}
		if p.Bypassed {
			bypassed++
		}
	}
	// Metrics: 5 held (1 + 4), 1 breakthrough (held and bypassed), 1 free.
	if len(all) != 7 || held != 6 || bypassed != 1 {
		t.Fatalf("%d pings, %d held, %d bypassed", len(all), held, bypassed)
	}
	m, _ := db.AllPingMetrics(context.Background())
	if len(m) != 6 || m[0].ReviewedAt.Sub(m[0].ReceivedAt) < 40*time.Minute {
		t.Fatalf("metrics %+v", m)
	}
}

func TestReviewAtEndOfEachBlockAndHoldAllDay(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = []\nreview_after_focus = true\nhold_all_day = true\n")
	srv.Post("D0BO", "U0BO", "before any block")
	waitFor(t, "held outside focus (hold all day)", func() bool { return r.pings(t).Held == 1 })
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	clock.Advance(25 * time.Minute)
	waitFor(t, "the digest at the end of the block", func() bool { return len(r.digests()) == 1 })
	if r.pings(t).Held != 0 {
		t.Fatal("still held")
	}
}

// Away with no block running (a lock, or `headsdown afk`), pings are held
// like in focus, and coming back delivers them in one "back" digest.
func TestPingsWhileAwayWaitForYourReturn(t *testing.T) {
	srv, r, _ := withInbox(t, "review_times = []\nreview_after_focus = false\n")
	r.do(t, control.Request{Cmd: control.CmdAFK})
	srv.Post("D0BO", "U0BO", "are you around?")
	waitFor(t, "the ping held while away", func() bool { return r.pings(t).Held == 1 })
	if n := len(r.digests()); n != 0 {
		t.Fatalf("delivered while away: %v", r.digests())
	}
	r.do(t, control.Request{Cmd: control.CmdBack})
	waitFor(t, "the digest on your return", func() bool { return len(r.digests()) == 1 })
	if b := r.notes.body("1 ping from Bo Chen"); b != "Held while you were away:\nBo Chen: are you around?" {
		t.Fatalf("digest body %q", b)
	}
}

// A review window that falls in a break (not a focus block) delivers at
// once: only focus delays the digest.
func TestReviewWindowInABreakDeliversAtOnce(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = [\"09:40\"]\nreview_after_focus = false\nhold_all_day = true\n")
	clock.advanceTo(clock.at("09:35"))
	if st := r.do(t, control.Request{Cmd: control.CmdBreak, Duration: "15m"}); st.Kind != string(focus.KindShortBreak) {
		t.Fatalf("break: %+v", st)
	}
	srv.Post("D0BO", "U0BO", "when you have a sec")
	waitFor(t, "the ping held (hold all day)", func() bool { return r.pings(t).Held == 1 })
	clock.advanceTo(clock.at("09:40"))
	waitFor(t, "the 09:40 digest during the break", func() bool { return len(r.digests()) == 1 })
	if st := r.pings(t); st.Held != 0 || st.NextReview == nil || !st.NextReview.After(clock.at("09:40")) {
		t.Fatalf("after the digest: %+v", st)
	}
}

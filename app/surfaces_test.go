package app

import (
	"context"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// surfaces is what each surface would show of the pings now: the status
// (the tray and `status` word it with PingStatus.Words), the list
// (`headsdown pings` and the review window, from the database) and the
// week's report.
type surfaces struct {
	status, list string
	listed       int
	ping         control.PingStatus
	rep          focus.Totals
}

func (r *running) surfaces(t *testing.T, clock *safeClock) surfaces {
	t.Helper()
	st := r.do(t, control.Request{Cmd: control.CmdStatus})
	ctx := context.Background()
	db, err := store.OpenReadOnly(ctx, r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	groups, err := pinglist.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Load(ctx, db, focus.WeekOf(clock.Now(), time.UTC), report.Options{Loc: time.UTC, Now: clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return surfaces{status: st.Pings.Words(), list: pinglist.Words(groups), listed: pinglist.Count(groups), ping: st.Pings, rep: rep.Totals}
}

// agree checks that every surface says want, that the status's figures
// add up, and the report's counts.
func (s surfaces) agree(t *testing.T, when, want string, held, delivered, reviewed int) {
	t.Helper()
	if s.status != want || s.list != want {
		t.Fatalf("%s: status says %q, the list %q; want %q", when, s.status, s.list, want)
	}
	if s.ping.Held != held || s.ping.Delivered != delivered || s.ping.Unreviewed != held+delivered || s.listed != held+delivered {
		t.Fatalf("%s: status %+v, %d listed; want %d held + %d delivered", when, s.ping, s.listed, held, delivered)
	}
	if s.rep.PingsReviewed != reviewed {
		t.Fatalf("%s: the report says %d reviewed; want %d (only what was marked)", when, s.rep.PingsReviewed, reviewed)
	}
}

// Hold 8 (and one VIP breaks through), stop: every surface says the same
// in the same words, the counts add up, and nothing is "reviewed" until
// the user marks it. A ping read in Slack no longer waits, on every
// surface alike.
func TestEverySurfaceCountsThePingsAlike(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = []\nreview_after_focus = true\nvips = [\"U0CY\"]\n")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "50m"})
	var bo []string
	for _, text := range []string{"one", "two", "three", "four", "five", "six", "seven", "eight"} {
		bo = append(bo, srv.Post("D0BO", "U0BO", text))
	}
	srv.Post("D0CY", "U0CY", "the VIP")
	waitFor(t, "8 held and 1 through", func() bool { p := r.pings(t); return p.Held == 8 && p.Delivered == 1 })
	r.surfaces(t, clock).agree(t, "during the block", "9 pings to review (8 held, 1 delivered)", 8, 1, 0)

	clock.Advance(10 * time.Minute)
	r.do(t, control.Request{Cmd: control.CmdStop}) // the digest comes at the block's end
	waitFor(t, "the digest", func() bool { return len(r.digests()) == 1 })
	s := r.surfaces(t, clock)
	s.agree(t, "after the digest", "9 pings to review", 0, 9, 0)
	if s.rep.PingsHeld != 8 || s.rep.PingsBypassed != 1 || s.rep.PingsDelivered != 9 {
		t.Fatalf("report: %d held, %d through, %d delivered; want 8, 1, 9", s.rep.PingsHeld, s.rep.PingsBypassed, s.rep.PingsDelivered)
	}

	// Three marked reviewed: the only ones "reviewed" anywhere.
	groups := func() []pinglist.Group {
		db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		g, _ := pinglist.Load(context.Background(), db)
		return g
	}()
	var first3 []int64
	for _, g := range groups {
		if g.Channel == "D0BO" {
			for _, p := range g.Pings[:3] {
				first3 = append(first3, p.ID)
			}
		}
	}
	r.do(t, control.Request{Cmd: control.CmdReview, IDs: first3})
	r.surfaces(t, clock).agree(t, "after reviewing three", "6 pings to review", 0, 6, 3)

	// Bo's DM read in Slack up to the fifth: the fourth and fifth no
	// longer wait (checked when the review window opens), and are not
	// "reviewed".
	srv.ReadUpTo("D0BO", bo[4])
	r.do(t, control.Request{Cmd: control.CmdCheckRead})
	waitFor(t, "the read check", func() bool { return r.pings(t).Delivered == 4 })
	r.surfaces(t, clock).agree(t, "after reading two in Slack", "4 pings to review", 0, 4, 3)
}

// A ping read in Slack before its review window is not in the digest: the
// digest asks Slack first (conversations.info's last_read).
func TestDigestLeavesOutWhatYouReadInSlack(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = []\nreview_after_focus = true\n")
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	srv.Post("D0BO", "U0BO", "read on my phone")
	second := srv.Post("D0BO", "U0BO", "also read")
	srv.Post("D0BO", "U0BO", "not yet read")
	srv.Post("D0CY", "U0CY", "Cy's, unread")
	waitFor(t, "four held", func() bool { return r.pings(t).Held == 4 })
	srv.ReadUpTo("D0BO", second)
	clock.Advance(25 * time.Minute) // the block ends: the digest
	waitFor(t, "the digest", func() bool { return len(r.digests()) == 1 })
	// The events may reach the app in either order.
	if d := r.digests()[0]; d != "2 pings from Bo Chen and Cy Park" && d != "2 pings from Cy Park and Bo Chen" {
		t.Fatalf("digest %q: the two read in Slack were delivered too", d)
	}
	if p := r.pings(t); p.Held != 0 || p.Delivered != 2 || p.Unreviewed != 2 {
		t.Fatalf("after the digest: %+v", p)
	}
}

// Nothing waits for ever: a ping still waiting a week after it came stops
// waiting (it is not "reviewed"), so the count cannot grow without end.
func TestPingsStopWaitingAfterAWeek(t *testing.T) {
	srv, r, clock := withInbox(t, "review_times = []\nreview_after_focus = false\nhold_all_day = true\n")
	srv.Post("D0BO", "U0BO", "anyone?")
	waitFor(t, "held", func() bool { return r.pings(t).Held == 1 })
	clock.Advance(6 * 24 * time.Hour)
	r.do(t, control.Request{Cmd: control.CmdStatus})
	if p := r.pings(t); p.Held != 1 {
		t.Fatalf("six days on: %+v, want it still held", p)
	}
	clock.Advance(25 * time.Hour)
	waitFor(t, "the week-old ping let go", func() bool { return r.pings(t).Unreviewed == 0 })
	db, err := store.OpenReadOnly(context.Background(), r.paths.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, _ := db.Pings(context.Background(), store.PingFilter{})
	if len(ps) != 1 || ps[0].ExpiredAt.IsZero() || !ps[0].ReviewedAt.IsZero() || !ps[0].DeliveredAt.IsZero() {
		t.Fatalf("the ping %+v: want expired, neither reviewed nor delivered", ps)
	}
}

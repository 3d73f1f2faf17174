package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/store"
)

// reviewStore is a Fyne test app and an empty database to fill, closed
// when the test ends, with the time its pings arrive.
func reviewStore(t *testing.T) (context.Context, *store.Store, time.Time) {
	t.Helper()
	test.NewTempApp(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return ctx, st, time.Date(2026, 11, 23, 9, 5, 0, 0, time.Local)
}

func TestReviewViewGroupsOpensAndMarks(t *testing.T) {
	ctx, st, at := reviewStore(t)
	st.SetConversation(ctx, store.Conversation{ID: "D1", Kind: "im", Name: "U2"})
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.PutUser(ctx, store.User{ID: "U2", Name: "bo", RealName: "Bo Chen", FetchedAt: at})
	st.PutUser(ctx, store.User{ID: "U1", Name: "ana", RealName: "Ana", FetchedAt: at})
	added, err := st.AddIntake(ctx, store.Intake{Pings: []store.Ping{
		{Channel: "D1", TS: "1.1", UserID: "U2", Kind: "im", Text: "PR ready &amp; green", ReceivedAt: at},
		{Channel: "C1", TS: "2.1", UserID: "U2", Kind: "mention", Text: "<@U1> see <#C1|eng>", ReceivedAt: at.Add(time.Minute)},
		{Channel: "D1", TS: "1.2", UserID: "U2", Kind: "im", Text: "prod down", ReceivedAt: at.Add(2 * time.Minute), Bypassed: true, Reason: `keyword "prod down"`},
	}})
	if err != nil || len(added) != 3 {
		t.Fatal(err)
	}
	// The keyword broke through: delivered at once, still to review.
	if _, err := st.MarkDecided(ctx, store.Decided{Through: []int64{added[2].ID}, At: at.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var marked [][]int64
	var markedAll bool
	var opened []string
	failMark := false
	checks := 0
	v := NewReviewView(ReviewDeps{
		CheckRead: func() { checks++ },
		Load:      func() ([]pinglist.Group, error) { return pinglist.Load(ctx, st) },
		Mark: func(ids []int64, all bool) error {
			if failMark {
				return errors.New("Heads Down is not running")
			}
			marked, markedAll = append(marked, ids), all
			if all {
				_, err := st.MarkReviewed(ctx, []int64{added[0].ID, added[1].ID, added[2].ID}, at)
				return err
			}
			_, err := st.MarkReviewed(ctx, ids, at)
			return err
		},
		Permalink: func(ch, ts string) (string, error) {
			if ch == "C1" {
				return "", errors.New("channel_not_found")
			}
			return "https://acme.slack.com/archives/" + ch + "/p" + ts, nil
		},
		Open: func(link string) error { opened = append(opened, link); return nil },
	})
	test.NewTempWindow(t, v.Content)
	// The tray's words: held and delivered, adding up to those to review.
	if v.Header.Text != "3 pings to review (2 held, 1 delivered)" || len(v.Rows) != 3 {
		t.Fatalf("header %q, %d rows", v.Header.Text, len(v.Rows))
	}
	// Opening asks the app to look for pings read in Slack, once.
	if checks != 1 {
		t.Fatalf("read checks at open: %d", checks)
	}
	// Grouped by conversation: Bo's DM (both pings), then #eng.
	if v.Rows[0].Item.Channel != "D1" || v.Rows[1].Item.Channel != "D1" || v.Rows[2].Item.Channel != "C1" {
		t.Fatalf("order %v %v %v", v.Rows[0].Item.Channel, v.Rows[1].Item.Channel, v.Rows[2].Item.Channel)
	}
	if v.Rows[0].Item.Text != "PR ready & green" || v.Rows[2].Item.Text != "@ana see #eng" || v.Rows[0].Item.From != "Bo Chen" {
		t.Fatalf("rows %+v / %+v", v.Rows[0].Item, v.Rows[2].Item)
	}
	test.Tap(v.Rows[0].Open)
	if len(opened) != 1 || opened[0] != "https://acme.slack.com/archives/D1/p1.1" {
		t.Fatalf("opened %v", opened)
	}
	test.Tap(v.Rows[2].Open)
	if !strings.Contains(v.Message.Text, "channel_not_found") {
		t.Fatalf("message %q", v.Message.Text)
	}
	failMark = true
	test.Tap(v.Rows[0].Done)
	if !strings.Contains(v.Message.Text, "not running") || len(v.Rows) != 3 {
		t.Fatalf("mark failure: %q, %d rows", v.Message.Text, len(v.Rows))
	}
	failMark = false
	test.Tap(v.Rows[0].Done)
	if len(marked) != 1 || marked[0][0] != added[0].ID || len(v.Rows) != 2 || v.Header.Text != "2 pings to review (1 held, 1 delivered)" {
		t.Fatalf("after marking one: %v, %d rows, %q", marked, len(v.Rows), v.Header.Text)
	}
	if checks != 1 {
		t.Fatalf("read checks after a reload: %d, want the one at open", checks)
	}
	test.Tap(v.MarkAll)
	if !markedAll || len(v.Rows) != 0 || !strings.HasPrefix(v.Header.Text, "No pings") || !v.MarkAll.Disabled() {
		t.Fatalf("after all: %d rows, %q", len(v.Rows), v.Header.Text)
	}
}

// Next to a ping, the auto-reply it got; and "This should have reached
// me" teaches the rules: the sender as a VIP, or a word as a keyword,
// saved to the settings file the way the settings window saves.
func TestReviewShowsAutoReplyAndLearns(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 23, 9, 5, 0, 0, time.Local)
	st.SetConversation(ctx, store.Conversation{ID: "D1", Kind: "im", Name: "U2"})
	st.PutUser(ctx, store.User{ID: "U2", Name: "bo", RealName: "Bo Chen", FetchedAt: at})
	st.AddIntake(ctx, store.Intake{Pings: []store.Ping{
		{Channel: "D1", TS: "1.1", UserID: "U2", Kind: "im", Text: "Deploy is blocked, PR green?", ReceivedAt: at},
		{Channel: "D1", TS: "1.2", UserID: "U2", Kind: "im", Text: "hello again", ReceivedAt: at.Add(time.Minute)},
	}})
	q, err := st.QueueReplies(ctx, []store.AutoReply{{BlockID: 1, BlockStart: at, UserID: "U2", Channel: "D1", TS: "1.1", Text: "(auto) later", QueuedAt: at}})
	if err != nil || len(q) != 1 {
		t.Fatal(err)
	}
	st.ClaimReply(ctx, q[0].ID)
	st.FinishReply(ctx, q[0].ID, store.ReplySent, at.Add(time.Minute), "9.9", "")

	opts := Options{ConfigPath: filepath.Join(dir, "config.toml"), SocketPath: control.SocketPath(dir)}
	v := NewReviewView(ReviewDeps{
		Load:  func() ([]pinglist.Group, error) { return pinglist.Load(ctx, st) },
		Mark:  func([]int64, bool) error { return nil },
		Learn: func(vip, keyword string) (string, error) { return learn(opts, vip, keyword) },
	})
	test.NewTempWindow(t, v.Content)
	if len(v.Rows) != 2 || !strings.Contains(v.Rows[0].MetaText(), "auto-replied 09:06") || strings.Contains(v.Rows[1].MetaText(), "auto-repl") {
		t.Fatalf("meta %q / %q", v.Rows[0].MetaText(), v.Rows[1].MetaText())
	}

	// A word of the message as a keyword.
	r := v.Rows[0]
	if r.Teach.Visible() {
		t.Fatal("the choice shows before it is asked for")
	}
	test.Tap(r.Reached)
	if !r.Teach.Visible() || r.Choice.Selected != "Always let Bo Chen through (VIP)" {
		t.Fatalf("after the click: visible %v, selected %q", r.Teach.Visible(), r.Choice.Selected)
	}
	want := []string{"Always let Bo Chen through (VIP)", "Messages with “deploy” (keyword)", "Messages with “blocked” (keyword)",
		"Messages with “green” (keyword)"}
	if strings.Join(r.Choice.Options, "|") != strings.Join(want, "|") {
		t.Fatalf("options %q", r.Choice.Options)
	}
	r.Choice.SetSelected("Messages with “blocked” (keyword)")
	test.Tap(r.Add)
	cfg, err := config.Load(opts.ConfigPath)
	if err != nil || !slices.Contains(cfg.Pings.Keywords, "blocked") || v.Message.Text != "" || r.Teach.Visible() || !r.Reached.Disabled() {
		t.Fatalf("keywords %v (%v), message %q", cfg.Pings.Keywords, err, v.Message.Text)
	}
	// The sender as a VIP: one more click (the sender is preselected).
	test.Tap(v.Rows[1].Reached)
	test.Tap(v.Rows[1].Add)
	cfg, _ = config.Load(opts.ConfigPath)
	if !slices.Contains(cfg.Pings.VIPs, "U2") || !slices.Contains(cfg.Pings.Keywords, "blocked") || !strings.Contains(v.Rows[1].Reached.Text, "VIP") {
		t.Fatalf("vips %v, keywords %v, button %q", cfg.Pings.VIPs, cfg.Pings.Keywords, v.Rows[1].Reached.Text)
	}
	// Nothing is added twice.
	again, _ := Learned(cfg, "u2", "BLOCKED")
	if len(again.Pings.VIPs) != len(cfg.Pings.VIPs) || len(again.Pings.Keywords) != len(cfg.Pings.Keywords) {
		t.Fatalf("added twice: %v %v", again.Pings.VIPs, again.Pings.Keywords)
	}
}

// The window shows new pings while open (ReviewWindow polls and hands
// what it read to Update), mentions as names, emoji as emoji, and links
// as links.
func TestReviewUpdatesLiveAndShowsNamesEmojiAndLinks(t *testing.T) {
	ctx, st, at := reviewStore(t)
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.PutUser(ctx, store.User{ID: "U2", Name: "bo", RealName: "Bo Chen", FetchedAt: at})
	st.PutUser(ctx, store.User{ID: "U0SELF", Name: "pat", FetchedAt: at})
	add := func(ts, text string, after time.Duration) {
		t.Helper()
		if _, err := st.AddIntake(ctx, store.Intake{Pings: []store.Ping{
			{Channel: "C1", TS: ts, UserID: "U2", Kind: "mention", Text: text, ReceivedAt: at.Add(after)}}}); err != nil {
			t.Fatal(err)
		}
	}
	add("1.1", "<@U0SELF> shipped :tada: see <https://x.test/pr/7|the PR> or https://x.test/ci", 0)
	load := func() ([]pinglist.Group, error) { return pinglist.Load(ctx, st) }
	v := NewReviewView(ReviewDeps{Load: load, Mark: func([]int64, bool) error { return nil }})
	test.NewTempWindow(t, v.Content)

	body := v.Rows[0].Body
	var text strings.Builder
	var links []string
	for _, s := range body.Segments {
		switch s := s.(type) {
		case *widget.TextSegment:
			text.WriteString(s.Text)
		case *widget.HyperlinkSegment:
			text.WriteString(s.Text)
			links = append(links, s.Text+" → "+s.URL.String())
		}
	}
	if text.String() != "@pat shipped 🎉 see the PR or https://x.test/ci" {
		t.Fatalf("body %q", text.String())
	}
	if strings.Join(links, ", ") != "the PR → https://x.test/pr/7, https://x.test/ci → https://x.test/ci" {
		t.Fatalf("links %q", links)
	}

	// A poll that finds nothing new redraws nothing: an open choice stays.
	row := v.Rows[0]
	v.Update(load())
	if v.Rows[0] != row {
		t.Fatal("an unchanged list was redrawn")
	}
	// A new ping shows on the next poll, without Refresh.
	add("1.2", "one more", time.Minute)
	v.Update(load())
	if len(v.Rows) != 2 || v.Header.Text != "2 pings held" {
		t.Fatalf("after a new ping: %d rows, %q", len(v.Rows), v.Header.Text)
	}
	// A failed read keeps the list and says so.
	v.Update(nil, errors.New("database is locked"))
	if len(v.Rows) != 2 || !strings.Contains(v.Message.Text, "database is locked") {
		t.Fatalf("after a failed read: %d rows, %q", len(v.Rows), v.Message.Text)
	}
}

func TestReviewPollsUntilClosed(t *testing.T) {
	test.NewTempApp(t)
	stop, tick := make(chan struct{}), make(chan time.Time)
	updates := make(chan int)
	loads := 0
	done := make(chan struct{})
	go func() {
		pollReview(stop, tick, func() ([]pinglist.Group, error) {
			loads++
			return []pinglist.Group{{Pings: make([]pinglist.Item, loads)}}, nil
		}, func(g []pinglist.Group, _ error) { updates <- pinglist.Count(g) })
		close(done)
	}()
	for want := 1; want <= 2; want++ {
		tick <- time.Now()
		if got := <-updates; got != want {
			t.Fatalf("update %d: %d pings", want, got)
		}
	}
	close(stop)
	<-done // returns once the window closes
}

// Compact rows (issue 20, item 1: three pings filled the window): at the
// window's default size, 640×560, sixteen short pings show without
// scrolling (one line each: the text beside its meta line), the buttons
// are a button's height, and a held ping's teach action is a link on its
// meta line, not a heading under it. A long text, or one of several
// lines, goes under its meta line.
func TestReviewRowsAreCompact(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.Local)
	var pings []pinglist.Item
	const fit = 16
	long := strings.Repeat("the deploy is stuck again and nobody knows why; ", 4)
	for i, text := range append(slices.Repeat([]string{"can you look at my PR?"}, fit), long, "two\nlines") {
		pings = append(pings, pinglist.Item{ID: int64(i + 1), Channel: "D1", TS: fmt.Sprintf("1.%d", i), Kind: "im", FromID: "U2", From: "Bo Chen",
			Text: text, Parts: []pinglist.Part{{Text: text}}, ReceivedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	groups := []pinglist.Group{{Conversation: "Bo Chen", Channel: "D1", Pings: pings}}
	v := NewReviewView(ReviewDeps{Load: func() ([]pinglist.Group, error) { return groups, nil },
		Mark: func([]int64, bool) error { return nil }, Learn: func(string, string) (string, error) { return "", nil }})
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(640, 560))

	scroll := v.Content.(*fyne.Container).Objects[0].(*container.Scroll)
	d := fyne.CurrentApp().Driver()
	last := v.Rows[fit-1]
	bottom := d.AbsolutePositionForObject(last.Body).Y + last.Body.Size().Height
	viewBottom := d.AbsolutePositionForObject(scroll).Y + scroll.Size().Height
	if bottom > viewBottom {
		t.Errorf("ping %d ends at %v, below the list's bottom at %v: fewer than %d fit", fit, bottom, viewBottom, fit)
	}
	for i, r := range v.Rows {
		metaBottom := d.AbsolutePositionForObject(r.Meta).Y + r.Meta.Size().Height
		under := d.AbsolutePositionForObject(r.Body).Y >= metaBottom-1
		if want := i >= fit; under != want {
			t.Errorf("ping %d (%.20q): text under its meta line %v, want %v", i+1, r.Item.Text, under, want)
		}
	}
	r := v.Rows[0]
	if h, want := r.Open.Size().Height, r.Open.MinSize().Height; h > want+1 {
		t.Errorf("Open in Slack is %v high, a button is %v", h, want)
	}
	if r.Reached == nil || r.Reached.Text != "This should have reached me" {
		t.Fatalf("teach link %+v", r.Reached)
	}
	if y, open := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.Reached).Y, fyne.CurrentApp().Driver().AbsolutePositionForObject(r.Open).Y; y > open+8 {
		t.Errorf("the teach link is at y %v, the buttons at %v: not beside them", y, open)
	}
}

package inbox

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

func TestReplyTo(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	in := ReplyInputs{On: true, BlockID: 7, BlockStart: start, SelfID: "U0001"}
	dm := store.Ping{Channel: "D1", TS: "1.1", UserID: "U2", Kind: "im", Text: "got a minute?", ReceivedAt: start.Add(time.Minute)}
	with := func(f func(*store.Ping)) store.Ping { p := dm; f(&p); return p }
	inputs := func(f func(*ReplyInputs)) ReplyInputs { i := in; f(&i); return i }
	for _, c := range []struct {
		name string
		p    store.Ping
		fate Fate
		in   ReplyInputs
		want bool
	}{
		{"a held DM in focus", dm, Held, in, true},
		{"a group DM", with(func(p *store.Ping) { p.Kind = "mpim" }), Held, in, true},
		{"a mention of you", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "<@U0001> see this" }), Held, in, true},
		{"a mention with a label", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "hey <@U0001|ana>" }), Held, in, true},
		{"off", dm, Held, inputs(func(i *ReplyInputs) { i.On = false }), false},
		{"outside focus", dm, Free, inputs(func(i *ReplyInputs) { i.BlockID = 0 }), false},
		{"held outside focus (away, hold all day)", dm, Held, inputs(func(i *ReplyInputs) { i.BlockID = 0 }), false},
		{"before this block", with(func(p *store.Ping) { p.ReceivedAt = start.Add(-time.Second) }), Held, in, false},
		{"a VIP", with(func(p *store.Ping) { p.Bypassed, p.Reason = true, "VIP @bo" }), Through, in, false},
		{"a keyword", with(func(p *store.Ping) { p.Bypassed, p.Reason = true, `keyword "urgent"` }), Through, in, false},
		{"through without the flag", dm, Through, in, false},
		{"yourself", with(func(p *store.Ping) { p.UserID = "U0001" }), Held, in, false},
		{"no sender", with(func(p *store.Ping) { p.UserID = "" }), Held, in, false},
		{"you are not known yet", dm, Held, inputs(func(i *ReplyInputs) { i.SelfID = "" }), false},
		{"Slackbot", with(func(p *store.Ping) { p.UserID = "USLACKBOT" }), Held, in, false},
		{"a bot user", with(func(p *store.Ping) { p.UserID = "B0BOT" }), Held, in, false},
		{"@here in a channel", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "<!here> deploy at 3" }), Held, in, false},
		{"a mention of someone else", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "<@U0009> see this" }), Held, in, false},
		{"already answered", dm, Held, inputs(func(i *ReplyInputs) { i.Answered = true }), false},
	} {
		got, why := ReplyTo(c.p, c.fate, c.in)
		if got != c.want || (!got && why == "") {
			t.Errorf("%s: %v (%q), want %v", c.name, got, why, c.want)
		}
	}
}

package inbox

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

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
		// Paused, the block has no end to promise; away, Slack already
		// says so: no "heads-down until …".
		{"the block paused", dm, Held, inputs(func(i *ReplyInputs) { i.Paused = true }), false},
		{"away in a block (a lock paused it)", dm, Held, inputs(func(i *ReplyInputs) { i.Paused, i.Away = true, true }), false},
		{"away, the block running", dm, Held, inputs(func(i *ReplyInputs) { i.Away = true }), false},
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
		// A VIP named by handle is known only after the ping is stored
		// (SetBypass): its fate may still read Held. It broke through all
		// the same: no "I'm heads-down" to someone who reached you.
		{"bypassed, though its fate reads held", with(func(p *store.Ping) { p.Bypassed, p.Reason = true, "VIP @bo" }), Held, in, false},
		// A mention of another user whose ID starts with yours is not one
		// of you: <@U00011> is not <@U0001>.
		{"a mention of a longer ID", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "<@U00011> see this" }), Held, in, false},
		{"a mention of a longer ID with a label", with(func(p *store.Ping) { p.Kind, p.Text = "mention", "<@U00011|bo> see this" }), Held, in, false},
	} {
		got, why := ReplyTo(c.p, c.fate, c.in)
		if got != c.want || (!got && why == "") {
			t.Errorf("%s: %v (%q), want %v", c.name, got, why, c.want)
		}
	}
}

func TestMentionsUser(t *testing.T) {
	for _, c := range []struct {
		text, id string
		want     bool
	}{
		{"<@U0001> hi", "U0001", true},
		{"hi <@U0001|ana>", "U0001", true},
		{"<@U00011> hi", "U0001", false},
		{"<@U00011|bo> hi", "U0001", false},
		{"<@U000> hi", "U0001", false},
		{"<!here> hi", "U0001", false},
		{"<@U0001> hi", "", false},
	} {
		t.Run(c.text+"/"+c.id, func(t *testing.T) {
			if got := MentionsUser(c.text, c.id); got != c.want {
				t.Fatalf("MentionsUser(%q, %q) = %v, want %v", c.text, c.id, got, c.want)
			}
		})
	}
}

// Another install's auto-reply counts for this block when it was posted
// since the block began or still promises a time ahead; not an older one,
// not one to someone else, not a message without our metadata.
func TestAnsweredElsewhere(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	now := start.Add(20 * time.Minute)
	ts := func(at time.Time) string { return fmt.Sprintf("%d.000100", at.Unix()) }
	reply := func(to string, at, until time.Time) slack.Message {
		m := slack.Message{}
		m.Timestamp = ts(at)
		m.Metadata = slack.SlackMetadata{EventType: ReplyEvent, EventPayload: map[string]any{"install": "laptop", "to": to,
			"block_start": float64(at.Unix()), "until": float64(until.Unix())}}
		return m
	}
	plain := slack.Message{}
	plain.Timestamp = ts(start.Add(time.Minute))
	tests := []struct {
		name string
		msgs []slack.Message
		want bool
	}{
		{"posted in this block", []slack.Message{reply("U0BO", start.Add(5*time.Minute), start.Add(50*time.Minute))}, true},
		{"posted before it, promise still ahead", []slack.Message{reply("U0BO", start.Add(-10*time.Minute), start.Add(40*time.Minute))}, true},
		{"an old block's, over", []slack.Message{reply("U0BO", start.Add(-2*time.Hour), start.Add(-70*time.Minute))}, false},
		{"to someone else", []slack.Message{reply("U0CY", start.Add(5*time.Minute), start.Add(50*time.Minute))}, false},
		{"no metadata", []slack.Message{plain}, false},
		{"nothing", nil, false},
		{"this install's own, from a block stopped early", []slack.Message{reply("U0BO", start.Add(-10*time.Minute), start.Add(40*time.Minute))}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			self := "desktop"
			if strings.HasPrefix(tt.name, "this install's") {
				self = "laptop"
			}
			if got := AnsweredElsewhere(tt.msgs, self, "U0BO", start, now); got != tt.want {
				t.Fatalf("AnsweredElsewhere = %v, want %v", got, tt.want)
			}
		})
	}
}

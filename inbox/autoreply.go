package inbox

import (
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/store"
)

// ReplyInputs are what the auto-reply decision reads of the app.
type ReplyInputs struct {
	// On is [pings] auto_reply.
	On bool
	// BlockID and BlockStart are the focus block in flight; BlockID 0
	// when none runs.
	BlockID    int64
	BlockStart time.Time
	// Paused: the block is paused; Away: you are away (a lock, a suspend,
	// idle, or you said so). Neither gets a heads-down reply: a paused
	// block has no end to promise, and Slack already says you are away.
	Paused, Away bool
	// SelfID is your Slack user ID; empty while the intake has not asked
	// Slack yet, and then nobody is answered: a mention cannot be told
	// from a channel message without one.
	SelfID string
	// Answered: this sender already has a reply (queued, sent or failed)
	// in this block.
	Answered bool
}

// ReplyTo decides whether a ping just decided (fate f) gets the one
// automatic reply its sender may have in this focus block. It returns the
// reason when not, for the log. The order matters only for that reason:
// every rule must pass.
//
// Bots never become pings (PingRules.Classify drops messages with a bot_id
// and bot subtypes); Slackbot, which writes as a user, is refused here.
func ReplyTo(p store.Ping, f Fate, in ReplyInputs) (bool, string) {
	switch {
	case !in.On:
		return false, "auto-reply is off"
	case in.BlockID == 0:
		return false, "not in a focus block"
	case in.Paused:
		return false, "the focus block is paused"
	case in.Away:
		return false, "you are away"
	case f == Through || p.Bypassed:
		return false, "it broke through"
	case f != Held:
		return false, "not held"
	case !in.BlockStart.IsZero() && p.ReceivedAt.Before(in.BlockStart):
		return false, "it came before this focus block"
	case in.SelfID == "":
		return false, "your Slack ID is not known yet"
	case p.UserID == "" || p.UserID == in.SelfID:
		return false, "it is your own message"
	case isBotUser(p.UserID):
		return false, "the sender is a bot"
	case p.Kind == "mention" && !MentionsUser(p.Text, in.SelfID):
		return false, "a channel message without a mention of you"
	case p.Kind != "im" && p.Kind != "mpim" && p.Kind != "mention":
		return false, "not a DM or a mention"
	case in.Answered:
		return false, "already answered in this block"
	}
	return true, ""
}

// MentionsUser reports whether Slack markup text mentions id by name
// (<@U1> or <@U1|ana>): @here and @channel are not a mention of you, and
// answering one would post into a thread the whole channel reads.
func MentionsUser(text, id string) bool {
	return id != "" && (strings.Contains(text, "<@"+id+">") || strings.Contains(text, "<@"+id+"|"))
}

// isBotUser: Slackbot and bot users that post with a B… ID as user.
func isBotUser(id string) bool {
	return id == "USLACKBOT" || strings.HasPrefix(id, "B")
}

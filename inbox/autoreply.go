package inbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

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

// Two computers, one Slack account (issue 19): each install keeps the
// once-per-block rule in its own database, so each could answer the same
// sender. Every auto-reply is therefore posted with Slack message metadata
// (ReplyEvent, ReplyMark), and before one is sent the conversation is read
// back with include_all_metadata: a reply to the same sender from another
// install, in the same block window, means this one is not sent.

// ReplyEvent is the metadata event type of an auto-reply.
const ReplyEvent = "headsdown_auto_reply"

// ReplyMark is the metadata payload of an auto-reply to sender from the
// install named install, for a block that started at start and ends at
// until (Unix seconds).
func ReplyMark(install, sender string, start, until time.Time) map[string]any {
	return map[string]any{"install": install, "to": sender, "block_start": start.Unix(), "until": until.Unix()}
}

// ReplyLookback is how far back the conversation is read for another
// install's reply: the longest focus block worth minding.
const ReplyLookback = 12 * time.Hour

// AnsweredElsewhere reports whether msgs (read with include_all_metadata)
// hold an auto-reply to sender from another install than self that counts
// for this block window: one posted since this block started at start, or
// one whose promised end is still ahead at now (the other computer's block
// began first and is still running). An older reply, for a block long
// over, does not count; nor do self's own, which its database already
// rules on (an earlier block stopped early promised a time still ahead).
func AnsweredElsewhere(msgs []slack.Message, self, sender string, start, now time.Time) bool {
	for _, m := range msgs {
		md := m.Metadata
		if md.EventType != ReplyEvent || fmt.Sprint(md.EventPayload["to"]) != sender || fmt.Sprint(md.EventPayload["install"]) == self {
			continue
		}
		posted, _ := strconv.ParseFloat(m.Timestamp, 64)
		if posted >= float64(start.Unix()) || number(md.EventPayload["until"]) > float64(now.Unix()) {
			return true
		}
	}
	return false
}

// number reads a JSON number of a metadata payload (float64 once decoded;
// a string if another version wrote one).
func number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case string:
		f, _ := strconv.ParseFloat(n, 64)
		return f
	}
	return 0
}

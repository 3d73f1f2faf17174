package inbox

import (
	"strings"

	"github.com/headsdown-app/headsdown/slackapi"
)

// PingRules decide which Slack messages are pings (DMs, group DMs,
// mentions of you) and which break through a focus block at once.
type PingRules struct {
	SelfID      string   // your Slack user ID, from auth.test
	VIPs        []string // user IDs ("U024BE7LH") or handles ("@ana")
	Keywords    []string // case-insensitive substrings
	ChannelWide bool     // @here, @channel and @everyone count as mentions
}

// Message is what the rules read of a Slack message.
type Message struct {
	Channel     string
	ChannelType string // im, mpim, channel, group
	TS          string
	User        string
	Text        string
	SubType     string
	BotID       string
	// ThreadTS is the parent's ts of a message posted in a thread (the
	// parent itself carries its own ts here, or none).
	ThreadTS string
}

// Classify returns the ping kind (im, mpim, mention), or "" when the
// message is not a ping: your own messages, bots, edits, deletions, joins
// and channel messages that do not mention you.
func (r PingRules) Classify(m Message) string {
	if m.User == "" || m.User == r.SelfID || m.BotID != "" {
		return ""
	}
	switch m.SubType {
	case "", "thread_broadcast", "file_share", "me_message":
	default:
		return "" // message_changed, message_deleted, channel_join, bot_message…
	}
	switch m.ChannelType {
	case "im":
		return "im"
	case "mpim":
		return "mpim"
	case "channel", "group":
		if r.SelfID != "" && (strings.Contains(m.Text, "<@"+r.SelfID+">") || strings.Contains(m.Text, "<@"+r.SelfID+"|")) {
			return "mention"
		}
		if r.ChannelWide && (strings.Contains(m.Text, "<!here") || strings.Contains(m.Text, "<!channel") || strings.Contains(m.Text, "<!everyone")) {
			return "mention"
		}
	}
	return ""
}

// Bypass says why a ping breaks through ("VIP @ana", `keyword "prod
// down"`), or "" when it waits for a review window. handle is the
// sender's Slack handle when known.
func (r PingRules) Bypass(m Message, handle string) string {
	for _, v := range r.VIPs {
		v = strings.TrimSpace(v)
		if v == m.User || (handle != "" && strings.EqualFold(strings.TrimPrefix(v, "@"), handle)) {
			return "VIP " + v
		}
	}
	text := strings.ToLower(slackapi.PlainText(m.Text, nil))
	for _, k := range r.Keywords {
		if k = strings.TrimSpace(k); k != "" && strings.Contains(text, strings.ToLower(k)) {
			return "keyword \"" + k + "\""
		}
	}
	return ""
}

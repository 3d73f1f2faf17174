package inbox

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
)

// MaxReadChecks bounds the conversations one read check asks Slack about
// (conversations.info, rate tier 3: about 50 a minute), so a check costs
// seconds at most whatever the inbox holds. The conversations left out
// are asked about at the next check.
const MaxReadChecks = 20

// LastRead asks Slack how far the user has read each conversation: its
// last_read ts (conversations.info, which answers it for a user token).
// Slack answers for a conversation's own messages, not for its threads.
// Conversations Slack does not answer for (an error, a conversation gone)
// are left out; a rate limit is waited out as every intake call is. It
// stops when ctx ends and returns what it has.
func (in *Intake) LastRead(ctx context.Context, channels []string) map[string]string {
	out := map[string]string{}
	if len(channels) > MaxReadChecks {
		channels = channels[:MaxReadChecks]
	}
	for _, ch := range channels {
		var info *slack.Channel
		err := in.call(ctx, "conversations.info", func() error {
			var err error
			info, err = in.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: ch})
			return err
		})
		if ctx.Err() != nil {
			return out
		}
		if err != nil {
			in.opts.Log.Info("inbox: how far you read a conversation is not known", "channel", ch,
				"err", slackapi.Redact(err.Error(), in.opts.UserToken))
			continue
		}
		if info.LastRead != "" {
			out[ch] = info.LastRead
		}
	}
	return out
}

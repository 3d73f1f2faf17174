package inbox

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
)

// Polling without Socket Mode.
//
// Slack's documented listing (users.conversations) says nothing of a
// conversation's activity: its objects carry no latest message and no
// last-activity time (conversations.info does, one call per
// conversation, which costs as much as reading the history). Finding
// mentions in every channel without reading each would take
// search.messages, which needs the search:read scope that Heads Down's
// app does not ask for (adding it makes every user reinstall the app),
// is tier 2 (20 calls a minute) and lags behind new messages. So a poll
// reads history, but not all of it:
//
//   - DMs with a VIP every PollEvery (1 min) and first, so a VIP breaks
//     through within two minutes; other direct and group DMs (the pings
//     that matter most, and few) every DMEvery (2 min);
//   - channels (where only mentions are pings) every ChannelEvery (10 min)
//     at most, the ones waiting longest first;
//   - never more than PollBudget reads a poll, and every call through the
//     pacer, so no minute holds more than a method's rate tier.

// pollConv is what the planner knows of one conversation.
type pollConv struct {
	ID   string
	Kind string // im, mpim, channel, group
	// VIP: a DM with someone the rules let through.
	VIP bool
	// Polled is when a poll last read it (zero: not in this run).
	Polled time.Time
	// LastTS is the newest message seen in it ("" for none).
	LastTS string
}

// pollPolicy is how often each kind of conversation is read.
type pollPolicy struct {
	VIPEvery, DMEvery, ChannelEvery time.Duration
	Budget                          int
}

func (c pollConv) dm() bool { return c.Kind == "im" || c.Kind == "mpim" }

// planPoll picks what a poll at now reads: the conversations that are due
// (VIP DMs every VIPEvery, other DMs every DMEvery, channels every
// ChannelEvery), at most Budget of
// them: DMs with a VIP first, then other DMs, but a quarter of the budget
// kept for channels that are due, so that many DMs never starve the
// channels; within each, the one read longest ago (or never) first, then
// the one most recently active.
func planPoll(convs []pollConv, now time.Time, p pollPolicy) []string {
	var vips, dms, chans []pollConv
	for _, c := range convs {
		every := p.ChannelEvery
		switch {
		case c.VIP:
			every = p.VIPEvery
		case c.dm():
			every = p.DMEvery
		}
		if !c.Polled.IsZero() && now.Sub(c.Polled) < every {
			continue
		}
		switch {
		case c.VIP:
			vips = append(vips, c)
		case c.dm():
			dms = append(dms, c)
		default:
			chans = append(chans, c)
		}
	}
	order := func(a, b pollConv) int {
		return cmp.Or(a.Polled.Compare(b.Polled), -cmp.Compare(tsNum(a.LastTS), tsNum(b.LastTS)), strings.Compare(a.ID, b.ID))
	}
	slices.SortFunc(vips, order)
	slices.SortFunc(dms, order)
	slices.SortFunc(chans, order)
	var ids []string
	take := func(cs []pollConv, n int) []pollConv {
		n = max(0, min(n, len(cs), p.Budget-len(ids)))
		for _, c := range cs[:n] {
			ids = append(ids, c.ID)
		}
		return cs[n:]
	}
	reserve := min(len(chans), p.Budget/4)
	take(vips, len(vips))
	dms = take(dms, p.Budget-reserve-len(ids))
	take(chans, len(chans))
	take(dms, len(dms))
	return ids
}

func tsNum(ts string) float64 { f, _ := strconv.ParseFloat(ts, 64); return f }

// list reads every conversation the user is in (users.conversations,
// 200 a page) and records new ones and renames.
func (in *Intake) list(ctx context.Context, known map[string]store.Conversation) ([]slack.Channel, error) {
	var chans []slack.Channel
	cursor := ""
	for {
		var page []slack.Channel
		err := in.call(ctx, "users.conversations", func() error {
			var err error
			page, cursor, err = in.api.GetConversationsForUserContext(ctx, &slack.GetConversationsForUserParameters{
				Types: []string{"im", "mpim", "public_channel", "private_channel"}, Limit: 200, Cursor: cursor, ExcludeArchived: true})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("users.conversations: %w", err)
		}
		chans = append(chans, page...)
		if cursor == "" {
			break
		}
	}
	for _, ch := range chans {
		kind := channelKind(ch)
		if prev, ok := known[ch.ID]; !ok || prev.Kind != kind || prev.Name != channelName(ch) {
			if err := in.opts.Store.SetConversation(ctx, store.Conversation{ID: ch.ID, Kind: kind, Name: channelName(ch)}); err != nil {
				return nil, err
			}
		}
	}
	return chans, nil
}

// poll is one polling round: list the conversations, read the ones the
// plan picks from their cursors, and return how many it read.
func (in *Intake) poll(ctx context.Context) (int, error) {
	in.backing.Lock()
	defer in.backing.Unlock()
	started := in.opts.Now()
	known, err := in.opts.Store.Conversations(ctx)
	if err != nil {
		return 0, err
	}
	var since int64
	if _, err := in.opts.Store.GetJSON(ctx, kvInboxSince, &since); err != nil {
		return 0, err
	}
	chans, err := in.list(ctx, known)
	if err != nil {
		return 0, err
	}
	rules := in.rules()
	if hasHandles(rules.VIPs) {
		in.nameDMPartners(ctx, chans)
	}
	convs := make([]pollConv, len(chans))
	kinds := map[string]string{}
	for i, ch := range chans {
		kind := channelKind(ch)
		kinds[ch.ID] = kind
		vip := kind == "im" && rules.Bypass(Message{User: ch.User}, in.Users.CachedHandle(ch.User)) != ""
		convs[i] = pollConv{ID: ch.ID, Kind: kind, VIP: vip, Polled: in.polled[ch.ID], LastTS: known[ch.ID].LastTS}
	}
	plan := planPoll(convs, started, pollPolicy{VIPEvery: in.opts.PollEvery, DMEvery: in.opts.DMEvery, ChannelEvery: in.opts.ChannelEvery,
		Budget: in.opts.PollBudget})
	read := map[string]bool{}
	for _, id := range plan {
		oldest := known[id].LastTS
		if oldest == "" {
			oldest = strconv.FormatInt(since, 10) + ".000000"
		}
		if err := in.history(ctx, id, kinds[id], oldest); err != nil {
			if f := slackapi.Classify(err); f.Code == "channel_not_found" || f.Code == "not_in_channel" {
				continue // left or archived since the list was read
			}
			return len(read), fmt.Errorf("conversations.history %s: %w", id, err)
		}
		in.polled[id] = started
		read[id] = true
	}
	// Conversations without a cursor are complete up to when this poll
	// began (a minute of margin for clock skew) only if it read them all.
	for _, c := range convs {
		if c.LastTS == "" && !read[c.ID] {
			return len(read), nil
		}
	}
	return len(read), in.opts.Store.PutJSON(ctx, kvInboxSince, max(since, started.Add(-time.Minute).Unix()))
}

// namesPerPoll bounds the users.info calls a poll makes to learn handles.
const namesPerPoll = 20

// nameDMPartners looks up (users.info, cached for good) the people the
// user has DMs with whose handle is not known yet, a few each poll, so a
// VIP named by handle ("@boss") is known before their DM is due: their
// DM is then read first.
func (in *Intake) nameDMPartners(ctx context.Context, chans []slack.Channel) {
	asked := 0
	for _, ch := range chans {
		if asked == namesPerPoll || ctx.Err() != nil {
			return
		}
		if ch.IsIM && ch.User != "" && !in.Users.settled(ch.User) {
			in.Users.Handle(ctx, ch.User)
			asked++
		}
	}
}

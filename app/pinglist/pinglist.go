// Package pinglist reads the held pings for people: grouped by
// conversation, with sender and conversation names from the local cache
// and message markup made readable. The review window and `headsdown
// pings` both show this; neither needs the network to do it.
package pinglist

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Item is one ping as shown.
type Item struct {
	ID      int64  `json:"id"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`
	Kind    string `json:"kind"` // im, mpim, mention
	FromID  string `json:"from_id"`
	From    string `json:"from"`
	Text    string `json:"text"` // empty once retention purged it
	// Parts are Text as the review window draws it: names, emoji and
	// clickable links.
	Parts      []Part    `json:"-"`
	ReceivedAt time.Time `json:"received_at"`
	Delivered  bool      `json:"delivered"`
	Reason     string    `json:"breakthrough,omitempty"`
	// AutoReply is the automatic reply Heads Down sent to this message's
	// thread, if any.
	AutoReply *Reply `json:"auto_reply,omitempty"`
}

// Reply is an auto-reply as shown next to the ping it answered.
type Reply struct {
	Status string    `json:"status"` // sent, unknown (may have been posted), failed, skipped, queued, sending
	At     time.Time `json:"at"`     // when it was sent, else when it was queued
	Text   string    `json:"text"`
	Error  string    `json:"error,omitempty"`
}

// Label is the reply in a few words: "auto-replied 10:42" (or "10:42 AM"
// on the clock h).
func (r *Reply) Label(loc *time.Location, h timefmt.Hours) string {
	at := h.Time(r.At.In(loc))
	switch r.Status {
	case store.ReplySent:
		return "auto-replied " + at
	case store.ReplyUnknown:
		return "auto-reply " + at + " (unconfirmed: Slack's answer was lost)"
	case store.ReplyFailed:
		return "auto-reply failed: " + r.Error
	case store.ReplySkipped:
		return "auto-reply not sent: " + r.Error
	}
	return "auto-reply pending"
}

// Group is one conversation's pings, oldest first.
type Group struct {
	Conversation string `json:"conversation"` // "Bo Chen", "#eng", "group DM"
	Channel      string `json:"channel"`
	Pings        []Item `json:"pings"`
}

// Load returns the pings still waiting for review (held, or delivered by
// a digest or a breakthrough during focus, and neither marked reviewed,
// nor read in Slack, nor a week old), grouped by conversation, the
// conversation with the oldest ping first.
func Load(ctx context.Context, st *store.Store) ([]Group, error) {
	ps, err := st.Pings(ctx, store.PingFilter{Waiting: true})
	if err != nil {
		return nil, err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	convs, err := st.Conversations(ctx)
	if err != nil {
		return nil, err
	}
	var replies map[string]store.AutoReply
	if len(ps) > 0 {
		if replies, err = st.RepliesTo(ctx, ps[0].ReceivedAt.Add(-time.Hour)); err != nil {
			return nil, err
		}
	}
	names := map[string]string{}
	for id, u := range users {
		names[id] = u.Name
	}
	byHandle := map[string]string{}
	for _, u := range users {
		if u.Name != "" {
			byHandle[u.Name] = cmp.Or(u.RealName, u.Name)
		}
	}
	display := func(id string) string {
		if u, ok := users[id]; ok {
			if u.RealName != "" {
				return u.RealName
			}
			if u.Name != "" {
				return u.Name
			}
		}
		return id
	}
	byChannel := map[string]*Group{}
	var order []string
	for _, p := range ps {
		g := byChannel[p.Channel]
		if g == nil {
			g = &Group{Channel: p.Channel, Conversation: conversationName(convs[p.Channel], p, display, byHandle)}
			byChannel[p.Channel] = g
			order = append(order, p.Channel)
		}
		it := Item{ID: p.ID, Channel: p.Channel, TS: p.TS, Kind: p.Kind, FromID: p.UserID,
			From: display(p.UserID), Text: slackapi.PlainText(p.Text, names), Parts: Parts(p.Text, names), ReceivedAt: p.ReceivedAt,
			Delivered: !p.DeliveredAt.IsZero(), Reason: p.Reason}
		if r, ok := replies[p.Channel+"/"+p.TS]; ok {
			at := r.SentAt
			if at.IsZero() {
				at = r.QueuedAt
			}
			it.AutoReply = &Reply{Status: r.Status, At: at, Text: r.Text, Error: r.Error}
		}
		g.Pings = append(g.Pings, it)
	}
	out := make([]Group, 0, len(order))
	for _, ch := range order {
		g := byChannel[ch]
		// Slack's order, not arrival's: events of one burst (and a
		// reconnect's backfill) can arrive out of order, and the list
		// should read as the conversation does in Slack.
		sort.SliceStable(g.Pings, func(i, j int) bool { return SlackOrder(g.Pings[i].TS, g.Pings[j].TS) < 0 })
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pings[0].ReceivedAt.Before(out[j].Pings[0].ReceivedAt) })
	return out, nil
}

func conversationName(c store.Conversation, p store.Ping, display func(string) string, byHandle map[string]string) string {
	switch {
	case c.Kind == "im" || (c.Kind == "" && p.Kind == "im"):
		if c.Name != "" {
			return display(c.Name)
		}
		return display(p.UserID)
	case c.Kind == "mpim" || p.Kind == "mpim":
		return groupDMName(c.Name, byHandle)
	case c.Name != "":
		return "#" + c.Name
	}
	return fmt.Sprintf("#%s", p.Channel)
}

// groupDMName names a group DM by its members: Slack names one
// "mpdm-ana--bo--cy-1" (handles), so it reads "Group DM: Ana Lima, Bo Chen
// and cy" (real names where known). Without a name: "Group DM".
func groupDMName(name string, byHandle map[string]string) string {
	rest, ok := strings.CutPrefix(name, "mpdm-")
	if !ok || rest == "" {
		return "Group DM"
	}
	if i := strings.LastIndexByte(rest, '-'); i > 0 && strings.Trim(rest[i+1:], "0123456789") == "" {
		rest = rest[:i] // the trailing "-1"
	}
	var members []string
	for _, h := range strings.Split(rest, "--") {
		if h = strings.Trim(h, "-"); h != "" {
			members = append(members, cmp.Or(byHandle[h], h))
		}
	}
	switch len(members) {
	case 0:
		return "Group DM"
	case 1:
		return "Group DM: " + members[0]
	}
	return "Group DM: " + strings.Join(members[:len(members)-1], ", ") + " and " + members[len(members)-1]
}

// Words is the pings in groups as every surface words them
// (control.PingWords): "7 pings to review (6 held, 1 delivered)".
func Words(groups []Group) string {
	held, delivered := 0, 0
	for _, g := range groups {
		for _, p := range g.Pings {
			if p.Delivered {
				delivered++
			} else {
				held++
			}
		}
	}
	return control.PingWords(held, delivered)
}

// Count is the number of pings in groups.
func Count(groups []Group) int {
	n := 0
	for _, g := range groups {
		n += len(g.Pings)
	}
	return n
}

// SlackOrder compares two Slack message timestamps ("1700000000.000100"):
// negative when a was posted before b. They are decimal seconds with a
// fixed six-digit fraction, so a longer integer part is a later time;
// otherwise the text compares as the number does.
func SlackOrder(a, b string) int {
	ai, _, _ := strings.Cut(a, ".")
	bi, _, _ := strings.Cut(b, ".")
	if len(ai) != len(bi) {
		return len(ai) - len(bi)
	}
	return strings.Compare(a, b)
}

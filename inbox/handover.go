package inbox

import (
	"context"
	"slices"
	"strings"

	"github.com/headsdown-app/headsdown/store"
)

// write classifies messages and writes the pings and cursors in one
// transaction. It asks Slack nothing: a VIP named by handle is matched
// from the name cache here, and again by the handover once the sender's
// name is known.
func (in *Intake) write(ctx context.Context, msgs []Message) ([]store.Ping, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	rules := in.rules()
	now := in.opts.Now()
	batch := store.Intake{Cursor: map[string]string{}}
	for _, m := range msgs {
		if m.Channel == "" || m.TS == "" {
			continue
		}
		if tsAfter(m.TS, batch.Cursor[m.Channel]) {
			batch.Cursor[m.Channel] = m.TS
		}
		kind := rules.Classify(m)
		if kind == "" {
			continue
		}
		reason := rules.Bypass(m, in.Users.CachedHandle(m.User))
		batch.Pings = append(batch.Pings, store.Ping{Channel: m.Channel, TS: m.TS, UserID: m.User, Kind: kind,
			Text: m.Text, ReceivedAt: now, Bypassed: reason != "", Reason: reason, ThreadTS: m.ThreadTS})
	}
	return in.opts.Store.AddIntake(ctx, batch)
}

// pass queues stored pings for the handover without waiting for it.
func (in *Intake) pass(ps []store.Ping) {
	if len(ps) == 0 {
		return
	}
	in.outMu.Lock()
	in.outbox = append(in.outbox, ps...)
	in.outMu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// handover is the goroutine that names new senders (users.info, which may
// take seconds) and then tells OnPings, off the path that stores and
// acknowledges, so Slack is acknowledged within its three seconds whatever
// the lookups cost.
func (in *Intake) handover(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-in.ready:
		}
		in.outMu.Lock()
		ps := in.outbox
		in.outbox = nil
		in.outMu.Unlock()
		in.name(ctx, ps)
		in.opts.OnPings(ctx, ps)
	}
}

// name looks the senders up, so the app names them from the cache, and
// lets a VIP named by handle through once the sender's handle is known.
// It looks up the people a message mentions too (a few), so the review
// window shows "@ana", not "<@U1>", without asking Slack itself.
func (in *Intake) name(ctx context.Context, ps []store.Ping) {
	rules := in.rules()
	byHandle := hasHandles(rules.VIPs)
	for i, p := range ps {
		for _, id := range mentioned(p.Text, 5) {
			in.Users.lookup(ctx, id)
		}
		u := in.Users.lookup(ctx, p.UserID)
		if p.Bypassed || !byHandle || u.Name == "" {
			continue
		}
		m := Message{User: p.UserID, Text: p.Text}
		if reason := rules.Bypass(m, u.Name); reason != "" {
			if err := in.opts.Store.SetBypass(ctx, p.ID, reason); err != nil {
				in.opts.Log.Warn("inbox: VIP ping not marked; it is held", "err", err)
				continue
			}
			ps[i].Bypassed, ps[i].Reason = true, reason
		}
	}
}

// mentioned are the user IDs a message's <@U…> mentions name, each once,
// at most n.
// Mentioned are the user IDs text mentions (<@U…>), each once, at most n.
func Mentioned(text string, n int) []string { return mentioned(text, n) }

func mentioned(text string, n int) []string {
	var ids []string
	for _, m := range markup.FindAllStringSubmatch(text, -1) {
		if m[1] == "@" && m[2] != "" && !slices.Contains(ids, m[2]) {
			ids = append(ids, m[2])
			if len(ids) == n {
				break
			}
		}
	}
	return ids
}

func hasHandles(vips []string) bool {
	for _, v := range vips {
		if strings.HasPrefix(strings.TrimSpace(v), "@") {
			return true
		}
	}
	return false
}

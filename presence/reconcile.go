package presence

import (
	"context"
	"time"

	"github.com/slack-go/slack"

	"headsdown/slackapi"
)

// reconcile brings Slack from w.applied to d, persisting each step.
func (w *Worker) reconcile(ctx context.Context, d Desired) error {
	now := w.opts.Now()
	a := &w.applied
	if err := w.reconcileStatus(ctx, d, now); err != nil {
		return err
	}
	// DND: snooze for the block; end our snooze when it no longer applies.
	if !d.DNDUntil.IsZero() && d.DNDUntil.After(now) {
		if abs(a.DNDUntil-d.DNDUntil.Unix()) >= 60 {
			minutes := int((d.DNDUntil.Sub(now) + time.Minute - 1) / time.Minute)
			if _, err := w.api.SetSnoozeContext(ctx, minutes); err != nil {
				return slackapi.Call("dnd.setSnooze", err)
			}
			a.DNDUntil = d.DNDUntil.Unix()
			w.save(ctx)
		}
	} else if a.DNDUntil != 0 {
		if a.DNDUntil > now.Unix() {
			if _, err := w.api.EndSnoozeContext(ctx); err != nil && !slackapi.IsCode(err, "snooze_not_active") {
				return slackapi.Call("dnd.endSnooze", err)
			}
		}
		a.DNDUntil = 0
		w.save(ctx)
	}
	if d.Away != a.Away {
		presence := "auto"
		if d.Away {
			presence = "away"
		}
		if err := w.api.SetUserPresenceContext(ctx, presence); err != nil {
			return slackapi.Call("users.setPresence", err)
		}
		a.Away = d.Away
		w.save(ctx)
	}
	if a.Mode != d.Mode {
		a.Mode = d.Mode
		w.save(ctx)
	}
	return nil
}

func (w *Worker) reconcileStatus(ctx context.Context, d Desired, now time.Time) error {
	a := &w.applied
	want := Status{Text: d.Text, Emoji: d.Emoji}
	if !d.Until.IsZero() {
		want.Expiration = d.Until.Unix()
	}
	if d.Mode == ModeNormal {
		if !a.Managed {
			return nil
		}
		if !a.Override {
			cur, err := w.profile(ctx)
			if err != nil {
				return err
			}
			ours := cur.Text == a.Set.Text && cur.Emoji == a.Set.Emoji
			expiredOurs := cur.empty() && a.Set.Expiration != 0 && a.Set.Expiration <= now.Unix()
			if ours || expiredOurs {
				restore := a.Saved
				if restore.Expiration != 0 && restore.Expiration <= now.Unix() {
					restore = Status{} // never restore a status that has expired
				}
				if restore != cur {
					if err := w.setStatus(ctx, restore); err != nil {
						return err
					}
				}
			} else {
				w.log.Info("slack: status changed by the user; leaving it")
			}
		}
		*a = Applied{DNDUntil: a.DNDUntil, Away: a.Away, Mode: a.Mode}
		w.save(ctx)
		return nil
	}
	if !a.Managed {
		cur, err := w.profile(ctx)
		if err != nil {
			return err
		}
		if cur.Expiration != 0 && cur.Expiration <= now.Unix() {
			cur = Status{}
		}
		a.Managed, a.Saved, a.Set, a.Override = true, cur, Status{}, false
		w.save(ctx) // the user's status is safe before we change it
	} else if a.Override {
		return nil
	}
	if sameStatus(a.Set, want) {
		return nil
	}
	if !a.Set.empty() {
		// We set a status before: if the user has changed it since, theirs wins.
		cur, err := w.profile(ctx)
		if err != nil {
			return err
		}
		expiredOurs := cur.empty() && a.Set.Expiration != 0 && a.Set.Expiration <= now.Unix()
		if (cur.Text != a.Set.Text || cur.Emoji != a.Set.Emoji) && !expiredOurs {
			w.log.Info("slack: status changed by the user; leaving it until the block ends")
			a.Override = true
			w.save(ctx)
			return nil
		}
	}
	if err := w.setStatus(ctx, want); err != nil {
		return err
	}
	a.Set = want
	w.save(ctx)
	return nil
}

func (w *Worker) profile(ctx context.Context) (Status, error) {
	p, err := w.api.GetUserProfileContext(ctx, &slack.GetUserProfileParameters{})
	if err != nil {
		return Status{}, slackapi.Call("users.profile.get", err)
	}
	return Status{Text: p.StatusText, Emoji: p.StatusEmoji, Expiration: int64(p.StatusExpiration)}, nil
}

func (w *Worker) setStatus(ctx context.Context, st Status) error {
	if err := w.api.SetUserCustomStatusContext(ctx, st.Text, st.Emoji, st.Expiration); err != nil {
		return slackapi.Call("users.profile.set", err)
	}
	return nil
}

// sameStatus compares statuses, allowing the expiration to differ by less
// than a minute (a pause of a few seconds need not cost a call).
func sameStatus(a, b Status) bool {
	return a.Text == b.Text && a.Emoji == b.Emoji && abs(a.Expiration-b.Expiration) < 60 &&
		(a.Expiration == 0) == (b.Expiration == 0)
}

func sameDesired(a, b Desired) bool {
	sec := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	return a.Mode == b.Mode && a.Text == b.Text && a.Emoji == b.Emoji && a.Away == b.Away &&
		sec(a.Until) == sec(b.Until) && sec(a.DNDUntil) == sec(b.DNDUntil)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// retryWritesAfter is how soon history the database refused (locked by
// another process, disk full) is written again, when nothing else happens
// sooner.
const retryWritesAfter = 5 * time.Second

// commit makes events durable, then tells the user and the listeners. It
// is for what happened on its own (a block or break ending, a wake-up);
// the user's own commands use commitQuietly. If
// the database refuses, the events are kept, retried with the next batch
// or after retryWritesAfter, and the status carries a warning: the timer
// goes on regardless. It is the loop's one transaction per transition.
func (a *App) commit(ctx context.Context, evs []focus.Event) { a.record(ctx, evs, true) }

// commitQuietly is commit without a notification: for the user's own
// commands (they know what they did), and for going away and coming back,
// which pause and resume the block while nobody is looking.
func (a *App) commitQuietly(ctx context.Context, evs []focus.Event) { a.record(ctx, evs, false) }

func (a *App) record(ctx context.Context, evs []focus.Event, notify bool) {
	if len(evs) > 0 {
		a.pending = append(a.pending, evs...)
	}
	hadErr := a.saveErr != nil
	if len(a.pending) > 0 {
		if err := a.store.Record(ctx, a.pending); err != nil {
			err = explainDBError(err, a.paths.DB)
			if a.saveErr == nil {
				a.notes.send(Notification{Title: "Heads Down cannot save your history",
					Body: savingErrorBody(err)})
			}
			a.saveErr = err
			a.retryAt = a.clock.Now().Add(retryWritesAfter)
			a.log.Error("history not saved; will retry", "events", len(a.pending), "err", err)
		} else {
			if a.saveErr != nil {
				a.log.Info("history saved after all", "events", len(a.pending))
			}
			a.saveErr, a.retryAt = nil, time.Time{}
			a.pending = nil
		}
	}
	for _, ev := range evs {
		a.log.Info("transition", "reason", ev.Reason, "from", ev.From, "to", ev.To, "block", ev.Block.ID,
			"active", ev.Block.Active.Round(time.Second), "suspended", ev.Block.Suspended.Round(time.Second))
		a.today.ended(ev.Block)
	}
	if len(evs) > 0 && notify && a.cfg.Notifications.Enabled {
		if n, ok := describe(evs, a.loc, a.rules.Hours); ok {
			n.Sound = n.Sound && a.soundAllowed()
			a.notes.send(n)
		}
	}
	a.blockEnded(ctx, evs)
	if len(evs) > 0 || a.saveErr != nil || hadErr {
		a.publish()
	}
}

// savingErrorBody is what the notification of a refused write says: the
// error, then (unless the error already says so) that nothing is lost.
func savingErrorBody(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "history is kept") {
		return sentence(msg)
	}
	return sentence(msg) + " Nothing is lost yet: your history is kept and written again."
}

// sentence makes s start with a capital and end with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// explainDBError says what a refused write means to the user. The loop
// waits at most its step's timeout for the database, so a file locked by
// another program shows up as that deadline, not as SQLITE_BUSY; a long
// write of the app's own (a big backfill) looks the same, so the message
// names both.
func explainDBError(err error, path string) error {
	if errors.Is(err, context.DeadlineExceeded) || store.IsBusy(err) {
		return fmt.Errorf("the database %s is busy (locked by another program, or a long write); "+
			"your history is kept and written as soon as it is free", path)
	}
	return err
}

// checkpoint saves the running block's accounting (once a minute while a
// block runs), so a crash loses at most a minute of logged focus.
func (a *App) checkpoint(ctx context.Context) {
	if b := a.engine.Current(); b != nil && !b.IsPaused() {
		if err := a.store.Checkpoint(ctx, *b); err != nil {
			a.log.Warn("checkpoint not saved", "err", err)
		}
	}
	a.publish() // the countdown moved on
}

// todayState is what "today" in the tray and `status` counts: focus that
// happened today, as the reports count it. Finished blocks are read once
// a day and then kept from the loop's own events, so showing the status
// costs no query.
type todayState struct {
	start, end time.Time             // today's local midnight and the next
	finished   map[int64]focus.Block // focus blocks that ended, overlapping today
}

// loadToday reads the focus blocks that ended and overlap the day of now.
func (a *App) loadToday(ctx context.Context, now time.Time) {
	local := now.In(a.loc)
	start := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, a.loc)
	a.today = todayState{start: start, end: start.AddDate(0, 0, 1), finished: map[int64]focus.Block{}}
	bs, err := a.store.BlocksOverlapping(ctx, a.today.start, a.today.end)
	if err != nil {
		a.log.Warn("today's total not read", "err", err)
		return
	}
	for _, b := range bs {
		a.today.ended(b)
	}
}

// ended keeps a focus block that ended, if any of it fell today.
func (t *todayState) ended(b focus.Block) {
	if b.Kind != focus.KindFocus || b.Outcome == "" || t.finished == nil {
		return
	}
	if b.ActiveWithin(t.start, t.end) > 0 || (!b.StartedAt.Before(t.start) && b.StartedAt.Before(t.end)) {
		t.finished[b.ID] = b
	}
}

// rollover is when "today" starts over.
func (t *todayState) rollover() time.Time { return t.end }

// total is today's focus and completed blocks, with cur the block in
// flight (the store's copy of it may be a minute old). Completed blocks
// count on the day they started, as in the reports.
func (t *todayState) total(cur *focus.Block) (time.Duration, int) {
	var d time.Duration
	var n int
	for id, b := range t.finished {
		if cur != nil && cur.ID == id {
			continue
		}
		d += b.ActiveWithin(t.start, t.end)
		if b.Outcome == focus.OutcomeCompleted && !b.StartedAt.Before(t.start) && b.StartedAt.Before(t.end) {
			n++
		}
	}
	if cur != nil && cur.Kind == focus.KindFocus {
		d += cur.ActiveWithin(t.start, t.end)
	}
	return d, n
}

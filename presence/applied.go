package presence

import "context"

// Status is a Slack custom status.
type Status struct {
	Text       string `json:"text"`
	Emoji      string `json:"emoji"`
	Expiration int64  `json:"expiration"` // Unix seconds; 0 = never
}

func (s Status) empty() bool { return s.Text == "" && s.Emoji == "" }

// Applied is what the worker has done to Slack and must undo later. It is
// persisted after every successful call, so a restart (or a crash) knows
// which status to restore and which snooze to end.
type Applied struct {
	Mode Mode `json:"mode"`
	// Managed: the status is ours to restore; Saved is the user's own
	// status from before we changed it.
	Managed bool   `json:"managed"`
	Saved   Status `json:"saved"`
	Set     Status `json:"set"`
	// Override: the user changed their status while we managed it; theirs
	// wins, and we neither overwrite nor restore it.
	Override bool  `json:"override"`
	DNDUntil int64 `json:"dnd_until"` // Unix seconds; 0 = no snooze of ours
	Away     bool  `json:"away"`
}

// Store keeps Applied across restarts.
type Store interface {
	LoadPresence(ctx context.Context) (Applied, error)
	SavePresence(ctx context.Context, a Applied) error
}

// save persists w.applied; a failure is logged, not fatal: Slack is
// still right, only a restart would know less.
func (w *Worker) save(ctx context.Context) {
	if w.opts.Store == nil {
		return
	}
	if err := w.opts.Store.SavePresence(ctx, w.applied); err != nil {
		w.log.Error("slack: presence state not saved", "err", err)
	}
}

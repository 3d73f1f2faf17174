package presence

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/slackapi"
)

// maxSteps bounds one reconcile. A plan settles in a handful of steps (a
// read and a call per part); more means a bug, and a bug must not turn
// into a loop of calls against the user's Slack.
const maxSteps = 16

// reconcile brings Slack to d by running Plan's steps: the intent of each
// call is recorded before the call and its result after, so a lost answer
// or a crash in between leaves a record that still knows what may be on
// Slack. A part that Slack refuses for good (a missing scope, a bad value)
// is left alone for this round while the others go on; the refusal is
// returned at the end. Failures that a retry may fix (network, 5xx, rate
// limit) and a refused token end the round at once.
func (w *Worker) reconcile(ctx context.Context, d Desired) error {
	var obs Observation
	var refused error
	skip := map[Part]bool{}
	for range maxSteps {
		step, ok := first(Plan(w.applied, obs, d, w.opts.Now()), skip)
		if !ok {
			w.record(ctx, w.setMode(d.Mode))
			return refused
		}
		before := w.applied
		if step.Action != Record && step.Action != ReadStatus {
			w.record(ctx, step.Intent)
		}
		err := w.call(ctx, step, &obs)
		if err != nil {
			if answeredNo(err) {
				// Slack answered, and did nothing: the intent is void.
				w.record(ctx, before)
			}
			switch f := slackapi.Classify(err); f.Kind {
			case slackapi.MissingScope, slackapi.Permanent:
				skip[step.Part] = true
				if refused != nil {
					w.logFault(f) // the first is reported by handleError
				} else {
					refused = err
				}
				continue
			}
			return err
		}
		if step.Why != "" {
			w.log.Info("slack: " + step.Why)
		}
		w.record(ctx, step.Done)
	}
	w.log.Error("slack: reconcile did not settle; leaving it until the next change", "steps", maxSteps)
	return refused
}

// answeredNo reports whether Slack (not the network, not a gateway)
// answered that it did not make the call: ok:false, 429, another 4xx.
// Any other failure leaves the outcome unknown: maybe applied. So do
// Slack's own internal_error and fatal_error ("some aspect of the
// operation may have succeeded"), which Classify calls transient.
func answeredNo(err error) bool {
	if slackapi.Classify(err).Kind == slackapi.Transient {
		return false
	}
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	return errors.As(err, &se) || errors.As(err, &rl) || errors.As(err, &sc) && sc.Code < 500
}

// setMode is the record with mode as the one applied: the tray says what
// Heads Down did to Slack.
func (w *Worker) setMode(m Mode) Applied {
	a := w.applied
	a.Mode = m
	return a
}

// first is the first step of a part not skipped.
func first(steps []Step, skip map[Part]bool) (Step, bool) {
	for _, s := range steps {
		if !skip[s.Part] {
			return s, true
		}
	}
	return Step{}, false
}

// call makes the step's Slack call. A status read or set answered by Slack
// becomes the observation the next plan decides on.
func (w *Worker) call(ctx context.Context, s Step, obs *Observation) error {
	switch s.Action {
	case ReadStatus:
		p, err := w.api.GetUserProfileContext(ctx, &slack.GetUserProfileParameters{})
		if err != nil {
			return slackapi.Call("users.profile.get", err)
		}
		*obs = Observation{Read: true, Status: Status{Text: p.StatusText, Emoji: p.StatusEmoji, Expiration: int64(p.StatusExpiration)}}
	case SetStatus:
		if err := w.api.SetUserCustomStatusContext(ctx, s.Status.Text, s.Status.Emoji, s.Status.Expiration); err != nil {
			return slackapi.Call("users.profile.set", err)
		}
		*obs = Observation{Read: true, Status: s.Status}
	case SetSnooze:
		if _, err := w.api.SetSnoozeContext(ctx, s.Minutes); err != nil {
			return slackapi.Call("dnd.setSnooze", err)
		}
	case EndSnooze:
		if _, err := w.api.EndSnoozeContext(ctx); err != nil && !slackapi.IsCode(err, "snooze_not_active") {
			return slackapi.Call("dnd.endSnooze", err)
		}
	case SetPresence:
		presence := "auto"
		if s.Away {
			presence = "away"
		}
		if err := w.api.SetUserPresenceContext(ctx, presence); err != nil {
			return slackapi.Call("users.setPresence", err)
		}
	}
	return nil
}

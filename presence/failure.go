package presence

import (
	"time"

	"github.com/headsdown-app/headsdown/slackapi"
)

// handleError decides what a failure means: the wait before retrying, or
// -1 when there is no point retrying until something changes. It logs the
// failure and says in the State what the user can do about it.
func (w *Worker) handleError(err error, attempt *int) time.Duration {
	f := slackapi.Classify(err)
	w.logFault(f)
	switch f.Kind {
	case slackapi.RateLimited:
		return max(f.RetryAfter, time.Second)
	case slackapi.Transient:
		*attempt++
		w.setState(func(s *State) {
			if s.Conn == ConnConnected {
				s.Conn = ConnProblem
			}
			s.Problem = "Slack unreachable (" + slackapi.Unreachable(f.Err) + "), retrying"
		})
		return w.opts.Backoff(*attempt)
	case slackapi.Auth:
		w.setState(func(s *State) {
			s.Conn, s.Problem = ConnDisconnected, "Slack refused the token ("+w.redact(f.Code)+"): run `headsdown slack login`"
		})
		w.api = nil
		return -1
	case slackapi.MissingScope:
		w.setState(func(s *State) {
			s.Conn, s.Problem = ConnProblem, "the Slack token lacks the "+w.redact(f.Needed)+" scope: add it to the app, reinstall it and sign in again"
		})
		return -1
	default:
		w.setState(func(s *State) { s.Conn, s.Problem = ConnProblem, f.Method+" failed: "+w.redact(f.Err.Error()) })
		return -1
	}
}

// logFault writes one line for a failed call, with the token taken out.
func (w *Worker) logFault(f slackapi.Fault) {
	switch f.Kind {
	case slackapi.RateLimited:
		w.log.Warn("slack: rate limited", "method", f.Method, "retry_after", f.RetryAfter)
	case slackapi.Transient:
		w.log.Warn("slack: call failed; will retry", "method", f.Method, "err", w.redact(f.Err.Error()))
	case slackapi.Auth:
		w.log.Error("slack: token refused; stopping until you sign in again", "method", f.Method, "error", w.redact(f.Code))
	case slackapi.MissingScope:
		w.log.Error("slack: missing scope", "method", f.Method, "needed", w.redact(f.Needed))
	default:
		w.log.Error("slack: call refused", "method", f.Method, "err", w.redact(f.Err.Error()))
	}
}

// redact takes the token out of s. Slack's answers, a proxy's error page
// or reason phrase, and transport errors can all echo it, and neither the
// log nor the tray line may carry it. The app's log handler scrubs too;
// presence does not rely on that.
func (w *Worker) redact(s string) string { return slackapi.Redact(s, w.apiToken) }

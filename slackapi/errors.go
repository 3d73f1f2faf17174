package slackapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// Kind is what a failed call means for the caller.
type Kind int

// Kinds of failure.
const (
	// Permanent: retrying the same call will fail the same way.
	Permanent Kind = iota
	// Transient: the network, a timeout or a 5xx; retry with backoff.
	Transient
	// RateLimited: wait RetryAfter, then retry.
	RateLimited
	// Auth: the token is refused; nothing works until the user signs in again.
	Auth
	// Scope: the token lacks a scope; this call fails until the app is reinstalled.
	MissingScope
)

// Fault is a classified failure.
type Fault struct {
	Kind       Kind
	Method     string // the Slack method, when the error is a *CallError
	Code       string // Slack's error code ("invalid_auth"), if any
	Needed     string // the missing scope, for Scope
	RetryAfter time.Duration
	Err        error
}

// CallError tags an error with the Slack method that returned it.
type CallError struct {
	Method string
	Err    error
}

// Call wraps err (if not nil) with the method that returned it.
func Call(method string, err error) error {
	if err == nil {
		return nil
	}
	return &CallError{Method: method, Err: err}
}

func (e *CallError) Error() string { return e.Method + ": " + e.Err.Error() }
func (e *CallError) Unwrap() error { return e.Err }

// scopeFor names the scope a method needs, for when Slack does not say.
var scopeFor = map[string]string{
	"users.profile.get": "users.profile:read", "users.profile.set": "users.profile:write",
	"dnd.setSnooze": "dnd:write", "dnd.endSnooze": "dnd:write", "dnd.info": "dnd:read",
	"users.setPresence": "users:write", "users.info": "users:read",
	"conversations.history": "im:history", "users.conversations": "im:read",
	"chat.postMessage": "chat:write",
}

// authCodes are the answers that mean the token itself is no good.
var authCodes = map[string]bool{
	"invalid_auth": true, "not_authed": true, "token_revoked": true, "token_expired": true,
	"account_inactive": true,
}

// Classify says what err, returned by a slack-go call, means.
func Classify(err error) Fault {
	f := Fault{Err: err}
	var ce *CallError
	if errors.As(err, &ce) {
		f.Method = ce.Method
	}
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		f.Kind, f.RetryAfter = RateLimited, rl.RetryAfter
	case errors.As(err, &sc):
		f.Kind = Permanent
		if sc.Code >= 500 || sc.Code == http.StatusRequestTimeout {
			f.Kind = Transient
		}
	case errors.As(err, &se):
		f.Code = se.Err
		switch {
		case authCodes[se.Err]:
			f.Kind = Auth
		case se.Err == "missing_scope":
			f.Kind, f.Needed = MissingScope, se.Needed
			if f.Needed == "" {
				f.Needed = scopeFor[f.Method]
			}
		case se.Err == "ratelimited":
			f.Kind, f.RetryAfter = RateLimited, 30*time.Second
		case se.Err == "internal_error" || se.Err == "fatal_error" || se.Err == "service_unavailable" || se.Err == "request_timeout":
			f.Kind = Transient
		default:
			f.Kind = Permanent
		}
	default:
		// Network errors, timeouts, malformed answers from a proxy.
		f.Kind = Transient
	}
	return f
}

// IsCode reports whether err is Slack's "ok":false answer with code.
func IsCode(err error, code string) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && se.Err == code
}

// Unreachable says in a few words why a Transient failure happened, for
// "Slack unreachable (…), retrying": a DNS failure or an unreachable
// network is "no network"; a connection refused by a host the network
// reaches (a proxy or an api_url that is down or mistyped) is "can't reach
// HOST"; a timeout "no answer"; a 5xx or Slack's own internal error "Slack
// is having trouble".
func Unreachable(err error) string {
	for _, refused := range refusedErrnos {
		if errors.Is(err, refused) {
			// The network is up: something answered, or a router said no.
			return "can't reach " + hostOf(err)
		}
	}
	var dns *net.DNSError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &dns):
		if dns.IsTimeout {
			return "no answer"
		}
		return "no network"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "no answer"
	case errors.As(err, &sc), errors.As(err, &se):
		return "Slack is having trouble"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "no answer"
	}
	var op *net.OpError
	if errors.As(err, &op) || errors.Is(err, syscall.ENETUNREACH) {
		return "no network"
	}
	return "no answer"
}

// hostOf is the host (with its port, if the URL has one) that a failed
// request went to: from the request's URL, else from the dialled address.
func hostOf(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Host
		}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String()
	}
	return "the Slack server"
}

// Package slackapi is the Slack plumbing that presence (how others see you)
// and inbox (how others reach you) share: where the tokens live, which API
// base to call, what a failed call means (retry, wait, sign in again, add a
// scope) and how to keep a token out of every message.
//
// It knows nothing of focus blocks or pings; it only makes talking to Slack
// uniform, so both drivers react to the same error the same way.
package slackapi

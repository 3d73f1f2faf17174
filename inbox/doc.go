// Package inbox is how others reach you on Slack: the ping intake (Socket
// Mode, with a history backfill on every connect and polling as the
// fallback), the rules that say which messages are pings and which break
// through a focus block, and the one place that decides a ping's fate
// (held for a review window, left to Slack, or let through at once).
//
// Every ping is on disk before Slack is acknowledged; the app hears of new
// pings afterwards, and a ping it never heard of (the app quit first) is
// still in the database, held, for the next review.
package inbox

// Package presence is how others see you on Slack while you focus: the
// custom status (with an expiration, so a crash can never leave you "busy"
// forever), Do Not Disturb and away presence.
//
// Desire turns what is happening (a focus block, AFK, working hours) into
// the Slack state wanted; a single Worker owns the Slack status connection
// and reconciles that desired state, latest wins, so a burst of transitions
// costs a few calls and never leaves a stale state. The app loop never
// waits on Slack. How others reach you (pings) is package inbox.
package presence

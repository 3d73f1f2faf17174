// Package presence is how others see you on Slack while you focus: the
// custom status, Do Not Disturb and away presence.
//
// Desire turns what is happening (a focus block, AFK, working hours) into
// the Slack state wanted. Every status it asks for expires (AFK with no end
// at a cap), so a crash or a dead laptop can never leave you "busy".
//
// A single Worker owns the Slack connection and reconciles that desired
// state, latest wins, so a burst of transitions costs a few calls and never
// leaves a stale state; the app loop never waits on Slack. The decisions
// are a pure function, Plan, of what Heads Down did or may have done
// (Applied, persisted), what Slack shows (Observation) and what is wanted;
// the worker only runs its steps, recording each call's intent before the
// call, because a call whose answer is lost may have taken effect.
//
// Files: desired.go (what is wanted), plan.go (the decisions), applied.go
// (the record and its persistence), reconcile.go (running a plan against
// Slack), worker.go (the goroutine: debounce, waits, tokens), failure.go
// (what a failed call means), state.go (what the tray shows). How others
// reach you (pings) is package inbox.
package presence

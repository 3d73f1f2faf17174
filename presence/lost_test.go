package presence

import (
	"strings"
	"testing"
	"time"
)

// The torture finding: a call takes effect on Slack but its answer never
// arrives (a crash, a suspend, the client timeout), and the desired state
// changes before the retry. The fake Slack applies the call and holds the
// answer while the test changes what is wanted, then drops it.

// noUserEdit fails if the worker took its own status for the user's.
func (h *harness) noUserEdit() {
	h.t.Helper()
	if logs := h.logs.String(); strings.Contains(logs, "changed by the user") {
		h.t.Fatalf("the worker took its own status for a user edit:\n%s", logs)
	}
}

func TestLostStatusAnswerThenStop(t *testing.T) {
	h := newHarness(t)
	h.settle()
	arrived, release := h.srv.HoldAnswer("users.profile.set")
	h.want(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.arrived(arrived, "the busy status")
	h.want(Inputs{}) // the user stops the block while the call hangs
	release()
	h.settle()
	if st := h.srv.Status(); st != original {
		t.Fatalf("Slack shows %+v, want the user's %+v back", st, original)
	}
	h.noUserEdit()
	if on, _ := h.srv.Snoozed(); on || h.store.applied().Managed {
		t.Fatalf("snoozed %v, record %+v", on, h.store.applied())
	}
}

func TestLostAFKAnswerThenBack(t *testing.T) {
	h := newHarness(t)
	h.settle()
	arrived, release := h.srv.HoldAnswer("users.profile.set")
	h.want(Inputs{AFK: true}) // no duration: "back later"
	h.arrived(arrived, "the AFK status")
	if st := h.srv.Status(); !strings.HasPrefix(st.Text, "Away until later") {
		t.Fatalf("AFK status not applied: %+v", st)
	}
	h.want(Inputs{}) // back
	release()
	h.settle()
	if st := h.srv.Status(); st != original || h.srv.Presence() != "auto" {
		t.Fatalf("after back: status %+v presence %s", st, h.srv.Presence())
	}
	h.noUserEdit()
}

func TestLostSnoozeAnswerThenStopEndsIt(t *testing.T) {
	h := newHarness(t)
	h.settle()
	arrived, release := h.srv.HoldAnswer("dnd.setSnooze")
	h.want(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.arrived(arrived, "the snooze")
	h.want(Inputs{}) // stopped within the client's timeout
	release()
	h.settle()
	if on, until := h.srv.Snoozed(); on {
		t.Fatalf("Slack stays snoozed until %v", until)
	}
	if !strings.Contains(strings.Join(h.srv.Methods(), " "), "dnd.endSnooze") {
		t.Fatalf("no dnd.endSnooze: %v", h.srv.Methods())
	}
	if st := h.srv.Status(); st != original {
		t.Fatalf("status %+v", st)
	}
}

// A crash in the window: the worker stops (the app died) with the call's
// answer outstanding; a new worker on the same database converges.
func TestCrashWithAnswerOutstanding(t *testing.T) {
	block := func(d time.Duration) func(*harness) Inputs {
		return func(h *harness) Inputs { return Inputs{FocusUntil: h.at(d)} }
	}
	stopped := func(*harness) Inputs { return Inputs{} }
	restored := func(h *harness) bool { on, _ := h.srv.Snoozed(); return !on && h.srv.Status() == original }
	// nextBlockThenStop: the next block shows busy and snoozes; its end
	// brings the user's status back.
	nextBlockThenStop := func(h *harness) bool {
		if on, _ := h.srv.Snoozed(); !on || !strings.HasPrefix(h.srv.Status().Text, "Heads down until 10:50") {
			return false
		}
		h.apply(Inputs{})
		return restored(h)
	}
	tests := []struct {
		name        string
		before      func(h *harness) // what was done before the lost call
		method      string           // the call whose answer is lost
		lost, next  func(*harness) Inputs
		convergedTo func(*harness) bool
	}{
		{name: "busy set, restart stopped", method: "users.profile.set",
			lost: block(25 * time.Minute), next: stopped, convergedTo: restored},
		{name: "busy set, restart into a new block", method: "users.profile.set",
			lost: block(25 * time.Minute), next: block(50 * time.Minute), convergedTo: nextBlockThenStop},
		{name: "snooze set, restart stopped", method: "dnd.setSnooze",
			lost: block(25 * time.Minute), next: stopped, convergedTo: restored},
		{
			// Promise #3: the restore took effect, its answer did not
			// come, the app died. The next block must set busy again.
			name: "restore applied, restart into the next block", method: "users.profile.set",
			before: func(h *harness) { h.apply(Inputs{FocusUntil: h.at(25 * time.Minute)}) },
			lost:   stopped, next: block(50 * time.Minute), convergedTo: nextBlockThenStop,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.settle()
			if tt.before != nil {
				tt.before(h)
			}
			arrived, release := h.srv.HoldAnswer(tt.method)
			h.want(tt.lost(h))
			h.arrived(arrived, tt.method)
			h.stop() // the app dies with the answer outstanding
			release()
			h.srv.Reset()
			h.start(testToken) // a new process on the same database
			h.apply(tt.next(h))
			if !tt.convergedTo(h) {
				t.Fatalf("did not converge: status %+v, calls %v", h.srv.Status(), h.srv.Methods())
			}
			h.noUserEdit()
		})
	}
}

package presence

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The plan's tests run the pure Plan against a simulated Slack status, as
// the worker runs it against Slack: no goroutines, no HTTP, no clock.

var (
	t0     = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	end    = t0.Add(25 * time.Minute)
	own    = Status{Text: "Planning the offsite", Emoji: ":calendar:"}
	lunch  = Status{Text: "Lunch", Emoji: ":sandwich:"}
	busy   = Status{Text: "Heads down until 10:25", Emoji: ":headphones:", Expiration: end.Unix()}
	busyAt = func(e time.Time) Status {
		return Status{Text: "Heads down until " + e.Format("15:04"), Emoji: ":headphones:", Expiration: e.Unix()}
	}
	afkText = Status{Text: "Away, back later", Emoji: ":walking:"}
	normal  = Desired{Mode: ModeNormal}
)

func focusUntil(e time.Time) Desired {
	st := busyAt(e)
	return Desired{Mode: ModeFocus, Text: st.Text, Emoji: st.Emoji, Until: e, DNDUntil: e}
}

// during is the record in the middle of a block that set busy over own and
// snoozed DND to end, every answer received.
func during() Applied {
	return Applied{Mode: ModeFocus, Managed: true, Saved: own, DNDUntil: end.Unix()}.confirm(busy)
}

// converge runs Plan to the end, as the worker does: one step, its result
// recorded, plan again. slack is the status on Slack; the calls are
// returned as Step strings.
func converge(t *testing.T, a Applied, slack *Status, d Desired, now time.Time) ([]string, Applied) {
	t.Helper()
	var calls []string
	var obs Observation
	for range maxSteps {
		steps := Plan(a, obs, d, now)
		if len(steps) == 0 {
			return calls, a
		}
		s := steps[0]
		switch s.Action {
		case ReadStatus:
			st := *slack
			if st.expired(now) {
				st = Status{}
			}
			obs = Observation{Read: true, Status: st}
		case SetStatus:
			*slack = s.Status
			obs = Observation{Read: true, Status: s.Status}
		}
		calls = append(calls, s.String())
		a = s.Done
	}
	t.Fatalf("plan did not settle in %d steps: %v", maxSteps, calls)
	return nil, a
}

func set(st Status) string { return Step{Action: SetStatus, Status: st}.String() }

func TestPlan(t *testing.T) {
	lostBusy := Applied{Mode: ModeNormal, Managed: true, Saved: own}.intend(busy) // the first set's answer never came

	capped := func(until time.Time) Desired {
		return Desired{Mode: ModeAFK, Text: afkText.Text, Emoji: afkText.Emoji, Until: until, UntilIsCap: true, Away: true}
	}
	afkCapped := afkText
	afkCapped.Expiration = t0.Add(12 * time.Hour).Unix()

	tests := []struct {
		name      string
		a         Applied
		slack     Status // on Slack before
		d         Desired
		now       time.Time // t0 if zero
		calls     []string
		wantSlack Status
		check     func(t *testing.T, a Applied)
	}{
		{
			name: "normal to focus saves the user's status", slack: own, d: focusUntil(end),
			calls:     []string{"users.profile.get", "record", set(busy), "dnd.setSnooze 25 min"},
			wantSlack: busy,
			check: func(t *testing.T, a Applied) {
				if !a.Managed || a.Saved != own || a.Set != busy || a.Pending != nil || a.DNDUntil != end.Unix() {
					t.Fatalf("record %+v", a)
				}
			},
		},
		{
			name: "focus to normal restores it", a: during(), slack: busy, d: normal, now: t0.Add(10 * time.Minute),
			calls:     []string{"users.profile.get", set(own), "dnd.endSnooze"},
			wantSlack: own,
			check: func(t *testing.T, a Applied) {
				if a.Managed || len(a.Meant) > 0 || a.DNDUntil != 0 {
					t.Fatalf("record %+v", a)
				}
			},
		},
		{
			name: "block ended on time: Slack expired ours, the user's comes back", a: during(), slack: busy, d: normal, now: end,
			calls:     []string{"users.profile.get", set(own), "record"}, // the snooze ended by itself too
			wantSlack: own,
		},
		{
			// Promise #1: your status wins. Nothing in between: the user
			// edits, the block ends, and nothing is restored over theirs.
			name: "user edited mid-block, block ends: nothing restored", a: during(), slack: lunch, d: normal, now: t0.Add(10 * time.Minute),
			calls:     []string{"users.profile.get", "record: status changed by the user; leaving it", "dnd.endSnooze"},
			wantSlack: lunch,
			check: func(t *testing.T, a Applied) {
				if a.Managed {
					t.Fatalf("still managing a status the user owns: %+v", a)
				}
			},
		},
		{
			name: "user cleared their status mid-block: stays clear", a: during(), slack: Status{}, d: normal, now: t0.Add(10 * time.Minute),
			calls:     []string{"users.profile.get", "record: status changed by the user; leaving it", "dnd.endSnooze"},
			wantSlack: Status{},
		},
		{
			name: "user edited mid-block, block moves: not overwritten", a: during(), slack: lunch, d: focusUntil(end.Add(5 * time.Minute)),
			calls:     []string{"users.profile.get", "record: status changed by the user; leaving it until the block ends", "dnd.setSnooze 30 min"},
			wantSlack: lunch,
			check: func(t *testing.T, a Applied) {
				if !a.Override {
					t.Fatalf("no override: %+v", a)
				}
				// And when the block ends: no read, nothing restored.
				if calls, _ := converge(t, a, &lunch, normal, t0.Add(20*time.Minute)); strings.Join(calls, ",") != "record,dnd.endSnooze" {
					t.Fatalf("after the block: %v", calls)
				}
			},
		},
		{
			name: "expired saved status is never restored",
			a: func() Applied {
				a := during()
				a.Saved.Expiration = t0.Add(10 * time.Minute).Unix()
				return a
			}(),
			slack: busy, d: normal, now: t0.Add(20 * time.Minute),
			calls:     []string{"users.profile.get", set(Status{}), "dnd.endSnooze"},
			wantSlack: Status{},
		},
		{
			name: "an expired status of the user's is not saved", slack: Status{Text: "In a meeting", Expiration: t0.Add(-time.Minute).Unix()}, d: focusUntil(end),
			calls:     []string{"users.profile.get", "record", set(busy), "dnd.setSnooze 25 min"},
			wantSlack: busy,
			check: func(t *testing.T, a Applied) {
				if a.Saved != (Status{}) {
					t.Fatalf("saved %+v", a.Saved)
				}
			},
		},
		{
			name: "restart mid-block with the same block: no call", a: during(), slack: busy, d: focusUntil(end),
			calls: nil, wantSlack: busy,
		},
		{
			name: "resume moves the end: look, then set", a: during(), slack: busy, d: focusUntil(end.Add(5 * time.Minute)),
			calls:     []string{"users.profile.get", set(busyAt(end.Add(5 * time.Minute))), "dnd.setSnooze 30 min"},
			wantSlack: busyAt(end.Add(5 * time.Minute)),
		},

		// Maybe applied: the answer of a call never came.
		{
			name: "set answer lost (applied), block stopped: the user's status comes back", a: lostBusy, slack: busy, d: normal,
			calls:     []string{"users.profile.get", set(own)},
			wantSlack: own,
		},
		{
			name: "set answer lost (not applied), block stopped: nothing to do", a: lostBusy, slack: own, d: normal,
			calls:     []string{"users.profile.get", "record"},
			wantSlack: own,
		},
		{
			name: "set answer lost (applied), block moved: ours, set again", a: lostBusy, slack: busy, d: focusUntil(end.Add(5 * time.Minute)),
			calls:     []string{"users.profile.get", set(busyAt(end.Add(5 * time.Minute))), "dnd.setSnooze 30 min"},
			wantSlack: busyAt(end.Add(5 * time.Minute)),
		},
		{
			name: "set answer lost (not applied), block moved: the saved status is no user edit", a: lostBusy, slack: own, d: focusUntil(end.Add(5 * time.Minute)),
			calls:     []string{"users.profile.get", set(busyAt(end.Add(5 * time.Minute))), "dnd.setSnooze 30 min"},
			wantSlack: busyAt(end.Add(5 * time.Minute)),
		},
		{
			name: "set answer lost, same block: a read confirms it, no second set", a: lostBusy, slack: busy, d: focusUntil(end),
			calls:     []string{"users.profile.get", "record", "dnd.setSnooze 25 min"},
			wantSlack: busy,
			check: func(t *testing.T, a Applied) {
				if a.Pending != nil || a.Set != busy {
					t.Fatalf("not confirmed: %+v", a)
				}
			},
		},
		{
			name: "AFK answer lost, then back: the AFK status goes", a: Applied{Managed: true, Saved: own}.intend(afkText), slack: afkText, d: normal,
			calls:     []string{"users.profile.get", set(own)},
			wantSlack: own,
		},
		{
			name: "an older intent is still ours", a: lostBusy.intend(busyAt(end.Add(5 * time.Minute))), slack: busy, d: normal,
			calls:     []string{"users.profile.get", set(own)},
			wantSlack: own,
		},
		{
			// Promise #3: a restart in the middle of a restore must not take
			// the user's restored status for an edit: the next block sets busy.
			name: "restore answer lost, next block: busy is set", a: during().intend(own), slack: own, d: focusUntil(t0.Add(50 * time.Minute)),
			now:       t0.Add(20 * time.Minute),
			calls:     []string{"users.profile.get", set(busyAt(t0.Add(50 * time.Minute))), "dnd.setSnooze 30 min"},
			wantSlack: busyAt(t0.Add(50 * time.Minute)),
		},
		{
			name: "restore answer lost, still stopped: done without a call", a: during().intend(own), slack: own, d: normal,
			calls:     []string{"users.profile.get", "record", "dnd.endSnooze"},
			wantSlack: own,
		},

		// DND and presence.
		{
			name: "snooze answer lost, block stopped: the snooze is ended",
			a:    Applied{DNDMaybe: end.Unix()}, d: normal,
			calls: []string{"dnd.endSnooze"},
		},
		{
			name: "snooze answer lost, same block: snoozed again",
			a: func() Applied {
				a := during()
				a.DNDUntil, a.DNDMaybe = 0, end.Unix()
				return a
			}(),
			slack: busy, d: focusUntil(end), wantSlack: busy,
			calls: []string{"dnd.setSnooze 25 min"},
		},
		{
			name: "snooze over by itself: forgotten without a call",
			a:    Applied{DNDUntil: end.Unix()}, d: normal, now: end,
			calls: []string{"record"},
		},
		{
			name: "presence answer lost: set again even if it looks done",
			a:    Applied{AwayMaybe: true}, d: normal,
			calls: []string{"users.setPresence auto"},
		},
		// The AFK cap.
		{
			name: "capped AFK: a later cap is no change", a: Applied{Mode: ModeAFK, Managed: true, Saved: own, Away: true}.confirm(afkCapped),
			slack: afkCapped, d: capped(t0.Add(13 * time.Hour)), now: t0.Add(time.Hour),
			calls: nil, wantSlack: afkCapped,
		},
		{
			name: "AFK set before the cap existed gets one", a: Applied{Mode: ModeAFK, Managed: true, Saved: own, Away: true}.confirm(afkText),
			slack: afkText, d: capped(t0.Add(12 * time.Hour)),
			calls: []string{"users.profile.get", set(afkCapped)}, wantSlack: afkCapped,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = t0
			}
			slack := tt.slack
			calls, a := converge(t, tt.a, &slack, tt.d, now)
			if strings.Join(calls, "\n") != strings.Join(tt.calls, "\n") {
				t.Fatalf("steps:\n got: %s\nwant: %s", strings.Join(calls, "\n      "), strings.Join(tt.calls, "\n      "))
			}
			if tt.wantSlack != slack {
				t.Fatalf("Slack shows %+v, want %+v", slack, tt.wantSlack)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

// Every call's intent is recorded before it, and it says what the call
// may do: the status or snooze it asks for.
func TestPlanRecordsIntentBeforeEachCall(t *testing.T) {
	a := Applied{Managed: true, Saved: own}
	steps := Plan(a, Observation{Read: true, Status: own}, focusUntil(end), t0)
	if len(steps) != 2 || steps[0].Action != SetStatus || steps[1].Action != SetSnooze {
		t.Fatalf("steps %v", steps)
	}
	if p := steps[0].Intent.Pending; p == nil || *p != busy || !steps[0].Intent.ours(busy, t0) {
		t.Fatalf("status intent %+v", steps[0].Intent)
	}
	if steps[1].Intent.DNDMaybe != end.Unix() {
		t.Fatalf("snooze intent %+v", steps[1].Intent)
	}
}

// Old records (saved before intents existed) still load and still work.
func TestAppliedOldJSONLoads(t *testing.T) {
	old := `{"mode":"focus","managed":true,"saved":{"text":"Planning the offsite","emoji":":calendar:","expiration":0},` +
		`"set":{"text":"Heads down until 10:25","emoji":":headphones:","expiration":1795429500},"override":false,"dnd_until":1795429500,"away":false}`
	var a Applied
	if err := json.Unmarshal([]byte(old), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Managed || a.Saved != own || a.Set != busy || a.Pending != nil || a.Meant != nil {
		t.Fatalf("loaded %+v", a)
	}
	slack := busy
	if calls, _ := converge(t, a, &slack, normal, t0); slack != own || len(calls) != 3 {
		t.Fatalf("calls %v, Slack %+v", calls, slack)
	}
	b, _ := json.Marshal(a.intend(own))
	var back Applied
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, a.intend(own)) {
		t.Fatalf("round trip %s: %+v %v", b, back, err)
	}
}

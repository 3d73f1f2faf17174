package presence

import (
	"testing"
	"time"
)

var texts = Texts{FocusText: "Heads down until {until} · reading messages at {next_review}", FocusEmoji: ":headphones:",
	AFKText: "Away, back {until}", AFKEmoji: ":walking:", OffHoursText: "Off for the day, back {until}", OffHoursEmoji: ":crescent_moon:"}

func TestTextsKin(t *testing.T) {
	exp := t0.Add(time.Hour).Unix()
	tests := []struct {
		name string
		st   Status
		want bool
	}{
		{"focus status of another install", Status{"Heads down until 11:00 — reading messages then", ":headphones:", exp}, true},
		{"off hours", Status{"Off for the day, back Mon 09:00", ":crescent_moon:", exp}, true},
		{"the user's own, same emoji, no expiry", Status{"Heads down until 11:00", ":headphones:", 0}, false},
		{"the user's own with an expiry", Status{"Planning the offsite", ":calendar:", exp}, false},
		{"our text, another emoji", Status{"Heads down until 11:00", ":calendar:", exp}, false},
		{"our emoji, another text", Status{"Listening to music", ":headphones:", exp}, false},
		{"empty", Status{Expiration: exp}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts.Kin(tt.st); got != tt.want {
				t.Fatalf("Kin(%+v) = %v, want %v", tt.st, got, tt.want)
			}
		})
	}
}

// Two computers: the laptop set its busy status over the user's own; the
// desktop starts a block while it shows. The desktop neither saves the
// laptop's status as the user's nor overwrites it; when the laptop has put
// the user's status back, the desktop's block end leaves it there.
func TestPlanLeavesAnotherInstallsStatus(t *testing.T) {
	laptops := Status{Text: "Heads down until 10:40 · reading messages at 10:40", Emoji: ":headphones:", Expiration: t0.Add(40 * time.Minute).Unix()}
	slack := laptops
	d := focusUntil(end)
	d.Kin = texts
	_, a := converge(t, Applied{}, &slack, d, t0)
	if slack != laptops {
		t.Fatalf("the desktop replaced the laptop's status: Slack shows %+v", slack)
	}
	if a.Saved == laptops {
		t.Fatalf("the laptop's busy status was saved as the user's own: %+v", a)
	}
	slack = own // the laptop's block ended: it put the user's status back
	calls, _ := converge(t, a, &slack, normal, end)
	if slack != own {
		t.Fatalf("after the desktop's block Slack shows %+v, want the user's own %+v (calls %v)", slack, own, calls)
	}
}

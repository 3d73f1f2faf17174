package presence

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/timefmt"
)

// The tray's Slack line says what Slack shows now, or the problem.
func TestStateLine(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc) // a Wednesday
	until := time.Date(2026, 11, 25, 11, 30, 0, 0, loc)
	thu9 := time.Date(2026, 11, 26, 9, 0, 0, 0, loc)
	for _, tc := range []struct {
		name  string
		state State
		want  string
	}{
		{"off", State{Conn: ConnOff}, "Slack: not connected"},
		{"connecting", State{Conn: ConnConnecting}, "Slack: connecting…"},
		{"network down while connecting", State{Conn: ConnConnecting, Problem: "Slack unreachable (no network), retrying"},
			"Slack unreachable (no network), retrying"},
		{"refused", State{Conn: ConnDisconnected, Problem: "x"}, "Slack disconnected — sign in again"},
		{"problem", State{Conn: ConnProblem, Mode: ModeFocus, Problem: "Slack unreachable (no answer), retrying"},
			"Slack unreachable (no answer), retrying"},
		{"scope problem", State{Conn: ConnProblem, Problem: "the Slack token lacks the dnd:write scope"},
			"Slack: the Slack token lacks the dnd:write scope"},
		{"normal", State{Conn: ConnConnected, User: "pat", Mode: ModeNormal}, "Slack: connected as @pat"},
		{"focus with DND", State{Conn: ConnConnected, Mode: ModeFocus, Shows: Shows{
			StatusText: "Heads down until 11:30", StatusUntil: until, DNDUntil: until}},
			"Slack: Heads down until 11:30 · Do Not Disturb"},
		{"focus, DND over", State{Conn: ConnConnected, Mode: ModeFocus, Shows: Shows{
			StatusText: "Heads down until 11:30", DNDUntil: now.Add(-time.Minute)}},
			"Slack: Heads down until 11:30"},
		{"focus, the user's own status kept", State{Conn: ConnConnected, Mode: ModeFocus, Shows: Shows{DNDUntil: until}},
			"Slack: your own status · Do Not Disturb"},
		{"away", State{Conn: ConnConnected, Mode: ModeAFK, Shows: Shows{StatusText: "Away, back 12:00", Away: true}},
			"Slack: Away"},
		{"off hours", State{Conn: ConnConnected, Mode: ModeOffHours, Shows: Shows{
			StatusText: "Off for the day", StatusUntil: thu9, DNDUntil: thu9, Away: true}},
			"Slack: Off hours until Thu 09:00 · Do Not Disturb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.state.Line(now, loc, timefmt.H24); got != tc.want {
				t.Errorf("Line = %q, want %q", got, tc.want)
			}
		})
	}
	off := State{Conn: ConnConnected, Mode: ModeOffHours, Shows: Shows{StatusUntil: thu9, Away: true}}
	if got, want := off.Line(now, loc, timefmt.H12), "Slack: Off hours until Thu 9:00 AM"; got != want {
		t.Errorf("12-hour Line = %q, want %q", got, want)
	}
}

func TestAppliedShows(t *testing.T) {
	a := Applied{Mode: ModeFocus, Managed: true, Set: Status{Text: "Heads down", Expiration: 1800000000}, DNDUntil: 1800000000, Away: true}
	s := a.shows()
	if s.StatusText != "Heads down" || s.StatusUntil.Unix() != 1800000000 || s.DNDUntil.Unix() != 1800000000 || !s.Away {
		t.Errorf("shows %+v", s)
	}
	a.Override = true // the user changed their status: it is theirs
	if s := a.shows(); s.StatusText != "" {
		t.Errorf("with an override the status is the user's, got %q", s.StatusText)
	}
}

// While a change is on its way to Slack, the line says what is being set.
func TestApplyingLine(t *testing.T) {
	for _, c := range []struct {
		d    Desired
		want string
	}{
		{Desired{Mode: ModeFocus, Text: "Heads down until 15:44"}, "Slack: setting Heads down until 15:44…"},
		{Desired{Mode: ModeAFK, Text: "Away, back 16:00"}, "Slack: setting Away…"},
		{Desired{Mode: ModeOffHours, Text: "Off for the day"}, "Slack: setting Off hours…"},
		{Desired{Mode: ModeNormal}, "Slack: putting your status back…"},
	} {
		if got := c.d.Applying(); got != c.want {
			t.Errorf("%s: %q, want %q", c.d.Mode, got, c.want)
		}
	}
	if !(State{}).Applied(Desired{Mode: ModeNormal}) {
		t.Error("nothing applied yet is not Slack as Heads Down found it")
	}
	focus := Desired{Mode: ModeFocus, Text: "Heads down until 15:44"}
	for _, c := range []struct {
		name string
		s    State
		want bool
	}{
		{"nothing yet", State{Mode: ModeNormal}, false},
		{"the focus status set", State{Mode: ModeFocus, Shows: Shows{StatusText: "Heads down until 15:44"}}, true},
		{"an older focus text", State{Mode: ModeFocus, Shows: Shows{StatusText: "Heads down until 15:20"}}, false},
		{"the user's own status wins", State{Mode: ModeFocus}, true},
	} {
		if got := c.s.Applied(focus); got != c.want {
			t.Errorf("%s: Applied = %v, want %v", c.name, got, c.want)
		}
	}
}

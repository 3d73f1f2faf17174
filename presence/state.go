package presence

import (
	"fmt"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/timefmt"
)

// Connection is the state of the Slack link as the tray shows it.
type Connection string

// Connection states.
const (
	ConnOff          Connection = "off"          // no token
	ConnConnecting   Connection = "connecting"   // checking the token
	ConnConnected    Connection = "connected"    // working
	ConnDisconnected Connection = "disconnected" // token refused: sign in again
	ConnProblem      Connection = "problem"      // working, but the last change failed
)

// State is the worker's view for the UI.
type State struct {
	Conn    Connection
	User    string // Slack user name, when connected
	Team    string
	Problem string // what went wrong and what to do, if anything
	Mode    Mode   // what is applied on Slack now

	// Shows is what teammates see on Slack now, as far as Heads Down set it.
	Shows Shows
}

// Shows is what Heads Down last had Slack confirm: the status it set (not
// the user's own), Do Not Disturb and away presence.
type Shows struct {
	// StatusText is Heads Down's status on Slack; empty when the status is
	// the user's own (never changed, put back, or changed by them).
	StatusText  string
	StatusUntil time.Time // when Slack clears it by itself; zero: never
	DNDUntil    time.Time // zero: no snooze of ours
	Away        bool
}

// shows reads what is applied: an Override means the user set their own
// status while Heads Down managed it, so the status line is theirs.
func (a Applied) shows() Shows {
	s := Shows{Away: a.Away}
	if a.Managed && !a.Override {
		s.StatusText = a.Set.Text
		if a.Set.Expiration > 0 {
			s.StatusUntil = time.Unix(a.Set.Expiration, 0)
		}
	}
	if a.DNDUntil > 0 {
		s.DNDUntil = time.Unix(a.DNDUntil, 0)
	}
	return s
}

// Line is the one-line description for the tray and `status`: what Slack
// shows now ("Slack: Heads down until 11:30 · Do Not Disturb", "Slack:
// Away", "Slack: Off hours until Thu 09:00"), or the problem. Times are
// written on the clock h ("Thu 9:00 AM").
func (s State) Line(now time.Time, loc *time.Location, h timefmt.Hours) string {
	switch s.Conn {
	case ConnOff:
		return "Slack: not connected"
	case ConnConnecting:
		if s.Problem != "" {
			return problemLine(s.Problem)
		}
		return "Slack: connecting…"
	case ConnDisconnected:
		return "Slack disconnected — sign in again"
	case ConnProblem:
		return problemLine(s.Problem)
	}
	dnd := ""
	if s.Shows.DNDUntil.After(now) {
		dnd = " · Do Not Disturb"
	}
	switch s.Mode {
	case ModeFocus:
		if s.Shows.StatusText == "" {
			return "Slack: your own status" + dnd
		}
		return "Slack: " + s.Shows.StatusText + dnd
	case ModeAFK:
		return "Slack: Away" + dnd
	case ModeMeeting:
		if s.Shows.StatusText == "" {
			return "Slack: your own status" + dnd
		}
		return "Slack: " + s.Shows.StatusText + dnd
	case ModeOffHours:
		line := "Slack: Off hours"
		if s.Shows.StatusUntil.After(now) {
			line += " until " + when(s.Shows.StatusUntil, now, loc, h, "")
		}
		return line + dnd
	}
	return fmt.Sprintf("Slack: connected as @%s", s.User) + dnd
}

// problemLine is a problem as the line shows it: "Slack unreachable (no
// network), retrying" as it is, others after "Slack: ".
func problemLine(p string) string {
	if strings.HasPrefix(p, "Slack ") {
		return p
	}
	return "Slack: " + p
}

// Applying is the line while Heads Down is still applying d on Slack
// (the worker waits a moment to batch changes, then calls Slack): what is
// being set, not what Slack showed before the command. "Slack: setting
// Away…", "Slack: setting Heads down until 15:44…", "Slack: putting your
// status back…".
func (d Desired) Applying() string {
	switch d.Mode {
	case ModeFocus:
		return "Slack: setting " + d.Text + "…"
	case ModeAFK:
		return "Slack: setting Away…"
	case ModeMeeting:
		return "Slack: setting " + d.Text + "…"
	case ModeOffHours:
		return "Slack: setting Off hours…"
	}
	return "Slack: putting your status back…"
}

// Applied reports whether s shows d already (the mode, and for focus the
// status text), as far as Heads Down has set it.
func (s State) Applied(d Desired) bool {
	mode := s.Mode
	if mode == "" {
		mode = ModeNormal // nothing applied yet: as Heads Down found Slack
	}
	return mode == d.Mode && (d.Mode != ModeFocus && d.Mode != ModeMeeting || s.Shows.StatusText == d.Text || s.Shows.StatusText == "")
}

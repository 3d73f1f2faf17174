package presence

import "fmt"

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
}

// Line is the one-line description for the tray and `status`.
func (s State) Line() string {
	switch s.Conn {
	case ConnOff:
		return "Slack: not connected"
	case ConnConnecting:
		return "Slack: connecting…"
	case ConnConnected:
		return fmt.Sprintf("Slack: connected as @%s", s.User)
	case ConnDisconnected:
		return "Slack disconnected — sign in again"
	}
	return "Slack: " + s.Problem
}

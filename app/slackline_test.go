package app

import (
	"net"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/app/control"
)

// The tray's Slack line says what Slack shows now, through the real
// slack-go client against the fake Slack.
func TestSlackLineSaysWhatSlackShows(t *testing.T) {
	srv, dir := withSlack(t)
	r := startApp(t, dir)
	line := func() string { return r.app.Status().Slack.Line }
	waitSlack(t, "connected", func() bool { return line() == "Slack: connected as @ana" })

	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	waitSlack(t, "the focus status and DND on the line", func() bool {
		on, _ := srv.Snoozed()
		return on && strings.HasPrefix(line(), "Slack: "+srv.Status().Text) && strings.HasSuffix(line(), " · Do Not Disturb")
	})
	if !strings.HasPrefix(line(), "Slack: Heads down until ") {
		t.Fatalf("focus line %q", line())
	}

	r.do(t, control.Request{Cmd: control.CmdAFK, Duration: "30m"})
	waitSlack(t, "the away line", func() bool { return srv.Presence() == "away" && line() == "Slack: Away" })

	r.do(t, control.Request{Cmd: control.CmdBack})
	r.do(t, control.Request{Cmd: control.CmdStop})
	waitSlack(t, "connected again once the user's status is back", func() bool {
		return srv.Status().Text == "Working from Lisbon" && line() == "Slack: connected as @ana"
	})
}

// With the network down from the start the line does not say
// "connecting…" for ever: it says Slack cannot be reached, and why.
func TestSlackLineNetworkDown(t *testing.T) {
	_, dir := withSlack(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String() + "/api/"
	l.Close() // connections are refused, as with no network
	t.Setenv("HEADSDOWN_SLACK_API_URL", down)
	r := startApp(t, dir)
	waitSlack(t, "the unreachable line", func() bool {
		return r.app.Status().Slack.Line == "Slack unreachable (no network), retrying"
	})
}

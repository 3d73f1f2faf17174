package app

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
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

// With Slack's address refusing connections from the start the line does
// not say "connecting…" for ever: it says Slack cannot be reached, and
// why. A refused connection is a host that is down (or a mistyped
// api_url), not "no network": the network reached it.
func TestSlackLineNetworkDown(t *testing.T) {
	_, dir := withSlack(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String() + "/api/"
	l.Close() // connections are refused
	t.Setenv("HEADSDOWN_SLACK_API_URL", down)
	r := startApp(t, dir)
	want := "Slack unreachable (can't reach " + l.Addr().String() + "), retrying"
	waitSlack(t, "the unreachable line", func() bool { return r.app.Status().Slack.Line == want })
}

// A hand-edited [slack] api_url reaches both Slack drivers: the status
// worker, like the ping intake, calls the new address after the file
// changes, and the old one no more.
func TestSlackAPIURLEditedByHand(t *testing.T) {
	old, dir := withSlack(t)
	t.Setenv("HEADSDOWN_SLACK_API_URL", "") // the file decides
	cfgPath := filepath.Join(dir, "config.toml")
	base, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	write := func(url string) {
		t.Helper()
		if err := os.WriteFile(cfgPath, append(append([]byte{}, base...), []byte("[slack]\napi_url = \""+url+"\"\n")...), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(old.APIURL)
	r := startApp(t, dir)
	waitSlack(t, "connected to the first address", func() bool { return r.app.Status().Slack.Connection == "connected" })

	moved := slacktest.New(slackToken)
	t.Cleanup(moved.Close)
	write(moved.APIURL)
	waitSlack(t, "the new address used by the status worker", func() bool {
		return slices.Contains(moved.Methods(), "auth.test")
	})
	before := len(old.Calls())
	r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	waitSlack(t, "the focus status set at the new address", func() bool {
		return strings.HasPrefix(moved.Status().Text, "Heads down until ")
	})
	for _, c := range old.Calls()[before:] {
		if strings.HasPrefix(c.Method, "users.profile") || strings.HasPrefix(c.Method, "dnd.") {
			t.Errorf("the old address still got %s after the edit", c.Method)
		}
	}
	if old.Status().Text != "Working from Lisbon" {
		t.Errorf("the old address's status changed: %+v", old.Status())
	}
}

package slackapi

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/headsdown-app/headsdown/assets"
)

// The manifest users install must grant exactly what the code asks for:
// no scope missing, none extra.
func TestManifestGrantsExactlyTheRequiredScopes(t *testing.T) {
	var m struct {
		OAuth struct {
			Scopes struct {
				User []string `json:"user"`
			} `json:"scopes"`
		} `json:"oauth_config"`
	}
	if err := json.Unmarshal(assets.SlackManifest, &m); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range RequiredScopes {
		want = append(want, s.Name)
	}
	got := slices.Clone(m.OAuth.Scopes.User)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("manifest scopes %v, code requires %v", got, want)
	}
}

// Socket Mode delivers exactly the user events intake reads.
func TestManifestSubscribesToTheUserEvents(t *testing.T) {
	var m struct {
		Settings struct {
			SocketMode bool `json:"socket_mode_enabled"`
			Events     struct {
				User []string `json:"user_events"`
			} `json:"event_subscriptions"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(assets.SlackManifest, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"message.channels", "message.groups", "message.im", "message.mpim"}
	got := slices.Sorted(slices.Values(m.Settings.Events.User))
	if !m.Settings.SocketMode || !slices.Equal(got, want) {
		t.Fatalf("socket mode %v, user events %v; want %v", m.Settings.SocketMode, got, want)
	}
}

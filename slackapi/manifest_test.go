package slackapi

import (
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
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

// The create-from-manifest link carries the manifest itself, and the
// README's link is the same one.
func TestManifestURL(t *testing.T) {
	u, err := url.Parse(ManifestURL())
	if err != nil {
		t.Fatal(err)
	}
	var fromURL, embedded any
	if err := json.Unmarshal([]byte(u.Query().Get("manifest_json")), &fromURL); err != nil {
		t.Fatalf("manifest_json: %v", err)
	}
	if err := json.Unmarshal(assets.SlackManifest, &embedded); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromURL, embedded) || u.Host != "api.slack.com" || u.Query().Get("new_app") != "1" {
		t.Fatalf("the link does not carry the manifest: %s", u)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "("+ManifestURL()+")") {
		t.Error("the README's create-from-manifest link is not ManifestURL(): regenerate it")
	}
}

package presence

import (
	"encoding/json"
	"slices"
	"testing"

	"headsdown/assets"
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

package slackapi

import (
	"bytes"
	"encoding/json"
	"net/url"

	"github.com/headsdown-app/headsdown/assets"
)

// ManifestURL opens Slack's "create an app from a manifest" page with
// Heads Down's manifest filled in: the user picks a workspace and clicks
// Create. The manifest is the embedded assets/slack-manifest.json.
func ManifestURL() string {
	var compact bytes.Buffer
	if err := json.Compact(&compact, assets.SlackManifest); err != nil {
		// The manifest is embedded and tested; fall back to the blank page.
		return "https://api.slack.com/apps?new_app=1"
	}
	return "https://api.slack.com/apps?new_app=1&manifest_json=" + url.QueryEscape(compact.String())
}

// Package assets embeds the files Heads Down ships inside its binary: the
// application icon (for notifications, windows and packaging).
package assets

import _ "embed"

// Icon is the 256×256 application icon (PNG).
//
//go:embed icon.png
var Icon []byte

// SlackManifest is the Slack app manifest that grants exactly the scopes
// Heads Down uses (see the README, "Connecting Slack").
//
//go:embed slack-manifest.json
var SlackManifest []byte

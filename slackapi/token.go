package slackapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/zalando/go-keyring"
)

// The keyring entry that holds the Slack user token (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows).
const (
	keyringService = "Heads Down"
	keyringUser    = "slack-user-token"
	keyringApp     = "slack-app-token"
)

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = "https://slack.com/api/"

// Environment overrides.
const (
	EnvToken  = "HEADSDOWN_SLACK_TOKEN"
	EnvAPIURL = "HEADSDOWN_SLACK_API_URL"
	// EnvAppToken is the app-level token (xapp-) for Socket Mode.
	EnvAppToken = "HEADSDOWN_SLACK_APP_TOKEN"
)

// LoadAppToken returns the app-level token: HEADSDOWN_SLACK_APP_TOKEN if
// set, else the keyring's. None means pings are polled, not pushed.
func LoadAppToken() (string, error) {
	if t := strings.TrimSpace(os.Getenv(EnvAppToken)); t != "" {
		return t, nil
	}
	t, err := keyring.Get(keyringService, keyringApp)
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("read the Slack app token from the OS keyring: %w (or set %s)", err, EnvAppToken)
	}
	return t, nil
}

// SaveAppToken stores an app-level token after checking its form.
func SaveAppToken(token string) error {
	if !strings.HasPrefix(token, "xapp-") {
		return errors.New("this is not an app-level token (xapp-…): create one under Basic Information → App-Level Tokens with the connections:write scope")
	}
	if err := keyring.Set(keyringService, keyringApp, token); err != nil {
		return fmt.Errorf("store the app token in the OS keyring: %w (no keyring service? set %s instead)", err, EnvAppToken)
	}
	return nil
}

// DeleteAppToken removes the app-level token from the keyring.
func DeleteAppToken() error {
	if err := keyring.Delete(keyringService, keyringApp); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("remove the app token from the OS keyring: %w", err)
	}
	return nil
}

// LoadToken returns the user token: HEADSDOWN_SLACK_TOKEN if set, else the
// keyring's. No token at all is not an error: Slack is simply off.
func LoadToken() (token, source string, err error) {
	if t := strings.TrimSpace(os.Getenv(EnvToken)); t != "" {
		return t, EnvToken, nil
	}
	t, err := keyring.Get(keyringService, keyringUser)
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", "", nil
	case err != nil:
		return "", "", fmt.Errorf("read the Slack token from the OS keyring: %w (or set %s)", err, EnvToken)
	}
	return t, "keyring", nil
}

// SaveToken stores the token in the OS keyring.
func SaveToken(token string) error {
	if err := keyring.Set(keyringService, keyringUser, token); err != nil {
		return fmt.Errorf("store the token in the OS keyring: %w (no keyring service? set %s instead)", err, EnvToken)
	}
	return nil
}

// DeleteToken removes the token from the keyring; no token is fine.
func DeleteToken() error {
	if err := keyring.Delete(keyringService, keyringUser); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("remove the token from the OS keyring: %w", err)
	}
	return nil
}

// APIURL is the Slack Web API base: HEADSDOWN_SLACK_API_URL, then the
// configured one, then Slack's. It always ends in "/".
func APIURL(configured string) string {
	u := strings.TrimSpace(os.Getenv(EnvAPIURL))
	if u == "" {
		u = configured
	}
	if u == "" {
		return DefaultAPIURL
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// Scope is a user-token scope Heads Down asks for, and why.
type Scope struct{ Name, Why string }

// RequiredScopes are what the presence and inbox automations need.
var RequiredScopes = []Scope{
	{"users.profile:read", "read your status before a focus block, to put it back afterwards"},
	{"users.profile:write", "set the focus, away and off-hours status"},
	{"dnd:write", "snooze notifications for a focus block and outside working hours"},
	{"users:write", "set your presence to away (AFK, off hours)"},
	{"im:history", "read your DMs to hold them for review windows"},
	{"mpim:history", "read your group DMs to hold them for review windows"},
	{"channels:history", "find mentions of you in public channels"},
	{"groups:history", "find mentions of you in private channels"},
	{"im:read", "list your DMs, to catch up on ones sent while Heads Down was closed"},
	{"mpim:read", "list your group DMs, to catch up on them"},
	{"channels:read", "list your channels, to catch up on mentions"},
	{"groups:read", "list your private channels, to catch up on mentions"},
	{"users:read", "show who sent a ping"},
	{"chat:write", "send the optional once-per-block auto-reply to a sender (off unless you turn it on)"},
}

// Identity is who a token belongs to.
type Identity struct {
	User, UserID, Team, TeamID, URL string
	Scopes                          []string
}

// CheckToken asks Slack (auth.test) whom the token belongs to and which
// scopes it carries, and lists the required scopes it lacks.
func CheckToken(ctx context.Context, apiURL, token string) (Identity, []Scope, error) {
	if !strings.HasPrefix(token, "xoxp-") {
		kind := "this"
		if strings.HasPrefix(token, "xoxb-") {
			kind = "a bot token; it"
		} else if strings.HasPrefix(token, "xapp-") {
			kind = "an app-level token; it"
		}
		return Identity{}, nil, fmt.Errorf("%s is not a user token (xoxp-…): copy the User OAuth Token from your Slack app's OAuth & Permissions page", kind)
	}
	api := slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(&http.Client{Timeout: 20 * time.Second}))
	resp, err := api.AuthTestContext(ctx)
	if err != nil {
		return Identity{}, nil, fmt.Errorf("Slack did not accept the token: %s", Redact(err.Error(), token))
	}
	id := Identity{User: resp.User, UserID: resp.UserID, Team: resp.Team, TeamID: resp.TeamID, URL: resp.URL}
	for _, s := range strings.Split(resp.Header.Get("X-OAuth-Scopes"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			id.Scopes = append(id.Scopes, s)
		}
	}
	var missing []Scope
	for _, s := range RequiredScopes {
		if !slices.Contains(id.Scopes, s.Name) {
			missing = append(missing, s)
		}
	}
	return id, missing, nil
}

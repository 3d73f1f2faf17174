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
)

// The keyring entries that hold the Slack tokens (Secret Service on
// Linux, Keychain on macOS, Credential Manager on Windows); see Vault.
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

// ErrUnreachable marks a token check that failed because Slack could not
// be reached (the network, DNS, a timeout, a 5xx), not because it refused
// the token.
var ErrUnreachable = errors.New("Slack cannot be reached")

// CheckAppToken checks an app-level token with Slack by opening a Socket
// Mode ticket (apps.connections.open), which is what pings need.
func CheckAppToken(ctx context.Context, apiURL, token string) error {
	if err := CheckAppTokenForm(token); err != nil {
		return err
	}
	api := slack.New("", slack.OptionAppLevelToken(token), slack.OptionAPIURL(apiURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 20 * time.Second}))
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		if Classify(err).Kind == Transient {
			return fmt.Errorf("%w: %s", ErrUnreachable, Redact(err.Error(), token))
		}
		return fmt.Errorf("Slack did not accept the app token: %s", Redact(err.Error(), token))
	}
	return nil
}

// CheckAppTokenForm refuses what is plainly not an app-level token.
func CheckAppTokenForm(token string) error {
	if !strings.HasPrefix(token, "xapp-") {
		return errors.New("this is not an app-level token (xapp-…): create one under Basic Information → App-Level Tokens with the connections:write scope")
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

// ProfileEmail is the email of the token's own Slack profile (users.profile.get,
// which users.profile:read allows: one's email is part of one's profile), or ""
// when Slack does not give it. It is what [calendar] emails defaults to.
func ProfileEmail(ctx context.Context, apiURL, token string) (string, error) {
	api := slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(&http.Client{Timeout: 20 * time.Second}))
	p, err := api.GetUserProfileContext(ctx, &slack.GetUserProfileParameters{})
	if err != nil {
		return "", fmt.Errorf("reading your Slack profile's email: %s", Redact(err.Error(), token))
	}
	return strings.TrimSpace(p.Email), nil
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
		if Classify(err).Kind == Transient {
			return Identity{}, nil, fmt.Errorf("%w: %s", ErrUnreachable, Redact(err.Error(), token))
		}
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

package doctor

import (
	"context"
	"errors"
	"strings"

	"github.com/headsdown-app/headsdown/slackapi"
)

// KeyringCheck says whether the OS keyring answers, and where the Slack
// tokens are kept when it does not.
func KeyringCheck(v slackapi.Vault) Check {
	return Check{Part: "keyring", Run: func(context.Context) []Finding {
		available, err := v.KeyringAvailable()
		var ke *slackapi.KeyringError
		switch {
		case errors.As(err, &ke):
			return []Finding{problem("keyring", "the keyring is there but refused: it may be locked",
				"unlock it (it usually unlocks when you log in), then run `headsdown doctor` again")}
		case err != nil:
			return []Finding{problem("keyring", errText(err), "check your keyring")}
		case !available:
			return []Finding{note("keyring", "no keyring service (Secret Service) is running: Slack tokens are kept in "+
				v.FilePath()+", which only you can read, and move into a keyring once one runs")}
		}
		return []Finding{ok("keyring", "the OS keyring answers")}
	}}
}

// SlackCheck checks the user token with Slack (auth.test): accepted, and
// carrying every scope the automations need.
func SlackCheck(v slackapi.Vault, apiURL string) Check {
	return Check{Part: "slack", Run: func(ctx context.Context) []Finding {
		token, where, err := v.Load(slackapi.UserToken)
		if err != nil {
			return []Finding{problem("slack", errText(err), "see the keyring line; then `headsdown slack login`")}
		}
		if token == "" {
			return []Finding{note("slack", "not connected (optional): timers, logging and reports work without it; "+
				"connect in Settings → Slack or with `headsdown slack login`")}
		}
		id, missing, err := slackapi.CheckToken(ctx, apiURL, token)
		if err != nil {
			if errors.Is(err, slackapi.ErrUnreachable) {
				return []Finding{problem("slack", errText(err),
					"check the network (or a proxy: HEADSDOWN_SLACK_API_URL); Heads Down retries by itself")}
			}
			return []Finding{problem("slack", errText(err), "connect again in Settings → Slack or with `headsdown slack login`")}
		}
		from := map[slackapi.Where]string{slackapi.InEnv: slackapi.EnvToken, slackapi.InFile: "the token file",
			slackapi.InKeyring: "the keyring"}[where]
		f := ok("slack", "connected as @"+id.User+" in "+id.Team+" (token from "+from+")")
		if len(missing) == 0 {
			return []Finding{f}
		}
		names := make([]string, len(missing))
		for i, s := range missing {
			names[i] = s.Name
		}
		return []Finding{f, problem("slack scopes", "the token lacks "+strings.Join(names, ", "),
			"add them in your Slack app under OAuth & Permissions → User Token Scopes (or recreate it from the manifest), reinstall it and connect again")}
	}}
}

// AppTokenCheck checks the app-level token, which brings pings at once
// over Socket Mode; without one they are polled.
func AppTokenCheck(v slackapi.Vault, apiURL string) Check {
	return Check{Part: "slack pings", Run: func(ctx context.Context) []Finding {
		token, _, err := v.Load(slackapi.AppToken)
		if err != nil {
			return []Finding{problem("slack pings", errText(err), "see the keyring line")}
		}
		if token == "" {
			return []Finding{note("slack pings", "no app-level token: held pings are polled, not pushed "+
				"(optional: Settings → Slack → App-level token)")}
		}
		if err := slackapi.CheckAppToken(ctx, apiURL, token); err != nil {
			if errors.Is(err, slackapi.ErrUnreachable) {
				return []Finding{problem("slack pings", errText(err), "check the network")}
			}
			return []Finding{problem("slack pings", errText(err),
				"create a new app-level token (Basic Information → App-Level Tokens, scope connections:write) and paste it in Settings → Slack")}
		}
		return []Finding{ok("slack pings", "pings arrive at once (Socket Mode)")}
	}}
}

// The real SlackAccount behind the Slack section: tokens in the OS
// keyring, checked with Slack before they are kept.

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
)

// keyringSlack is the real Slack account: the token in the OS keyring,
// checked with auth.test.
type keyringSlack struct {
	apiURL, socket string
}

func (k *keyringSlack) Current() (string, error) {
	token, source, err := slackapi.LoadToken()
	if err != nil {
		return "", err
	}
	if token == "" {
		return "Not connected. Paste a User OAuth Token (xoxp-…) from your Slack app and press Connect.", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, missing, err := slackapi.CheckToken(ctx, k.apiURL, token)
	if err != nil {
		return "", fmt.Errorf("Disconnected: %w. Paste a new token and press Connect.", err)
	}
	line := connectedLine(id, missing)
	if app, err := slackapi.LoadAppToken(); err == nil && app != "" {
		line += " Pings arrive at once (Socket Mode)."
	}
	if source == slackapi.EnvToken {
		line += " The token comes from " + slackapi.EnvToken + ", which overrides the keyring."
	}
	return line, nil
}

func (k *keyringSlack) Connect(token string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, missing, err := slackapi.CheckToken(ctx, k.apiURL, token)
	if err != nil {
		return "", err
	}
	if err := slackapi.SaveToken(token); err != nil {
		return "", err
	}
	return connectedLine(id, missing), k.tellApp()
}

// ConnectApp checks an app-level token by opening a Socket Mode ticket
// (apps.connections.open), then keeps it in the keyring.
func (k *keyringSlack) ConnectApp(token string) (string, error) {
	if !strings.HasPrefix(token, "xapp-") {
		return "", errors.New("this is not an app-level token (xapp-…): create one under Basic Information → App-Level Tokens with the connections:write scope")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	api := slack.New("", slack.OptionAppLevelToken(token), slack.OptionAPIURL(k.apiURL))
	if _, _, err := api.StartSocketModeContext(ctx); err != nil {
		return "", fmt.Errorf("Slack did not accept the app token: %s", slackapi.Redact(err.Error(), token))
	}
	if err := slackapi.SaveAppToken(token); err != nil {
		return "", err
	}
	return "Pings arrive at once (Socket Mode).", k.tellApp()
}

func (k *keyringSlack) Disconnect() (string, error) {
	if err := slackapi.DeleteToken(); err != nil {
		return "", err
	}
	if err := slackapi.DeleteAppToken(); err != nil {
		return "", err
	}
	line := "Disconnected. Statuses Heads Down set expire by themselves."
	if os.Getenv(slackapi.EnvToken) != "" {
		line += " " + slackapi.EnvToken + " is still set and overrides this."
	}
	return line, k.tellApp()
}

// tellApp makes a running app pick the token up (or drop it) now. An app
// that is not running reads the keyring when it starts; one that refuses
// the reload is a *ReloadError, for the window to show.
func (k *keyringSlack) tellApp() error {
	_, err := send(k.socket, control.Request{Cmd: control.CmdReload})
	if err == nil || errors.Is(err, control.ErrNotRunning) {
		return nil
	}
	return &ReloadError{Err: err}
}

func connectedLine(id slackapi.Identity, missing []slackapi.Scope) string {
	line := fmt.Sprintf("Connected as @%s in %s.", id.User, id.Team)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, s := range missing {
			names[i] = s.Name
		}
		line += " Missing scopes (some automations will not work): " + strings.Join(names, ", ") + "."
	}
	return line
}

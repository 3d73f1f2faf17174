// The real SlackAccount behind the Slack section: tokens in the OS
// keyring (or, with no keyring service, an owner-only file), checked with
// Slack before they are kept.

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
)

// keyringSlack is the real Slack account: the token in the OS keyring,
// checked with auth.test.
type keyringSlack struct {
	apiURL, socket string
	vault          slackapi.Vault
}

// fileNote says plainly where a token is when there is no keyring.
func fileNote(v slackapi.Vault) string {
	return " No keyring service is running here, so the token is kept in " + v.FilePath() +
		", which only you can read; it moves into the keyring once one runs."
}

func (k *keyringSlack) Current() (string, error) {
	token, source, err := k.vault.Load(slackapi.UserToken)
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
	if app, _, err := k.vault.Load(slackapi.AppToken); err == nil && app != "" {
		line += " Pings arrive at once (Socket Mode)."
	}
	switch source {
	case slackapi.InEnv:
		line += " The token comes from " + slackapi.EnvToken + ", which overrides the keyring."
	case slackapi.InFile:
		line += fileNote(k.vault)
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
	where, err := k.vault.Save(slackapi.UserToken, token)
	if err != nil {
		return "", err
	}
	line := connectedLine(id, missing)
	if where == slackapi.InFile {
		line += fileNote(k.vault)
	}
	return line, k.tellApp()
}

// ConnectApp checks an app-level token by opening a Socket Mode ticket
// (apps.connections.open), then keeps it in the keyring.
func (k *keyringSlack) ConnectApp(token string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := slackapi.CheckAppToken(ctx, k.apiURL, token); err != nil {
		return "", err
	}
	where, err := k.vault.Save(slackapi.AppToken, token)
	if err != nil {
		return "", err
	}
	line := "Pings arrive at once (Socket Mode)."
	if where == slackapi.InFile {
		line += fileNote(k.vault)
	}
	return line, k.tellApp()
}

func (k *keyringSlack) Disconnect() (string, error) {
	if _, err := k.vault.Delete(slackapi.UserToken); err != nil {
		return "", err
	}
	if _, err := k.vault.Delete(slackapi.AppToken); err != nil {
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

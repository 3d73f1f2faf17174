package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/slackapi"
)

// slackCommand is `headsdown slack login|logout|status`.
func slackCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: slack needs one of: login, logout, status", errUsage)
	}
	paths, err := files.Default()
	if err != nil {
		return err
	}
	cfg, _ := config.Load(paths.Config) // a broken file still has a usable API URL default
	apiURL := slackapi.APIURL(cfg.Slack.APIURL)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vault := newVault(paths.ConfigDir)
	switch args[0] {
	case "login":
		return slackLogin(ctx, paths, vault, apiURL, stdin, stdout, stderr)
	case "logout":
		return slackLogout(ctx, paths, vault, stdout)
	case "status":
		token, where, err := vault.Load(slackapi.UserToken)
		if err != nil {
			return err
		}
		if token == "" {
			fmt.Fprintln(stdout, "Not connected: no Slack token is stored. Run `headsdown slack login` to connect.")
			return nil
		}
		id, missing, err := slackapi.CheckToken(ctx, apiURL, token)
		if err != nil {
			return fmt.Errorf("%w: run `headsdown slack login` again", err)
		}
		fmt.Fprintf(stdout, "Connected as @%s in %s (token from %s).\n", id.User, id.Team, whereText(vault, where))
		printMissing(stdout, missing)
		return nil
	}
	return fmt.Errorf("%w: unknown slack command %q", errUsage, args[0])
}

// newVault is where the tokens are kept; tests put in a keyring that
// fails one entry.
var newVault = func(configDir string) slackapi.Vault { return slackapi.Vault{Dir: configDir} }

// whereText names where a token is kept, for people.
func whereText(v slackapi.Vault, w slackapi.Where) string {
	switch w {
	case slackapi.InEnv:
		return slackapi.EnvToken
	case slackapi.InFile:
		return v.FilePath() + ", as no keyring service is running"
	default:
		return "the OS keyring"
	}
}

// slackLogout removes both tokens, as the settings window's Disconnect
// does: the app-level token left behind would keep Socket Mode connected
// and the next login would silently reuse it. One failing removal does not
// stop the other; the error names each that failed. Nothing stored is not
// an error: there is nothing to sign out of.
func slackLogout(ctx context.Context, paths files.Paths, vault slackapi.Vault, stdout io.Writer) error {
	var removed, failed []string
	var errs []error
	for _, kind := range []slackapi.TokenKind{slackapi.UserToken, slackapi.AppToken} {
		had, err := vault.Delete(kind)
		if err != nil {
			failed = append(failed, kind.String())
			errs = append(errs, err)
			continue
		}
		if had {
			removed = append(removed, kind.String())
		}
	}
	switch {
	case len(removed) > 0 && len(failed) == 0:
		tellApp(ctx, paths)
		fmt.Fprintf(stdout, "Signed out: removed %s. Statuses Heads Down set expire by themselves.\n", strings.Join(removed, " and "))
	case len(removed) > 0:
		tellApp(ctx, paths)
		fmt.Fprintf(stdout, "Removed %s.\n", strings.Join(removed, " and "))
	case len(failed) == 0:
		fmt.Fprintln(stdout, "Not signed in: no Slack token is stored, so there was nothing to remove.")
	}
	for _, env := range []string{slackapi.EnvToken, slackapi.EnvAppToken} {
		if os.Getenv(env) != "" {
			fmt.Fprintf(stdout, "Note: %s is still set in this environment and overrides what is stored; unset it to sign out for good.\n", env)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	// One line, each cause once: both removals usually fail the same way.
	cause := errs[0]
	if len(errs) == 2 && errs[1].Error() != errs[0].Error() {
		cause = fmt.Errorf("%w; %w", errs[0], errs[1])
	}
	return fmt.Errorf("%s was not removed: %w; then run `headsdown slack logout` again", strings.Join(failed, " and "), cause)
}

func slackLogin(ctx context.Context, paths files.Paths, vault slackapi.Vault, apiURL string, stdin io.Reader, stdout, stderr io.Writer) error {
	token, err := readToken(stdin, stderr)
	if err != nil {
		return err
	}
	id, missing, err := slackapi.CheckToken(ctx, apiURL, token)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Connected as @%s in %s.\n", id.User, id.Team)
	printMissing(stdout, missing)
	where, err := vault.Save(slackapi.UserToken, token)
	if err != nil {
		return err
	}
	if where == slackapi.InFile {
		fmt.Fprintf(stdout, "No keyring service is running here, so the token is saved in %s, which only you can read.\n"+
			"It moves into the keyring once one runs (GNOME Keyring, KeePassXC or KWallet with Secret Service).\n", vault.FilePath())
	} else {
		fmt.Fprintln(stdout, "Saved in the OS keyring.")
	}
	if tellApp(ctx, paths) {
		fmt.Fprintln(stdout, "The running Heads Down now uses it.")
	}
	return nil
}

// readToken reads a pasted Slack token (see readSecret).
func readToken(stdin io.Reader, stderr io.Writer) (string, error) {
	token, err := readSecret(stdin, stderr, "Paste your Slack User OAuth Token (xoxp-…; not shown), then Enter: ", "the token")
	if err != nil {
		return "", err
	}
	if token == "" {
		return "", fmt.Errorf("no token given")
	}
	return token, nil
}

func printMissing(w io.Writer, missing []slackapi.Scope) {
	if len(missing) == 0 {
		return
	}
	fmt.Fprintln(w, "The token lacks these scopes, so some automations will not work:")
	for _, s := range missing {
		fmt.Fprintf(w, "  %-20s to %s\n", s.Name, s.Why)
	}
	fmt.Fprintln(w, "Add them under OAuth & Permissions → User Token Scopes, reinstall the app, and sign in again.")
}

// tellApp asks a running instance to reload its settings and token; it
// reports whether one answered.
func tellApp(ctx context.Context, paths files.Paths) bool {
	resp, err := ctl.Call(ctx, paths.Socket, ctl.Request{Cmd: ctl.CmdReload})
	return err == nil && resp.OK
}

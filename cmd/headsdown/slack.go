package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/headsdown-app/headsdown/app"
	"github.com/headsdown-app/headsdown/app/config"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/slackapi"
)

// slackCommand is `headsdown slack login|logout|status`.
func slackCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: slack needs one of: login, logout, status", errUsage)
	}
	paths, err := app.DefaultPaths()
	if err != nil {
		return err
	}
	cfg, _ := config.Load(paths.Config) // a broken file still has a usable API URL default
	apiURL := slackapi.APIURL(cfg.Slack.APIURL)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	switch args[0] {
	case "login":
		return slackLogin(ctx, paths, apiURL, stdin, stdout, stderr)
	case "logout":
		return slackLogout(ctx, paths, stdout)
	case "status":
		token, source, err := slackapi.LoadToken()
		if err != nil {
			return err
		}
		if token == "" {
			fmt.Fprintln(stdout, "Not connected. Run `headsdown slack login`.")
			return nil
		}
		id, missing, err := slackapi.CheckToken(ctx, apiURL, token)
		if err != nil {
			return fmt.Errorf("%w: run `headsdown slack login` again", err)
		}
		fmt.Fprintf(stdout, "Connected as @%s in %s (token from %s).\n", id.User, id.Team, source)
		printMissing(stdout, missing)
		return nil
	}
	return fmt.Errorf("%w: unknown slack command %q", errUsage, args[0])
}

// The keyring deletions, replaceable in tests: go-keyring's mock fails
// every call or none, and logout must be seen to go on past one failure.
var (
	deleteUserToken = slackapi.DeleteToken
	deleteAppToken  = slackapi.DeleteAppToken
)

// slackLogout removes both tokens, as the settings window's Disconnect
// does: the app-level token left behind would keep Socket Mode connected
// and the next login would silently reuse it. One failing removal does not
// stop the other; the error names each that failed.
func slackLogout(ctx context.Context, paths app.Paths, stdout io.Writer) error {
	tokens := []struct {
		name   string
		env    string
		delete func() error
	}{
		{"the user token", slackapi.EnvToken, deleteUserToken},
		{"the app-level token", slackapi.EnvAppToken, deleteAppToken},
	}
	var removed, failed []string
	var errs []error
	for _, t := range tokens {
		if err := t.delete(); err != nil {
			failed = append(failed, t.name)
			errs = append(errs, err)
			continue
		}
		removed = append(removed, t.name)
	}
	if len(removed) > 0 {
		tellApp(ctx, paths)
		msg := fmt.Sprintf("Removed %s from the OS keyring.", strings.Join(removed, " and "))
		if len(failed) == 0 {
			msg = "Signed out: r" + msg[1:] + " Statuses Heads Down set expire by themselves."
		}
		fmt.Fprintln(stdout, msg)
	}
	for _, t := range tokens {
		if os.Getenv(t.env) != "" {
			fmt.Fprintf(stdout, "Note: %s is still set in this environment and overrides the keyring; unset it to sign out for good.\n", t.env)
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
	if len(removed) == 0 {
		// Nothing could be removed: almost always a keyring that is not
		// running or is locked, not a problem with the tokens themselves.
		return fmt.Errorf("could not reach the OS keyring, so nothing was removed (%w): make sure it "+
			"(Secret Service such as GNOME Keyring or KWallet, macOS Keychain, Windows Credential Manager) "+
			"is running and unlocked, then run `headsdown slack logout` again", cause)
	}
	return fmt.Errorf("%s was not removed (%w): run `headsdown slack logout` again, or delete it with "+
		"your keyring's own tool (service \"Heads Down\")", strings.Join(failed, " and "), cause)
}

func slackLogin(ctx context.Context, paths app.Paths, apiURL string, stdin io.Reader, stdout, stderr io.Writer) error {
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
	if err := slackapi.SaveToken(token); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Saved in the OS keyring.")
	if tellApp(ctx, paths) {
		fmt.Fprintln(stdout, "The running Heads Down now uses it.")
	}
	return nil
}

// readToken reads a pasted token without echoing it when stdin is a
// terminal, or the first line of stdin otherwise (scripts, tests).
func readToken(stdin io.Reader, stderr io.Writer) (string, error) {
	var token string
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Paste your Slack User OAuth Token (xoxp-…; not shown), then Enter: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read the token: %w", err)
		}
		token = string(b)
	} else {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("read the token from standard input: %w", err)
		}
		token = line
	}
	token = strings.TrimSpace(token)
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
func tellApp(ctx context.Context, paths app.Paths) bool {
	resp, err := ctl.Call(ctx, paths.Socket, ctl.Request{Cmd: ctl.CmdReload})
	return err == nil && resp.OK
}

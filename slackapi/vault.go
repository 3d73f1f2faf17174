package slackapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// TokenKind is which Slack token: the user token (xoxp-) or the app-level
// token (xapp-) for Socket Mode.
type TokenKind int

const (
	UserToken TokenKind = iota
	AppToken
)

func (k TokenKind) env() string {
	if k == AppToken {
		return EnvAppToken
	}
	return EnvToken
}

func (k TokenKind) keyringUser() string {
	if k == AppToken {
		return keyringApp
	}
	return keyringUser
}

func (k TokenKind) String() string {
	if k == AppToken {
		return "the app-level token"
	}
	return "the user token"
}

// Where says where a token is kept.
type Where string

const (
	Nowhere   Where = ""
	InEnv     Where = "environment"
	InKeyring Where = "keyring"
	// InFile is the fallback for desktops without a keyring service (i3,
	// sway, a bare XFCE): an owner-only file in the config directory.
	InFile Where = "file"
)

// TokenFileName is the fallback file, in the config directory.
const TokenFileName = "slack-tokens.json"

// Vault keeps the Slack tokens: the environment overrides; otherwise the
// OS keyring; where no keyring service runs at all, an owner-only file in
// the config directory, moved into the keyring once one is there. A
// keyring that is there but refuses (locked, prompt cancelled) is an
// error, never a reason to write the token to a file.
//
// The keyring may mean D-Bus calls and an unlock prompt: never call a
// Vault on the app loop.
type Vault struct {
	// Dir is the config directory, where the fallback file lives.
	Dir string
	// Keyring is the OS keyring; nil is the real one (go-keyring). Tests
	// put in one that fails an entry at a time.
	Keyring Keyring
}

// Keyring is the OS keyring's three calls, as go-keyring makes them.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

func (v Vault) keyring() Keyring {
	if v.Keyring != nil {
		return v.Keyring
	}
	return osKeyring{}
}

// FilePath is the fallback file.
func (v Vault) FilePath() string { return filepath.Join(v.Dir, TokenFileName) }

// Load returns the token of kind and where it was found; none is not an
// error. A token found in the file is moved into the keyring when one is
// available now.
func (v Vault) Load(kind TokenKind) (string, Where, error) {
	if t := strings.TrimSpace(os.Getenv(kind.env())); t != "" {
		return t, InEnv, nil
	}
	t, err := v.keyring().Get(keyringService, kind.keyringUser())
	switch {
	case err == nil:
		return t, InKeyring, nil
	case errors.Is(err, keyring.ErrNotFound):
		// A keyring is there; the token may still be in the file from
		// before it was: move it.
		t, ferr := v.fileToken(kind)
		if ferr != nil || t == "" {
			return "", Nowhere, ferr
		}
		return t, v.moveToKeyring(kind, t), nil
	case !keyringUnavailable(err):
		return "", Nowhere, &KeyringError{Op: "read " + kind.String() + " from", Err: err}
	}
	t, err = v.fileToken(kind)
	if err != nil || t == "" {
		return "", Nowhere, err
	}
	return t, InFile, nil
}

// moveToKeyring stores a file token in the keyring and then removes it
// from the file; if either step fails the token stays where it is.
func (v Vault) moveToKeyring(kind TokenKind, token string) Where {
	if err := v.keyring().Set(keyringService, kind.keyringUser(), token); err != nil {
		return InFile
	}
	if err := v.updateFile(func(f *tokenFile) { f.set(kind, "") }); err != nil {
		return InKeyring // in both places; the next load tries again
	}
	return InKeyring
}

// Save stores the token: in the keyring, or in the file when no keyring
// service runs (the returned Where says which, for the user to be told).
func (v Vault) Save(kind TokenKind, token string) (Where, error) {
	err := v.keyring().Set(keyringService, kind.keyringUser(), token)
	if err == nil {
		// An older copy in the file must not outlive the new token.
		if ferr := v.updateFile(func(f *tokenFile) { f.set(kind, "") }); ferr != nil {
			return InKeyring, ferr
		}
		return InKeyring, nil
	}
	if !keyringUnavailable(err) {
		return Nowhere, &KeyringError{Op: "store " + kind.String() + " in", Err: err}
	}
	if err := v.updateFile(func(f *tokenFile) { f.set(kind, token) }); err != nil {
		return Nowhere, err
	}
	return InFile, nil
}

// Delete removes the token from the keyring and the file, and reports
// whether there was one to remove. No keyring service is not an error:
// nothing can be stored in one that is not there.
func (v Vault) Delete(kind TokenKind) (removed bool, err error) {
	switch kerr := v.keyring().Delete(keyringService, kind.keyringUser()); {
	case kerr == nil:
		removed = true
	case errors.Is(kerr, keyring.ErrNotFound), keyringUnavailable(kerr):
	default:
		err = &KeyringError{Op: "remove " + kind.String() + " from", Err: kerr}
	}
	had, ferr := v.fileToken(kind)
	if ferr != nil {
		return removed, errors.Join(err, ferr)
	}
	if had != "" {
		if ferr := v.updateFile(func(f *tokenFile) { f.set(kind, "") }); ferr != nil {
			return removed, errors.Join(err, ferr)
		}
		removed = true
	}
	return removed, err
}

// KeyringAvailable reports whether the OS keyring answers: false (and no
// error) when no keyring service runs at all, an error when one is there
// but refuses.
func (v Vault) KeyringAvailable() (bool, error) {
	_, err := v.keyring().Get(keyringService, "availability-probe")
	switch {
	case err == nil, errors.Is(err, keyring.ErrNotFound):
		return true, nil
	case keyringUnavailable(err):
		return false, nil
	}
	return true, &KeyringError{Op: "read", Err: err}
}

// KeyringError is a keyring that is there but refused: locked, or the
// unlock prompt was cancelled. Its message is a plain sentence; the D-Bus
// detail is only in Unwrap, for logs at debug level.
type KeyringError struct {
	Op  string // "store the user token in"
	Err error
}

func (e *KeyringError) Error() string {
	return fmt.Sprintf("could not %s the keyring: it may be locked, or its unlock prompt was cancelled; unlock it and try again", e.Op)
}

func (e *KeyringError) Unwrap() error { return e.Err }

// keyringUnavailable tells "no keyring service here at all" (no D-Bus
// session, no Secret Service provider on the bus, an unsupported system)
// from a keyring that is there and refused.
func keyringUnavailable(err error) bool {
	if errors.Is(err, keyring.ErrUnsupportedPlatform) {
		return true
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return false // Credential Manager and Keychain are always there
	}
	var de dbus.Error
	if errors.As(err, &de) {
		switch de.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.NoServer", "org.freedesktop.DBus.Error.UnknownMethod",
			"org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.DBus.Error.UnknownInterface":
			return true
		}
		return strings.HasPrefix(de.Name, "org.freedesktop.DBus.Error.Spawn.")
	}
	// Not a D-Bus reply: connecting to the session bus failed (no bus
	// address, no socket), unless it is go-keyring's own unlock failure.
	return !strings.Contains(err.Error(), "unlock") && !errors.Is(err, keyring.ErrSetDataTooBig)
}

// tokenFile is the fallback file's content.
type tokenFile struct {
	User string `json:"user_token,omitempty"`
	App  string `json:"app_token,omitempty"`
}

func (f *tokenFile) get(kind TokenKind) string {
	if kind == AppToken {
		return f.App
	}
	return f.User
}

func (f *tokenFile) set(kind TokenKind, token string) {
	if kind == AppToken {
		f.App = token
	} else {
		f.User = token
	}
}

func (v Vault) readFile() (tokenFile, error) {
	var f tokenFile
	data, err := os.ReadFile(v.FilePath())
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("read the Slack token file: %w", err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		// Never quote the content: it is a token.
		return tokenFile{}, fmt.Errorf("the Slack token file %s is damaged; delete it and connect Slack again", v.FilePath())
	}
	return f, nil
}

func (v Vault) fileToken(kind TokenKind) (string, error) {
	f, err := v.readFile()
	return f.get(kind), err
}

// updateFile rewrites the file through a temporary one (0600 from the
// start, synced, renamed over), and removes it once it holds nothing.
func (v Vault) updateFile(change func(*tokenFile)) error {
	f, err := v.readFile()
	if err != nil {
		return err
	}
	change(&f)
	path := v.FilePath()
	if f == (tokenFile{}) {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the Slack token file: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(v.Dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", v.Dir, err)
	}
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(v.Dir, ".slack-tokens-*")
	if err != nil {
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write the Slack token file: %w", err)
	}
	return nil
}

// KeyringService is the keyring service every Heads Down secret is filed under.
const KeyringService = keyringService

// KeyringUnavailable is keyringUnavailable for the other secrets kept like the
// tokens (the calendar links): "no keyring service here" means the 0600 file,
// a keyring that refuses is an error.
func KeyringUnavailable(err error) bool { return keyringUnavailable(err) }

package slackapi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
)

var (
	errNoSecretService = slacktest.ErrNoSecretService
	errLocked          = slacktest.ErrLocked
)

const (
	userTok = "xoxp-1-2-3-vaulttest"
	appTok  = "xapp-1-A2-3-vaulttest"
)

// skipOnWindows skips a test whose subject Windows does not have.
func skipOnWindows(t *testing.T, reason string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows: " + reason)
	}
}

// noKeyringOnWindows is why the keyring-less cases skip on Windows
// (keyringUnavailable: a Credential Manager error is always a refusal).
const noKeyringOnWindows = "Credential Manager is always there, so there is no keyring-less file to fall back on"

func TestVaultWithoutAKeyringKeepsAnOwnerOnlyFile(t *testing.T) {
	skipOnWindows(t, noKeyringOnWindows)
	t.Setenv(EnvToken, "")
	t.Setenv(EnvAppToken, "")
	kr := &slacktest.Keyring{}
	kr.SetAbsent(true)
	v := Vault{Dir: filepath.Join(t.TempDir(), "config"), Keyring: kr}

	for kind, tok := range map[TokenKind]string{UserToken: userTok, AppToken: appTok} {
		where, err := v.Save(kind, tok)
		if err != nil || where != InFile {
			t.Fatalf("Save(%v) = %q, %v; want the file", kind, where, err)
		}
	}
	fi, err := os.Stat(v.FilePath())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	for kind, want := range map[TokenKind]string{UserToken: userTok, AppToken: appTok} {
		got, where, err := v.Load(kind)
		if err != nil || got != want || where != InFile {
			t.Errorf("Load(%v) = %q, %q, %v", kind, got, where, err)
		}
	}
	// Leftover temporary files would be copies of the tokens.
	if entries, _ := os.ReadDir(v.Dir); len(entries) != 1 {
		t.Errorf("config dir holds %d entries, want only the token file", len(entries))
	}

	// The keyring appears: the next load moves each token into it and the
	// file goes once it holds nothing.
	kr.SetAbsent(false)
	for kind, want := range map[TokenKind]string{UserToken: userTok, AppToken: appTok} {
		got, where, err := v.Load(kind)
		if err != nil || got != want || where != InKeyring {
			t.Errorf("Load(%v) after the keyring appeared = %q, %q, %v", kind, got, where, err)
		}
	}
	if _, err := os.Stat(v.FilePath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the token file is still there after moving both tokens: %v", err)
	}
	if u, _ := kr.Item(keyringService, keyringUser); u != userTok {
		t.Errorf("keyring holds user token %q", u)
	}
	if a, _ := kr.Item(keyringService, keyringApp); a != appTok {
		t.Errorf("keyring holds app token %q", a)
	}
}

func TestVaultLockedKeyringIsAnErrorNotAFile(t *testing.T) {
	t.Setenv(EnvToken, "")
	kr := &slacktest.Keyring{}
	kr.Refuse(keyringUser)
	v := Vault{Dir: t.TempDir(), Keyring: kr}
	where, err := v.Save(UserToken, userTok)
	var ke *KeyringError
	if err == nil || !errors.As(err, &ke) || where != Nowhere {
		t.Fatalf("Save to a locked keyring = %q, %v; want a KeyringError", where, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "locked") || strings.Contains(msg, "org/freedesktop") {
		t.Errorf("message %q: want a plain sentence without the D-Bus detail", msg)
	}
	if _, err := os.Stat(v.FilePath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("a token was written to a file although a keyring is there")
	}
	if _, _, err := v.Load(UserToken); !errors.As(err, &ke) {
		t.Errorf("Load from a locked keyring: %v", err)
	}
}

func TestVaultDelete(t *testing.T) {
	t.Setenv(EnvToken, "")
	for _, tc := range []struct {
		name        string
		inKeyring   bool
		inFile      bool
		absent      bool
		wantRemoved bool
	}{
		{"nothing stored", false, false, false, false},
		{"nothing stored, no keyring", false, false, true, false},
		{"in the keyring", true, false, false, true},
		{"in the file, no keyring", false, true, true, true},
		{"in both", true, true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.absent {
				skipOnWindows(t, noKeyringOnWindows)
			}
			kr := &slacktest.Keyring{}
			v := Vault{Dir: t.TempDir(), Keyring: kr}
			if tc.inKeyring {
				_ = kr.Set(keyringService, keyringUser, userTok)
			}
			if tc.inFile {
				if err := v.updateFile(func(f *tokenFile) { f.User = userTok }); err != nil {
					t.Fatal(err)
				}
			}
			kr.SetAbsent(tc.absent)
			removed, err := v.Delete(UserToken)
			if err != nil || removed != tc.wantRemoved {
				t.Fatalf("Delete = %v, %v; want %v", removed, err, tc.wantRemoved)
			}
			kr.SetAbsent(false)
			if got, _, _ := v.Load(UserToken); got != "" {
				t.Errorf("a token is left: %q", got)
			}
		})
	}
}

func TestVaultEnvironmentOverrides(t *testing.T) {
	t.Setenv(EnvToken, userTok)
	kr := &slacktest.Keyring{}
	_ = kr.Set(keyringService, keyringUser, "xoxp-other")
	got, where, err := Vault{Dir: t.TempDir(), Keyring: kr}.Load(UserToken)
	if err != nil || got != userTok || where != InEnv {
		t.Fatalf("Load = %q, %q, %v", got, where, err)
	}
}

// A damaged file is an error that names the file and never its content:
// where no keyring service runs, and where one runs but does not hold the
// token (the file is read to move an older token into it).
func TestVaultDamagedFile(t *testing.T) {
	t.Setenv(EnvToken, "")
	for _, absent := range []bool{true, false} {
		t.Run(fmt.Sprintf("keyring absent=%v", absent), func(t *testing.T) {
			if absent {
				skipOnWindows(t, noKeyringOnWindows)
			}
			kr := &slacktest.Keyring{}
			kr.SetAbsent(absent)
			v := Vault{Dir: t.TempDir(), Keyring: kr}
			if err := os.WriteFile(v.FilePath(), []byte(`{"user_token": "xoxp-half`), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := v.Load(UserToken)
			if err == nil || !strings.Contains(err.Error(), v.FilePath()) || strings.Contains(err.Error(), "xoxp") {
				t.Fatalf("Load of a damaged file: %v", err)
			}
		})
	}
}

func TestKeyringUnavailable(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service errors are Linux's")
	}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{errNoSecretService, true},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.NameHasNoOwner"}, true},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildExited"}, true},
		{errors.New("dbus: couldn't determine address of session bus"), true},
		{fmt.Errorf("dial unix /run/user/1000/bus: connect: no such file or directory"), true},
		{keyring.ErrUnsupportedPlatform, true},
		{errLocked, false},
		{dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, false},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied"}, false},
		{keyring.ErrSetDataTooBig, false},
	} {
		t.Run(tc.err.Error(), func(t *testing.T) {
			if got := keyringUnavailable(tc.err); got != tc.want {
				t.Errorf("keyringUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

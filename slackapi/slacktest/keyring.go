package slacktest

import (
	"errors"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// Keyring is an OS keyring for tests (slackapi.Vault's Keyring): it can be
// Absent (every call fails as a session bus without Secret Service does)
// or refuse one entry as a locked keyring does. The zero value is empty
// and present.
type Keyring struct {
	mu      sync.Mutex
	items   map[string]string
	absent  bool
	refuses map[string]bool
}

// ErrNoSecretService is what go-keyring returns on a bus without a Secret
// Service provider.
var ErrNoSecretService = dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
	Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}

// ErrLocked is go-keyring's error for a locked keyring whose unlock failed.
var ErrLocked = errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")

// SetAbsent makes the keyring vanish (true) or appear (false).
func (k *Keyring) SetAbsent(absent bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.absent = absent
}

// Refuse makes every call for the entry user fail as a locked keyring.
func (k *Keyring) Refuse(user string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.refuses == nil {
		k.refuses = map[string]bool{}
	}
	k.refuses[user] = true
}

// Item is the stored secret, if any, bypassing absence and refusals.
func (k *Keyring) Item(service, user string) (string, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.items[service+"/"+user]
	return v, ok
}

func (k *Keyring) fail(user string) error {
	if k.absent {
		return ErrNoSecretService
	}
	if k.refuses[user] {
		return ErrLocked
	}
	return nil
}

// Get, Set and Delete are go-keyring's calls.
func (k *Keyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.fail(user); err != nil {
		return "", err
	}
	t, ok := k.items[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return t, nil
}

func (k *Keyring) Set(service, user, pw string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.fail(user); err != nil {
		return err
	}
	if k.items == nil {
		k.items = map[string]string{}
	}
	k.items[service+"/"+user] = pw
	return nil
}

func (k *Keyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.fail(user); err != nil {
		return err
	}
	if _, ok := k.items[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.items, service+"/"+user)
	return nil
}

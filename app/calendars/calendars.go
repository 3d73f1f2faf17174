// Package calendars keeps the user's list of calendars: a name each and its address.
// A calendar's secret address is a password (whoever has it reads the calendar), so
// the list is kept like the Slack tokens: in the OS keyring, or, where no keyring
// service runs at all, in an owner-only file in the config folder that moves into the
// keyring once one is there. Never in config.toml, the database or the log.
//
// The keyring may mean D-Bus calls and an unlock prompt: never call it on the app loop.
package calendars

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/zalando/go-keyring"

	"github.com/headsdown-app/headsdown/calendar"
	"github.com/headsdown-app/headsdown/slackapi"
)

// FileName is the fallback file in the config folder.
const FileName = "calendars.json"

// keyringUser is the keyring entry holding the whole list as JSON.
const keyringUser = "calendars"

// List reads and writes the calendar list.
type List struct {
	Dir     string           // the config folder, for the fallback file
	Keyring slackapi.Keyring // nil: the OS keyring
}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

func (l List) keyring() slackapi.Keyring {
	if l.Keyring != nil {
		return l.Keyring
	}
	return osKeyring{}
}

// FilePath is the fallback file.
func (l List) FilePath() string { return filepath.Join(l.Dir, FileName) }

type entry struct {
	Name  string `json:"name"`
	Where string `json:"where"`
}

func encode(srcs []calendar.Source) string {
	es := make([]entry, len(srcs))
	for i, s := range srcs {
		es[i] = entry{s.Name, s.Where}
	}
	b, _ := json.Marshal(es)
	return string(b)
}

func decode(s string) ([]calendar.Source, error) {
	var es []entry
	if err := json.Unmarshal([]byte(s), &es); err != nil {
		return nil, err
	}
	out := make([]calendar.Source, len(es))
	for i, e := range es {
		out[i] = calendar.Source{Name: e.Name, Where: e.Where}
	}
	return out, nil
}

// Load returns the calendars and where they are kept.
func (l List) Load() ([]calendar.Source, slackapi.Where, error) {
	v, err := l.keyring().Get(slackapi.KeyringService, keyringUser)
	switch {
	case err == nil:
		srcs, derr := decode(v)
		if derr != nil {
			return nil, slackapi.InKeyring, fmt.Errorf("the calendar list in the keyring is damaged; remove the calendars and add them again")
		}
		return srcs, slackapi.InKeyring, nil
	case errors.Is(err, keyring.ErrNotFound):
		srcs, ferr := l.readFile()
		if ferr != nil || len(srcs) == 0 {
			return nil, slackapi.Nowhere, ferr
		}
		// A keyring is there now: move the list into it.
		if l.keyring().Set(slackapi.KeyringService, keyringUser, encode(srcs)) == nil {
			if os.Remove(l.FilePath()) == nil {
				return srcs, slackapi.InKeyring, nil
			}
		}
		return srcs, slackapi.InFile, nil
	case !slackapi.KeyringUnavailable(err):
		return nil, slackapi.Nowhere, &slackapi.KeyringError{Op: "read the calendar links from", Err: err}
	}
	srcs, err := l.readFile()
	if err != nil || len(srcs) == 0 {
		return nil, slackapi.Nowhere, err
	}
	return srcs, slackapi.InFile, nil
}

// Save replaces the list: in the keyring, or the file when no keyring service runs.
func (l List) Save(srcs []calendar.Source) (slackapi.Where, error) {
	sort.SliceStable(srcs, func(i, j int) bool { return strings.ToLower(srcs[i].Name) < strings.ToLower(srcs[j].Name) })
	if len(srcs) == 0 {
		kerr := l.keyring().Delete(slackapi.KeyringService, keyringUser)
		if kerr != nil && !errors.Is(kerr, keyring.ErrNotFound) && !slackapi.KeyringUnavailable(kerr) {
			return slackapi.Nowhere, &slackapi.KeyringError{Op: "remove the calendar links from", Err: kerr}
		}
		return slackapi.Nowhere, l.removeFile()
	}
	err := l.keyring().Set(slackapi.KeyringService, keyringUser, encode(srcs))
	if err == nil {
		return slackapi.InKeyring, l.removeFile() // an older copy must not outlive the list
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return slackapi.Nowhere, fmt.Errorf("the calendar links are too long together for the system's credential store; remove a calendar first")
	}
	if !slackapi.KeyringUnavailable(err) {
		return slackapi.Nowhere, &slackapi.KeyringError{Op: "store the calendar links in", Err: err}
	}
	if err := l.writeFile(srcs); err != nil {
		return slackapi.Nowhere, err
	}
	return slackapi.InFile, nil
}

func (l List) readFile() ([]calendar.Source, error) {
	data, err := os.ReadFile(l.FilePath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the calendar list %s: %w", l.FilePath(), err)
	}
	srcs, err := decode(string(data))
	if err != nil {
		// Never quote the content: it holds the secret links.
		return nil, fmt.Errorf("the calendar list %s is damaged; delete it and add the calendars again", l.FilePath())
	}
	return srcs, nil
}

func (l List) removeFile() error {
	if err := os.Remove(l.FilePath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the calendar list file: %w", err)
	}
	return nil
}

// writeFile writes through a temporary file that is 0600 from the start.
func (l List) writeFile(srcs []calendar.Source) error {
	if err := os.MkdirAll(l.Dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", l.Dir, err)
	}
	tmp, err := os.CreateTemp(l.Dir, ".calendars-*")
	if err != nil {
		return fmt.Errorf("writing the calendar list: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("writing the calendar list: %w", err)
	}
	_, werr := tmp.Write([]byte(encode(srcs) + "\n"))
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), l.FilePath())
	}
	if werr != nil {
		return fmt.Errorf("writing the calendar list: %w", werr)
	}
	return nil
}

// Find returns the calendar with this name (case-insensitive).
func Find(srcs []calendar.Source, name string) (int, bool) {
	for i, s := range srcs {
		if strings.EqualFold(s.Name, name) {
			return i, true
		}
	}
	return -1, false
}

// What the settings window does to config.toml and the running app: save
// and ask for a reload, keep a file that does not load instead of
// overwriting it, and start from the last settings that did load.

package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/store"
)

// saveAndApply writes the file and asks the running app to reload it.
func saveAndApply(opts Options, cfg config.Config) error {
	if err := config.Save(opts.ConfigPath, cfg); err != nil {
		return err
	}
	if _, err := send(opts.SocketPath, control.Request{Cmd: control.CmdReload}); err != nil {
		if errors.Is(err, control.ErrNotRunning) || err.Error() == control.ShuttingDown {
			return nil // applied at the next start (a Save as the app quits)
		}
		return fmt.Errorf("saved, but the running app did not apply it: %w", err)
	}
	return nil
}

// setAside renames a settings file that does not load to
// config.toml.<time>.invalid, so saving never destroys what the user wrote.
func setAside(path string) (string, error) {
	kept := fmt.Sprintf("%s.%s.invalid", path, time.Now().Format("20060102-150405"))
	err := os.Rename(path, kept)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("keep the old settings file: %w", err)
	}
	return kept, nil
}

// lastGoodSettings reads the copy the app keeps of the last settings file
// that loaded.
func lastGoodSettings(dbPath string) (config.Config, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, dbPath)
	if err != nil {
		return config.Config{}, false
	}
	defer st.Close()
	var text string
	if ok, err := st.GetJSON(ctx, store.KeyLastGoodSettings, &text); err != nil || !ok {
		return config.Config{}, false
	}
	cfg, err := config.Parse("last good settings", []byte(text))
	return cfg, err == nil
}

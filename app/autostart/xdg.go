//go:build !darwin && !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// desktopFile follows the XDG Autostart spec: $XDG_CONFIG_HOME/autostart,
// ~/.config/autostart when unset.
func entryPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the autostart folder: %w", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", "headsdown.desktop"), nil
}

const fallbackLocation = "~/.config/autostart/headsdown.desktop"

func enable(program string, args []string) error {
	if !filepath.IsAbs(program) {
		return fmt.Errorf("launch at login needs an absolute program path, got %q", program)
	}
	path, err := entryPath()
	if err != nil {
		return err
	}
	words := []string{quoteExec(program)}
	for _, a := range args {
		words = append(words, quoteExec(a))
	}
	entry := strings.Join([]string{
		"[Desktop Entry]",
		"Type=Application",
		"Name=" + Name,
		"Comment=Focus timer and Slack presence in the system tray",
		"Exec=" + strings.Join(words, " "),
		"Terminal=false",
		"X-GNOME-Autostart-enabled=true",
		"",
	}, "\n")
	return writeEntry(path, []byte(entry))
}

func enabled() (bool, error) {
	path, err := entryPath()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	// Desktops honour Hidden=true (and GNOME its own key) as "switched off
	// in the session settings"; show that as off too.
	for _, line := range strings.Split(string(data), "\n") {
		switch strings.TrimSpace(line) {
		case "Hidden=true", "X-GNOME-Autostart-enabled=false":
			return false, nil
		}
	}
	return true, nil
}

// quoteExec quotes one argument of a desktop entry's Exec key: inside
// double quotes, `"`, "`", `$` and `\` are escaped with a backslash, and the
// value itself escapes backslashes again (Desktop Entry spec, "The Exec
// key").
func quoteExec(arg string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range arg {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`)
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\\\\`)
		case '%':
			b.WriteString("%%")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

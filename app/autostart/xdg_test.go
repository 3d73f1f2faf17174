//go:build !darwin && !windows

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGEnableDisable(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	if on, err := Enabled(); on || err != nil {
		t.Fatalf("fresh: %v %v", on, err)
	}
	prog := "/opt/Heads Down/bin/headsdown"
	if err := Enable(prog); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg, "autostart", "headsdown.desktop")
	if Location() != path {
		t.Fatalf("location %s", Location())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=Heads Down\n", `Exec="/opt/Heads Down/bin/headsdown"` + "\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("entry lacks %q:\n%s", want, data)
		}
	}
	if on, err := Enabled(); !on || err != nil {
		t.Fatalf("after Enable: %v %v", on, err)
	}
	// Enabling again (a moved binary) replaces the entry.
	if err := Enable("/usr/bin/headsdown"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `Exec="/usr/bin/headsdown"`) || strings.Contains(string(data), "/opt/") {
		t.Fatalf("not replaced:\n%s", data)
	}
	// Switched off in the desktop's own startup settings.
	os.WriteFile(path, append(data, []byte("Hidden=true\n")...), 0o644)
	if on, _ := Enabled(); on {
		t.Fatal("Hidden=true reported as on")
	}
	if err := Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := Enabled(); on {
		t.Fatal("still on after Disable")
	}
	if err := Disable(); err != nil {
		t.Fatalf("second Disable: %v", err)
	}
	if err := Enable("headsdown"); err == nil {
		t.Fatal("relative program accepted")
	}
}

func TestQuoteExec(t *testing.T) {
	for in, want := range map[string]string{
		`/bin/hd`:      `"/bin/hd"`,
		`/a b/$HOME"x`: `"/a b/\\$HOME\\"x"`,
		`C:\dir`:       `"C:\\\\dir"`,
		"100%":         `"100%%"`,
		"/x/`whoami`":  "\"/x/\\\\`whoami\\\\`\"",
	} {
		if got := quoteExec(in); got != want {
			t.Errorf("quoteExec(%q) = %s, want %s", in, got, want)
		}
	}
}

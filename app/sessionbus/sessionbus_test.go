package sessionbus

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func TestAddress(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	there := func(paths ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range paths {
				if p == q {
					return true
				}
			}
			return false
		}
	}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		exists []string
		want   string
	}{
		{"the session's own", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/b"}, nil, "unix:path=/tmp/b"},
		{"the systemd user bus", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, []string{"/run/user/1000/bus"}, "unix:path=/run/user/1000/bus"},
		{"the user bus by uid", nil, []string{"/run/user/1000/bus"}, "unix:path=/run/user/1000/bus"},
		{"autolaunch: is no address", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"}, nil, ""},
		{"disabled by NeverAutolaunch", map[string]string{"DBUS_SESSION_BUS_ADDRESS": Disabled}, []string{"/run/user/1000/bus"}, ""},
		{"none", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && len(tc.exists) > 0 && tc.want != "" {
				t.Skip("Windows: the user bus ($XDG_RUNTIME_DIR/bus, /run/user/UID/bus) is a Unix path")
			}
			if got := address(env(tc.env), there(tc.exists...), 1000); got != tc.want {
				t.Fatalf("address = %q, want %q", got, tc.want)
			}
		})
	}
}

// With no session bus, nothing launches one: a dbus-launch first on PATH
// records being run, and neither Connect, Shared, nor a library calling
// godbus's SessionBus after NeverAutolaunch runs it.
func TestNoBusNeverAutolaunches(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("D-Bus is not the desktop's own bus here")
	}
	stub := t.TempDir()
	ran := filepath.Join(stub, "ran")
	script := "#!/bin/sh\necho \"$@\" >> " + ran + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(stub, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh for the stub")
	}
	t.Setenv("PATH", stub+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if Address() != "" {
		t.Skip("this machine has a user bus in /run/user")
	}
	if _, err := Connect(); !errors.Is(err, ErrNone) {
		t.Fatalf("Connect: %v, want ErrNone", err)
	}
	if _, err := Shared(); !errors.Is(err, ErrNone) {
		t.Fatalf("Shared: %v, want ErrNone", err)
	}
	NeverAutolaunch()
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != Disabled {
		t.Fatalf("DBUS_SESSION_BUS_ADDRESS = %q after NeverAutolaunch", got)
	}
	if _, err := sessionBusOfALibrary(); err == nil {
		t.Fatal("a library's SessionBus connected to something")
	}
	if b, err := os.ReadFile(ran); err == nil {
		t.Fatalf("dbus-launch was run: %s", b)
	}
}

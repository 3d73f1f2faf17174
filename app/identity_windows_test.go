//go:build windows

package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"git.sr.ht/~jackmordaunt/go-toast"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/headsdown-app/headsdown/assets"
)

// beeep hands its name to go-toast as the AppUserModelID of every toast:
// it must be the ID the installer's Start-menu shortcut carries.
func TestBeeepIsGivenTheAppUserModelID(t *testing.T) {
	if beeepAppName != "dev.headsdown.app" || AppID != "dev.headsdown.app" {
		t.Fatalf("beeep is given %q, the app's ID is %q; the installer's shortcut carries dev.headsdown.app", beeepAppName, AppID)
	}
}

// The tray process takes the ID as its own, so its toasts belong to the
// shortcut; Windows (or Wine) reads it back where it has the getter.
func TestSetProcessAppUserModelID(t *testing.T) {
	if err := setProcessAppUserModelID(AppID); err != nil {
		t.Fatal(err)
	}
	get := shell32.NewProc("GetCurrentProcessExplicitAppUserModelID")
	if err := get.Find(); err != nil {
		t.Logf("set; no getter to read it back here: %v", err)
		return
	}
	var p *uint16
	if hr, _, _ := get.Call(uintptr(unsafe.Pointer(&p))); int32(hr) < 0 {
		t.Logf("set; GetCurrentProcessExplicitAppUserModelID: %v, so it is not read back here (Wine 8)", windows.Errno(hr))
		return
	}
	defer windows.CoTaskMemFree(unsafe.Pointer(p))
	if got := windows.UTF16PtrToString(p); got != AppID {
		t.Fatalf("the process's AppUserModelID is %q, want %q", got, AppID)
	}
}

// The name and icon registered for the ID stay when beeep shows a toast:
// go-toast then registers the ID as its own name and beeep's temporary
// icon, which beeep deletes, but only where nothing is set yet. (A test
// ID, so the test leaves the user's registry as it was.)
func TestRegisteredNameOutlastsBeeepsToasts(t *testing.T) {
	id := fmt.Sprintf("dev.headsdown.app.test-%d", time.Now().UnixNano())
	path := `Software\Classes\AppUserModelId\` + id
	t.Cleanup(func() { registry.DeleteKey(registry.CURRENT_USER, path) })
	icon := filepath.Join(t.TempDir(), "icon.png")
	if err := writeIcon(icon); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(icon); !bytes.Equal(b, assets.Icon) {
		t.Fatal("the icon file does not hold the app icon")
	}
	if err := registerAppUserModelID(id, "Heads Down", icon); err != nil {
		t.Fatal(err)
	}
	// What beeep.Notify does before each toast on Windows 10 and 11.
	if err := toast.SetAppData(toast.AppData{AppID: id, IconPath: filepath.Join(t.TempDir(), "beeep123.png")}); err != nil {
		t.Fatal(err)
	}
	key, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	name, _, err1 := key.GetStringValue("DisplayName")
	uri, _, err2 := key.GetStringValue("IconUri")
	if err1 != nil || err2 != nil || name != "Heads Down" || uri != icon {
		t.Fatalf("registered name %q (%v), icon %q (%v); want Heads Down, %s", name, err1, uri, err2, icon)
	}
}

//go:build windows

package app

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/headsdown-app/headsdown/assets"
)

// beeepAppName is what beeep is told the app is called. On Windows beeep
// (v0.11.3) shows toasts through go-toast with it as the AppUserModelID:
// the ID Windows files the toast under and looks up the name and icon
// by, in the Start-menu shortcut that carries it or, without one, in
// HKCU\Software\Classes\AppUserModelId\<ID>. So it is AppID, the ID the
// installer's shortcut carries (System.AppUserModel.ID), not a name.
const beeepAppName = AppID

var (
	shell32                                     = windows.NewLazySystemDLL("shell32.dll")
	procSetCurrentProcessExplicitAppUserModelID = shell32.NewProc("SetCurrentProcessExplicitAppUserModelID")
)

// SetIdentity makes Windows know this process as Heads Down: its
// AppUserModelID is AppID, so its toasts (and windows) belong to the
// Start-menu shortcut with that ID; and the ID is registered for the
// current user with the name "Heads Down" and the icon (written to
// iconDir), which is what toasts show where no such shortcut exists (a
// portable copy). It must run before the first notification.
func SetIdentity(iconDir string) error {
	icon := filepath.Join(iconDir, "icon.png")
	return errors.Join(setProcessAppUserModelID(AppID), writeIcon(icon), registerAppUserModelID(AppID, "Heads Down", icon))
}

// setProcessAppUserModelID is SetCurrentProcessExplicitAppUserModelID.
func setProcessAppUserModelID(id string) error {
	p, err := windows.UTF16PtrFromString(id)
	if err != nil {
		return err
	}
	if err := procSetCurrentProcessExplicitAppUserModelID.Find(); err != nil {
		return fmt.Errorf("set the app's identity for notifications: %w", err)
	}
	if hr, _, _ := procSetCurrentProcessExplicitAppUserModelID.Call(uintptr(unsafe.Pointer(p))); int32(hr) < 0 {
		return fmt.Errorf("set the app's identity for notifications: SetCurrentProcessExplicitAppUserModelID: %w", windows.Errno(hr))
	}
	return nil
}

// writeIcon puts the app icon at path, unless it is there already.
func writeIcon(path string) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, assets.Icon) {
		return nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("notification icon %s: %w", path, err)
	}
	if err := os.WriteFile(path, assets.Icon, 0o600); err != nil {
		return fmt.Errorf("notification icon %s: %w", path, err)
	}
	return nil
}

// registerAppUserModelID writes the name and icon toasts show for id,
// every start (a moved icon, an older value). go-toast, under beeep,
// writes the ID itself as the name and a temporary icon that beeep
// deletes after each toast, but only where no value is set yet: so these
// must be there first.
func registerAppUserModelID(id, name, icon string) error {
	key, _, err := registry.CreateKey(registry.CURRENT_USER, `Software\Classes\AppUserModelId\`+id, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("register the app's name for notifications: %w", err)
	}
	defer key.Close()
	if err := errors.Join(key.SetStringValue("DisplayName", name), key.SetStringValue("IconUri", icon)); err != nil {
		return fmt.Errorf("register the app's name for notifications: %w", err)
	}
	return nil
}

package doctor

import (
	"context"
	"errors"
	"strings"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/sessionbus"
)

// Bus is what the desktop checks ask the D-Bus session bus (Linux and the
// BSDs; nil elsewhere, where the tray and notifications are the OS's own).
type Bus interface {
	// HasOwner: a program holds the name now.
	HasOwner(name string) (bool, error)
	// Activatable: the bus starts a program for the name on first use.
	Activatable(name string) (bool, error)
}

const (
	trayWatcher    = "org.kde.StatusNotifierWatcher"
	notifyDaemon   = "org.freedesktop.Notifications"
	partTray       = "tray host"
	partNotify     = "notifications"
	partAwaySignal = "away signals"
)

// TrayHostCheck looks for a StatusNotifier host, which shows tray icons.
// Without one the app runs, but nothing of it is visible.
func TrayHostCheck(bus Bus, busErr error, desktop string) Check {
	return Check{Part: partTray, Run: func(context.Context) []Finding {
		if bus == nil && busErr == nil {
			return []Finding{ok(partTray, "the system's own")}
		}
		if errors.Is(busErr, sessionbus.ErrNone) {
			return []Finding{problem(partTray, "not available: "+busErr.Error(),
				"start Heads Down from your desktop session; on a server or over SSH run `headsdown --headless` instead")}
		}
		if busErr != nil {
			return []Finding{problem(partTray, "no D-Bus session bus: "+errText(busErr),
				"start Heads Down from your desktop session (it needs its session bus for the tray, notifications and the keyring)")}
		}
		has, err := bus.HasOwner(trayWatcher)
		if err != nil {
			return []Finding{problem(partTray, errText(err), "check your session's D-Bus")}
		}
		if !has {
			return []Finding{problem(partTray, "no system tray that shows app icons (StatusNotifierItem) is running", TrayHostFix(desktop))}
		}
		return []Finding{ok(partTray, "a StatusNotifier tray is running")}
	}}
}

// TrayHostFix names the fix for the desktop in use ($XDG_CURRENT_DESKTOP,
// a colon-separated list such as "ubuntu:GNOME").
func TrayHostFix(desktop string) string {
	d := ":" + strings.ToLower(desktop) + ":"
	has := func(names ...string) bool {
		for _, n := range names {
			if strings.Contains(d, ":"+n+":") {
				return true
			}
		}
		return false
	}
	switch {
	case has("ubuntu"):
		return "turn on \"Ubuntu AppIndicators\" in the Extensions app, then log out and in"
	case has("gnome", "pop", "unity"):
		return "GNOME shows tray icons only with the AppIndicator extension: sudo apt install gnome-shell-extension-appindicator, " +
			"turn it on in the Extensions app, then log out and in"
	case has("kde"):
		return "add the System Tray widget to a panel (right-click the panel → Add Widgets)"
	case has("xfce"):
		return "add the Status Tray Plugin to a panel (right-click the panel → Panel → Add New Items)"
	case has("lxqt"):
		return "add the Status Notifier plugin to the panel"
	case has("mate"):
		return "add the Indicator Applet to a panel (package mate-indicator-applet)"
	case has("i3"):
		return "i3bar shows only old-style (XEmbed) icons: run snixembed (package snixembed) from your i3 config, or use a bar with a StatusNotifier tray"
	case has("sway", "hyprland", "river", "wayfire"):
		return "use a bar with a StatusNotifier tray, such as waybar with its \"tray\" module"
	}
	return "turn on a system tray that shows StatusNotifierItem (AppIndicator) icons in your panel; meanwhile `headsdown status` and the windows work"
}

// NotificationsCheck looks for a notification daemon on the session bus.
// With no session bus at all it is a note: Heads Down runs, and says in the
// log what it would have shown.
func NotificationsCheck(bus Bus, busErr error, desktop string) Check {
	return Check{Part: partNotify, Run: func(context.Context) []Finding {
		if busErr != nil {
			return []Finding{note(partNotify, "not available: "+errText(busErr))}
		}
		if bus == nil {
			return []Finding{ok(partNotify, "the system's own")}
		}
		has, err := bus.HasOwner(notifyDaemon)
		if err == nil && !has {
			has, err = bus.Activatable(notifyDaemon)
		}
		if err != nil {
			return []Finding{problem(partNotify, errText(err), "check your session's D-Bus")}
		}
		if !has {
			fix := "install a notification daemon (dunst, or your desktop's own) and start it with your session"
			if d := strings.ToLower(desktop); strings.Contains(d, "sway") || strings.Contains(d, "hyprland") {
				fix = "install mako or dunst and start it from your compositor's config"
			}
			return []Finding{problem(partNotify, "no notification daemon: block ends and review digests are not shown", fix)}
		}
		return []Finding{ok(partNotify, "a notification daemon answers")}
	}}
}

// AwayCheck says which of the desktop's signals (screen lock, suspend,
// idle) Heads Down can follow, from the running app or a probe of its own.
// A missing one is a note: away detection then relies on the others.
func AwayCheck(sources func(context.Context) ([]control.AwaySource, error)) Check {
	return Check{Part: partAwaySignal, Run: func(ctx context.Context) []Finding {
		srcs, err := sources(ctx)
		if err != nil {
			return []Finding{note(partAwaySignal, "not checked: "+errText(err))}
		}
		var out []Finding
		for _, what := range []string{"lock", "suspend", "idle"} {
			var live, why []string
			for _, s := range srcs {
				if s.What != what {
					continue
				}
				if s.Live {
					live = append(live, s.Name)
				} else if s.Note != "" {
					why = append(why, s.Name+": "+s.Note)
				}
			}
			part := partAwaySignal + " (" + what + ")"
			if len(live) > 0 {
				out = append(out, ok(part, strings.Join(live, ", ")))
				continue
			}
			says := "none of this desktop's " + what + " signals is available"
			if what == "idle" && len(srcs) > 0 && len(why) == 0 {
				says = "idle detection is off (Settings → Away)"
			}
			if len(why) > 0 {
				says += " (" + strings.Join(why, "; ") + ")"
			}
			out = append(out, note(part, says))
		}
		return out
	}}
}

// RunningCheck says whether the app answers on its control socket.
func RunningCheck(status func(context.Context) (*control.Status, error)) Check {
	return Check{Part: "app", Run: func(ctx context.Context) []Finding {
		st, err := status(ctx)
		if err != nil || st == nil {
			return []Finding{note("app", "not running (start it from the app menu or with `headsdown`)")}
		}
		return []Finding{ok("app", "running")}
	}}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/headsdown-app/headsdown/app"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/doctor"
	"github.com/headsdown-app/headsdown/app/tray"
	"github.com/headsdown-app/headsdown/files"
)

// runApp runs the tray app, or with --headless the same app without GUI.
func runApp(args []string, stderr io.Writer) error {
	p, err := parseFor("", args) // --help and --version were answered by dispatch
	if err != nil {
		return err
	}
	if len(p.pos) > 0 {
		return fmt.Errorf("%w: unexpected %q", errUsage, p.pos[0])
	}
	headless := p.flags["headless"] != ""
	oneProcessor(os.Getenv)
	verbose := p.flags["v"] != "" || p.flags["verbose"] != ""

	paths, err := files.Default()
	if err != nil {
		return err
	}
	lock, err := files.AcquireLock(paths.Lock)
	if errors.Is(err, files.ErrAlreadyRunning) {
		return alreadyRunning(paths)
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	// Under the lock, before the log and the database are opened.
	paths, moved, err := files.MigrateOldLayout(paths)
	if err != nil {
		return err
	}

	log, logFile, err := app.OpenLog(paths.Log, verbose)
	if err != nil {
		return err
	}
	defer logFile.Close()
	for _, m := range moved {
		log.Info("old layout", "did", m)
	}
	log.Info("starting", "version", appVersion(), "pid", os.Getpid(), "headless", headless, "data_dir", paths.DataDir)

	// Before the first notification: on Windows toasts say "Heads Down"
	// and belong to the Start-menu shortcut through this.
	if err := app.SetIdentity(paths.DataDir); err != nil {
		log.Warn("notifications may not show the app's name and icon", "err", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.Open(ctx, app.Options{Paths: paths, Logger: log})
	if err != nil {
		log.Error("cannot start", "err", err)
		return err
	}
	ln, err := ctl.Listen(paths.Socket)
	if err != nil {
		log.Error("cannot start", "err", err)
		return err
	}
	go a.Run(ctx, ln)

	if !headless {
		if ok, why := tray.Available(log); ok {
			var open []string
			if tray.HostMissing() {
				noTrayHost(a, log, stderr)
				open = append(open, "welcome") // something of Heads Down to see
			}
			tray.Run(a, stop, log, open...)
		} else {
			log.Warn("running without a tray icon; control Heads Down with the headsdown command", "reason", why)
			fmt.Fprintf(stderr, "headsdown: no system tray (%s); running headless. Use `headsdown status`.\n", why)
		}
	}
	<-a.Done()
	log.Info("exited")
	return nil
}

// alreadyRunning explains a second launch and exits 1 without touching
// anything the first instance owns.
func alreadyRunning(paths files.Paths) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	resp, err := ctl.Call(ctx, paths.Socket, ctl.Request{Cmd: ctl.CmdStatus})
	if err != nil || resp.Status == nil {
		return fmt.Errorf("%w (its lock %s is held, but it does not answer yet)", files.ErrAlreadyRunning, paths.Lock)
	}
	return fmt.Errorf("%w (pid %d): use `headsdown status`, or its tray icon", files.ErrAlreadyRunning, resp.Status.PID)
}

// noTrayHost says, where the user will see it, that no tray host shows
// app icons here (GNOME without the AppIndicator extension, i3 without
// snixembed) and what fixes it for this desktop: on stderr, in a
// notification, and (the caller) in the welcome window. The tray still
// runs, and its icon appears as soon as a host does.
func noTrayHost(a *app.App, log *slog.Logger, stderr io.Writer) {
	fix := doctor.TrayHostFix(os.Getenv("XDG_CURRENT_DESKTOP"))
	log.Warn("no tray host on the session bus; the icon appears when one starts", "fix", fix)
	fmt.Fprintf(stderr, "headsdown: no system tray here shows app icons, so Heads Down's icon cannot be seen.\n"+
		"  To see it: %s.\n  Meanwhile Heads Down runs: use the window that opened, or `headsdown status`.\n", fix)
	a.Notify(app.Notification{Title: "Heads Down is running, but its icon cannot be seen",
		Body: "No system tray here shows app icons. To see it: " + fix + "."})
}

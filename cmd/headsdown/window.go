package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/headsdown-app/headsdown/app/uiready"
	"github.com/headsdown-app/headsdown/files"
)

// windowCommand is `headsdown window NAME [SECTION] [--wait]`: the names
// are checked here, in words, before any program starts.
func windowCommand(args []string, stderr io.Writer) error {
	p, err := parseFor("window", args)
	if err != nil {
		return err
	}
	names := andList(windowNames)
	switch {
	case len(p.pos) == 0:
		return fmt.Errorf("%w: window needs the name of a window: %s", errUsage, names)
	case !slices.Contains(windowNames, p.pos[0]):
		return fmt.Errorf("%w: %s", errUsage, unknown("there is no window", p.pos[0], windowNames, "The windows are "+names))
	case len(p.pos) == 2 && p.pos[0] != "settings" && p.pos[0] != "report":
		return fmt.Errorf("%w: only the settings window opens at a section and the report window at a tab, not the %s window", errUsage, p.pos[0])
	case len(p.pos) == 2 && p.pos[0] == "settings" && !slices.Contains(settingsSections, p.pos[1]):
		return fmt.Errorf("%w: %s", errUsage, unknown("Settings has no section", p.pos[1], settingsSections, "The sections are "+andList(settingsSections)))
	case len(p.pos) == 2 && p.pos[0] == "report" && !slices.Contains(reportTabs, p.pos[1]):
		return fmt.Errorf("%w: %s", errUsage, unknown("the report window has no tab", p.pos[1], reportTabs, "The tabs are "+andList(reportTabs)))
	case len(p.pos) > 2:
		return fmt.Errorf("%w: window takes a name, and for settings a section or for report a tab, not %q", errUsage, strings.Join(p.pos[2:], " "))
	}
	prog, err := files.UIProgram()
	if err != nil {
		return err
	}
	if p.flags["wait"] == "true" {
		return runWindow(prog, p.pos...)
	}
	return openWindow(prog, windowOpenWait, stderr, p.pos...)
}

// windowOpenWait is how long `headsdown window` waits for the window to
// show before it returns anyway (a window opens in well under a second;
// a slow first start of the GL driver may take a few).
const windowOpenWait = 30 * time.Second

// openWindow starts headsdown-ui NAME [SECTION] on its own, as xdg-open
// does, and returns once its window shows: the terminal is free at once,
// and closing it does not close the window. Until then what the program
// says on standard error is passed on, so a window that cannot open says
// why here and the command fails; afterwards the program writes to the
// log (uiready).
func openWindow(prog string, wait time.Duration, stderr io.Writer, args ...string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("open the %s window: %w", args[0], err)
	}
	defer r.Close()
	cmd := exec.Command(prog, args...)
	cmd.Env = append(os.Environ(), uiready.Env+"=1")
	cmd.Stderr = w // stdin and stdout: the null device
	detach(cmd)
	err = cmd.Start()
	w.Close() // the child's copy is what keeps the pipe open
	if err != nil {
		return fmt.Errorf("open the %s window: start %s: %w", args[0], prog, err)
	}
	// The reader ends when the child is ready (it has moved its standard
	// error away), when it exits, or when r closes on return.
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if sc.Text() == uiready.Line {
				ready <- true
				return
			}
			fmt.Fprintln(stderr, sc.Text())
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if ok {
			return cmd.Process.Release()
		}
	case <-time.After(wait):
		fmt.Fprintf(stderr, "headsdown: the %s window has not shown within %s; it may still open.\n", args[0], wait)
		return cmd.Process.Release()
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) || err == nil {
		// headsdown-ui has said what was wrong, above.
		return fmt.Errorf("the %s window could not open (headsdown-ui exit status %d)", args[0], cmd.ProcessState.ExitCode())
	}
	return fmt.Errorf("the %s window could not open: %w", args[0], err)
}

// runWindow runs headsdown-ui NAME [SECTION] and waits for the window to
// close (`--wait`, for scripts and tests). Interrupting or terminating
// this command closes the window too.
func runWindow(prog string, args ...string) error {
	name := args[0]
	cmd := exec.Command(prog, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", prog, err)
	}
	forwarded := make(chan struct{})
	defer close(forwarded)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if err := cmd.Process.Signal(sig); err != nil {
					_ = cmd.Process.Kill() // Windows cannot deliver SIGTERM
				}
			case <-forwarded:
				return
			}
		}
	}()
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if exit.ExitCode() == -1 {
			return nil // closed by a signal we forwarded
		}
		// headsdown-ui has already said what was wrong.
		return fmt.Errorf("window %s closed with exit status %d", name, exit.ExitCode())
	}
	return err
}

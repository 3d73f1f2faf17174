package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/headsdown-app/headsdown/files"
)

// runWindow runs `headsdown-ui NAME [SECTION]`, the separate program that
// holds the Fyne windows, and waits for the window to close. Interrupting
// or terminating this command closes the window too.
func runWindow(args ...string) error {
	name := args[0]
	prog, err := files.UIProgram()
	if err != nil {
		return err
	}
	cmd := exec.Command(prog, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", prog, err)
	}
	go func() {
		for sig := range sigs {
			if err := cmd.Process.Signal(sig); err != nil {
				_ = cmd.Process.Kill() // Windows cannot deliver SIGTERM
			}
		}
	}()
	err = cmd.Wait()
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

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"headsdown/app"
)

// runWindow runs `headsdown-ui NAME`, the separate program that holds the
// Fyne windows, and waits for the window to close.
func runWindow(name string) error {
	prog, err := app.UIProgram()
	if err != nil {
		return err
	}
	cmd := exec.Command(prog, name)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		// headsdown-ui has already said what was wrong.
		return fmt.Errorf("window %s closed with exit status %d", name, exit.ExitCode())
	}
	return err
}

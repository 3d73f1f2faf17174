package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// errNothingPasted is readSecret's answer to an empty standard input:
// the caller says what was missing in its own words.
var errNothingPasted = errors.New("nothing on standard input")

// readSecret reads a pasted secret (a token, a calendar's private link)
// without echo when stdin is a terminal, after printing prompt to stderr,
// or the first line of stdin otherwise (scripts, tests). Reading it this
// way keeps it out of the shell's history and the process list. what
// names it in errors; the answer is trimmed of spaces.
func readSecret(stdin io.Reader, stderr io.Writer, prompt, what string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", what, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read %s from standard input: %w (%w)", what, errNothingPasted, err)
	}
	return strings.TrimSpace(line), nil
}

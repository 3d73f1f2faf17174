package uiready

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const childEnv = "UIREADY_TEST_CHILD_LOG"

// TestChild is the window program's part, run by TestReadyFreesThePipe in
// a process of its own; skipped when run directly.
func TestChild(t *testing.T) {
	logPath := os.Getenv(childEnv)
	if logPath == "" {
		t.Skip("run by TestReadyFreesThePipe")
	}
	if !Asked() || os.Getenv(Env) != "" {
		fmt.Fprintln(os.Stderr, "Asked: not asked, or Env left for children")
		os.Exit(3)
	}
	fmt.Fprintln(os.Stderr, "said while opening")
	if err := Ready(logPath); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	fmt.Fprintln(os.Stderr, "said after it showed")
	log.Print("logged after it showed")
	// Stay open, as a window does, until the test says.
	io.Copy(io.Discard, os.Stdin)
}

// The command reads what the program says while it opens, then Line, then
// the end of the pipe while the program still runs; what the program says
// afterwards goes to the log, and never to the pipe.
func TestReadyFreesThePipe(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "headsdown.log")
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$")
	cmd.Env = append(os.Environ(), childEnv+"="+logPath, Env+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	defer func() { stdin.Close(); cmd.Wait() }()

	read := make(chan []string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		read <- lines
	}()
	select {
	case lines := <-read:
		if want := []string{"said while opening", Line}; strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Fatalf("the pipe carried %q, want %q", lines, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the pipe stayed open after Ready: `headsdown window` would wait for the window to close")
	}
	if cmd.ProcessState != nil {
		t.Fatal("the program had exited: the test proves nothing")
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	got, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "said after it showed") || !strings.Contains(string(got), "logged after it showed") {
		t.Fatalf("the log has %q", got)
	}
}

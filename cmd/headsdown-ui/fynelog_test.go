package main

import (
	"log"
	"os"
	"strings"
	"testing"
)

// Fyne's exit-time "Preferences load error: EOF" (with its Cause and At
// lines) is dropped; every other line, Fyne's own errors included, goes on.
func TestFyneNoise(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = w
	t.Cleanup(func() { os.Stderr = old })
	l := log.New(&fyneNoise{}, "", 0)
	l.Print("Fyne error:  Preferences load error:")
	l.Print("  Cause: EOF")
	l.Print("  At: /x/fyne/app/preferences.go:105")
	l.Print("Fyne error:  window creation error")
	l.Print("  Cause: no GL")
	l.Print("  At: /x/fyne/driver.go:1")
	l.Print("headsdown-ui: something of ours")
	w.Close()
	os.Stderr = old
	out := make([]byte, 4096)
	n, _ := r.Read(out)
	got := string(out[:n])
	want := "Fyne error:  window creation error\n  Cause: no GL\n  At: /x/fyne/driver.go:1\nheadsdown-ui: something of ours\n"
	if got != want {
		t.Fatalf("passed on:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "EOF") {
		t.Fatal("the preferences noise went through")
	}
}

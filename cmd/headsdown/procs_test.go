package main

import (
	"runtime"
	"testing"
)

// The app runs on one P, unless the user said otherwise.
func TestOneProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		env  string
		set  int // GOMAXPROCS before
		want int
	}{
		{env: "", set: 4, want: 1},
		{env: "3", set: 3, want: 3}, // the runtime read the variable at start
	} {
		runtime.GOMAXPROCS(c.set)
		oneProcessor(func(k string) string {
			if k == "GOMAXPROCS" {
				return c.env
			}
			return ""
		})
		if got := runtime.GOMAXPROCS(0); got != c.want {
			t.Errorf("GOMAXPROCS=%q: %d processors, want %d", c.env, got, c.want)
		}
	}
}

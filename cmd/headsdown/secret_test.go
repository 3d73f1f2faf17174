package main

import (
	"errors"
	"strings"
	"testing"
)

func TestReadSecretFromAPipe(t *testing.T) {
	cases := []struct {
		name, in, want string
		nothing        bool
	}{
		{name: "first line, trimmed", in: "  xoxp-1  \nsecond line\n", want: "xoxp-1"},
		{name: "no newline at the end", in: "https://cal.example/x.ics", want: "https://cal.example/x.ics"},
		{name: "an empty line is an empty answer", in: "\n", want: ""},
		{name: "nothing at all", in: "", nothing: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var prompt strings.Builder
			got, err := readSecret(strings.NewReader(c.in), &prompt, "Paste it: ", "the thing")
			if c.nothing {
				if !errors.Is(err, errNothingPasted) || !strings.Contains(err.Error(), "read the thing") {
					t.Fatalf("err %v, want errNothingPasted naming the thing", err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
			if prompt.Len() != 0 {
				t.Fatalf("prompted %q on a pipe", prompt.String())
			}
		})
	}
}

// calendar add with nothing on standard input says what to give, and
// never reaches the network.
func TestCalendarAddWithNothingPasted(t *testing.T) {
	t.Setenv("HEADSDOWN_DATA_DIR", t.TempDir())
	_, errs, code := runCLI(t, "", "calendar", "add")
	if code != 1 || !strings.Contains(errs, "no calendar given") {
		t.Fatalf("exit %d, %q; want 1 and %q", code, errs, "no calendar given")
	}
}

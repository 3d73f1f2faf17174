package tray

import (
	"bytes"
	"os"
	"strconv"
	"testing"
)

// Only the read-only mappings of the program file itself are released:
// never its data (rw), never another file's pages, never anonymous memory.
func TestProgramMappings(t *testing.T) {
	const exe = "/usr/bin/headsdown"
	maps := []byte(`00400000-00c00000 r-xp 00000000 fd:00 123 /usr/bin/headsdown
00c00000-01445000 r--p 00800000 fd:00 123 /usr/bin/headsdown
01445000-014c5000 rw-p 01045000 fd:00 123 /usr/bin/headsdown
014c5000-03510000 rw-p 00000000 00:00 0
7f0000000000-7f0000001000 r-xp 00000000 fd:00 456 /usr/lib/libc.so.6
7f0000002000-7f0000003000 r--p 00000000 fd:00 789 /usr/bin/headsdown-ui
7f0000004000-7f0000005000 r--s 00000000 fd:00 123 /usr/bin/headsdown
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]
`)
	got := programMappings(maps, exe)
	want := []mapping{{0x400000, 0x800000}, {0xc00000, 0x845000}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("programMappings = %#x, want %#x", got, want)
	}
	// A program replaced on disk while it runs (an upgrade) is mapped as
	// "PATH (deleted)", and /proc/self/exe says the same.
	deleted := []byte("00400000-00c00000 r-xp 00000000 fd:00 123 /usr/bin/headsdown (deleted)\n")
	if got := programMappings(deleted, exe+" (deleted)"); len(got) != 1 {
		t.Errorf("a replaced program: %#x", got)
	}
	if got := programMappings(deleted, exe); len(got) != 0 {
		t.Errorf("another program's pages released: %#x", got)
	}
}

// The program's pages mapped so far leave the resident set; the program
// goes on running (the test goes on), its code mapped back as it runs.
func TestReleaseProgramPages(t *testing.T) {
	before := rssFileKB(t)
	if err := releaseProgramPages(); err != nil {
		t.Fatal(err)
	}
	after := rssFileKB(t)
	t.Logf("file-backed resident set %d KB before, %d KB after", before, after)
	if after > before*3/4 {
		t.Errorf("file-backed resident set %d KB before, %d KB after: the program's pages were not released", before, after)
	}
}

func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("RssFile:")); ok {
			n, err := strconv.Atoi(string(bytes.Fields(v)[0]))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

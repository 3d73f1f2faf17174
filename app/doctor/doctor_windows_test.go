package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On Windows the folder check reads no Unix modes (Go makes them up from
// the read-only attribute): it checks that each folder exists and can be
// written, merges folders that are one, and claims nothing about who else
// can read them.
func TestFoldersCheckOnWindows(t *testing.T) {
	base := t.TempDir()
	private := filepath.Join(base, "private")
	if err := os.Mkdir(private, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(private, "config.toml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(base, "a file")
	if err := os.WriteFile(aFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fs := FoldersCheck([]Folder{
		{What: "settings", Dir: private, Files: []string{"config.toml"}},
		{What: "data", Dir: private, Files: []string{"headsdown.db"}}, // the same folder: one line
		{What: "state", Dir: filepath.Join(base, "missing")},
		{What: "log", Dir: aFile},
	}).Run(context.Background())
	if len(fs) != 3 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	wantLevel(t, fs[0], OK, private+" (settings, data)")
	if strings.Contains(fs[0].Says, "yours alone") || strings.Contains(fs[0].Says, "mode") {
		t.Errorf("a claim about Unix modes on Windows: %q", fs[0].Says)
	}
	wantLevel(t, fs[1], OK, "does not exist yet")
	wantLevel(t, fs[2], Problem, "is a file, not a folder")
	if entries, _ := os.ReadDir(private); len(entries) != 1 {
		t.Errorf("the write test left files: %d entries", len(entries))
	}
}

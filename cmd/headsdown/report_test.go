package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// withReportDB points the CLI at a fresh data directory holding an empty,
// current database, and returns the directory.
func withReportDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return dir
}

const keep = "KEEP: the user's own file\n"

// userFile is an existing file of the user's, in its own folder so a
// leftover temporary file would show.
func userFile(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "week.txt")
	if err := os.WriteFile(f, []byte(keep), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(f, 0o640); err != nil { // whatever the umask
		t.Fatal(err)
	}
	return f
}

// assertKept fails unless f holds keep with mode 0640 and is alone in its folder.
func assertKept(t *testing.T, f string) {
	t.Helper()
	fi, err := os.Lstat(f)
	if err != nil {
		t.Fatalf("the user's file is gone: %v", err)
	}
	if b, _ := os.ReadFile(f); string(b) != keep {
		t.Fatalf("the user's file now holds %q", b)
	}
	if runtime.GOOS != "windows" && fi.Mode() != 0o640 {
		t.Fatalf("the user's file has mode %v, want -rw-r-----", fi.Mode())
	}
	assertAlone(t, f)
}

// assertAlone fails if anything but f is in f's folder (a temporary file
// left behind).
func assertAlone(t *testing.T, f string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(f))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(f) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("folder of %s holds %v", f, names)
	}
}

func TestReportRefusalsKeepTheOutputFile(t *testing.T) {
	withReportDB(t)
	cases := []struct {
		name string
		args []string
		want string // in stderr: names the bad value
	}{
		{"bad report format", []string{"report", "--format", "nonsense"}, `unknown format "nonsense": choose one of text, md, html, csv, json, share`},
		{"bad week", []string{"report", "--week", "2026-W99"}, `invalid week "2026-W99"`},
		{"malformed week", []string{"report", "--week=last"}, `invalid week "last"`},
		{"bad week with bad format", []string{"report", "--format", "pdf", "--week", "x"}, `"pdf"`},
		{"bad export format", []string{"export", "--format", "html"}, `unknown export format "html": choose csv or json`},
		{"week on export", []string{"export", "--week", "2026-W01"}, `takes no --week (got "2026-W01")`},
		{"stray argument", []string{"report", "extra"}, "no positional arguments"},
	}
	for _, c := range cases {
		for _, flag := range []string{"-o", "--output"} {
			t.Run(c.name+" "+flag, func(t *testing.T) {
				f := userFile(t)
				out, errs, code := runCLI(t, "", append(c.args, flag, f)...)
				if code == 0 || !strings.Contains(errs, c.want) {
					t.Fatalf("exit %d, stdout %q, stderr %q; want a refusal saying %q", code, out, errs, c.want)
				}
				assertKept(t, f)
			})
		}
	}
}

func TestReportLoadErrorKeepsTheOutputFile(t *testing.T) {
	dir := withReportDB(t)
	// A database of the right version that cannot be read to the end: the
	// export fails after every option was accepted.
	db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DROP TABLE pings"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, cmd := range []string{"export", "report"} {
		t.Run(cmd, func(t *testing.T) {
			f := userFile(t)
			_, errs, code := runCLI(t, "", cmd, "-o", f)
			if code != 1 || !strings.Contains(errs, "pings") || !strings.Contains(errs, f+" was not written") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			assertKept(t, f)
		})
	}
}

func TestEmitRenderErrorKeepsTheFile(t *testing.T) {
	f := userFile(t)
	broken := errors.New("render broke half way")
	err := emit(io.Discard, f, func(w io.Writer) error {
		io.WriteString(w, "half a report")
		return broken
	})
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), f) {
		t.Fatalf("emit: %v", err)
	}
	assertKept(t, f)
}

func TestReportReplacesTheFileAtomically(t *testing.T) {
	withReportDB(t)
	f := userFile(t)
	// A reader that has the old file open keeps seeing the old content: the
	// new one arrives by rename, never by truncating and rewriting in place.
	// Not on Windows, which refuses to replace a file a reader holds open
	// (TestReportToAFileOpenElsewhere).
	var old *os.File
	if runtime.GOOS != "windows" {
		var err error
		if old, err = os.Open(f); err != nil {
			t.Fatal(err)
		}
		defer old.Close()
	}
	out, errs, code := runCLI(t, "", "report", "--format", "json", "-o", f)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	var v map[string]any
	if b, _ := os.ReadFile(f); json.Unmarshal(b, &v) != nil {
		t.Fatalf("the file holds %q", b)
	}
	if old != nil {
		if b, _ := io.ReadAll(old); string(b) != keep {
			t.Fatalf("the old file was rewritten in place: an open reader sees %q", b)
		}
	}
	if fi, _ := os.Stat(f); runtime.GOOS != "windows" && fi.Mode() != 0o640 {
		t.Fatalf("mode %v, want the old file's -rw-r-----", fi.Mode())
	}
	assertAlone(t, f)

	t.Run("new file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "export.csv")
		if _, errs, code := runCLI(t, "", "export", "--format", "csv", "--output", f); code != 0 {
			t.Fatalf("exit %d %s", code, errs)
		}
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(f); !strings.HasPrefix(string(b), "record,id,kind") {
			t.Fatalf("export holds %q", b)
		}
		if runtime.GOOS != "windows" && fi.Mode() != newFileMode {
			t.Fatalf("a new report has mode %v, want %v", fi.Mode(), newFileMode)
		}
		assertAlone(t, f)
	})

	t.Run("through a symlink", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("symlinks need privileges on Windows")
		}
		target := userFile(t)
		link := filepath.Join(t.TempDir(), "link.md")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if _, errs, code := runCLI(t, "", "report", "--format", "md", "-o", link); code != 0 {
			t.Fatalf("exit %d %s", code, errs)
		}
		if li, err := os.Lstat(link); err != nil || li.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("the symlink was replaced: %v %v", li.Mode(), err)
		}
		if b, _ := os.ReadFile(target); !strings.HasPrefix(string(b), "# Heads Down — Week ") {
			t.Fatalf("the link's target holds %q", b)
		}
		assertAlone(t, target)
	})
}

func TestReportOutputPathRefusals(t *testing.T) {
	withReportDB(t)
	dir := t.TempDir()
	cases := []struct{ name, file, want string }{
		{"folder", dir, "it is a folder"},
		{"missing folder", filepath.Join(dir, "nope", "r.txt"), "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, errs, code := runCLI(t, "", "report", "-o", c.file); code != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, c.file) {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refusals left %v", entries)
	}
}

// The up-front checks must accept exactly what the renderers accept.
func TestFormatChecksMatchTheRenderers(t *testing.T) {
	for _, f := range append(report.Formats, "markdown", "", "nonsense", "JSON") {
		t.Run("report "+f, func(t *testing.T) {
			checked := report.CheckFormat(f) == nil
			rendered := report.Render(io.Discard, focus.Report{}, f, timefmt.H24) == nil
			if checked != rendered {
				t.Fatalf("CheckFormat accepts: %v, Render accepts: %v", checked, rendered)
			}
		})
	}
	for _, f := range []string{"json", "csv", "", "html", "md"} {
		t.Run("export "+f, func(t *testing.T) {
			if report.CheckExportFormat(f) == nil != (f == "json" || f == "csv" || f == "") {
				t.Fatalf("CheckExportFormat(%q) = %v", f, report.CheckExportFormat(f))
			}
		})
	}
}

// `report --format share` prints the line to paste and nothing else, so
// `headsdown report --format share | xclip` is all a user needs.
func TestReportShareIsOneLine(t *testing.T) {
	withReportDB(t)
	out, errs, code := runCLI(t, "", "report", "--format", "share")
	if code != 0 || errs != "" || out != "This week: no deep work logged\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	out, _, code = runCLI(t, "", "report", "--week", "2026-W10", "--format", "share")
	if code != 0 || !strings.HasPrefix(out, "Week of 2 Mar") || strings.Count(out, "\n") != 1 {
		t.Fatalf("an older week: exit %d, %q", code, out)
	}
}

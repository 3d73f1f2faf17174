package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestMissingFileGivesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), FileName))
	if err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("Load missing = %+v, %v", cfg, err)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cfg := Default()
	cfg.Focus.Pomodoro = Duration(30 * time.Minute)
	cfg.Focus.DeepWork = Duration(90 * time.Minute)
	cfg.Focus.AutoStartFocus = true
	cfg.Notifications.Sound = false
	cfg.WorkingHours.Monday = []string{"09:00-12:00", "13:00-17:30"}
	cfg.WorkingHours.Saturday = []string{"10:00-12:00"}
	cfg.Slack.FocusText = "Deep in {tag}, back {until}"
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || !reflect.DeepEqual(got, cfg) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `pomodoro = "30m"`) || !strings.Contains(string(data), `deep_work = "1h30m"`) {
		t.Fatalf("durations not written in Go form:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
}

func TestBareMinutesAndPartialFile(t *testing.T) {
	for _, in := range []string{"[focus]\npomodoro = \"40\"\n", "[focus]\npomodoro = 40\n", "[focus]\npomodoro = 40.0\n"} {
		cfg, err := Parse("x", []byte(in))
		if err != nil || time.Duration(cfg.Focus.Pomodoro) != 40*time.Minute || cfg.Focus.DeepWork != Default().Focus.DeepWork {
			t.Errorf("Parse(%q) = %+v %v", in, cfg.Focus, err)
		}
	}
}

func TestBadFilesNameKeyAndLine(t *testing.T) {
	cases := map[string]string{
		"[focus]\n\npomodoro = \"25x\"\n":  "line 3",
		"[focus]\nshort_break = \"0\"\n":   "short_break",
		"[focus]\nlong_break_every = -2\n": "blocks before a long break",
		"[focus]\npomodro = \"25m\"\n":     `unknown setting "focus.pomodro"`,
		"[focus\n":                         "line",
		"[focus]\npomodoro = true\n":       "pomodoro",
		"[focus]\npomodoro = 0\n":          "must be positive",
	}
	for in, want := range cases {
		cfg, err := Parse("/tmp/c.toml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "/tmp/c.toml") {
			t.Errorf("Parse(%q) error = %v, want it to name %q and the file", in, err, want)
		}
		if !reflect.DeepEqual(cfg, Default()) {
			t.Errorf("Parse(%q) returned partial settings", in)
		}
	}
}

func TestSaveRefusesInvalidAndKeepsOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := Save(path, Default()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := Default()
	bad.Focus.ShortBreak = 0
	if err := Save(path, bad); err == nil {
		t.Fatal("invalid settings saved")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a refused save changed the file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("[focus]\npomodoro = \"25m\"\n"))
	f.Add([]byte("[notifications]\nenabled = false\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz", data)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("Parse accepted invalid settings: %v", verr)
			}
		}
	})
}

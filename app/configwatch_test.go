package app

import (
	"os"
	"strings"
	"testing"
)

// A hand edit of config.toml reaches the running app: a valid one is
// applied, a broken one is reported (status, notification) while the
// previous settings stay in use, and fixing it clears the report.
func TestHandEditsOfTheSettingsFile(t *testing.T) {
	dir := t.TempDir()
	r := startApp(t, dir)
	write := func(text string) {
		t.Helper()
		// As editors save: a new file renamed over the old one.
		tmp := r.paths.Config + ".swp"
		if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, r.paths.Config); err != nil {
			t.Fatal(err)
		}
	}

	write("[focus]\npomodoro = \"30m\"\n")
	waitFor(t, "the edit applied", func() bool { return r.app.Status().PomodoroMinutes == 30 })

	write("[focus]\npomodoro = \"30x\"\n")
	waitFor(t, "the broken file reported", func() bool {
		return strings.Contains(r.app.Status().ConfigProblem, "pomodoro")
	})
	if st := r.app.Status(); st.PomodoroMinutes != 30 {
		t.Fatalf("a broken file changed the running settings: pomodoro %d min", st.PomodoroMinutes)
	}
	// The notification names the setting as the Settings window does.
	waitFor(t, "a notification", func() bool {
		return strings.Contains(r.notes.body("Settings not applied"), `Focus › Pomodoro: "30x" is not a length`)
	})

	write("[focus]\npomodoro = \"40m\"\n")
	waitFor(t, "the fix applied", func() bool {
		st := r.app.Status()
		return st.PomodoroMinutes == 40 && st.ConfigProblem == ""
	})
}

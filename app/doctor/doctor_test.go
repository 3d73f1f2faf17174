package doctor

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/sessionbus"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// skipOnWindows skips a test whose subject Windows does not have.
func skipOnWindows(t *testing.T, reason string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows: " + reason)
	}
}

func run1(t *testing.T, c Check) Finding {
	t.Helper()
	fs := c.Run(context.Background())
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings: %+v", c.Part, len(fs), fs)
	}
	return fs[0]
}

// wantLevel checks a finding's level and that every problem has a fix.
func wantLevel(t *testing.T, f Finding, level Level, says string) {
	t.Helper()
	if f.Level != level || !strings.Contains(f.Says, says) {
		t.Errorf("%s: %v %q; want %v with %q", f.Part, f.Level, f.Says, level, says)
	}
	if f.Level == Problem && f.Fix == "" {
		t.Errorf("%s: a problem without a fix: %q", f.Part, f.Says)
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	wantLevel(t, run1(t, ConfigCheck(path)), OK, "the defaults apply")
	if err := os.WriteFile(path, []byte("[focus]\npomodoro = \"25m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantLevel(t, run1(t, ConfigCheck(path)), OK, "is valid")
	if err := os.WriteFile(path, []byte("[focus]\npomodoro = \"25x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := run1(t, ConfigCheck(path))
	wantLevel(t, f, Problem, "pomodoro")
	if !strings.Contains(f.Fix, "Settings") {
		t.Errorf("fix %q", f.Fix)
	}
}

func TestDatabaseCheck(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "headsdown.db")
	wantLevel(t, run1(t, DatabaseCheck(path)), OK, "the first start creates it")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantLevel(t, run1(t, DatabaseCheck(path)), OK, "is intact")

	// Not a database at all (a damaged page is store's own test): the check
	// says so, and leaves the file as it was.
	data := bytes.Repeat([]byte("not a database "), 1000)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f := run1(t, DatabaseCheck(path))
	wantLevel(t, f, Problem, path+" failed its integrity check")
	if !strings.Contains(f.Fix, "aside") {
		t.Errorf("fix %q", f.Fix)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("the check changed the damaged file")
	}
}

func TestFoldersCheck(t *testing.T) {
	skipOnWindows(t, "Unix file modes (the Windows branch has its own test)")
	base := t.TempDir()
	private := filepath.Join(base, "private")
	open := filepath.Join(base, "open")
	for dir, mode := range map[string]os.FileMode{private: 0o700, open: 0o755} {
		if err := os.Mkdir(dir, mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, mode) // whatever the umask
	}
	if err := os.WriteFile(filepath.Join(private, "config.toml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fs := FoldersCheck([]Folder{
		{What: "settings", Dir: private, Files: []string{"config.toml"}},
		{What: "data", Dir: private, Files: []string{"headsdown.db"}}, // the same folder: one line
		{What: "log", Dir: open},
		{What: "state", Dir: filepath.Join(base, "missing")},
	}).Run(context.Background())
	if len(fs) != 3 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	wantLevel(t, fs[0], OK, "(settings, data) is yours alone")
	wantLevel(t, fs[1], Note, "can be listed by others (mode 0755); its files are yours alone (chmod 700 "+open)
	wantLevel(t, fs[2], OK, "does not exist yet")

	// A readable file in a private folder: the tokens or history would show.
	if err := os.Chmod(filepath.Join(private, "config.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := run1(t, FoldersCheck([]Folder{{What: "settings", Dir: private, Files: []string{"config.toml"}}}))
	wantLevel(t, f, Problem, "config.toml can be read by others (mode 0644)")
	if !strings.HasPrefix(f.Fix, "chmod 600 ") {
		t.Errorf("fix %q", f.Fix)
	}
	if entries, _ := os.ReadDir(private); len(entries) != 1 {
		t.Errorf("the write test left files: %d entries", len(entries))
	}
}

type fakeBus struct {
	owners, activatable map[string]bool
	err                 error
}

func (b fakeBus) HasOwner(name string) (bool, error)    { return b.owners[name], b.err }
func (b fakeBus) Activatable(name string) (bool, error) { return b.activatable[name], b.err }

func TestDesktopChecks(t *testing.T) {
	withTray := fakeBus{owners: map[string]bool{trayWatcher: true, notifyDaemon: true}}
	bare := fakeBus{}
	activated := fakeBus{activatable: map[string]bool{notifyDaemon: true}}
	for _, tc := range []struct {
		name  string
		check Check
		level Level
		says  string
		fix   string
	}{
		{"tray host there", TrayHostCheck(withTray, nil, "KDE"), OK, "is running", ""},
		{"no tray host on GNOME", TrayHostCheck(bare, nil, "GNOME"), Problem, "no system tray", "AppIndicator extension"},
		{"no tray host on i3", TrayHostCheck(bare, nil, "i3"), Problem, "no system tray", "snixembed"},
		{"no session bus", TrayHostCheck(nil, errors.New("dbus: couldn't determine address of session bus"), ""), Problem, "no D-Bus session bus", "desktop session"},
		{"bus error", TrayHostCheck(fakeBus{err: errors.New("disconnected")}, nil, ""), Problem, "disconnected", "D-Bus"},
		{"not D-Bus (Windows, macOS)", TrayHostCheck(nil, nil, ""), OK, "the system's own", ""},
		{"no session bus at all", TrayHostCheck(nil, sessionbus.ErrNone, ""), Problem, "not available: no D-Bus session bus", "--headless"},
		{"notification daemon running", NotificationsCheck(withTray, nil, ""), OK, "answers", ""},
		{"notification daemon activatable", NotificationsCheck(activated, nil, ""), OK, "answers", ""},
		{"no notification daemon", NotificationsCheck(bare, nil, "sway"), Problem, "no notification daemon", "mako"},
		{"notifications with no session bus", NotificationsCheck(nil, sessionbus.ErrNone, ""), Note, "not available: no D-Bus session bus", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := run1(t, tc.check)
			wantLevel(t, f, tc.level, tc.says)
			if !strings.Contains(f.Fix, tc.fix) {
				t.Errorf("fix %q lacks %q", f.Fix, tc.fix)
			}
		})
	}
}

func TestTrayHostFixNamesTheDesktop(t *testing.T) {
	for desktop, want := range map[string]string{
		"ubuntu:GNOME": "Ubuntu AppIndicators",
		"GNOME":        "gnome-shell-extension-appindicator",
		"KDE":          "System Tray widget",
		"XFCE":         "Status Tray Plugin",
		"sway":         "waybar",
		"Hyprland":     "waybar",
		"i3":           "snixembed",
		"":             "StatusNotifierItem",
	} {
		if got := TrayHostFix(desktop); !strings.Contains(got, want) {
			t.Errorf("TrayHostFix(%q) = %q, want it to name %q", desktop, got, want)
		}
	}
}

func TestKeyringCheck(t *testing.T) {
	kr := &slacktest.Keyring{}
	v := slackapi.Vault{Dir: t.TempDir(), Keyring: kr}
	wantLevel(t, run1(t, KeyringCheck(v)), OK, "answers")
	t.Run("no keyring service", func(t *testing.T) {
		skipOnWindows(t, "Credential Manager is always there, so there is no keyring-less file to fall back on")
		kr.SetAbsent(true)
		defer kr.SetAbsent(false)
		wantLevel(t, run1(t, KeyringCheck(v)), Note, v.FilePath())
	})
	kr.Refuse("availability-probe")
	wantLevel(t, run1(t, KeyringCheck(v)), Problem, "locked")
}

func TestSlackChecks(t *testing.T) {
	t.Setenv(slackapi.EnvToken, "")
	t.Setenv(slackapi.EnvAppToken, "")
	const token = "xoxp-1-2-3-doctortoken"
	srv := slacktest.New(token)
	defer srv.Close()
	kr := &slacktest.Keyring{}
	v := slackapi.Vault{Dir: t.TempDir(), Keyring: kr}

	wantLevel(t, run1(t, SlackCheck(v, srv.APIURL)), Note, "not connected")
	wantLevel(t, run1(t, AppTokenCheck(v, srv.APIURL)), Note, "polled")

	if _, err := v.Save(slackapi.UserToken, token); err != nil {
		t.Fatal(err)
	}
	fs := SlackCheck(v, srv.APIURL).Run(context.Background())
	if len(fs) != 1 {
		t.Fatalf("with every scope: %+v", fs)
	}
	wantLevel(t, fs[0], OK, "connected as @ana in Acme (token from the keyring)")

	srv.SetScopes("users.profile:read", "users.profile:write")
	fs = SlackCheck(v, srv.APIURL).Run(context.Background())
	if len(fs) != 2 {
		t.Fatalf("missing scopes: %+v", fs)
	}
	wantLevel(t, fs[1], Problem, "dnd:write")

	if _, err := v.Save(slackapi.UserToken, "xoxp-1-2-3-revoked"); err != nil {
		t.Fatal(err)
	}
	f := run1(t, SlackCheck(v, srv.APIURL))
	wantLevel(t, f, Problem, "invalid_auth")
	if !strings.Contains(f.Fix, "slack login") {
		t.Errorf("fix %q", f.Fix)
	}

	// Slack down: unreachable, not "refused".
	srv.Close()
	f = run1(t, SlackCheck(v, srv.APIURL))
	wantLevel(t, f, Problem, "Slack cannot be reached")

	const appTok = "xapp-1-A1-2-doctorapp"
	srv2 := slacktest.New(token)
	defer srv2.Close()
	srv2.SetAppToken(appTok)
	if _, err := v.Save(slackapi.AppToken, appTok); err != nil {
		t.Fatal(err)
	}
	wantLevel(t, run1(t, AppTokenCheck(v, srv2.APIURL)), OK, "at once")
	if _, err := v.Save(slackapi.AppToken, "xapp-1-A1-2-wrong"); err != nil {
		t.Fatal(err)
	}
	wantLevel(t, run1(t, AppTokenCheck(v, srv2.APIURL)), Problem, "did not accept")
}

func TestAwayCheck(t *testing.T) {
	srcs := []control.AwaySource{
		{Name: "logind", What: "lock", Live: true},
		{Name: "logind", What: "suspend", Live: false, Note: "no system bus"},
		{Name: "x11-idle", What: "idle", Live: true},
	}
	fs := AwayCheck(func(context.Context) ([]control.AwaySource, error) { return srcs, nil }).Run(context.Background())
	if len(fs) != 3 {
		t.Fatalf("%+v", fs)
	}
	wantLevel(t, fs[0], OK, "logind")
	wantLevel(t, fs[1], Note, "logind: no system bus")
	wantLevel(t, fs[2], OK, "x11-idle")
}

func TestWriteAndProblems(t *testing.T) {
	fs := []Finding{
		ok("settings", "fine"),
		problem("tray host", "none", "install one"),
		note("slack", "not connected"),
	}
	var b bytes.Buffer
	if err := Write(&b, fs); err != nil {
		t.Fatal(err)
	}
	want := "ok      settings   fine\n" +
		"PROBLEM tray host  none → install one\n" +
		"note    slack      not connected\n" +
		"1 problem found.\n"
	if b.String() != want {
		t.Errorf("Write:\n%s\nwant:\n%s", b.String(), want)
	}
	if Problems(fs) != 1 || Problems(fs[:1]) != 0 {
		t.Error("Problems miscounts")
	}
}

// A check that finds nothing says nothing; only one that outlives its
// limit is reported as not answering.
func TestRunReportsOnlyChecksThatTimeOut(t *testing.T) {
	quiet := Check{Part: "quiet", Run: func(context.Context) []Finding { return nil }}
	stuck := Check{Part: "stuck", Run: func(ctx context.Context) []Finding { <-ctx.Done(); return nil }}
	for _, c := range []struct {
		name  string
		check Check
		want  string // the finding's text; "" for none
	}{
		{"nothing to say", quiet, ""},
		{"no answer", stuck, "did not answer within 10ms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := run(context.Background(), []Check{c.check}, 10*time.Millisecond)
			got := ""
			if len(fs) > 0 {
				got = fs[0].Says
			}
			if got != c.want || len(fs) > 1 {
				t.Fatalf("findings %+v, want %q", fs, c.want)
			}
		})
	}
}

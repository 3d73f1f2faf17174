//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app"
	"github.com/headsdown-app/headsdown/app/control"
)

// The Windows smoke test: the installer that make dist built, and the
// programs it installs, run under Wine on this Linux machine. `make
// wine-check` runs it after make dist (HEADSDOWN_WINE_SETUP names the
// installer, HEADSDOWN_WINE_ZIP the zip); plain `go test` skips it, as the
// installer is not built there.
//
// Under Wine is strong evidence, not proof: Wine's shell link object keeps
// no properties (its IPropertyStore::SetValue is a stub), so that the
// Start-menu shortcut carries the AppUserModelID is checked as far as
// Wine lets: the installer sets a property on the shortcut's store, and
// the script names the key and the app's ID (TestInstallerScriptAppID).
const (
	wineLoader = "/usr/lib/wine/wine64"
	wineServer = "/usr/lib/wine/wineserver"
	uninstKey  = `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\` + app.AppID
	// aumidKey is where the app registers the name and icon of its
	// notifications (app/identity_windows.go).
	aumidKey = `HKCU\Software\Classes\AppUserModelId\` + app.AppID
	runKey   = `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`
	runValue = "Heads Down"
)

// installedFiles is every file the installer puts in its folder.
var installedFiles = []string{"CHANGELOG.md", "LICENSE.txt", "README.md", "headsdown-ui.exe",
	"headsdown.exe", "headsdown.ico", "uninstall.exe"}

func TestWineInstallerAndApp(t *testing.T) {
	setup, zipPath := os.Getenv("HEADSDOWN_WINE_SETUP"), os.Getenv("HEADSDOWN_WINE_ZIP")
	if setup == "" || zipPath == "" {
		t.Skip("make wine-check runs this with the installer and zip that make dist built")
	}
	needTools(t, wineLoader, wineServer, "x86_64-w64-mingw32-gcc", "Xvfb", "xdotool", "import", "xwininfo")
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(setup), "headsdown_"), "_windows_amd64_setup.exe")
	started := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w := newWine(t, startXvfb(t, ctx))
	t.Logf("Wine prefix ready in %v", time.Since(started).Round(time.Millisecond))

	localAppData := w.echo("%LOCALAPPDATA%")
	appData := w.echo("%APPDATA%")
	instDir := localAppData + `\Programs\Heads Down`
	exe := instDir + `\headsdown.exe`
	shortcut := appData + `\Microsoft\Windows\Start Menu\Programs\Heads Down.lnk`

	// --- Install, then install again over it (an upgrade keeps the
	// user's choice of launch at login).
	_, errs, code := w.runDebug("-all,fixme+shell", setup, "/S")
	if code != 0 {
		t.Fatalf("setup /S: exit %d\n%s", code, errs)
	}
	// Wine's shell link store is a stub that logs each call: the shortcut
	// was given a property (TestInstallerScriptAppID: which one).
	if !strings.Contains(errs, "propertystore_SetValue") || !strings.Contains(errs, "propertystore_Commit") {
		t.Errorf("the installer set no property on the shortcut's property store; Wine logged:\n%s", errs)
	}
	if got := w.regValue(runKey, runValue); got != `"`+exe+`"` {
		t.Errorf("launch at login after a first install: %q, want %q", got, `"`+exe+`"`)
	}
	w.reg("delete", runKey, "/v", runValue, "/f")
	if _, errs, code := w.run(setup, "/S"); code != 0 {
		t.Fatalf("setup /S over an installed copy: exit %d\n%s", code, errs)
	}
	if got := w.regValue(runKey, runValue); got != "" {
		t.Errorf("an upgrade turned launch at login back on: %q", got)
	}
	// What the settings window writes (app/autostart): the uninstaller
	// must remove it as well.
	w.reg("add", runKey, "/v", runValue, "/t", "REG_SZ", "/d", `"`+exe+`"`, "/f")

	// --- What is installed: the zip's programs, byte for byte, and nothing else.
	dir := w.unix(instDir)
	var names []string
	var total int64
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("the install folder: %v", err)
	}
	for _, e := range entries {
		names = append(names, e.Name())
		if fi, err := e.Info(); err == nil {
			total += fi.Size()
		}
	}
	if !slices.Equal(names, installedFiles) {
		t.Fatalf("%s holds %q, want %q", instDir, names, installedFiles)
	}
	checkSameAsZip(t, zipPath, dir)

	// --- Apps & features.
	vals := w.regValues(uninstKey)
	want := map[string]string{
		"DisplayName":          "Heads Down",
		"DisplayVersion":       version,
		"Publisher":            "The Heads Down authors",
		"DisplayIcon":          exe + ",0",
		"InstallLocation":      instDir,
		"UninstallString":      `"` + instDir + `\uninstall.exe"`,
		"QuietUninstallString": `"` + instDir + `\uninstall.exe" /S`,
		"NoModify":             "0x1",
		"NoRepair":             "0x1",
	}
	for name, v := range want {
		if vals[name] != v {
			t.Errorf("%s\\%s = %q, want %q", uninstKey, name, vals[name], v)
		}
	}
	size, err := strconv.ParseInt(strings.TrimPrefix(vals["EstimatedSize"], "0x"), 16, 64)
	if kb := total / 1024; err != nil || size < kb*9/10 || size > kb*11/10 {
		t.Errorf("EstimatedSize %q, want about %d (KiB)", vals["EstimatedSize"], kb)
	}

	// --- The Start-menu shortcut starts the installed program.
	lnk, err := os.ReadFile(w.unix(shortcut))
	if err != nil {
		t.Fatalf("the Start-menu shortcut: %v", err)
	}
	if !bytes.Contains(lnk, []byte(exe+"\x00")) {
		t.Errorf("%s does not point at %s", shortcut, exe)
	}

	// --- The installed program runs.
	if out, errs, code := w.run(exe, "--version"); code != 0 || out != "headsdown "+version+"\n" {
		t.Fatalf("%s --version: exit %d, %q %q", exe, code, out, errs)
	}

	t.Run("headless", func(t *testing.T) { wineHeadless(t, w, exe) })
	t.Run("tray", func(t *testing.T) { wineTray(t, w, exe) })

	// --- Uninstall with the tray still running: the uninstaller asks it
	// to quit. NSIS uninstallers copy themselves to a temporary folder and
	// return at once; run from a copy with _?= (what the uninstaller does
	// itself), the copy is the uninstaller and Wine waits for it. _?= takes
	// the rest of the command line unquoted, so the path goes in as words.
	if _, _, code := w.reg("query", aumidKey); code != 0 {
		t.Errorf("%s was not registered by the app before uninstall", aumidKey)
	}
	un := filepath.Join(t.TempDir(), "uninstall.exe")
	copyFile(t, filepath.Join(dir, "uninstall.exe"), un)
	args := append([]string{un, "/S"}, strings.Fields("_?="+instDir)...)
	if _, errs, code := w.run(args...); code != 0 {
		t.Fatalf("uninstall /S: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		left, _ := os.ReadDir(dir)
		t.Errorf("%s is still there after uninstall (%v): %v", instDir, err, left)
	}
	if _, err := os.Stat(w.unix(shortcut)); !os.IsNotExist(err) {
		t.Errorf("the shortcut is still there after uninstall: %v", err)
	}
	if _, _, code := w.reg("query", uninstKey); code == 0 {
		t.Errorf("%s is still there after uninstall", uninstKey)
	}
	if got := w.regValue(runKey, runValue); got != "" {
		t.Errorf("launch at login is still on after uninstall: %q", got)
	}
	if _, _, code := w.reg("query", aumidKey); code == 0 {
		t.Errorf("%s is still there after uninstall", aumidKey)
	}
	if w.trayProcessRunning() {
		t.Errorf("headsdown.exe still runs after uninstall")
	}
	// The user's settings and focus log stay.
	if _, err := os.Stat(filepath.Join(w.unix(localAppData), "Heads Down", "headsdown.db")); err != nil {
		t.Errorf("the user's data did not survive uninstall: %v", err)
	}
	t.Logf("Wine installer and app checks: %v", time.Since(started).Round(time.Millisecond))
}

// wineHeadless drives `headsdown.exe --headless` with the CLI, as the
// Linux smoke test does: over the Windows control channel.
func wineHeadless(t *testing.T, w *wine, exe string) {
	data := t.TempDir()
	env := []string{"HEADSDOWN_DATA_DIR=" + winPath(data)}
	in := w.start(t, env, exe, "--headless", "-v")
	waitUntil(t, "the app to answer status", 30*time.Second, func() bool {
		if in.ended() {
			t.Fatalf("headsdown --headless ended: %v\n%s", in.err, in.stderr())
		}
		_, _, code := w.runEnv(env, exe, "status")
		return code == 0
	})
	cli := func(args ...string) string {
		t.Helper()
		out, errs, code := w.runEnv(env, append([]string{exe}, args...)...)
		if code != 0 {
			t.Fatalf("headsdown %s: exit %d, %q %q", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
	status := func() control.Status {
		t.Helper()
		var st control.Status
		out := cli("status", "--json")
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("status --json is not JSON: %v\n%s", err, out)
		}
		return st
	}
	cli("start", "25", "--tag", "wine")
	if st := status(); st.State != "focus" || st.Tag != "wine" || st.RemainingSeconds <= 24*60 || st.RemainingSeconds > 25*60 {
		t.Fatalf("after start 25 --tag wine: %+v", st)
	}
	cli("pause")
	if st := status(); st.State != "paused" {
		t.Fatalf("after pause: state %q", st.State)
	}
	cli("resume")
	if st := status(); st.State != "focus" {
		t.Fatalf("after resume: state %q", st.State)
	}
	cli("stop")
	if st := status(); st.State != "idle" {
		t.Fatalf("after stop: state %q", st.State)
	}
	var rep struct {
		Stopped int `json:"stopped"`
		Tags    []struct {
			Tag string `json:"tag"`
		} `json:"tags"`
	}
	out := cli("report", "--format", "json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Stopped != 1 || len(rep.Tags) != 1 || rep.Tags[0].Tag != "wine" {
		t.Fatalf("report --format json: %v\n%s", err, out)
	}

	// A second instance on the same data is refused, and says why.
	if _, errs, code := w.runEnv(env, exe, "--headless"); code != 1 || !strings.Contains(errs, "already running") {
		t.Fatalf("a second instance: exit %d, %q", code, errs)
	}
	if out := cli("quit"); out != "Heads Down quit.\n" {
		t.Fatalf("quit: %q", out)
	}
	select {
	case <-in.done:
		if in.err != nil {
			t.Fatalf("after quit: %v\n%s", in.err, in.stderr())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("headsdown --headless still runs 15 s after quit")
	}
}

// wineTray runs the tray in a Wine virtual desktop, with its data where a
// user's goes (%LocalAppData%\Heads Down): its icon in the notification
// area, its menu open (docs/windows-tray.png), and the Settings window
// (docs/windows-settings.png).
func wineTray(t *testing.T, w *wine, exe string) {
	// A first start opens the welcome window; one quick headless run
	// before makes this a later start, so the screenshots show the tray.
	seed := w.start(t, nil, exe, "--headless")
	waitUntil(t, "the app to answer status", 30*time.Second, func() bool {
		if seed.ended() {
			t.Fatalf("headsdown --headless ended: %v\n%s", seed.err, seed.stderr())
		}
		_, _, code := w.run(exe, "status")
		return code == 0
	})
	if out, errs, code := w.run(exe, "quit"); code != 0 {
		t.Fatalf("quit: exit %d %q %q", code, out, errs)
	}
	select {
	case <-seed.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("headsdown --headless still runs 15 s after quit\n%s", seed.stderr())
	}
	t.Log("seeded: a later start, no welcome window")

	// Wine's explorer draws the notification area in its taskbar and logs
	// each icon added (+systray).
	desk := w.startDebug(t, "-all,+systray", nil, "explorer", "/desktop=hd,1024x768", exe)
	t.Log("desktop started")
	waitUntil(t, "the tray icon in the notification area", 30*time.Second, func() bool {
		if desk.ended() {
			t.Fatalf("the Wine desktop ended: %v\n%s", desk.err, desk.stderr())
		}
		return strings.Contains(desk.stderr(), "systray:add_icon")
	})
	if _, errs, code := w.run(exe, "start", "25", "--tag", "wine"); code != 0 {
		t.Fatalf("start: %d %s", code, errs)
	}
	// The icon is drawn in the taskbar (the bottom 20 px of the desktop)
	// right of the Start button: find it in the picture, then click it.
	var icon image.Rectangle
	waitUntil(t, "the tray icon drawn", 20*time.Second, func() bool {
		icon = trayIconBounds(t, w.screenshot(t))
		return !icon.Empty()
	})
	before := w.windowsOf("headsdown.exe")
	c := icon.Min.Add(icon.Size().Div(2))
	// Right-click opens the menu; the pointer then rests on the menu's
	// edge so no tooltip covers it.
	w.xdotool(t, "mousemove", fmt.Sprint(c.X), fmt.Sprint(c.Y), "click", "3")
	var menu xwin
	waitUntil(t, "the tray menu", 10*time.Second, func() bool {
		for _, win := range w.windowsOf("headsdown.exe") {
			if !slices.ContainsFunc(before, func(b xwin) bool { return b.id == win.id }) && win.w > 80 && win.h > 80 {
				menu = win
				return true
			}
		}
		return false
	})
	w.xdotool(t, "mousemove", fmt.Sprint(menu.x+2), fmt.Sprint(menu.y+2))
	shot := filepath.Join(artifactsDir(t), "windows-tray.png")
	var img image.Image
	t.Cleanup(func() {
		if t.Failed() && img != nil {
			savePNG(t, img, shot)
			t.Logf("the desktop then: %s; menu %+v; windows %+v", shot, menu, w.windowsOf("headsdown.exe"))
		}
	})
	waitUntil(t, "the menu drawn", 10*time.Second, func() bool {
		img = w.screenshot(t)
		// Drawn: its items' text is there (Wine's menu font is not
		// smoothed, so count dark pixels rather than colours).
		if darkPixels(img, image.Rect(menu.x, menu.y, menu.x+menu.w, menu.y+menu.h)) < 300 {
			return false
		}
		savePNG(t, img, shot)
		return true
	})
	t.Logf("screenshot: %s (menu %dx%d at %d,%d)", shot, menu.w, menu.h, menu.x, menu.y)
	w.xdotool(t, "key", "Escape")

	// The Settings window, as the tray menu opens it: headsdown.exe window
	// settings runs headsdown-ui.exe. A second explorer on the same desktop
	// name runs it there and returns.
	if _, errs, code := w.run("explorer", "/desktop=hd,1024x768", exe, "window", "settings"); code != 0 {
		t.Fatalf("window settings: %d %s", code, errs)
	}
	var settings xwin
	waitUntil(t, "the Settings window", 60*time.Second, func() bool {
		for _, win := range w.windowsOf("headsdown-ui.exe") {
			if win.name == "Heads Down Settings" {
				settings = win
				return true
			}
		}
		return false
	})
	shot = filepath.Join(artifactsDir(t), "windows-settings.png")
	waitUntil(t, "the Settings window drawn", 30*time.Second, func() bool {
		img := w.screenshot(t)
		if distinctIn(img, image.Rect(settings.x, settings.y+30, settings.x+settings.w, settings.y+settings.h)) < 12 {
			return false
		}
		savePNG(t, img, shot)
		return true
	})
	t.Logf("screenshot: %s (%dx%d)", shot, settings.w, settings.h)
	// Close it as a user does (Alt+F4 on the focused window).
	w.xdotool(t, "mousemove", fmt.Sprint(settings.x+settings.w/2), fmt.Sprint(settings.y+8), "click", "1", "key", "alt+F4")
	waitUntil(t, "the Settings window to close", 20*time.Second, func() bool {
		return len(w.windowsOf("headsdown-ui.exe")) == 0
	})
	if !w.trayProcessRunning() {
		t.Fatal("the tray ended with the Settings window")
	}
}

// wine is a private Wine prefix with what Go programs need, on a private
// X display; Wine's own processes in it end with the test.
type wine struct {
	t       *testing.T
	tmp     string
	prefix  string
	display string
	env     []string
}

func newWine(t *testing.T, display string) *wine {
	t.Helper()
	tmp := t.TempDir()
	w := &wine{t: t, tmp: tmp, prefix: filepath.Join(tmp, "prefix"), display: display}
	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "WINE") || strings.HasPrefix(k, "HEADSDOWN_") || strings.HasPrefix(k, "XDG_") ||
			k == "DISPLAY" || k == "HOME" || k == "DBUS_SESSION_BUS_ADDRESS" {
			continue
		}
		w.env = append(w.env, kv)
	}
	w.env = append(w.env, "WINEPREFIX="+w.prefix, "DISPLAY="+display, "HOME="+home,
		// No menu entries or icons in the (real) home, and no prompts to
		// download Mono or Gecko while the prefix is made.
		"WINEDLLOVERRIDES=winemenubuilder.exe=d;mscoree=d;mshtml=d")
	t.Cleanup(func() {
		cmd := exec.Command(wineServer, "-k")
		cmd.Env = w.env
		_ = cmd.Run()
	})
	if _, errs, code := w.run("wineboot", "-i"); code != 0 {
		t.Fatalf("wineboot -i: exit %d\n%s", code, errs)
	}
	// Go programs need ProcessPrng, which Wine 8 lacks (scripts/wine).
	dll := filepath.Join(tmp, "bcryptprimitives.dll")
	gcc := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-shared", "-o", dll, "../../scripts/wine/bcryptprimitives.c", "-ladvapi32")
	if out, err := gcc.CombinedOutput(); err != nil {
		t.Fatalf("build the ProcessPrng stand-in: %v\n%s", err, out)
	}
	copyFile(t, dll, filepath.Join(w.prefix, "drive_c/windows/system32/bcryptprimitives.dll"))
	// Debian's wineboot leaves C:\windows\Fonts empty; with Wine's own
	// fonts there, window captions draw their buttons (Marlett) and
	// titles (Tahoma) as on Windows.
	fonts, _ := filepath.Glob("/usr/share/wine/fonts/*.ttf")
	for _, f := range fonts {
		copyFile(t, f, filepath.Join(w.prefix, "drive_c/windows/Fonts", filepath.Base(f)))
	}
	return w
}

func (w *wine) run(args ...string) (string, string, int) { return w.runIn("-all", nil, args...) }

func (w *wine) runEnv(env []string, args ...string) (string, string, int) {
	return w.runIn("-all", env, args...)
}

func (w *wine) runDebug(debug string, args ...string) (string, string, int) {
	return w.runIn(debug, nil, args...)
}

// runIn runs one Windows program to its end (two minutes at most). Its
// output goes through files, not pipes: the first program of a Wine
// session starts Wine's own services, which inherit its standard handles
// and keep a pipe open long after the program has ended.
func (w *wine) runIn(debug string, env []string, args ...string) (string, string, int) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wineLoader, args...)
	cmd.Env = append(append(slices.Clone(w.env), "WINEDEBUG="+debug), env...)
	out, errf := w.outFile(), w.outFile()
	defer out.Close()
	defer errf.Close()
	cmd.Stdout, cmd.Stderr = out, errf
	err := cmd.Run()
	stdout, stderr := readAll(w.t, out), readAll(w.t, errf)
	if ctx.Err() != nil {
		w.t.Fatalf("wine64 %s did not end in 2 minutes\n%s", strings.Join(args, " "), stderr)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatalf("wine64 %s: %v", strings.Join(args, " "), err)
	}
	return stdout, stderr, code
}

// outFile is a new file for a program's output, removed with the test.
func (w *wine) outFile() *os.File {
	w.t.Helper()
	f, err := os.CreateTemp(w.tmp, "out-*")
	if err != nil {
		w.t.Fatal(err)
	}
	return f
}

func readAll(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// winProc is a Windows program running in the background.
type winProc struct {
	errFile *os.File
	done    chan struct{}
	err     error
}

func (p *winProc) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stderr is what the program has written to its standard error so far.
func (p *winProc) stderr() string {
	b, _ := os.ReadFile(p.errFile.Name())
	return string(b)
}

func (w *wine) start(t *testing.T, env []string, args ...string) *winProc {
	return w.startDebug(t, "-all", env, args...)
}

// startDebug starts a program; the test's end stops it if it still runs.
func (w *wine) startDebug(t *testing.T, debug string, env []string, args ...string) *winProc {
	t.Helper()
	p := &winProc{errFile: w.outFile(), done: make(chan struct{})}
	cmd := exec.Command(wineLoader, args...)
	cmd.Env = append(append(slices.Clone(w.env), "WINEDEBUG="+debug), env...)
	cmd.Stderr = p.errFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		if !p.ended() {
			_ = cmd.Process.Kill()
			<-p.done
		}
		p.errFile.Close()
		if t.Failed() {
			t.Logf("wine64 %s, stderr:\n%s", strings.Join(args, " "), p.stderr())
		}
	})
	return p
}

// echo expands a Windows environment variable such as %APPDATA%.
func (w *wine) echo(v string) string {
	w.t.Helper()
	out, errs, code := w.run("cmd", "/c", "echo", v)
	if code != 0 {
		w.t.Fatalf("cmd /c echo %s: %d %s", v, code, errs)
	}
	return strings.TrimSpace(out)
}

// unix is where a C:\ path of the prefix is on this machine.
func (w *wine) unix(p string) string {
	rest, ok := strings.CutPrefix(p, `C:\`)
	if !ok {
		w.t.Fatalf("%q is not on C:", p)
	}
	return filepath.Join(w.prefix, "drive_c", filepath.FromSlash(strings.ReplaceAll(rest, `\`, "/")))
}

// winPath is a Linux path as Windows programs under Wine see it.
func winPath(p string) string { return "Z:" + strings.ReplaceAll(p, "/", `\`) }

func (w *wine) reg(args ...string) (string, string, int) {
	w.t.Helper()
	return w.run(append([]string{"reg"}, args...)...)
}

// regValues is every value of key, by name, as reg query prints them
// (strings as they are, DWORDs as 0x…).
func (w *wine) regValues(key string) map[string]string {
	w.t.Helper()
	out, errs, code := w.reg("query", key)
	if code != 0 {
		w.t.Fatalf("reg query %s: exit %d %s", key, code, errs)
	}
	vals := map[string]string{}
	line := regexp.MustCompile(`^    (.+?)    (REG_[A-Z_]+)    (.*)$`)
	for _, l := range strings.Split(strings.ReplaceAll(out, "\r", ""), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			vals[m[1]] = m[3]
		}
	}
	return vals
}

// regValue is one value of key, "" if there is none.
func (w *wine) regValue(key, name string) string {
	w.t.Helper()
	return w.regValues(key)[name]
}

// xwin is one X window of the Wine desktop.
type xwin struct {
	id, name   string
	x, y, w, h int
}

// windowsOf lists the desktop's windows that program owns, as xwininfo
// prints them: `0x1400003 "Title": ("prog.exe" "prog.exe")  688x647+0+0  +0+0`.
func (w *wine) windowsOf(program string) []xwin {
	w.t.Helper()
	var out []byte
	var err error
	// xwininfo fails (BadWindow) when a window goes while it walks the
	// tree, as a closing one does: ask again.
	for range 5 {
		cmd := exec.Command("xwininfo", "-root", "-tree")
		cmd.Env = w.env
		if out, err = cmd.Output(); err == nil {
			break
		}
	}
	if err != nil {
		w.t.Fatalf("xwininfo: %v", err)
	}
	re := regexp.MustCompile(`^\s*(0x[0-9a-f]+) (?:"(.*)"|\(has no name\)): \("` + regexp.QuoteMeta(program) + `" .*\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)`)
	var wins []xwin
	for _, l := range strings.Split(string(out), "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			n := func(s string) int { v, _ := strconv.Atoi(s); return v }
			wins = append(wins, xwin{id: m[1], name: m[2], w: n(m[3]), h: n(m[4]), x: n(m[5]), y: n(m[6])})
		}
	}
	return wins
}

// trayProcessRunning tells whether a headsdown.exe of the prefix runs.
func (w *wine) trayProcessRunning() bool {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(`\Heads Down\headsdown.exe`)) {
			continue
		}
		env, err := os.ReadFile(filepath.Join(filepath.Dir(p), "environ"))
		if err == nil && bytes.Contains(env, []byte("WINEPREFIX="+w.prefix+"\x00")) {
			return true
		}
	}
	return false
}

func (w *wine) xdotool(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = w.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// screenshot is the Wine desktop (1024×768 from the top left of the display).
func (w *wine) screenshot(t *testing.T) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", "-crop", "1024x768+0+0", "+repage", "png:-")
	cmd.Env = w.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("import's PNG: %v", err)
	}
	return img
}

// trayIconBounds finds the notification-area icon: the pixels of the
// taskbar's right half that differ from the taskbar's own colour.
func trayIconBounds(t *testing.T, img image.Image) image.Rectangle {
	b := img.Bounds()
	bar := image.Rect(b.Max.X/2, b.Max.Y-20, b.Max.X, b.Max.Y)
	bg := img.At(bar.Min.X+10, bar.Min.Y+10)
	var found image.Rectangle
	for y := bar.Min.Y + 2; y < bar.Max.Y; y++ {
		for x := bar.Min.X; x < bar.Max.X; x++ {
			if img.At(x, y) != bg {
				found = found.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if found.Dx() > 32 || found.Dy() > 18 {
		t.Fatalf("the taskbar's right half holds more than one icon: %v", found)
	}
	return found
}

// darkPixels counts the pixels of r darker than mid-grey.
func darkPixels(img image.Image, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			if c0+c1+c2 < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

func distinctIn(img image.Image, r image.Rectangle) int {
	seen := map[[4]uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
		}
	}
	return len(seen)
}

func savePNG(t *testing.T, img image.Image, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkSameAsZip compares each installed file the zip also has.
func checkSameAsZip(t *testing.T, zipPath, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	compared := 0
	for _, f := range zr.File {
		name := filepath.Base(f.Name)
		if f.FileInfo().IsDir() || !slices.Contains(installedFiles, name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		want, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("the installed %s differs from the zip's (%v)", name, err)
		}
		compared++
	}
	if compared != len(installedFiles)-1 { // uninstall.exe is the installer's own
		t.Errorf("compared %d files with the zip, want %d", compared, len(installedFiles)-1)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// The installer's shortcut carries the ID Windows notifications are sent
// with (app.AppID): Windows shows a toast's app name and icon from the
// Start-menu shortcut with that System.AppUserModel.ID. Wine keeps no
// shortcut properties, so this reads the script (TestWineInstallerAndApp
// checks that a property is set at all).
func TestInstallerScriptAppID(t *testing.T) {
	nsi, err := os.ReadFile("../../packaging/windows/headsdown.nsi")
	if err != nil {
		t.Fatal(err)
	}
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^APP_ID\s*:=\s*`+regexp.QuoteMeta(app.AppID)+`\s*$`).Match(mk) ||
		!strings.Contains(string(mk), "-DAPPID=$(APP_ID)") {
		t.Errorf("the Makefile does not build the installer with APPID=%s", app.AppID)
	}
	for _, want := range []string{
		`System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r2'`,
		`System::Call '*(&w64 "${APPID}")p.r4'`,
		`System::Call '*${SYSSTRUCT_PROPVARIANT}(${VT_LPWSTR},,p r4)p.r3'`,
		`${IPropertyStore::SetValue} $1 '($2,$3).r5'`,
		`${IPropertyStore::Commit} $1 ""`,
		`${IPersistFile::Save} $1 '("${SHORTCUT}",1).r2'`,
	} {
		if !strings.Contains(string(nsi), want) {
			t.Errorf("packaging/windows/headsdown.nsi lacks %s", want)
		}
	}
}

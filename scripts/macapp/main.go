// Command macapp assembles "Heads Down.app" from the two macOS programs:
// Contents/MacOS holds both (the tray finds headsdown-ui beside itself),
// Contents/Info.plist marks it LSUIElement (a menu-bar app: no Dock icon,
// no app menu) and Contents/Resources holds the icon, an .icns built from
// the hicolor PNGs. make dist-macos runs it on a Mac; it runs anywhere, so
// its test checks the bundle on Linux too.
//
//	go run ./scripts/macapp -version 0.1.0 -tray headsdown -ui headsdown-ui -o "dist/Heads Down.app"
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

const (
	bundleID  = "dev.headsdown.app"
	iconName  = "HeadsDown" // Resources/HeadsDown.icns
	iconDir   = "packaging/icons/hicolor"
	minimumOS = "11.0"
)

func main() {
	ver := flag.String("version", "", "the version (scripts/version.sh)")
	tray := flag.String("tray", "", "the headsdown program, built for macOS")
	ui := flag.String("ui", "", "the headsdown-ui program, built for macOS")
	out := flag.String("o", "", `the bundle to write, e.g. "dist/Heads Down.app"`)
	flag.Parse()
	if *ver == "" || *tray == "" || *ui == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: macapp -version V -tray FILE -ui FILE -o DIR.app")
		os.Exit(2)
	}
	if err := build(*ver, *tray, *ui, iconDir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "macapp:", err)
		os.Exit(1)
	}
}

func build(ver, tray, ui, icons, out string) error {
	if !strings.HasSuffix(out, ".app") {
		return fmt.Errorf("%s: a bundle's name ends in .app", out)
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	contents := filepath.Join(out, "Contents")
	for _, d := range []string{"MacOS", "Resources"} {
		if err := os.MkdirAll(filepath.Join(contents, d), 0o755); err != nil {
			return err
		}
	}
	for src, name := range map[string]string{tray: "headsdown", ui: "headsdown-ui"} {
		if err := copyFile(src, filepath.Join(contents, "MacOS", name), 0o755); err != nil {
			return err
		}
	}
	icns, err := buildICNS(icons)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(contents, "Resources", iconName+".icns"), icns, 0o644); err != nil {
		return err
	}
	plist, err := infoPlist(ver)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(contents, "Info.plist"), plist, 0o644)
}

// shortVersion is what Finder shows and macOS compares: three numbers, so
// 0.1.0+3.g1a2b3c4 is 0.1.0 (the full version is CFBundleVersion).
func shortVersion(ver string) string {
	core, _, _ := strings.Cut(ver, "+")
	core, _, _ = strings.Cut(core, "-")
	return core
}

// infoPlist writes the property list; values are escaped by encoding/xml.
func infoPlist(ver string) ([]byte, error) {
	type entry struct {
		key   string
		value any // string or bool
	}
	entries := []entry{
		{"CFBundleDevelopmentRegion", "en"},
		{"CFBundleDisplayName", "Heads Down"},
		{"CFBundleExecutable", "headsdown"},
		{"CFBundleIconFile", iconName},
		{"CFBundleIdentifier", bundleID},
		{"CFBundleInfoDictionaryVersion", "6.0"},
		{"CFBundleName", "Heads Down"},
		{"CFBundlePackageType", "APPL"},
		{"CFBundleShortVersionString", shortVersion(ver)},
		{"CFBundleVersion", ver},
		{"LSApplicationCategoryType", "public.app-category.productivity"},
		{"LSMinimumSystemVersion", minimumOS},
		// A menu-bar app: no Dock icon and no app menu while it runs.
		{"LSUIElement", true},
		{"NSHighResolutionCapable", true},
		{"NSHumanReadableCopyright", "BSD-3-Clause, the Heads Down authors"},
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString("<plist version=\"1.0\">\n<dict>\n")
	for _, e := range entries {
		b.WriteString("\t<key>")
		if err := xml.EscapeText(&b, []byte(e.key)); err != nil {
			return nil, err
		}
		b.WriteString("</key>\n")
		switch v := e.value.(type) {
		case bool:
			fmt.Fprintf(&b, "\t<%t/>\n", v)
		case string:
			b.WriteString("\t<string>")
			if err := xml.EscapeText(&b, []byte(v)); err != nil {
				return nil, err
			}
			b.WriteString("</string>\n")
		}
	}
	b.WriteString("</dict>\n</plist>\n")
	return b.Bytes(), nil
}

// icnsTypes are the PNG-holding icon types macOS 10.7+ reads, by the pixel
// size each holds (the @2x types share pixels with the next size up).
var icnsTypes = []struct {
	kind string
	px   int
}{
	{"icp4", 16}, {"icp5", 32}, {"ic11", 32}, {"icp6", 64}, {"ic12", 64},
	{"ic07", 128}, {"ic08", 256}, {"ic13", 256}, {"ic09", 512}, {"ic14", 512},
}

// buildICNS writes the icon family: "icns", the total length, then each
// element as type, length (header included) and PNG bytes, big-endian.
func buildICNS(dir string) ([]byte, error) {
	var body bytes.Buffer
	for _, t := range icnsTypes {
		png, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%dx%d", t.px, t.px), "apps", bundleID+".png"))
		if err != nil {
			return nil, fmt.Errorf("icon: %w (run from the repository root)", err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			return nil, errors.New("icon: not a PNG file")
		}
		body.WriteString(t.kind)
		_ = binary.Write(&body, binary.BigEndian, uint32(8+len(png)))
		body.Write(png)
	}
	var out bytes.Buffer
	out.WriteString("icns")
	_ = binary.Write(&out, binary.BigEndian, uint32(8+body.Len()))
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}

package main

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The bundle as macOS reads it: both programs executable in MacOS, an
// Info.plist that says LSUIElement and names an icon that exists and is a
// well-formed icns.
func TestBundle(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"tray", "ui"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app := filepath.Join(dir, "Heads Down.app")
	if err := build("0.2.0+3.g1a2b3c4", filepath.Join(dir, "tray"), filepath.Join(dir, "ui"), "../../"+iconDir, app); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"headsdown", "headsdown-ui"} {
		fi, err := os.Stat(filepath.Join(app, "Contents", "MacOS", name))
		// Windows has no exec bit to check; the programs must be there.
		if err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0) {
			t.Errorf("Contents/MacOS/%s: %v %v, want an executable", name, fi, err)
		}
	}

	data, err := os.ReadFile(filepath.Join(app, "Contents", "Info.plist"))
	if err != nil {
		t.Fatal(err)
	}
	plist := readPlist(t, data)
	for key, want := range map[string]string{
		"CFBundleExecutable":         "headsdown",
		"CFBundleIdentifier":         "dev.headsdown.app",
		"CFBundleShortVersionString": "0.2.0",
		"CFBundleVersion":            "0.2.0+3.g1a2b3c4",
		"CFBundleIconFile":           "HeadsDown",
		"LSUIElement":                "true",
		"NSHighResolutionCapable":    "true",
	} {
		if got := plist[key]; got != want {
			t.Errorf("Info.plist %s = %q, want %q", key, got, want)
		}
	}

	icns, err := os.ReadFile(filepath.Join(app, "Contents", "Resources", plist["CFBundleIconFile"]+".icns"))
	if err != nil {
		t.Fatal(err)
	}
	if string(icns[:4]) != "icns" || binary.BigEndian.Uint32(icns[4:8]) != uint32(len(icns)) {
		t.Fatalf("icns header %q %d, file is %d bytes", icns[:4], binary.BigEndian.Uint32(icns[4:8]), len(icns))
	}
	var kinds []string
	for rest := icns[8:]; len(rest) > 0; {
		n := binary.BigEndian.Uint32(rest[4:8])
		if n < 8 || int(n) > len(rest) || !bytes.HasPrefix(rest[8:], []byte("\x89PNG")) {
			t.Fatalf("icns element %q: length %d of %d left, or not PNG", rest[:4], n, len(rest))
		}
		kinds = append(kinds, string(rest[:4]))
		rest = rest[n:]
	}
	if len(kinds) != len(icnsTypes) {
		t.Errorf("icns holds %v", kinds)
	}
}

func TestRefusesANameWithoutApp(t *testing.T) {
	if err := build("0.1.0", "a", "b", iconDir, filepath.Join(t.TempDir(), "Heads Down")); err == nil {
		t.Error("no error for a bundle name without .app")
	}
}

// readPlist reads a flat <dict> of <key> followed by <string>, <true/> or
// <false/>, as Apple's parser would, and fails on anything malformed.
func readPlist(t *testing.T, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var key, cur string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Info.plist is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			cur = tok.Name.Local
			if cur == "true" || cur == "false" {
				out[key] = cur
			}
		case xml.CharData:
			switch cur {
			case "key":
				key = string(tok)
			case "string":
				out[key] = string(tok)
			}
		case xml.EndElement:
			cur = ""
		}
	}
	return out
}

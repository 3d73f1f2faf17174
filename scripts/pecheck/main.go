// Command pecheck checks what the Windows zip promises about each .exe: a
// 64-bit GUI-subsystem program (no console window behind the tray), with
// the app icon and version information that names the expected version.
// make dist-check runs it.
//
//	go run ./scripts/pecheck -version 0.1.0 headsdown.exe headsdown-ui.exe
package main

import (
	"debug/pe"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

func main() {
	want := flag.String("version", "", "the version the file information must name")
	flag.Parse()
	failed := false
	for _, f := range flag.Args() {
		if err := check(f, *want); err != nil {
			fmt.Fprintf(os.Stderr, "pecheck: %s: %v\n", f, err)
			failed = true
			continue
		}
		fmt.Printf("pecheck: %s: GUI subsystem, x86-64, icon, version %s\n", f, *want)
	}
	if failed || flag.NArg() == 0 {
		os.Exit(1)
	}
}

func check(path, want string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("machine %#x, want x86-64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return fmt.Errorf("not a PE32+ file")
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("subsystem %d, want %d (GUI): build with -ldflags -H=windowsgui", oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}

	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	rs, err := winres.LoadFromEXE(r)
	if err != nil {
		return fmt.Errorf("resources: %w", err)
	}
	if icon, err := rs.GetIcon(winres.ID(1)); err != nil || icon == nil {
		return fmt.Errorf("no icon (scripts/winres adds it): %v", err)
	}
	var got string
	rs.WalkType(winres.RT_VERSION, func(_ winres.Identifier, _ uint16, data []byte) bool {
		got = productVersion(data)
		return false
	})
	if got != want {
		return fmt.Errorf("version information says %q, want %q", got, want)
	}
	return nil
}

// productVersion reads the ProductVersion string of a version resource
// (through the library's JSON form, its only reader of the strings).
func productVersion(data []byte) string {
	vi, err := version.FromBytes(data)
	if err != nil {
		return ""
	}
	j, err := vi.MarshalJSON()
	if err != nil {
		return ""
	}
	var doc struct {
		Info map[string]map[string]string `json:"info"`
	}
	if json.Unmarshal(j, &doc) != nil {
		return ""
	}
	for _, strings := range doc.Info {
		if v := strings[version.ProductVersion]; v != "" {
			return v
		}
	}
	return ""
}

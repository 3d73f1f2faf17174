// Command winres gives Windows .exe files what Explorer and the taskbar
// show: the app icon, version information and a manifest (per-monitor DPI
// awareness, so Fyne's windows are sharp; common controls 6). It patches
// the built files in place, and can also write the icon as a .ico file for
// the zip. The icon images are the hicolor PNGs of packaging/icons, each
// drawn at its own size.
//
//	go run ./scripts/winres -version 0.1.0 [-ico dist/headsdown.ico] bin/headsdown.exe bin/headsdown-ui.exe
//	go run ./scripts/winres -version 0.1.0+3.g1a2b3c4 -numeric   (prints 0.1.0.3, for the installer)
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// iconSizes are the sizes Windows asks for (list views, the taskbar at
// 100–200 % scaling, large icons); 256 px is stored as PNG.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256}

const iconDir = "packaging/icons/hicolor"

func main() {
	ver := flag.String("version", "", "the version (scripts/version.sh), e.g. 0.1.0+3.g1a2b3c4")
	icoPath := flag.String("ico", "", "also write the icon to this .ico file")
	numeric := flag.Bool("numeric", false, "print the four numbers Windows keeps (for the NSIS installer) and exit")
	flag.Parse()
	if *numeric && *ver != "" && flag.NArg() == 0 {
		nums, err := numericVersion(*ver)
		if err != nil {
			fmt.Fprintln(os.Stderr, "winres:", err)
			os.Exit(1)
		}
		fmt.Printf("%d.%d.%d.%d\n", nums[0], nums[1], nums[2], nums[3])
		return
	}
	if *ver == "" || (flag.NArg() == 0 && *icoPath == "") {
		fmt.Fprintln(os.Stderr, "usage: winres -version V [-ico FILE.ico] PROGRAM.exe...")
		os.Exit(2)
	}
	if err := run(*ver, *icoPath, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "winres:", err)
		os.Exit(1)
	}
}

func run(ver, icoPath string, exes []string) error {
	icon, err := loadIcon()
	if err != nil {
		return err
	}
	if icoPath != "" {
		if err := writeICO(icon, icoPath); err != nil {
			return err
		}
	}
	for _, exe := range exes {
		if err := patch(exe, icon, ver); err != nil {
			return fmt.Errorf("%s: %w", exe, err)
		}
	}
	return nil
}

func loadIcon() (*winres.Icon, error) {
	var imgs []image.Image
	for _, n := range iconSizes {
		p := filepath.Join(iconDir, fmt.Sprintf("%dx%d", n, n), "apps", "dev.headsdown.app.png")
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("icon: %w (run from the repository root)", err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("icon %s: %w", p, err)
		}
		imgs = append(imgs, img)
	}
	return winres.NewIconFromImages(imgs)
}

func writeICO(icon *winres.Icon, path string) error {
	var buf bytes.Buffer
	if err := icon.SaveICO(&buf); err != nil {
		return fmt.Errorf("icon: %w", err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// patch rewrites exe with the resources, through a temporary file beside
// it, so a failure leaves the original untouched.
func patch(exe string, icon *winres.Icon, ver string) error {
	name := strings.TrimSuffix(filepath.Base(exe), ".exe")
	rs := &winres.ResourceSet{}
	// Icon 1 is the one Explorer shows for the file.
	if err := rs.SetIcon(winres.ID(1), icon); err != nil {
		return err
	}
	rs.SetManifest(winres.AppManifest{
		Description:         "Heads Down",
		Compatibility:       winres.Win10AndAbove,
		ExecutionLevel:      winres.AsInvoker,
		DPIAwareness:        winres.DPIPerMonitorV2,
		UseCommonControlsV6: true,
		LongPathAware:       true,
	})
	vi, err := versionInfo(name, ver)
	if err != nil {
		return err
	}
	rs.SetVersionInfo(vi)

	src, err := os.Open(exe)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(exe), ".winres-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if err := rs.WriteToEXE(tmp, src, winres.ForceCheckSum()); err != nil {
		tmp.Close()
		return fmt.Errorf("writing resources: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	src.Close()
	if err := os.Chmod(tmp.Name(), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), exe)
}

func versionInfo(name, ver string) (version.Info, error) {
	nums, err := numericVersion(ver)
	if err != nil {
		return version.Info{}, err
	}
	vi := version.Info{FileVersion: nums, ProductVersion: nums}
	desc := "Heads Down"
	if name == "headsdown-ui" {
		desc = "Heads Down windows"
	}
	for k, v := range map[string]string{
		version.ProductName:      "Heads Down",
		version.FileDescription:  desc,
		version.ProductVersion:   ver,
		version.FileVersion:      ver,
		version.OriginalFilename: name + ".exe",
		version.InternalName:     name,
		version.LegalCopyright:   "BSD-3-Clause, the Heads Down authors",
	} {
		if err := vi.Set(version.LangDefault, k, v); err != nil {
			return version.Info{}, err
		}
	}
	return vi, nil
}

// numericVersion is the four numbers Windows keeps: 0.1.0+3.g1a2b3c4 is
// 0.1.0.3 (the fourth is the commits since the tag).
func numericVersion(ver string) ([4]uint16, error) {
	var out [4]uint16
	core, meta, _ := strings.Cut(ver, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return out, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH[+…]", ver)
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return [4]uint16{}, fmt.Errorf("version %q: %w", ver, errors.Unwrap(err))
		}
		out[i] = uint16(n)
	}
	if commits, _, _ := strings.Cut(meta, "."); commits != "" {
		if n, err := strconv.ParseUint(commits, 10, 16); err == nil {
			out[3] = uint16(n)
		}
	}
	return out, nil
}

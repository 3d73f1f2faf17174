// Command genpkgicons writes the hicolor PNG icons that `make install`
// puts in place, each drawn at its own size by the tray icon's code (no
// scaling), and assets/icon.png's design as the scalable SVG mirrors it.
// Run: go run ./scripts/genpkgicons (from the repository root).
package main

import (
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"github.com/headsdown-app/headsdown/app/tray"
)

// Sizes are the hicolor sizes installed; the Makefile lists the same.
var sizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

func main() {
	for _, n := range sizes {
		dir := filepath.Join("packaging", "icons", "hicolor", fmt.Sprintf("%dx%d", n, n), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, "dev.headsdown.app.png"))
		if err != nil {
			log.Fatal(err)
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, tray.Render(n, "focus", 0)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

// Command genicon writes assets/icon.png, the application icon, with the
// same drawing code as the tray icon. Run: go run ./scripts/genicon
package main

import (
	"image/png"
	"log"
	"os"

	"github.com/headsdown-app/headsdown/app/tray"
)

func main() {
	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, tray.Render(256, "focus", 0)); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

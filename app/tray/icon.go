package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"sync"
)

// IconSize is the tray icon's edge in pixels. Tray hosts scale it down to
// 16–24 px; 32 keeps the digits crisp on HiDPI panels.
const IconSize = 32

var stateColors = map[string]color.RGBA{
	"focus":       {0xD9, 0x48, 0x3B, 0xFF}, // tomato: heads down
	"short_break": {0x2E, 0x9E, 0x5B, 0xFF}, // green: rest
	"long_break":  {0x1F, 0x7A, 0x8C, 0xFF}, // teal: longer rest
	"paused":      {0xD8, 0x9B, 0x1C, 0xFF}, // amber: on hold
	"idle":        {0x5B, 0x67, 0x70, 0xFF}, // slate: nothing running
}

// digitGlyphs is a 3×5 bitmap font: each digit is five rows of three bits.
var digitGlyphs = [10][5]uint8{
	{7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
	{7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
}

var (
	iconMu    sync.Mutex
	iconCache = map[string][]byte{}
)

// Icon returns the PNG for a state with the minutes left drawn in; minutes
// <= 0 draws the idle ring instead of digits. Results are cached: a day
// needs a few dozen distinct images at most.
func Icon(state string, minutes int) []byte {
	key := state + "/" + strconv.Itoa(minutes)
	iconMu.Lock()
	defer iconMu.Unlock()
	if b, ok := iconCache[key]; ok {
		return b
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, Render(IconSize, state, minutes))
	iconCache[key] = buf.Bytes()
	return iconCache[key]
}

// Render draws the icon at any size (the 256 px app icon uses it too).
func Render(size int, state string, minutes int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	bg, ok := stateColors[state]
	if !ok {
		bg = stateColors["idle"]
	}
	s := float64(size)
	white := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	// A filled disc with 4×4 supersampling for smooth edges.
	fillShape(img, bg, func(x, y float64) bool {
		dx, dy := x-s/2, y-s/2
		return dx*dx+dy*dy <= (s/2-0.5)*(s/2-0.5)
	})
	if minutes <= 0 {
		// Idle: a white ring, the "target" of a focused day.
		fillShape(img, white, func(x, y float64) bool {
			dx, dy := x-s/2, y-s/2
			r2 := dx*dx + dy*dy
			return r2 <= (s*0.27)*(s*0.27) && r2 >= (s*0.15)*(s*0.15)
		})
		return img
	}
	text := strconv.Itoa(min(minutes, 999))
	// Scale the 3×5 glyphs to fill most of the disc, one pixel-column
	// gap (in glyph units) between digits.
	units := len(text)*4 - 1
	scale := max(1, int(s*0.78)/units)
	if 5*scale > int(s*0.6) {
		scale = max(1, int(s*0.6)/5)
	}
	w, h := units*scale, 5*scale
	x0, y0 := (size-w)/2, (size-h)/2
	for i, ch := range text {
		g := digitGlyphs[ch-'0']
		for row := range 5 {
			for col := range 3 {
				if g[row]&(4>>col) == 0 {
					continue
				}
				px, py := x0+(i*4+col)*scale, y0+row*scale
				for yy := py; yy < py+scale; yy++ {
					for xx := px; xx < px+scale; xx++ {
						img.SetRGBA(xx, yy, white)
					}
				}
			}
		}
	}
	return img
}

// fillShape blends c into img where inside is true, by coverage.
func fillShape(img *image.RGBA, c color.RGBA, inside func(x, y float64) bool) {
	b := img.Bounds()
	const n = 4
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			hits := 0
			for sy := range n {
				for sx := range n {
					if inside(float64(x)+(float64(sx)+0.5)/n, float64(y)+(float64(sy)+0.5)/n) {
						hits++
					}
				}
			}
			if hits == 0 {
				continue
			}
			a := float64(hits) / (n * n)
			old := img.RGBAAt(x, y)
			blend := func(o, v uint8) uint8 { return uint8(float64(o)*(1-a) + float64(v)*a) }
			img.SetRGBA(x, y, color.RGBA{blend(old.R, c.R), blend(old.G, c.G), blend(old.B, c.B),
				uint8(min(255, float64(old.A)+a*float64(255-old.A)))})
		}
	}
}

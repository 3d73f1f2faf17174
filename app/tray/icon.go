package tray

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"sync"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
)

// IconSize is the edge of the single PNG used where a tray takes one
// image (macOS draws it at 16 pt, so 32 px is its 2× form).
const IconSize = 32

// PixmapSizes are the sizes sent to StatusNotifierItem hosts, each drawn
// at its own size: panels pick the one nearest their slot (16–24 px, twice
// that on HiDPI) instead of scaling one image and blurring the digits.
var PixmapSizes = []int{16, 22, 24, 32, 48, 64}

// icoSizes are the images in the Windows ICO: the shell loads the one
// nearest its icon size at the screen's scale (32 at 100 %, 48 at 150 %…).
var icoSizes = []int{16, 24, 32, 48, 64}

var stateColors = map[string]color.NRGBA{
	"focus":       {0xD9, 0x48, 0x3B, 0xFF}, // tomato: heads down
	"short_break": {0x2E, 0x9E, 0x5B, 0xFF}, // green: rest
	"long_break":  {0x1F, 0x7A, 0x8C, 0xFF}, // teal: longer rest
	"paused":      {0xD8, 0x9B, 0x1C, 0xFF}, // amber: on hold
	// slate: nothing running. Its luminance (0.245) is 3:1 or more
	// against dark panels (Adwaita's #2E3436, XFCE's #3C3C3C, black) and
	// light ones (#F6F5F4, white) alike; the darker #5B6770 all but
	// vanished on a dark panel (1.9:1).
	"idle": {0x7A, 0x8A, 0x96, 0xFF},
	"away": {0x5B, 0x4C, 0xC4, 0xFF}, // indigo: you are away
}

// digitGlyphs is a 3×5 bitmap font: each digit is five rows of three bits.
var digitGlyphs = [10][5]uint8{
	{7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
	{7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
}

// Face is what the tray icon shows. Colour is never the only signal, for
// colour-blind users and monochrome panels: a focus block is a disc, a
// break a rounded square, paused draws pause bars instead of digits, and
// idle draws a ring that fills towards the daily goal.
type Face struct {
	State string // idle, focus, short_break, long_break, paused
	// Kind is the block's kind; paused uses it for the outline, so a
	// paused break is still a square.
	Kind    string
	Minutes int // minutes left; 0 draws the ring instead of digits
	// Goal is today's share of the daily goal in percent (0–100, more is
	// drawn as 100), or NoGoal for a plain ring.
	Goal int
	// Away: you are away (by hand, or the desktop noticed): a moon on
	// indigo, not the pause bars of a block you paused yourself.
	Away bool
}

// NoGoal is Face.Goal when no daily goal is set.
const NoGoal = -1

// FaceFor is the icon for a status.
func FaceFor(st control.Status) Face {
	f := Face{State: st.State, Kind: st.Kind, Minutes: st.MinutesLeft, Goal: NoGoal, Away: st.AFK}
	if focus.State(st.State) == focus.StateIdle {
		f.Minutes = 0
		if st.DailyGoalSeconds > 0 {
			f.Goal = int(min(100, st.TodayFocusSeconds*100/st.DailyGoalSeconds))
		}
	}
	return f
}

func (f Face) key() string {
	return fmt.Sprintf("%s/%s/%d/%d/%v", f.State, f.Kind, f.Minutes, f.Goal, f.Away)
}

// trayIcon is one face in every form a tray takes.
type trayIcon struct {
	face    Face
	png     []byte   // IconSize px (macOS)
	ico     []byte   // Windows: every icoSizes image
	pixmaps []Pixmap // StatusNotifierItem: every PixmapSizes image
}

// Pixmap is one StatusNotifierItem IconPixmap entry: ARGB32 in network
// byte order with straight (not premultiplied) alpha, as the spec and
// every host read it. Field order and types are its D-Bus signature (iiay).
type Pixmap struct {
	W, H int32
	Pix  []byte
}

// iconCacheSize is how many faces are kept drawn. Six pixmaps are 35 KB a
// face and a day shows a hundred faces, most once (each minute of each
// block), so only the last few are kept: a redraw of all sizes costs about
// a millisecond, once a minute at most.
const iconCacheSize = 8

var (
	iconMu    sync.Mutex
	iconCache = map[string]*trayIcon{}
	iconOrder []string // oldest first
)

// iconFor draws a face in the forms this platform's tray takes (see
// platformForms), or returns it from the last few drawn.
func iconFor(f Face) *trayIcon {
	k := f.key()
	iconMu.Lock()
	defer iconMu.Unlock()
	if ic, ok := iconCache[k]; ok {
		return ic
	}
	ic := drawIcon(f, platformForms)
	iconCache[k] = ic
	iconOrder = append(iconOrder, k)
	if len(iconOrder) > iconCacheSize {
		delete(iconCache, iconOrder[0])
		iconOrder = append(iconOrder[:0], iconOrder[1:]...)
	}
	return ic
}

// Forms of a tray icon.
const (
	formPNG = 1 << iota
	formPixmaps
	formICO
)

func drawIcon(f Face, forms int) *trayIcon {
	ic := &trayIcon{face: f}
	if forms&formPNG != 0 {
		ic.png = encodePNG(Draw(IconSize, f))
	}
	if forms&formPixmaps != 0 {
		for _, n := range PixmapSizes {
			ic.pixmaps = append(ic.pixmaps, ARGB32(Draw(n, f)))
		}
	}
	if forms&formICO != 0 {
		var pngs [][]byte
		for _, n := range icoSizes {
			pngs = append(pngs, encodePNG(Draw(n, f)))
		}
		ic.ico = icoFile(icoSizes, pngs)
	}
	return ic
}

func encodePNG(img image.Image) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// ARGB32 is an image as a StatusNotifierItem pixmap. It reads the
// straight colour of each pixel: color.Color's RGBA() is premultiplied,
// and taking its low bytes (what fyne.io/systray does) both darkens and
// scrambles every half-transparent edge pixel.
func ARGB32(img *image.NRGBA) Pixmap {
	b := img.Bounds()
	px := Pixmap{W: int32(b.Dx()), H: int32(b.Dy()), Pix: make([]byte, 0, 4*b.Dx()*b.Dy())}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			if c.A == 0 {
				c = color.NRGBA{}
			}
			px.Pix = append(px.Pix, c.A, c.R, c.G, c.B)
		}
	}
	return px
}

// Render draws the icon at any size (the app and packaging icons use it
// too): Draw with no daily goal.
func Render(size int, state string, minutes int) *image.NRGBA {
	return Draw(size, Face{State: state, Kind: state, Minutes: minutes, Goal: NoGoal})
}

// Draw draws a face at size×size pixels, laid out for that size (digits
// and bars on whole pixels), not scaled from another size.
func Draw(size int, f Face) *image.NRGBA {
	c := newCanvas(size)
	defer c.free()
	bg, ok := stateColors[f.State]
	if !ok {
		bg = stateColors["idle"]
	}
	if f.Away {
		bg = stateColors["away"]
	}
	s := float64(size)
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	kind := f.Kind
	if kind == "" {
		kind = f.State
	}
	if isBreak(kind) {
		// A rounded square: a break is not a focus block at a glance,
		// whatever the panel does to colours.
		h, r := s/2-0.5, s*0.3
		c.fill(bg, func(x, y float64) bool {
			dx, dy := math.Abs(x-s/2), math.Abs(y-s/2)
			if dx > h || dy > h {
				return false
			}
			cx, cy := max(dx-(h-r), 0), max(dy-(h-r), 0)
			return cx*cx+cy*cy <= r*r
		})
	} else {
		c.fill(bg, func(x, y float64) bool {
			dx, dy := x-s/2, y-s/2
			return dx*dx+dy*dy <= (s/2-0.5)*(s/2-0.5)
		})
	}
	switch {
	case f.Away:
		c.moon(white)
	case f.State == string(focus.StatePaused):
		c.pauseBars(white)
	case f.Minutes <= 0:
		c.ring(white, f.Goal)
	default:
		c.digits(white, strconv.Itoa(min(f.Minutes, 999)))
	}
	return c.image()
}

func isBreak(kind string) bool {
	return kind == string(focus.KindShortBreak) || kind == string(focus.KindLongBreak)
}

// canvas holds premultiplied colour in floats, so blending never loses
// the colour of a faint edge pixel; image turns it into straight alpha.
type canvas struct {
	n  int
	px [][4]float64 // r, g, b, a premultiplied, 0–1
}

// scratch keeps canvases between icons: a new face each minute should not
// leave 280 KB of float buffers behind for the collector (see setPixmaps).
var scratch sync.Pool

func newCanvas(n int) *canvas {
	px, _ := scratch.Get().([][4]float64)
	if cap(px) < n*n {
		px = make([][4]float64, n*n)
	}
	px = px[:n*n]
	clear(px)
	return &canvas{n: n, px: px}
}

func (c *canvas) free() { scratch.Put(c.px) }

// over puts colour c with coverage cov (0–1) over pixel (x, y).
func (c *canvas) over(x, y int, col color.NRGBA, cov float64) {
	if cov <= 0 || x < 0 || y < 0 || x >= c.n || y >= c.n {
		return
	}
	a := cov * float64(col.A) / 255
	p := &c.px[y*c.n+x]
	p[0] = float64(col.R)/255*a + p[0]*(1-a)
	p[1] = float64(col.G)/255*a + p[1]*(1-a)
	p[2] = float64(col.B)/255*a + p[2]*(1-a)
	p[3] = a + p[3]*(1-a)
}

// fill covers the shape, antialiased by 5×5 supersampling per pixel.
func (c *canvas) fill(col color.NRGBA, inside func(x, y float64) bool) {
	const n = 5
	for y := range c.n {
		for x := range c.n {
			hits := 0
			for sy := range n {
				for sx := range n {
					if inside(float64(x)+(float64(sx)+0.5)/n, float64(y)+(float64(sy)+0.5)/n) {
						hits++
					}
				}
			}
			c.over(x, y, col, float64(hits)/(n*n))
		}
	}
}

// rect fills whole pixels: glyphs stay sharp at every size.
func (c *canvas) rect(col color.NRGBA, x0, y0, w, h int) {
	for y := y0; y < y0+h; y++ {
		for x := x0; x < x0+w; x++ {
			c.over(x, y, col, 1)
		}
	}
}

// ring is the idle "target": a full ring with no goal; with one, a faint
// track and a bright arc from twelve o'clock, clockwise, as far as today's
// share of the goal.
func (c *canvas) ring(col color.NRGBA, goal int) {
	s := float64(c.n)
	in, out := s*0.15, s*0.27
	if c.n < 24 {
		in, out = s*0.13, s*0.30 // a ring a pixel wide would vanish at 16 px
	}
	onRing := func(x, y float64) bool {
		dx, dy := x-s/2, y-s/2
		r2 := dx*dx + dy*dy
		return r2 <= out*out && r2 >= in*in
	}
	if goal < 0 {
		c.fill(col, onRing)
		return
	}
	track := col
	track.A = 0x55
	frac := float64(min(goal, 100)) / 100
	c.fill(track, func(x, y float64) bool { return onRing(x, y) && arcAngle(x-s/2, y-s/2) >= frac })
	c.fill(col, func(x, y float64) bool { return onRing(x, y) && arcAngle(x-s/2, y-s/2) < frac })
}

// arcAngle is the clockwise angle from twelve o'clock as a share of a turn.
func arcAngle(dx, dy float64) float64 {
	a := math.Atan2(dx, -dy) / (2 * math.Pi)
	if a < 0 {
		a++
	}
	return a
}

// moon draws a crescent: away.
func (c *canvas) moon(col color.NRGBA) {
	s := float64(c.n)
	r, cut := s*0.29, s*0.25
	ox, oy := s*0.14, -s*0.10
	c.fill(col, func(x, y float64) bool {
		dx, dy := x-s/2, y-s/2
		ex, ey := dx-ox, dy-oy
		return dx*dx+dy*dy <= r*r && ex*ex+ey*ey > cut*cut
	})
}

// pauseBars draws ❚❚ on whole pixels.
func (c *canvas) pauseBars(col color.NRGBA) {
	s := float64(c.n)
	bw := max(2, int(math.Round(s*0.16)))
	bh := max(5, int(math.Round(s*0.46)))
	gap := max(2, int(math.Round(s*0.14)))
	x0 := (c.n - (2*bw + gap)) / 2
	y0 := (c.n - bh) / 2
	c.rect(col, x0, y0, bw, bh)
	c.rect(col, x0+bw+gap, y0, bw, bh)
}

// digits draws the 3×5 glyphs scaled by a whole number to fill most of
// the shape, one glyph column apart.
func (c *canvas) digits(col color.NRGBA, text string) {
	s := float64(c.n)
	units := len(text)*4 - 1
	scale := max(1, int(s*0.78)/units)
	if 5*scale > int(s*0.6) {
		scale = max(1, int(s*0.6)/5)
	}
	w, h := units*scale, 5*scale
	x0, y0 := (c.n-w)/2, (c.n-h)/2
	for i, ch := range text {
		g := digitGlyphs[ch-'0']
		for row := range 5 {
			for col3 := range 3 {
				if g[row]&(4>>col3) != 0 {
					c.rect(col, x0+(i*4+col3)*scale, y0+row*scale, scale, scale)
				}
			}
		}
	}
}

// image converts to straight alpha, rounding each channel.
func (c *canvas) image() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, c.n, c.n))
	to8 := func(v float64) uint8 { return uint8(math.Round(min(max(v, 0), 1) * 255)) }
	for i, p := range c.px {
		a := to8(p[3])
		if a == 0 {
			continue
		}
		img.Pix[4*i+0] = to8(p[0] / p[3])
		img.Pix[4*i+1] = to8(p[1] / p[3])
		img.Pix[4*i+2] = to8(p[2] / p[3])
		img.Pix[4*i+3] = a
	}
	return img
}

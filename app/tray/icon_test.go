package tray

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/tray/traytest"
)

var faces = []Face{
	{State: "focus", Kind: "focus", Minutes: 25, Goal: NoGoal},
	{State: "focus", Kind: "focus", Minutes: 888, Goal: NoGoal},
	{State: "short_break", Kind: "short_break", Minutes: 5, Goal: NoGoal},
	{State: "long_break", Kind: "long_break", Minutes: 15, Goal: NoGoal},
	{State: "paused", Kind: "focus", Minutes: 12, Goal: NoGoal},
	{State: "paused", Kind: "short_break", Minutes: 3, Goal: NoGoal},
	{State: "idle", Goal: NoGoal},
	{State: "idle", Goal: 40},
}

// What a host gets: one pixmap per size, each that size, straight alpha.
func TestPixmapsEverySizeStraightAlpha(t *testing.T) {
	for _, f := range faces {
		px := drawIcon(f, formPixmaps).pixmaps
		if len(px) != len(PixmapSizes) {
			t.Fatalf("%+v: %d pixmaps, want %d", f, len(px), len(PixmapSizes))
		}
		for i, p := range px {
			n := PixmapSizes[i]
			if p.W != int32(n) || p.H != int32(n) || len(p.Pix) != 4*n*n {
				t.Fatalf("%+v: pixmap %d is %dx%d with %d bytes, want %d px", f, i, p.W, p.H, len(p.Pix), n)
			}
			if bad := traytest.HaloPixels(n, n, p.Pix); len(bad) > 0 {
				t.Errorf("%+v at %d px: %d edge pixels not straight alpha, e.g. %s", f, n, len(bad), bad[0])
			}
			semi := 0
			for j := 0; j < len(p.Pix); j += 4 {
				if a := p.Pix[j]; a > 0 && a < 0xFF {
					semi++
				}
			}
			if semi == 0 {
				t.Errorf("%+v at %d px: no antialiased edge at all", f, n)
			}
		}
	}
}

// The 32 px PNG decodes to the same straight colours as its pixmap.
func TestPNGMatchesPixmap(t *testing.T) {
	f := faces[0]
	img, err := png.Decode(bytes.NewReader(drawIcon(f, formPNG).png))
	if err != nil {
		t.Fatal(err)
	}
	want := ARGB32(Draw(IconSize, f))
	for y := range IconSize {
		for x := range IconSize {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			i := 4 * (y*IconSize + x)
			if c.A != want.Pix[i] || (c.A != 0 && (c.R != want.Pix[i+1] || c.G != want.Pix[i+2] || c.B != want.Pix[i+3])) {
				t.Fatalf("(%d,%d): PNG %v, pixmap %x", x, y, c, want.Pix[i:i+4])
			}
		}
	}
}

// shape is the icon with colour taken away: grey levels thresholded into
// transparent, shape and glyph (white on any state colour).
func shape(img *image.NRGBA) string {
	var b bytes.Buffer
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			c := img.NRGBAAt(x, y)
			g := color.GrayModel.Convert(color.NRGBA{c.R, c.G, c.B, 0xFF}).(color.Gray).Y
			switch {
			case c.A < 0x80:
				b.WriteByte('.')
			case g > 200:
				b.WriteByte('#')
			default:
				b.WriteByte('o')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Focus, break, paused and idle differ in grey, at every size, with the
// same minutes: colour is not the only signal.
func TestStatesDifferWithoutColour(t *testing.T) {
	states := []Face{
		{State: "focus", Kind: "focus", Minutes: 7, Goal: NoGoal},
		{State: "short_break", Kind: "short_break", Minutes: 7, Goal: NoGoal},
		{State: "paused", Kind: "focus", Minutes: 7, Goal: NoGoal},
		{State: "paused", Kind: "long_break", Minutes: 7, Goal: NoGoal},
		{State: "idle", Goal: NoGoal},
		// Away is not paused (issue 20: the two icons were the same); it
		// is one face, whatever was running.
		{State: "paused", Kind: "focus", Minutes: 7, Goal: NoGoal, Away: true},
	}
	for _, n := range PixmapSizes {
		seen := map[string]Face{}
		for _, f := range states {
			s := shape(Draw(n, f))
			if other, dup := seen[s]; dup {
				t.Errorf("%d px: %s/%s looks like %s/%s without colour:\n%s", n, f.State, f.Kind, other.State, other.Kind, s)
			}
			seen[s] = f
		}
		// Both breaks share the break shape.
		if shape(Draw(n, Face{State: "short_break", Kind: "short_break", Minutes: 7})) !=
			shape(Draw(n, Face{State: "long_break", Kind: "long_break", Minutes: 7})) {
			t.Errorf("%d px: short and long breaks have different shapes", n)
		}
	}
}

// ringShare is the bright part of the idle ring as a share of the full ring.
func ringShare(t *testing.T, n, goal int) float64 {
	t.Helper()
	count := func(img *image.NRGBA) int {
		c := 0
		for i := 0; i < len(img.Pix); i += 4 {
			if img.Pix[i] > 0xF0 && img.Pix[i+1] > 0xF0 && img.Pix[i+2] > 0xF0 && img.Pix[i+3] == 0xFF {
				c++
			}
		}
		return c
	}
	full := count(Draw(n, Face{State: "idle", Goal: NoGoal}))
	return float64(count(Draw(n, Face{State: "idle", Goal: goal}))) / float64(full)
}

func TestIdleRingFillsTowardsTheGoal(t *testing.T) {
	for _, n := range []int{22, 32, 64} {
		for _, c := range []struct {
			goal int
			want float64
		}{{0, 0}, {10, 0.1}, {25, 0.25}, {50, 0.5}, {80, 0.8}, {100, 1}, {150, 1}} {
			if got := ringShare(t, n, c.goal); math.Abs(got-c.want) > 0.07 {
				t.Errorf("%d px, %d %% of the goal: ring %.2f full, want %.2f", n, c.goal, got, c.want)
			}
		}
	}
	// The unfilled part is still drawn, faintly: the ring is visible at 0 %.
	if shape(Draw(32, Face{State: "idle", Goal: 0})) == shape(Draw(32, Face{State: "idle", Goal: NoGoal})) {
		t.Error("goal 0 % looks like no goal")
	}
}

func TestFaceFor(t *testing.T) {
	cases := []struct {
		st   control.Status
		want Face
	}{
		{control.Status{State: "idle"}, Face{State: "idle", Goal: NoGoal}},
		{control.Status{State: "idle", TodayFocusSeconds: 3600, DailyGoalSeconds: 4 * 3600}, Face{State: "idle", Goal: 25}},
		{control.Status{State: "idle", TodayFocusSeconds: 5 * 3600, DailyGoalSeconds: 4 * 3600}, Face{State: "idle", Goal: 100}},
		{control.Status{State: "idle", TodayFocusSeconds: 0, DailyGoalSeconds: 4 * 3600}, Face{State: "idle", Goal: 0}},
		{control.Status{State: "focus", Kind: "focus", MinutesLeft: 24, TodayFocusSeconds: 60, DailyGoalSeconds: 600},
			Face{State: "focus", Kind: "focus", Minutes: 24, Goal: NoGoal}},
		{control.Status{State: "paused", Kind: "long_break", MinutesLeft: 9}, Face{State: "paused", Kind: "long_break", Minutes: 9, Goal: NoGoal}},
		{control.Status{State: "paused", Kind: "focus", MinutesLeft: 9, AFK: true}, Face{State: "paused", Kind: "focus", Minutes: 9, Goal: NoGoal, Away: true}},
		{control.Status{State: "idle", AFK: true}, Face{State: "idle", Goal: NoGoal, Away: true}},
	}
	for _, c := range cases {
		if got := FaceFor(c.st); got != c.want {
			t.Errorf("FaceFor(%+v) = %+v, want %+v", c.st, got, c.want)
		}
	}
}

// The cache keeps the last faces only: a day of minutes does not pile up.
func TestIconCacheIsBounded(t *testing.T) {
	for m := 1; m <= 120; m++ {
		iconFor(Face{State: "focus", Kind: "focus", Minutes: m, Goal: NoGoal})
	}
	iconMu.Lock()
	n, order := len(iconCache), len(iconOrder)
	iconMu.Unlock()
	if n > 16 || order != n {
		t.Fatalf("%d faces cached (%d in order) after two hours of minutes, want a handful", n, order)
	}
	last := Face{State: "focus", Kind: "focus", Minutes: 120, Goal: NoGoal}
	if iconFor(last) != iconFor(last) {
		t.Fatal("the newest face is drawn again")
	}
}

func BenchmarkDrawAllSizes(b *testing.B) {
	f := Face{State: "focus", Kind: "focus", Minutes: 25, Goal: NoGoal}
	for b.Loop() {
		drawIcon(f, formPixmaps)
	}
}

// The Windows ICO carries every size, each a PNG of its declared size.
func TestICOHasEverySize(t *testing.T) {
	ico := drawIcon(faces[0], formICO).ico
	le := binary.LittleEndian
	if le.Uint16(ico[2:]) != 1 || int(le.Uint16(ico[4:])) != len(icoSizes) {
		t.Fatalf("ICO header % x", ico[:6])
	}
	for i, n := range icoSizes {
		e := ico[6+16*i:]
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		if int(e[0]) != n || int(e[1]) != n {
			t.Errorf("entry %d says %dx%d, want %d", i, e[0], e[1], n)
		}
		img, err := png.Decode(bytes.NewReader(ico[off : off+size]))
		if err != nil || img.Bounds().Dx() != n {
			t.Errorf("entry %d: %v, %v", i, err, img.Bounds())
		}
	}
}

// A paused focus block at 16 px, without colour: the disc of a focus
// block with pause bars instead of the minutes.
func ExampleDraw() {
	img := Draw(16, Face{State: "paused", Kind: "focus", Goal: NoGoal})
	fmt.Print(shape(img))
	// Output:
	// ................
	// ....oooooooo....
	// ...oooooooooo...
	// ..oooooooooooo..
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .ooo###oo###ooo.
	// .oooooooooooooo.
	// ..oooooooooooo..
	// ...oooooooooo...
	// ....oooooooo....
	// ................
}

// contrast is WCAG's contrast ratio of two opaque colours.
func contrast(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		ch := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	l1, l2 := lum(a), lum(b)
	return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
}

// over composites a straight-alpha pixel over an opaque panel colour.
func over(px color.NRGBA, panel color.NRGBA) color.NRGBA {
	a := float64(px.A) / 255
	mix := func(f, b uint8) uint8 { return uint8(math.Round(float64(f)*a + float64(b)*(1-a))) }
	return color.NRGBA{mix(px.R, panel.R), mix(px.G, panel.G), mix(px.B, panel.B), 0xFF}
}

// The idle icon stands out on dark panels and on light ones (issue 20:
// slate on a dark panel had too little contrast): its outermost opaque
// pixels reach 3:1 (WCAG's ratio for graphics) against the panel.
func TestIdleIconContrast(t *testing.T) {
	panels := map[string]color.NRGBA{"Adwaita dark": {0x2E, 0x34, 0x36, 0xFF}, "black": {0x10, 0x10, 0x10, 0xFF},
		"XFCE dark": {0x3C, 0x3C, 0x3C, 0xFF}, "Adwaita light": {0xF6, 0xF5, 0xF4, 0xFF}, "white": {0xFF, 0xFF, 0xFF, 0xFF}}
	for _, n := range []int{16, 22, 24, 32} {
		img := Draw(n, Face{State: "idle", Goal: NoGoal})
		for name, panel := range panels {
			// At each pixel of the shape's rim, the best contrast within two
			// pixels: what the eye finds the shape by.
			good, rows := 0, 0
			opaque := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && img.NRGBAAt(x, y).A >= 0x80 }
			for y := 0; y < n; y++ {
				for x := 0; x < n; x++ {
					if !opaque(x, y) || (opaque(x-1, y) && opaque(x+1, y) && opaque(x, y-1) && opaque(x, y+1)) {
						continue
					}
					best := 0.0
					for dy := -2; dy <= 2; dy++ {
						for dx := -2; dx <= 2; dx++ {
							if opaque(x+dx, y+dy) {
								best = max(best, contrast(over(img.NRGBAAt(x+dx, y+dy), panel), panel))
							}
						}
					}
					rows++
					if best >= 3 {
						good++
					}
				}
			}
			if good*10 < rows*8 {
				t.Errorf("%d px on %s: %d of %d rim pixels have 3:1 nearby", n, name, good, rows)
			}
		}
	}
}

//go:build ignore

// gen_icon draws the Readalong application icon and writes it to
// assets/icon.png. Run it from the module root:
//
//	go run assets/gen_icon.go
//
// The icon is a rounded square with an indigo-to-teal gradient holding a
// few lines of "text"; the line being spoken is an amber highlight with a
// sound wave in it, and a play mark points at it. Every shape is described
// by a signed distance function and each pixel is supersampled, so the
// edges are anti-aliased. Only the standard library is used.
package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 512 // output width and height in pixels
	ss   = 6   // supersampling factor per axis (ss*ss samples per pixel)
)

// rgba is a non-premultiplied colour with components in [0, 1].
type rgba struct{ r, g, b, a float64 }

func hex(c uint32, a float64) rgba {
	return rgba{
		float64(c>>16&0xff) / 255,
		float64(c>>8&0xff) / 255,
		float64(c&0xff) / 255,
		a,
	}
}

func mix(x, y rgba, t float64) rgba {
	return rgba{
		x.r + (y.r-x.r)*t,
		x.g + (y.g-x.g)*t,
		x.b + (y.b-x.b)*t,
		x.a + (y.a-x.a)*t,
	}
}

// over composites src over dst (both non-premultiplied).
func over(dst, src rgba) rgba {
	a := src.a + dst.a*(1-src.a)
	if a == 0 {
		return rgba{}
	}
	f := func(s, d float64) float64 { return (s*src.a + d*dst.a*(1-src.a)) / a }
	return rgba{f(src.r, dst.r), f(src.g, dst.g), f(src.b, dst.b), a}
}

// Palette.
var (
	indigo    = hex(0x2E2A7F, 1)
	teal      = hex(0x0B7A75, 1)
	ink       = hex(0x1F2360, 1)
	white     = hex(0xFFFFFF, 1)
	amber     = hex(0xFFB23F, 1)
	amberHigh = hex(0xFFC861, 1)
)

// Signed distance functions; negative inside.

func sdRoundRect(x, y, cx, cy, hw, hh, r float64) float64 {
	qx := math.Abs(x-cx) - hw + r
	qy := math.Abs(y-cy) - hh + r
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	return out + math.Min(math.Max(qx, qy), 0) - r
}

// sdCapsule is a line from (x1, y) to (x2, y) with round caps of radius r.
func sdCapsule(x, y, x1, x2, cy, r float64) float64 {
	px := math.Max(x1, math.Min(x, x2))
	return math.Hypot(x-px, y-cy) - r
}

// sdSegment is the distance to a segment of any direction, minus r.
func sdSegment(x, y, ax, ay, bx, by, r float64) float64 {
	pax, pay := x-ax, y-ay
	bax, bay := bx-ax, by-ay
	h := (pax*bax + pay*bay) / (bax*bax + bay*bay)
	h = math.Max(0, math.Min(1, h))
	return math.Hypot(pax-bax*h, pay-bay*h) - r
}

// sdTriangle is the exact distance to a triangle (after Inigo Quilez).
func sdTriangle(x, y float64, p [3][2]float64) float64 {
	d := math.Inf(1)
	s := 1.0
	for i := 0; i < 3; i++ {
		j := (i + 2) % 3
		ex, ey := p[j][0]-p[i][0], p[j][1]-p[i][1]
		wx, wy := x-p[i][0], y-p[i][1]
		h := math.Max(0, math.Min(1, (wx*ex+wy*ey)/(ex*ex+ey*ey)))
		bx, by := wx-ex*h, wy-ey*h
		d = math.Min(d, bx*bx+by*by)
		c1 := y >= p[i][1]
		c2 := y < p[j][1]
		c3 := ex*wy > ey*wx
		if (c1 && c2 && c3) || (!c1 && !c2 && !c3) {
			s = -s
		}
	}
	return s * math.Sqrt(d)
}

// Layout (in output pixels).
const (
	tileMargin = 16.0
	tileRadius = 104.0

	lineX1     = 164.0 // left end of the text lines
	lineR      = 13.0  // half thickness of a text line
	pillCY     = 256.0 // centre of the highlighted line
	pillHH     = 34.0  // half height of the highlight
	pillX1     = 142.0
	pillX2     = 414.0
	playCX     = 100.0 // play mark, left of the highlight
	waveBars   = 11
	waveBarW   = 8.0
	waveMargin = 32.0
)

// text lines: y centre and right end (left end is lineX1).
var textLines = [][2]float64{
	{140, 392},
	{188, 340},
	{324, 400},
	{372, 300},
}

// waveHeights are the half heights of the sound-wave bars, as a fraction
// of the highlight's inner half height.
var waveHeights = func() []float64 {
	h := make([]float64, waveBars)
	for i := range h {
		t := float64(i) / float64(waveBars-1)
		env := math.Sin(math.Pi * (0.12 + 0.76*t))
		v := 0.55 + 0.45*math.Abs(math.Sin(float64(i)*1.9+0.7))
		h[i] = 0.28 + 0.72*env*v
	}
	return h
}()

// sample returns the icon colour at (x, y), in output pixel coordinates.
func sample(x, y float64) rgba {
	var c rgba

	// Soft shadow under the tile (subtle, stays inside the canvas).
	if d := sdRoundRect(x, y-4, 256, 256, 256-tileMargin, 256-tileMargin, tileRadius); d < 11 {
		a := 0.22 * (1 - smooth(-5, 11, d))
		c = over(c, rgba{0, 0, 0.08, a})
	}

	tile := sdRoundRect(x, y, 256, 256, 256-tileMargin, 256-tileMargin, tileRadius)
	if tile > 0 {
		return c
	}

	// Background: diagonal indigo-to-teal gradient with a soft light from
	// the top left.
	t := ((x - tileMargin) + (y - tileMargin)) / (2 * (size - 2*tileMargin))
	t = math.Max(0, math.Min(1, t))
	bg := mix(indigo, teal, t*t*(3-2*t))
	glow := math.Exp(-(sq(x-150)+sq(y-90))/(2*sq(210))) * 0.16
	bg = mix(bg, white, glow)
	// Thin inner rim for definition.
	if tile > -3 {
		bg = mix(bg, white, 0.08*(1-smooth(-3, 0, tile)))
	}
	c = over(c, bg)

	// Text lines.
	for _, l := range textLines {
		if d := sdCapsule(x, y, lineX1, l[1], l[0], lineR); d < 1 {
			c = over(c, rgba{1, 1, 1, 0.9 * coverage(d)})
		}
	}

	// Glow and drop shadow of the highlight.
	pill := sdRoundRect(x, y, (pillX1+pillX2)/2, pillCY, (pillX2-pillX1)/2, pillHH, pillHH)
	if pill < 30 && pill > -1 {
		a := 0.18 * (1 - smooth(0, 30, pill))
		c = over(c, rgba{amber.r, amber.g, amber.b, a})
	}

	// The highlighted (spoken) line: an amber pill, lit from above.
	if pill < 1 {
		v := (y - (pillCY - pillHH)) / (2 * pillHH)
		col := mix(amberHigh, amber, v)
		col.a = coverage(pill)
		c = over(c, col)

		// Sound wave inside it.
		x0 := pillX1 + waveMargin
		x1 := pillX2 - waveMargin
		step := (x1 - x0) / float64(waveBars-1)
		inner := pillHH - 12
		for i, h := range waveHeights {
			bx := x0 + float64(i)*step
			hh := inner * h
			if d := sdSegment(x, y, bx, pillCY-hh+waveBarW/2, bx, pillCY+hh-waveBarW/2, waveBarW/2); d < 1 {
				w := ink
				w.a = coverage(d)
				c = over(c, w)
			}
		}
	}

	// Play mark pointing at the highlight, slightly rounded.
	const tw, th = 30.0, 34.0
	tri := [3][2]float64{
		{playCX - tw/2, pillCY - th/2},
		{playCX + tw/2, pillCY},
		{playCX - tw/2, pillCY + th/2},
	}
	if d := sdTriangle(x, y, tri) - 4; d < 1 {
		col := white
		col.a = coverage(d)
		c = over(c, col)
	}
	return c
}

func sq(v float64) float64 { return v * v }

// smooth is the smoothstep of v between e0 and e1.
func smooth(e0, e1, v float64) float64 {
	t := math.Max(0, math.Min(1, (v-e0)/(e1-e0)))
	return t * t * (3 - 2*t)
}

// coverage turns a signed distance into a hard-edged alpha at sample
// level; the supersampling provides the anti-aliasing.
func coverage(d float64) float64 {
	if d <= 0 {
		return 1
	}
	return 0
}

func main() {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), image.Transparent, image.Point{}, draw.Src)

	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Average premultiplied samples.
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := float64(px) + (float64(sx)+0.5)/ss
					y := float64(py) + (float64(sy)+0.5)/ss
					c := sample(x, y)
					r += c.r * c.a
					g += c.g * c.a
					b += c.b * c.a
					a += c.a
				}
			}
			n := float64(ss * ss)
			r, g, b, a = r/n, g/n, b/n, a/n
			if a > 0 {
				r, g, b = r/a, g/a, b/a
			}
			img.SetNRGBA(px, py, color.NRGBA{q(r), q(g), q(b), q(a)})
		}
	}

	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// q quantises a [0, 1] component to 8 bits.
func q(v float64) uint8 {
	return uint8(math.Round(math.Max(0, math.Min(1, v)) * 255))
}

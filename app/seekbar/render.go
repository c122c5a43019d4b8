package seekbar

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// renderer draws the band (turns, ticks, marks), the track, the played
// part and the knob. The band's objects are built again only when what
// it shows, the size or the colours change.
type renderer struct {
	s                  *SeekBar
	bandBg             *canvas.Rectangle
	track, played      *canvas.Rectangle
	knob               *canvas.Circle
	pool               []*canvas.Rectangle
	band               []fyne.CanvasObject
	objects            []fyne.CanvasObject
	gen                uint64
	size               fyne.Size
	spans              []span // the turns aggregated, for turnGen and spansW
	turnGen            uint64
	spansW             float32
	bandCol, tickCol   color.Color
	markCol, playedCol color.Color
	builds             int // how often the band was built, for tests
}

func newRenderer(s *SeekBar) *renderer {
	r := &renderer{s: s,
		bandBg: canvas.NewRectangle(color.Transparent),
		track:  canvas.NewRectangle(color.Transparent), played: canvas.NewRectangle(color.Transparent),
		knob: canvas.NewCircle(color.Transparent),
	}
	r.track.CornerRadius, r.played.CornerRadius = trackHeight/2, trackHeight/2
	r.gen, r.turnGen = ^uint64(0), ^uint64(0)
	return r
}

// colours are the theme's colours the bar uses now.
func (r *renderer) colours() (band, tick, mark, played color.Color) {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	return th.Color(theme.ColorNameInputBackground, v), th.Color(theme.ColorNameForeground, v),
		th.Color(theme.ColorNameHyperlink, v), th.Color(theme.ColorNamePrimary, v)
}

// Layout is part of fyne.WidgetRenderer.
func (r *renderer) Layout(size fyne.Size) { r.update(size) }

// MinSize is part of fyne.WidgetRenderer: the band, and the track with
// room for the knob.
func (r *renderer) MinSize() fyne.Size {
	return fyne.NewSize(r.s.inset()*2+20, bandHeight+gap+knobSize)
}

// Refresh is part of fyne.WidgetRenderer.
func (r *renderer) Refresh() { r.update(r.s.Size()) }

// Objects is part of fyne.WidgetRenderer.
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy is part of fyne.WidgetRenderer.
func (r *renderer) Destroy() {}

// update brings the objects up to date and marks the bar for redrawing
// only when something visible changed.
func (r *renderer) update(size fyne.Size) {
	s := r.s
	band, tick, mark, played := r.colours()
	changed := false
	if r.gen != s.gen || r.size != size || !same(r.bandCol, band) || !same(r.tickCol, tick) || !same(r.markCol, mark) {
		r.gen, r.size, r.bandCol, r.tickCol, r.markCol = s.gen, size, band, tick, mark
		r.buildBand(size)
		changed = true
	}
	x0, w := s.track(size.Width)
	ty := float32(bandHeight + gap + (knobSize-trackHeight)/2)
	kx := float32(math.Round(float64(s.XAt(s.value))))
	if !same(r.playedCol, played) {
		r.playedCol = played
		r.played.FillColor, r.knob.FillColor = played, played
		r.track.FillColor = band
		changed = true
	}
	want := [4]float32{x0, ty, w, kx}
	have := [4]float32{r.track.Position().X, r.track.Position().Y, r.track.Size().Width, r.knob.Position().X + knobSize/2}
	if want != have || changed {
		r.track.Move(fyne.NewPos(x0, ty))
		r.track.Resize(fyne.NewSize(w, trackHeight))
		r.played.Move(fyne.NewPos(x0, ty))
		r.played.Resize(fyne.NewSize(max(0, kx-x0), trackHeight))
		r.knob.Move(fyne.NewPos(kx-knobSize/2, bandHeight+gap))
		r.knob.Resize(fyne.NewSize(knobSize, knobSize))
		changed = true
	}
	if changed {
		r.objects = append(append([]fyne.CanvasObject{}, r.band...), r.track, r.played, r.knob)
		canvas.Refresh(s)
	}
}

// same reports whether a and b are the same colour.
func same(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// buildBand lays out the band for size: a faint background, the turns
// (at most one span per pixel column), the hits' ticks and the chapter
// marks.
func (r *renderer) buildBand(size fyne.Size) {
	s := r.s
	r.builds++
	x0, w := s.track(size.Width)
	r.bandBg.FillColor = r.bandCol
	r.bandBg.Move(fyne.NewPos(x0, 0))
	r.bandBg.Resize(fyne.NewSize(w, bandHeight))
	r.band = []fyne.CanvasObject{r.bandBg}
	used := 0
	rect := func(fill color.Color, x, width, y, height float32) {
		if used == len(r.pool) {
			r.pool = append(r.pool, canvas.NewRectangle(fill))
		}
		o := r.pool[used]
		used++
		o.FillColor = fill
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(width, height))
		o.Refresh()
		r.band = append(r.band, o)
	}
	if r.turnGen != s.turnGen || r.spansW != w {
		r.spans, r.turnGen, r.spansW = aggregateTurns(s.turns, s.dur, w), s.turnGen, w
	}
	for _, sp := range r.spans {
		rect(withAlpha(sp.col, 0xe0), x0+sp.x0, sp.x1-sp.x0, bandHeight/4, bandHeight/2)
	}
	for _, x := range columns(s.marks, s.dur, w) {
		rect(r.markCol, x0+x-markWidth/2, markWidth, 0, bandHeight+gap+knobSize/2)
	}
	for _, x := range columns(s.hits, s.dur, w) {
		rect(r.tickCol, x0+x-tickWidth/2, tickWidth, 0, bandHeight)
	}
}

// withAlpha is c with opacity a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// span is a run of pixel columns of one colour, [x0, x1) from the
// track's left edge.
type span struct {
	x0, x1 float32
	key    [4]uint32
	col    color.Color
}

func colorKey(c color.Color) [4]uint32 {
	r, g, b, a := c.RGBA()
	return [4]uint32{r, g, b, a}
}

// aggregateTurns reduces turns to at most one span per pixel column of a
// track width wide (adjacent columns of one colour merged). A column
// takes the colour that covers most of it; if the part no speaker covers
// is larger still, the column stays empty. The cost is about len(turns)
// + width for turns that do not overlap.
func aggregateTurns(turns []Turn, dur time.Duration, width float32) []span {
	if dur <= 0 || width <= 0 || len(turns) == 0 {
		return nil
	}
	type cover struct {
		key    [4]uint32
		col    color.Color
		amount float64
	}
	w := float64(width)
	n := int(math.Ceil(w))
	cols := make([][]cover, n)
	scale := w / float64(dur)
	for _, tu := range turns {
		if tu.Color == nil || tu.To <= tu.From {
			continue
		}
		a := min(max(float64(tu.From)*scale, 0), w)
		b := min(max(float64(tu.To)*scale, 0), w)
		if b <= a {
			continue
		}
		key := colorKey(tu.Color)
		for c := int(a); c <= min(int(math.Ceil(b))-1, n-1); c++ {
			part := math.Min(b, float64(c+1)) - math.Max(a, float64(c))
			if part <= 0 {
				continue
			}
			found := false
			for i := range cols[c] {
				if cols[c][i].key == key {
					cols[c][i].amount += part
					found = true
					break
				}
			}
			if !found {
				cols[c] = append(cols[c], cover{key, tu.Color, part})
			}
		}
	}
	var out []span
	for c := range cols {
		best, sum := -1, 0.0
		for i, cv := range cols[c] {
			sum += cv.amount
			if best < 0 || cv.amount > cols[c][best].amount {
				best = i
			}
		}
		x0, x1 := float32(c), float32(math.Min(float64(c+1), w))
		if best < 0 || cols[c][best].amount < float64(x1-x0)-sum {
			continue
		}
		cv := cols[c][best]
		if k := len(out) - 1; k >= 0 && out[k].x1 == x0 && out[k].key == cv.key {
			out[k].x1 = x1
			continue
		}
		out = append(out, span{x0: x0, x1: x1, key: cv.key, col: cv.col})
	}
	return out
}

// columns returns the x of each time in ts on a track width wide, at
// most one per pixel column, in order.
func columns(ts []time.Duration, dur time.Duration, width float32) []float32 {
	if dur <= 0 || width <= 0 {
		return nil
	}
	scale := float64(width) / float64(dur)
	var out []float32
	last := math.MinInt
	for _, t := range ts {
		if t < 0 || t > dur {
			continue
		}
		x := float64(t) * scale
		if col := int(math.Round(x)); col != last {
			last = col
			out = append(out, float32(x))
		}
	}
	return out
}

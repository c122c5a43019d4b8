// The timeline is the thin band drawn directly above the seek slider: who
// speaks when, as coloured stretches, and where the search hits are, as
// ticks. It is as wide as the slider and maps x to time exactly as the
// slider's track does, so a tap on the band seeks where a tap on the slider
// below it would. Hovering shows a one-line tip (time, speaker, words) in a
// layer the window stacks on top of its content.

package app

import (
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipMaxRunes is the longest hover tip, in runes, including the "…" that
// marks a cut.
const tipMaxRunes = 60

// turn is a stretch of the episode spoken by one speaker.
type turn struct {
	from, to time.Duration
	col      color.Color // nil: no speaker, draw nothing
}

// timeline is the speaker and search-hit band above the seek slider. Its
// methods must be called on the Fyne goroutine, like any widget's.
type timeline struct {
	widget.BaseWidget

	onTap    func(at time.Duration)
	describe func(at time.Duration) string

	dur   time.Duration
	turns []turn          // sorted by from
	hits  []time.Duration // sorted
	gen   uint64          // bumped whenever dur, turns or hits change

	tipLayer *fyne.Container // no layout; holds tipBg and tipText
	tipBg    *canvas.Rectangle
	tipText  *canvas.Text
}

var (
	_ fyne.Widget        = (*timeline)(nil)
	_ fyne.Tappable      = (*timeline)(nil)
	_ desktop.Hoverable  = (*timeline)(nil)
	_ desktop.Cursorable = (*timeline)(nil)
)

// newTimeline returns an empty band. onTap is called with the time under a
// tap; describe gives the hover tip's text for a time. Either may be nil.
func newTimeline(onTap func(at time.Duration), describe func(at time.Duration) string) *timeline {
	t := &timeline{onTap: onTap, describe: describe}
	t.tipBg = canvas.NewRectangle(color.Transparent)
	t.tipText = canvas.NewText("", color.Black)
	t.tipLayer = container.NewWithoutLayout(t.tipBg, t.tipText)
	t.tipLayer.Hide()
	t.ExtendBaseWidget(t)
	return t
}

// SetTurns sets the episode length and the speaker turns, and refreshes.
// The turns are copied; they need not be sorted.
func (t *timeline) SetTurns(dur time.Duration, turns []turn) {
	if dur < 0 {
		dur = 0
	}
	t.dur = dur
	t.turns = slices.Clone(turns)
	slices.SortStableFunc(t.turns, func(a, b turn) int {
		switch {
		case a.from < b.from:
			return -1
		case a.from > b.from:
			return 1
		}
		return 0
	})
	t.gen++
	t.Refresh()
}

// SetHits sets the times of search hits (sorted), drawn as ticks; nil clears.
func (t *timeline) SetHits(hits []time.Duration) {
	t.hits = slices.Clone(hits)
	slices.Sort(t.hits)
	t.gen++
	t.Refresh()
}

// TipLayer returns the canvas object that shows the hover tip. The window
// puts it in a container.NewStack on top of all its content. It holds only
// canvas primitives, so it takes no mouse events, and it is hidden unless
// the pointer is over the band.
func (t *timeline) TipLayer() fyne.CanvasObject {
	return t.tipLayer
}

// endOffset is how far the slider's track is inset on each side; it is
// widget.Slider's own formula (slider.go endOffset) with this widget's theme.
func (t *timeline) endOffset() float32 {
	th := t.Theme()
	return (th.Size(theme.SizeNameInlineIcon)-4)/2 + th.Size(theme.SizeNameInnerPadding) - 1.5
}

// track returns the track's left edge and width in widget coordinates.
func (t *timeline) track(width float32) (pad, w float32) {
	pad = t.endOffset()
	return pad, width - pad*2
}

// timeAt maps an x position within the widget to a time, clamped to
// [0, dur], the way the slider's getRatio maps x to a value.
func (t *timeline) timeAt(x float32) time.Duration {
	pad, w := t.track(t.Size().Width)
	if t.dur <= 0 || w <= 0 {
		return 0
	}
	var ratio float64
	switch {
	case x > pad+w:
		ratio = 1
	case x < pad:
		ratio = 0
	default:
		ratio = float64(x-pad) / float64(w)
	}
	return time.Duration(math.Round(ratio * float64(t.dur)))
}

// xAt maps a time to an x position within the widget; it is the inverse of
// timeAt. Times outside [0, dur] map to the track's ends.
func (t *timeline) xAt(d time.Duration) float32 {
	pad, w := t.track(t.Size().Width)
	if t.dur <= 0 || w <= 0 {
		return pad
	}
	d = min(max(d, 0), t.dur)
	return pad + float32(float64(d)/float64(t.dur)*float64(w))
}

// Tapped seeks: it calls onTap with the time under the pointer.
func (t *timeline) Tapped(e *fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap(t.timeAt(e.Position.X))
	}
}

// Cursor shows a pointing hand over the band.
func (t *timeline) Cursor() desktop.Cursor {
	return desktop.PointerCursor
}

// MouseIn shows the hover tip for the time under the pointer.
func (t *timeline) MouseIn(e *desktop.MouseEvent) {
	t.showTip(e.Position.X)
}

// MouseMoved moves the hover tip to the pointer and updates its text.
func (t *timeline) MouseMoved(e *desktop.MouseEvent) {
	t.showTip(e.Position.X)
}

// MouseOut hides the hover tip.
func (t *timeline) MouseOut() {
	t.hideTip()
}

// hideTip hides the tip layer if it is shown.
func (t *timeline) hideTip() {
	if t.tipLayer.Visible() {
		t.tipLayer.Hide()
	}
}

// showTip fills the tip with describe(timeAt(x)) and places it just above
// the band at x (below it if there is no room above), inside the layer.
func (t *timeline) showTip(x float32) {
	if t.describe == nil {
		t.hideTip()
		return
	}
	text := tipLine(t.describe(t.timeAt(x)))
	if text == "" {
		t.hideTip()
		return
	}

	th := t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	t.tipText.Text = text
	t.tipText.Color = th.Color(theme.ColorNameForeground, v)
	t.tipText.TextSize = th.Size(theme.SizeNameCaptionText)
	t.tipBg.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	t.tipBg.StrokeColor = th.Color(theme.ColorNameShadow, v)
	t.tipBg.StrokeWidth = 1
	t.tipBg.CornerRadius = th.Size(theme.SizeNameInputRadius)

	inner := th.Size(theme.SizeNameInnerPadding) / 2
	textSize := t.tipText.MinSize()
	box := fyne.NewSize(textSize.Width+inner*2, textSize.Height+inner)

	// Shown first: a hidden layer has no position in the canvas.
	t.tipLayer.Show()
	drv := fyne.CurrentApp().Driver()
	band := drv.AbsolutePositionForObject(t)
	origin := drv.AbsolutePositionForObject(t.tipLayer)
	bounds := t.tipLayer.Size()
	if bounds.Width <= 0 || bounds.Height <= 0 {
		origin = fyne.Position{}
		if c := drv.CanvasForObject(t); c != nil {
			bounds = c.Size()
		}
	}
	band = band.Subtract(origin)

	const gap = 2
	pos := fyne.NewPos(band.X+x-box.Width/2, band.Y-gap-box.Height)
	if pos.Y < 0 {
		pos.Y = band.Y + t.Size().Height + gap
	}
	pos.X = max(min(pos.X, bounds.Width-box.Width), 0)
	pos.Y = max(min(pos.Y, bounds.Height-box.Height), 0)

	t.tipBg.Move(pos)
	t.tipBg.Resize(box)
	t.tipText.Move(pos.Add(fyne.NewPos(inner, inner/2)))
	t.tipText.Resize(textSize)
	t.tipLayer.Refresh()
}

// tipLine makes s a single line of at most tipMaxRunes runes, ending in "…"
// if it had to be cut.
func tipLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= tipMaxRunes {
		return s
	}
	return strings.TrimRight(string(r[:tipMaxRunes-1]), " ") + "…"
}

// CreateRenderer returns the band's renderer.
func (t *timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t, track: canvas.NewRectangle(color.Transparent)}
	r.rebuild(t.Size())
	return r
}

// span is a run of pixel columns of one colour, from x0 to x1 measured from
// the track's left edge.
type span struct {
	x0, x1 float32
	key    [4]uint32
	col    color.Color
}

// colorKey makes a colour comparable.
func colorKey(c color.Color) [4]uint32 {
	r, g, b, a := c.RGBA()
	return [4]uint32{r, g, b, a}
}

// sameColor reports whether a and b are the same colour (both nil counts).
func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return colorKey(a) == colorKey(b)
}

// aggregateTurns reduces turns to at most one span per pixel column of a
// track width wide (adjacent columns of one colour merged). A column takes
// the colour that covers most of it; if the part no speaker covers is larger
// still, the column stays empty. The cost is about len(turns) + width for
// turns that do not overlap.
func aggregateTurns(turns []turn, dur time.Duration, width float32) []span {
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
		if tu.col == nil || tu.to <= tu.from {
			continue
		}
		a := min(max(float64(tu.from)*scale, 0), w)
		b := min(max(float64(tu.to)*scale, 0), w)
		if b <= a {
			continue
		}
		key := colorKey(tu.col)
		first, last := int(a), min(int(math.Ceil(b))-1, n-1)
		for c := first; c <= last; c++ {
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
				cols[c] = append(cols[c], cover{key, tu.col, part})
			}
		}
	}

	var out []span
	for c := range cols {
		best := -1
		sum := 0.0
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

// tickPositions returns the centres of the hit ticks, measured from the
// track's left edge, at most one per pixel column.
func tickPositions(hits []time.Duration, dur time.Duration, width float32) []float32 {
	if dur <= 0 || width <= 0 || len(hits) == 0 {
		return nil
	}
	scale := float64(width) / float64(dur)
	var out []float32
	last := math.MinInt
	for _, h := range hits {
		if h < 0 || h > dur {
			continue
		}
		x := float64(h) * scale
		if col := int(math.Round(x)); col != last {
			last = col
			out = append(out, float32(x))
		}
	}
	return out
}

// tickWidth is the width of a search-hit tick.
const tickWidth float32 = 3

// timelineRenderer draws the band: a faint track, the turn spans, then the
// ticks on top. It rebuilds its objects only when the turns, hits, size or
// theme colours change.
type timelineRenderer struct {
	t       *timeline
	track   *canvas.Rectangle
	pool    []*canvas.Rectangle // reused for spans and ticks
	objects []fyne.CanvasObject

	// What the objects were built from.
	gen             uint64
	size            fyne.Size
	trackCol, tickC color.Color
	pad             float32
	builds          int // number of rebuilds, for tests
}

// colours returns the theme colours the band uses now.
func (r *timelineRenderer) colours() (track, tick color.Color) {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	return th.Color(theme.ColorNameInputBackground, v), th.Color(theme.ColorNameForeground, v)
}

// stale reports whether the objects no longer match the widget at size.
func (r *timelineRenderer) stale(size fyne.Size) bool {
	track, tick := r.colours()
	return r.gen != r.t.gen || r.size != size || r.pad != r.t.endOffset() ||
		!sameColor(r.trackCol, track) || !sameColor(r.tickC, tick)
}

// rebuild lays out new objects for size from the widget's turns and hits.
func (r *timelineRenderer) rebuild(size fyne.Size) {
	t := r.t
	r.builds++
	r.gen, r.size = t.gen, size
	r.trackCol, r.tickC = r.colours()
	pad, w := t.track(size.Width)
	r.pad = pad

	r.track.FillColor = r.trackCol
	r.track.Move(fyne.NewPos(pad, 0))
	r.track.Resize(fyne.NewSize(max(w, 0), size.Height))
	objects := []fyne.CanvasObject{r.track}

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
		objects = append(objects, o)
	}
	for _, s := range aggregateTurns(t.turns, t.dur, w) {
		// Turns fill the middle of the band, so that the hits' ticks,
		// full height, stand out above and below them.
		// Slightly see-through, a backdrop to the ticks in both themes.
		rect(withAlpha(s.col, 0xe0), pad+s.x0, s.x1-s.x0, size.Height/4, size.Height/2)
	}
	for _, x := range tickPositions(t.hits, t.dur, w) {
		rect(r.tickC, pad+x-tickWidth/2, tickWidth, 0, size.Height)
	}
	r.objects = objects
}

// Layout rebuilds the objects if the size changed.
func (r *timelineRenderer) Layout(size fyne.Size) {
	if r.stale(size) {
		r.rebuild(size)
	}
}

// MinSize is a thin band: a little taller than the theme's padding.
func (r *timelineRenderer) MinSize() fyne.Size {
	th := r.t.Theme()
	return fyne.NewSize(r.t.endOffset()*2, th.Size(theme.SizeNamePadding)*2.5)
}

// Refresh rebuilds the objects if anything they show changed, then repaints.
func (r *timelineRenderer) Refresh() {
	if size := r.t.Size(); r.stale(size) {
		r.rebuild(size)
	}
	canvas.Refresh(r.t)
}

// Objects returns the track, the spans and the ticks, in drawing order.
func (r *timelineRenderer) Objects() []fyne.CanvasObject {
	return r.objects
}

// Destroy releases nothing; the renderer holds no resources.
func (r *timelineRenderer) Destroy() {}

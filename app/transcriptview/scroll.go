package transcriptview

import (
	"math"

	"fyne.io/fyne/v2"
)

// scrollbarWidth is the room the scroll bar takes at the right edge.
const scrollbarWidth = 12

// maxLayouts bounds how many rows keep their exact layout; the rest keep
// their exact height only and are laid out again when shown.
const maxLayouts = 2000

// textWidth is the width rows are laid out in.
func (v *View) textWidth() float32 { return max(v.size.Width, 60) }

// metrics returns the sizes rows are laid out with, measuring every row
// again (estimates, and the rows in view exactly) when the width, the
// text size or the stamps changed. The view keeps its place: the row at
// its top stays there, as far into it as it was, proportionally.
func (v *View) metrics() *metrics {
	th := v.Theme()
	w := v.textWidth()
	if v.m.same(th, w, v.stamp) {
		return v.m
	}
	frac := 0.0
	if v.top < v.hs.len() && v.hs.h[v.top] > 0 {
		frac = v.topOff / v.hs.h[v.top]
	}
	v.m = newMetrics(th, w, v.stamp)
	est := make([]float64, len(v.rows))
	for i := range v.rows {
		est[i] = float64(estimate(&v.rows[i], v.m, v.speaker[i]))
	}
	v.hs.reset(est)
	clear(v.layouts)
	if v.top < len(v.rows) {
		v.measure(v.top)
		v.topOff = frac * v.hs.h[v.top]
	}
	return v.m
}

// layout returns row i's exact layout, measuring it if need be.
func (v *View) layout(i int) *rowLayout {
	m := v.metrics()
	if l, ok := v.layouts[i]; ok {
		return l
	}
	if len(v.layouts) >= maxLayouts {
		clear(v.layouts)
	}
	l := layoutRow(&v.rows[i], m, v.speaker[i])
	v.layouts[i] = &l
	v.hs.set(i, float64(l.height))
	v.hs.exact[i] = true
	return &l
}

// measure makes row i's height exact.
func (v *View) measure(i int) {
	if !v.hs.exact[i] {
		v.layout(i)
	}
}

// viewH is the height of the view.
func (v *View) viewH() float64 { return float64(v.size.Height) }

// y is where the view's top edge is in the content.
func (v *View) y() float64 {
	if len(v.rows) == 0 {
		return 0
	}
	return v.hs.prefix(v.top) + v.topOff
}

// rowTop is where row i's top is in the content, and its height.
func (v *View) rowTop(i int) (top, h float64) {
	v.measure(i)
	return v.hs.prefix(i), v.hs.h[i]
}

// maxY is the furthest the view's top can go.
func (v *View) maxY() float64 { return max(0, v.hs.total()-v.viewH()) }

// setY scrolls the view's top edge to y of the content, clamped, after
// measuring the rows that will be in view, and reports where it is.
func (v *View) setY(y float64) {
	if len(v.rows) == 0 {
		return
	}
	v.metrics()
	v.anchor(y)
	v.settle()
	v.tellMoved()
}

// anchor puts the view's top at y, clamped to the content.
func (v *View) anchor(y float64) {
	y = max(0, min(y, v.maxY()))
	v.top = v.hs.find(y)
	v.topOff = y - v.hs.prefix(v.top)
}

// settle measures the rows in view and a view's height around them
// exactly, and keeps the view within the content: measuring can shorten
// the rows near the end, which would leave room under the last one.
func (v *View) settle() {
	if len(v.rows) == 0 || v.size.Height <= 0 {
		return
	}
	v.metrics()
	for round := 0; round < 4; round++ {
		v.measure(v.top)
		v.topOff = max(0, min(v.topOff, v.hs.h[v.top]))
		// Half a view above, a view and a half below.
		for i, h := v.top-1, 0.0; i >= 0 && h < v.viewH()/2; i-- {
			v.measure(i)
			h += v.hs.h[i]
		}
		for i, h := v.top, -v.topOff; i < len(v.rows) && h < v.viewH()*1.5; i++ {
			v.measure(i)
			h += v.hs.h[i]
		}
		y := v.y()
		if y <= v.maxY()+0.01 {
			return
		}
		v.anchor(v.maxY())
	}
}

// tellMoved calls OnMoved when the view moved since it last did.
func (v *View) tellMoved() {
	first, off := v.First()
	if v.moved == [2]float64{float64(first), float64(off)} {
		return
	}
	v.moved = [2]float64{float64(first), float64(off)}
	if v.OnMoved != nil {
		v.OnMoved(first, off)
	}
}

// First returns the first row whose top is in view, and the content's
// offset at the view's top edge.
func (v *View) First() (row int, offset float32) {
	if len(v.rows) == 0 {
		return -1, 0
	}
	y := v.y()
	row = v.top
	if v.topOff > 0.5 && row+1 < len(v.rows) {
		row++
	}
	return row, float32(math.Round(y*10) / 10)
}

// Offset is the content's offset at the view's top edge.
func (v *View) Offset() float32 { return float32(v.y()) }

// ScrollBy scrolls by dy (down for positive dy), as the user does.
func (v *View) scrollBy(dy float64) {
	v.setY(v.y() + dy)
	v.Refresh()
}

// JumpTo scrolls at once to put row a third of the way down the view (or
// as near as the content allows).
func (v *View) JumpTo(row int) {
	if row < 0 || row >= len(v.rows) {
		return
	}
	v.stopGlide()
	v.setY(v.targetY(row, 1.0/3))
	v.Refresh()
}

// targetY is the offset that puts row's top frac of the way down the
// view, with the rows above it that will show measured.
func (v *View) targetY(row int, frac float64) float64 {
	v.metrics()
	above := v.viewH() * frac
	for i, h := row-1, 0.0; i >= 0 && h < above; i-- {
		v.measure(i)
		h += v.hs.h[i]
	}
	top, _ := v.rowTop(row)
	return top - above
}

// Reveal brings row into view if it is not in view (at least its first
// lines): a third of the way down.
func (v *View) Reveal(row int) {
	if row < 0 || row >= len(v.rows) || v.size.Height <= 0 {
		return
	}
	top, h := v.rowTop(row)
	y := v.goalY()
	if top >= y && top+min(h, v.viewH()/2) <= y+v.viewH() {
		return
	}
	v.JumpTo(row)
}

// InView reports whether row's top and at least its first lines are in
// view.
func (v *View) InView(row int) bool {
	if row < 0 || row >= len(v.rows) || v.size.Height <= 0 {
		return false
	}
	top, h := v.rowTop(row)
	y := v.y()
	return top >= y-0.5 && top+min(h, v.viewH()/2) <= y+v.viewH()+0.5
}

// RowY returns where row's top is on screen, relative to the view's top
// edge, and its height (for tests and for menus placed at a row).
func (v *View) RowY(row int) (y, h float32) {
	top, hh := v.rowTop(row)
	return float32(top - v.y()), float32(hh)
}

// Scrolled is part of fyne.Scrollable: the mouse wheel scrolls, and the
// view stops following the spoken line while the user reads elsewhere.
func (v *View) Scrolled(e *fyne.ScrollEvent) {
	if len(v.rows) == 0 || e.Scrolled.DY == 0 {
		return
	}
	v.setFollowing(false)
	v.scrollBy(-float64(e.Scrolled.DY))
}

package transcriptview

import (
	"fyne.io/fyne/v2"
)

// rowAt is the row at y from the view's top edge, -1 below the last.
func (v *View) rowAt(y float32) int {
	if len(v.rows) == 0 {
		return -1
	}
	cy := v.y() + float64(y)
	i := v.hs.find(cy)
	if top, h := v.rowTop(i); cy >= top+h {
		return -1
	}
	return i
}

// inScrollbar reports whether x is over the scroll bar.
func (v *View) inScrollbar(x float32) bool {
	return x >= v.size.Width-scrollbarWidth && v.hs.total() > v.viewH()
}

// Tapped is part of fyne.Tappable: a click on a row tells OnTapped; a
// click on the scroll bar's track pages there.
func (v *View) Tapped(e *fyne.PointEvent) {
	if v.inScrollbar(e.Position.X) {
		v.setFollowing(false)
		v.scrollToThumb(e.Position.Y)
		return
	}
	if i := v.rowAt(e.Position.Y); i >= 0 && v.OnTapped != nil {
		// The row clicked is in view: the text does not move under the
		// pointer while the click is answered (playing the line, say).
		v.holding = true
		defer func() { v.holding = false }()
		v.OnTapped(i)
	}
}

// TappedSecondary is part of fyne.SecondaryTappable: a right click on a
// row tells OnTappedSecondary.
func (v *View) TappedSecondary(e *fyne.PointEvent) {
	if i := v.rowAt(e.Position.Y); i >= 0 && v.OnTappedSecondary != nil {
		v.OnTappedSecondary(i, e.AbsolutePosition)
	}
}

// dragState is a drag under way: of the scroll bar's thumb, or across
// rows.
type dragState struct {
	thumb    bool
	from     int
	to       int
	grabbedY float64 // for the thumb: where in the thumb it was grabbed
}

// Dragged is part of fyne.Draggable: dragging the thumb scrolls; dragging
// across rows tells OnDragged, for a selection.
func (v *View) Dragged(e *fyne.DragEvent) {
	if v.drag == nil {
		start := e.Position.Subtract(fyne.NewPos(e.Dragged.DX, e.Dragged.DY))
		v.drag = &dragState{thumb: v.inScrollbar(start.X), from: v.rowAt(start.Y), to: -1}
		if v.drag.thumb {
			v.setFollowing(false)
			ty, _ := v.thumb()
			v.drag.grabbedY = float64(start.Y) - ty
		}
	}
	if v.drag.thumb {
		v.scrollToThumb(e.Position.Y - float32(v.drag.grabbedY) + float32(v.thumbH()/2))
		return
	}
	if to := v.rowAt(e.Position.Y); to >= 0 && v.drag.from >= 0 && to != v.drag.to {
		v.drag.to = to
		if v.OnDragged != nil {
			v.OnDragged(v.drag.from, to, false)
		}
	}
}

// DragEnd is part of fyne.Draggable.
func (v *View) DragEnd() {
	d := v.drag
	v.drag = nil
	if d != nil && !d.thumb && d.from >= 0 && d.to >= 0 && v.OnDragged != nil {
		v.OnDragged(d.from, d.to, true)
	}
}

// thumb is where the scroll bar's thumb is (top, height).
func (v *View) thumb() (y, h float64) {
	total := v.hs.total()
	if total <= v.viewH() {
		return 0, v.viewH()
	}
	h = v.thumbH()
	return (v.viewH() - h) * v.y() / v.maxY(), h
}

func (v *View) thumbH() float64 {
	total := v.hs.total()
	if total <= 0 {
		return v.viewH()
	}
	return max(20, v.viewH()*v.viewH()/total)
}

// scrollToThumb scrolls so that the thumb's middle is at y.
func (v *View) scrollToThumb(y float32) {
	h := v.thumbH()
	frac := (float64(y) - h/2) / max(1, v.viewH()-h)
	v.setY(max(0, min(frac, 1)) * v.maxY())
	v.Refresh()
}

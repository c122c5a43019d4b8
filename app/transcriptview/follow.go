package transcriptview

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
)

// GlideTime is how long the view takes to glide to the spoken line.
const GlideTime = 250 * time.Millisecond

// glide is a scroll under way to a row: to the row's top less off, which
// is worked out again at every step, as rows measured on the way may
// change where the row is.
type glide struct {
	a        *fyne.Animation
	from     float64
	row      int
	off      float64
	progress float32
}

// to is where the glide ends, in content offsets.
func (v *View) glideTo(g *glide) float64 {
	top, _ := v.rowTop(g.row)
	return max(0, min(top-g.off, v.maxY()))
}

// goalY is where the view is going: the end of a glide under way, else
// where it is.
func (v *View) goalY() float64 {
	if v.glide != nil {
		return v.glideTo(v.glide)
	}
	return v.y()
}

// startGlide scrolls smoothly so that the view's top is off above row's
// top.
func (v *View) startGlide(row int, off float64) {
	v.stopGlide()
	g := &glide{from: v.y(), row: row, off: off}
	g.a = fyne.NewAnimation(GlideTime, func(p float32) {
		if v.glide != g {
			return
		}
		g.progress = p
		to := v.glideTo(g)
		v.setY(g.from + (to-g.from)*float64(p))
		v.Refresh()
		if p >= 1 {
			v.glide = nil
		}
	})
	g.a.Curve = fyne.AnimationEaseInOut
	v.glide = g
	g.a.Start()
}

func (v *View) stopGlide() {
	if g := v.glide; g != nil {
		v.glide = nil
		g.a.Stop()
	}
}

// followRow keeps row, the one being spoken at pos, in the upper part of
// the view, gliding there: a quarter of the way down. A row taller than
// most of the view is followed through: the part being spoken is kept a
// third of the way down. Near the end the view goes no further than the
// content, so it holds still rather than jump. A row already in the upper
// part of the view is not moved to (the view never scrolls back while
// playing on).
func (v *View) followRow(row int, pos time.Duration) {
	if row < 0 || !v.follow || v.holding || v.size.Height <= 0 {
		return
	}
	view := v.viewH()
	top, h := v.rowTop(row)
	off := v.goalY()
	want := top - view/4
	if h > view*0.6 {
		spoken := top + h*float64(v.spokenPoint(row, pos))
		want = max(want, min(spoken-view/3, top+h-view*0.8))
		if math.Abs(want-off) <= view*0.15 {
			return // the spoken part is near enough where it should be
		}
	} else if y := top - off; y >= 0 && y <= view*0.4 {
		return
	}
	want = max(0, min(want, v.maxY()))
	if math.Abs(want-off) < 1 {
		return // as far as the content goes
	}
	v.startGlide(row, top-want)
}

// spokenPoint is how far into row's text the voice is at pos, from 0 to
// 1: by its words when it has word times, else by time.
func (v *View) spokenPoint(row int, pos time.Duration) float32 {
	r := &v.rows[row]
	if w := wordAt(r, pos); len(r.Words) > 0 && w >= 0 && len(r.Text) > 0 {
		return float32(r.Words[w].From) / float32(len(r.Text))
	}
	return lineProgress(r, pos)
}

// lineProgress is how far through row r pos is, by time, from 0 to 1.
func lineProgress(r *Row, pos time.Duration) float32 {
	if r.End <= r.Start {
		return 1
	}
	return float32(max(0, min(float64(pos-r.Start)/float64(r.End-r.Start), 1)))
}

package transcriptview

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
)

// progressEvery is the shortest time between two moves of the progress
// mark under a line: it grows by at least a pixel at a time, and at most
// this often, since every change on screen repaints the window.
const progressEvery = 1000 * time.Millisecond

// progressDue is the position at which the progress mark next moves,
// from pos, px (how much of the line one pixel of the mark is) and the
// rate: on a whole number of progress steps (whole seconds at 1×, every
// other second at 1.5× or 2×), so that the mark moves in the same frame
// as a clock of whole seconds beside it changes, one repaint for both;
// and no more often than a pixel.
func progressDue(pos, px time.Duration, rate float64) time.Duration {
	step := progressEvery * time.Duration(max(1, math.Ceil(rate)))
	if px > step {
		return pos + px
	}
	return (pos/step + 1) * step
}

// lead is how far ahead of the playhead the view shows.
func (v *View) lead() time.Duration {
	if v.Lead != 0 {
		return v.Lead
	}
	return DefaultLead
}

// update brings the highlight to where the playhead will be when the
// frame reaches the screen, and schedules the next change: the next line,
// word or pixel of progress. follow says whether a change of line may
// move the view (not when the rows were just replaced).
func (v *View) update(follow bool) {
	if v.stopTimer != nil {
		v.stopTimer()
		v.stopTimer = nil
	}
	if len(v.rows) == 0 {
		return
	}
	now := v.clock.now()
	pos := v.play.Now(now.Add(v.lead()))
	playing := v.play.Rate > 0
	changed := false
	cur := v.At(pos)
	if cur != v.current {
		v.current, v.word, v.progress = cur, -2, 0
		changed = true
		if v.OnCurrentChanged != nil {
			v.OnCurrentChanged(cur)
		}
		if follow && playing {
			v.followRow(cur, pos)
		}
	}
	if cur >= 0 {
		r := &v.rows[cur]
		if len(r.Words) > 0 {
			if w := wordAt(r, pos); w != v.word {
				v.word = w
				changed = true
			}
		} else if p := lineProgress(r, pos); v.m == nil || (p-v.progress)*v.m.textW >= 1 || p < v.progress || p == 1 && v.progress != 1 {
			if p != v.progress {
				v.progress = p
				changed = true
			}
		}
		if follow && playing && v.size.Height > 0 {
			if _, h := v.rowTop(cur); h > v.viewH()*0.6 {
				v.followRow(cur, pos) // a long line: keep its spoken part in view
			}
		}
	}
	if changed {
		v.Refresh()
	}
	if playing {
		v.schedule(pos, now)
	}
}

// schedule sets the timer for the next change after pos, the position
// at wall time now (less the lead).
func (v *View) schedule(pos time.Duration, now time.Time) {
	next := time.Duration(-1)
	soonest := func(at time.Duration) {
		if at > pos && (next < 0 || at < next) {
			next = at
		}
	}
	i := v.At(pos)
	// The next line.
	j := 0
	if i >= 0 {
		for j = 0; j < len(v.lines) && v.lines[j] <= i; j++ {
		}
	}
	for ; j < len(v.lines); j++ {
		if s := v.rows[v.lines[j]].Start; s > pos {
			soonest(s)
			break
		}
	}
	if i >= 0 {
		r := &v.rows[i]
		if len(r.Words) > 0 {
			if w := wordAt(r, pos); w+1 < len(r.Words) {
				soonest(r.Words[w+1].Start)
			}
		} else if r.End > pos && v.m != nil && v.m.textW > 0 {
			soonest(progressDue(pos, time.Duration(float64(r.End-r.Start)/float64(v.m.textW)), v.play.Rate))
		}
	}
	if next < 0 {
		return
	}
	// When the playhead reaches next, less the lead (pos is already
	// the lead ahead of now).
	wait := time.Duration(float64(next-pos)/v.play.Rate) + time.Millisecond
	v.due = now.Add(wait)
	v.stopTimer = v.clock.after(wait, func() { v.update(true) })
}

// SetClock replaces the view's clock: now tells the time, and after
// calls f after d (on the Fyne goroutine) unless stopped. By default the
// view uses the wall clock and time.AfterFunc with fyne.Do; tests of a
// window holding a view give it a clock they move themselves.
func (v *View) SetClock(now func() time.Time, after func(d time.Duration, f func()) (stop func())) {
	v.clock = clock{nowFunc: now, afterFunc: after}
}

// clock is the time as the view sees it: the wall clock, and timers
// that call back on the Fyne goroutine.
type clock struct {
	nowFunc   func() time.Time
	afterFunc func(time.Duration, func()) (stop func())
}

func (c clock) now() time.Time {
	if c.nowFunc != nil {
		return c.nowFunc()
	}
	return time.Now()
}

// after calls f on the Fyne goroutine after d, unless stopped.
func (c clock) after(d time.Duration, f func()) (stop func()) {
	if c.afterFunc != nil {
		return c.afterFunc(d, f)
	}
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

package app

import (
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scrollTime is how long the view takes to glide to the playing line.
const scrollTime = 250 * time.Millisecond

// rowCount is the number of rows the list shows: every segment, or those
// of the speaker the view is filtered to.
func (u *UI) rowCount() int {
	if u.visible != nil {
		return len(u.visible)
	}
	return u.tr.Len()
}

// segOf is the segment shown by list row id.
func (u *UI) segOf(id int) int {
	if u.visible != nil {
		return u.visible[id]
	}
	return id
}

// rowOf is the list row showing segment seg; when seg is filtered out,
// the row of the last shown segment before it (-1 when there is none).
// exact says whether seg itself is shown.
func (u *UI) rowOf(seg int) (row int, exact bool) {
	if u.visible == nil || seg < 0 {
		return seg, seg >= 0
	}
	i := sort.SearchInts(u.visible, seg)
	if i < len(u.visible) && u.visible[i] == seg {
		return i, true
	}
	return i - 1, false
}

// updateRow fills a list row and tells the list how tall the row is at
// the current width, since the text wraps.
func (u *UI) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= u.rowCount() {
		return
	}
	r := o.(*lineRow)
	seg := u.segOf(id)
	if u.shown[r.seg] == r {
		delete(u.shown, r.seg)
	}
	pos := u.engine.Position()
	look := u.textLook(seg, pos)
	same := r.seg == seg && r.id == id && r.look == look // shown as it is: only its marks may change
	r.id, r.seg = id, seg
	r.onSecondary, r.onTap = u.lineMenu, u.tapRow
	u.shown[seg] = r
	s := u.tr.Segments[seg]
	name, col := u.speakerLabel(seg)
	if !same {
		r.look = look
		r.set(clock(s.Start), name, col, u.textSegments(seg, pos))
	}
	r.current, r.selected, r.isCursor = seg == u.current, u.inSelection(seg), seg == u.cursor
	r.progress = 0
	if r.current {
		r.progress = u.progressMark(seg, pos)
	}
	r.paint()
	w := u.list.Size().Width
	if w <= 0 {
		return
	}
	key := w
	if _, ok := u.heights[id]; ok && u.measuredAt[id] == key {
		return
	}
	u.measuredAt[id] = key
	// Pieces of its own for the measurer: a text segment belongs to the
	// one RichText that shows it.
	u.setHeight(id, u.measure.heightFor(u.textSegments(seg, pos), name != "", w, u.style))
}

// setHeight records the height row id must have. The list is told in
// settle, outside its own layout pass: telling it makes it lay itself out
// again at once, which from inside its layout would recurse.
func (u *UI) setHeight(id int, h float32) {
	if u.heights[id] != h {
		u.heights[id] = h
		u.pending[id] = h
	}
}

// watchWidth measures the rows shown again when the list's width
// changed: on a resize the list places its rows again but does not
// refill them, and wrapped text is as tall as the width makes it. (Rows
// off screen are measured again as they come into view: their heights
// are keyed by the width.)
func (u *UI) watchWidth() {
	if w := u.list.Size().Width; w != u.widthAt {
		u.widthAt = w
		u.list.Refresh()
	}
}

// settle gives the list the row heights measured since it was last
// laid out (it measures rows only as it shows them, and places rows
// before it fills them), so that every row is where rowTop says. Laying
// out again can show and measure more rows: a few rounds settle it.
func (u *UI) settle() {
	for i := 0; len(u.pending) > 0 && i < 8; i++ {
		batch := u.pending
		u.pending = map[int]float32{}
		for id, h := range batch {
			u.list.SetItemHeight(id, h)
		}
	}
}

// measureAround measures the rows a view around list row row shows, so
// that scrolling there lands where it aims: the list measures rows only
// as they come into view, and a row measured then moves those below it.
func (u *UI) measureAround(row int) {
	w := u.list.Size().Width
	if w <= 0 {
		return
	}
	pos := u.engine.Position()
	// The view will show the row a quarter of the way down (a third
	// after Back to now): a third of a view above it, the rest below.
	n := int(u.list.Size().Height/u.rowMin()) + 2
	key := w
	for id := max(0, row-n/3-1); id < min(u.rowCount(), row+n); id++ {
		if _, ok := u.heights[id]; ok && u.measuredAt[id] == key {
			continue
		}
		seg := u.segOf(id)
		name, _ := u.speakerLabel(seg)
		u.measuredAt[id] = key
		u.setHeight(id, u.measure.heightFor(u.textSegments(seg, pos), name != "", w, u.style))
	}
	u.settle()
}

// row is the row widget on screen showing segment seg, or nil.
func (u *UI) row(seg int) *lineRow {
	if r, ok := u.shown[seg]; ok && r.seg == seg {
		return r
	}
	return nil
}

// setCurrent moves the highlight from one line to another, touching only
// the two rows concerned (when they are on screen).
func (u *UI) setCurrent(idx int, pos time.Duration) {
	old := u.current
	u.current = idx
	if r := u.row(old); r != nil {
		r.setCurrent(false)
		u.restyle(r, pos)
	}
	if r := u.row(idx); r != nil {
		r.setCurrent(true)
		u.restyle(r, pos)
	}
}

// restyle rebuilds a row's styled text when what it depends on changed.
func (u *UI) restyle(r *lineRow, pos time.Duration) {
	if look := u.textLook(r.seg, pos); look != r.look {
		r.look = look
		r.setText(u.textSegments(r.seg, pos))
	}
}

// speakerLabel is the speaker to show above the line of segment seg and
// the colour to show it in: the speaker's name when it differs from the
// row above, else "".
func (u *UI) speakerLabel(seg int) (string, fyne.ThemeColorName) {
	s := u.tr.Segments[seg].Speaker
	if s == "" {
		return "", ""
	}
	if row, _ := u.rowOf(seg); row > 0 && u.tr.Segments[u.segOf(row-1)].Speaker == s {
		return "", ""
	}
	return s, speakerColorName(u.speakers.idx[s])
}

// rowTop is the offset of list row id from the top of the list's content,
// as the list lays it out: rows not yet measured have the template's
// height.
func (u *UI) rowTop(id int) (top, height float32) {
	pad := theme.Padding()
	std := u.rowMin()
	top = float32(id) * (std + pad)
	for i, h := range u.heights {
		if i < id {
			top += h - std
		}
	}
	height, ok := u.heights[id]
	if !ok {
		height = std
	}
	return top, height
}

// contentHeight is the height of all the rows, as the list lays them out.
func (u *UI) contentHeight() float32 {
	n := u.rowCount()
	if n == 0 {
		return 0
	}
	top, h := u.rowTop(n - 1)
	return top + h
}

func (u *UI) rowMin() float32 {
	if u.minRow == 0 {
		// Themed like the list's rows, whose template sets the height of
		// rows not yet measured.
		r := newLineRow()
		r.style = u.style
		container.NewThemeOverride(r, u.reading)
		u.minRow = r.MinSize().Height
	}
	return u.minRow
}

// follow keeps the playing line in the upper third of the view, gliding
// there. A line taller than most of the view is followed through: the
// part being spoken is kept a third of the way down. Near the end of the
// transcript the view goes no further than the list can, so it holds
// still rather than jump. It does nothing while the user reads elsewhere.
func (u *UI) follow(seg int, pos time.Duration) {
	if seg < 0 || !u.following || u.stayPut {
		return
	}
	row, _ := u.rowOf(seg)
	if row < 0 {
		return
	}
	view := u.list.Size().Height
	if view <= 0 {
		return
	}
	u.measureAround(row)
	top, h := u.rowTop(row)
	off := u.scrollGoal()
	want := top - view/4
	if h > view*0.6 {
		spoken := top + h*u.spokenPoint(seg, pos)
		want = max(want, min(spoken-view/3, top+h-view*0.8))
		if abs32(want-off) <= view*0.15 {
			return // the spoken part is near enough where it should be
		}
	} else if y := top - off; y >= 0 && y <= view*0.4 {
		return // already in the upper part of the view: never scroll back to it
	}
	want = max(0, min(want, u.contentHeight()-view))
	if abs32(want-off) < 1 {
		return // as far as the list goes (the end of the transcript)
	}
	u.glide(want)
}

// scrollGoal is where the view is going: the end of a glide under way,
// else where it is.
func (u *UI) scrollGoal() float32 {
	if u.anim != nil {
		return u.animTo
	}
	return u.list.GetScrollOffset()
}

// glide scrolls the list smoothly to offset to.
func (u *UI) glide(to float32) {
	u.stopGlide()
	from := u.list.GetScrollOffset()
	u.animTo = to
	var a *fyne.Animation
	a = fyne.NewAnimation(scrollTime, func(p float32) {
		if u.anim != a {
			return
		}
		u.list.ScrollToOffset(from + (to-from)*p)
		u.settle()
		u.ownOffset = u.list.GetScrollOffset()
		if p >= 1 {
			u.anim = nil
		}
	})
	a.Curve = fyne.AnimationEaseInOut
	u.anim = a
	if u.startAnim != nil {
		u.startAnim(a)
	} else {
		a.Start()
	}
}

func (u *UI) stopGlide() {
	if u.anim != nil {
		a := u.anim
		u.anim = nil
		a.Stop()
	}
}

// jumpTo scrolls at once to put list row row a third of the way down.
func (u *UI) jumpTo(row int) {
	u.stopGlide()
	u.measureAround(row)
	top, _ := u.rowTop(row)
	u.list.ScrollToOffset(max(0, top-u.list.Size().Height/3))
	u.settle()
	u.ownOffset = u.list.GetScrollOffset()
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// watchScroll pauses following when the list was scrolled by someone
// other than follow: the user is reading elsewhere.
func (u *UI) watchScroll() {
	off := u.list.GetScrollOffset()
	if u.following && off != u.ownOffset && u.engine.Playing() {
		u.stopGlide()
		u.pauseFollowing()
	}
	u.ownOffset = off
}

// pauseFollowing leaves the view where it is until Back to now.
func (u *UI) pauseFollowing() {
	if !u.following {
		return
	}
	u.following = false
	u.backToNow.Show()
	u.debug("follow paused")
}

// backToNowAction resumes following and brings the playing line into view.
func (u *UI) backToNowAction() {
	u.showNow()
	u.debug("follow resumed")
	u.focusKeys()
}

// showNow follows the episode again and brings the line being spoken a
// third of the way down the view; before the list has a size (a window
// not yet shown) it does so once it has one.
func (u *UI) showNow() {
	u.following = true
	u.backToNow.Hide()
	if u.list.Size().Height <= 0 {
		u.showNowDue = true
		return
	}
	u.showNowDue = false
	if u.current >= 0 {
		if row, _ := u.rowOf(u.current); row >= 0 {
			u.jumpTo(row)
		}
	}
}

// reveal brings the line being spoken into view after a seek the user
// made (seek bar, timeline, keys), unless they scrolled away to read
// elsewhere, or the line is in view already.
func (u *UI) reveal() {
	if !u.following || u.stayPut || u.current < 0 {
		return
	}
	row, _ := u.rowOf(u.current)
	view := u.list.Size().Height
	if row < 0 || view <= 0 {
		return
	}
	u.measureAround(row)
	top, h := u.rowTop(row)
	if off := u.scrollGoal(); top >= off && top+min(h, view/2) <= off+view {
		return
	}
	u.jumpTo(row)
}

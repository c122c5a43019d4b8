package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// updateRow fills a list row and tells the list how tall the row is at
// the current width, since the text wraps.
func (u *UI) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= u.tr.Len() {
		return
	}
	r := o.(*lineRow)
	if u.shown[r.id] == r {
		delete(u.shown, r.id)
	}
	r.id = id
	u.shown[id] = r
	s := u.tr.Segments[id]
	r.set(clock(s.Start), u.speakerShown(id), s.Text, id == u.current)
	r.setSelected(u.inSelection(id))
	w := u.list.Size().Width
	if w <= 0 {
		return
	}
	if w != u.widthAt {
		u.widthAt = w
		clear(u.heights)
	}
	h := r.heightFor(u.measure, s.Text, u.speakerShown(id) != "", w)
	if u.heights[id] != h {
		u.heights[id] = h
		u.list.SetItemHeight(id, h)
	}
}

// setCurrent moves the highlight from one line to another, touching only
// the two rows concerned (when they are on screen).
func (u *UI) setCurrent(idx int) {
	old := u.current
	u.current = idx
	if r, ok := u.shown[old]; ok && r.id == old {
		r.setCurrent(false)
	}
	if r, ok := u.shown[idx]; ok && r.id == idx {
		r.setCurrent(true)
	}
}

// speakerShown is the speaker to show above row id: the speaker's name
// when it differs from the row before, else "".
func (u *UI) speakerShown(id int) string {
	s := u.tr.Segments[id].Speaker
	if id > 0 && u.tr.Segments[id-1].Speaker == s {
		return ""
	}
	return s
}

// rowTop is the offset of row id from the top of the list's content, as
// the list lays it out: rows not yet measured have the template's height.
func (u *UI) rowTop(id int) (top, height float32) {
	pad := theme.Padding()
	std := u.rowMin()
	for i := 0; i < id; i++ {
		h, ok := u.heights[i]
		if !ok {
			h = std
		}
		top += h + pad
	}
	height, ok := u.heights[id]
	if !ok {
		height = std
	}
	return top, height
}

func (u *UI) rowMin() float32 {
	if u.minRow == 0 {
		u.minRow = newLineRow().MinSize().Height
	}
	return u.minRow
}

// follow keeps the playing row in view: when it leaves the upper two
// thirds of the list, the list scrolls to put it a third of the way down.
// It does nothing while the user reads elsewhere (following is paused).
func (u *UI) follow(id int) {
	if id < 0 || !u.following {
		return
	}
	top, h := u.rowTop(id)
	off := u.list.GetScrollOffset()
	view := u.list.Size().Height
	if top >= off && top+h <= off+view*2/3 {
		return
	}
	u.list.ScrollToOffset(max(0, top-view/3))
	u.ownOffset = u.list.GetScrollOffset()
}

// watchScroll pauses following when the list was scrolled by someone
// other than follow: the user is reading elsewhere.
func (u *UI) watchScroll() {
	off := u.list.GetScrollOffset()
	if u.following && off != u.ownOffset && u.engine.Playing() {
		u.following = false
		u.backToNow.Show()
		u.debug("follow paused")
	}
	u.ownOffset = off
}

// backToNowAction resumes following and brings the playing line into view.
func (u *UI) backToNowAction() {
	u.following = true
	u.backToNow.Hide()
	if u.current >= 0 {
		top, _ := u.rowTop(u.current)
		u.list.ScrollToOffset(max(0, top-u.list.Size().Height/3))
		u.ownOffset = u.list.GetScrollOffset()
	}
	u.debug("follow resumed")
	u.focusKeys()
}

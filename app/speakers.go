package app

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// speakerState is the legend of speakers and the filter it sets.
type speakerState struct {
	box   *fyne.Container
	chips *fyne.Container
	names []string       // in order of first speaking
	idx   map[string]int // each speaker's colour
	only  string         // the speaker whose lines alone are listed, "" for all
}

// speakerChip is one entry of the legend: the speaker's colour and name.
// Tapping it lists that speaker's lines only; tapping it again, or All,
// lists every line.
type speakerChip struct {
	widget.BaseWidget
	name   string
	all    bool // the chip that lists every speaker
	dot    *canvas.Circle
	label  *canvas.Text
	bg     *canvas.Rectangle
	on     bool
	onTap  func()
	colour func() color.Color
}

func newSpeakerChip(name string, colour func() color.Color, onTap func()) *speakerChip {
	c := &speakerChip{name: name, colour: colour, onTap: onTap,
		dot: canvas.NewCircle(color.Transparent), label: canvas.NewText(name, color.Black), bg: canvas.NewRectangle(color.Transparent)}
	c.bg.CornerRadius = 10
	c.ExtendBaseWidget(c)
	return c
}

// Tapped is part of fyne.Tappable.
func (c *speakerChip) Tapped(*fyne.PointEvent) { c.onTap() }

// Cursor is part of desktop.Cursorable.
func (c *speakerChip) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *speakerChip) CreateRenderer() fyne.WidgetRenderer {
	r := &chipRenderer{c: c}
	r.Refresh()
	return r
}

type chipRenderer struct{ c *speakerChip }

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.bg, r.c.dot, r.c.label}
}
func (r *chipRenderer) Destroy() {}

func (r *chipRenderer) MinSize() fyne.Size {
	pad := theme.Padding()
	t := r.c.label.MinSize()
	return fyne.NewSize(pad*3+10+t.Width, t.Height+pad)
}

func (r *chipRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	r.c.bg.Resize(size)
	d := float32(10)
	if r.c.colour == nil {
		d = 0
	}
	r.c.dot.Resize(fyne.NewSize(d, d))
	r.c.dot.Move(fyne.NewPos(pad, (size.Height-d)/2))
	t := r.c.label.MinSize()
	r.c.label.Move(fyne.NewPos(pad*2+d, (size.Height-t.Height)/2))
	r.c.label.Resize(t)
}

func (r *chipRenderer) Refresh() {
	c := r.c
	th := c.Theme()
	v := variant()
	if c.colour != nil {
		c.dot.FillColor = c.colour()
	}
	c.label.Color = th.Color(theme.ColorNameForeground, v)
	c.label.TextSize = th.Size(theme.SizeNameText)
	c.label.TextStyle.Bold = c.on
	c.bg.FillColor = color.Transparent
	if c.on {
		c.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	}
	r.Layout(c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (u *UI) buildLegend() fyne.CanvasObject {
	u.speakers.chips = container.NewHBox()
	u.speakers.box = container.NewBorder(nil, nil, widget.NewLabel("Speakers"), nil, container.NewHScroll(u.speakers.chips))
	u.speakers.box.Hide()
	return u.speakers.box
}

// showLegend lists the transcript's speakers, each in its colour; it is
// hidden for a transcript with fewer than two.
func (u *UI) showLegend() {
	st := &u.speakers
	st.names = u.base.Speakers()
	st.idx = map[string]int{}
	for i, n := range st.names {
		st.idx[n] = i
	}
	st.chips.RemoveAll()
	if len(st.names) < 2 {
		st.box.Hide()
		u.buildMenu()
		return
	}
	all := newSpeakerChip("All", nil, func() { u.filterSpeaker(""); u.focusKeys() })
	all.all, all.on = true, st.only == ""
	st.chips.Add(all)
	for i, n := range st.names {
		i, n := i, n
		chip := newSpeakerChip(n, func() color.Color { return speakerColor(i, variant()) }, func() {
			if u.speakers.only == n {
				u.filterSpeaker("")
			} else {
				u.filterSpeaker(n)
			}
			u.focusKeys()
		})
		chip.on = st.only == n
		st.chips.Add(chip)
	}
	st.box.Show()
	u.buildMenu()
}

// filterSpeaker lists only the lines of speaker name ("" for all) and
// brings the line being spoken, or the one before it, into view.
func (u *UI) filterSpeaker(name string) {
	st := &u.speakers
	if _, ok := st.idx[name]; name != "" && !ok {
		return
	}
	st.only = name
	u.visible = nil
	if name != "" {
		u.visible = []int{}
		for i, s := range u.tr.Segments {
			if s.Speaker == name {
				u.visible = append(u.visible, i)
			}
		}
	}
	for _, o := range st.chips.Objects {
		if c, ok := o.(*speakerChip); ok {
			c.on = c.all && name == "" || !c.all && c.name == name
			c.Refresh()
		}
	}
	cur := u.current
	u.transcriptChanged()
	u.refreshSearch()
	u.buildMenu()
	u.sync()
	if row, _ := u.rowOf(cur); row >= 0 {
		u.jumpTo(row)
	} else {
		u.list.ScrollToTop()
		u.ownOffset = u.list.GetScrollOffset()
	}
	u.debug("speaker filter %q rows=%d", name, u.rowCount())
}

// showTurns puts the speakers' turns on the timeline.
func (u *UI) showTurns() {
	dur := u.engine.Duration()
	var turns []turn
	v := variant()
	for i, s := range u.tr.Segments {
		end := u.tr.EndOf(i, dur)
		var col color.Color
		if s.Speaker != "" {
			col = speakerColor(u.speakers.idx[s.Speaker], v)
		}
		if n := len(turns); n > 0 && turns[n-1].col == col && turns[n-1].to >= s.Start {
			turns[n-1].to = max(turns[n-1].to, end)
			continue
		}
		turns = append(turns, turn{from: s.Start, to: end, col: col})
	}
	u.band.SetTurns(dur, turns)
}

// describeAt is the timeline's hover text: the time and the line spoken
// then.
func (u *UI) describeAt(at time.Duration) string {
	t := clock(at)
	i := u.tr.At(at)
	if i < 0 {
		return t
	}
	s := u.tr.Segments[i]
	if s.Speaker != "" {
		return t + " · " + s.Speaker + ": " + s.Text
	}
	return t + " · " + s.Text
}

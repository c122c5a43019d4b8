package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/app/session"
)

// legend lists the speakers, each in its colour; tapping one lists that
// speaker's lines only.
type legend struct {
	u     *UI
	box   *fyne.Container
	chips *fyne.Container
	names []string       // in order of first speaking
	idx   map[string]int // each speaker's colour
}

// index is speaker name's colour index.
func (l *legend) index(name string) int { return l.idx[name] }

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

func newLegend(u *UI) *legend {
	l := &legend{u: u, chips: container.NewHBox(), idx: map[string]int{}}
	l.box = container.NewBorder(nil, nil, widget.NewLabel("Speakers"), nil, container.NewHScroll(l.chips))
	l.box.Hide()
	return l
}

// show lists the transcript's speakers; it is hidden for a transcript
// with fewer than two.
func (l *legend) show() {
	u := l.u
	l.names = u.ep.base.Speakers()
	l.idx = map[string]int{}
	for i, n := range l.names {
		l.idx[n] = i
	}
	l.chips.RemoveAll()
	if len(l.names) < 2 {
		l.box.Hide()
		return
	}
	all := newSpeakerChip("All", nil, func() { u.filterSpeaker(""); u.focusKeys() })
	all.all, all.on = true, u.ep.filter.Only == ""
	l.chips.Add(all)
	for i, n := range l.names {
		chip := newSpeakerChip(n, func() color.Color { return speakerColor(i, variant()) }, func() {
			if u.ep.filter.Only == n {
				u.filterSpeaker("")
			} else {
				u.filterSpeaker(n)
			}
			u.focusKeys()
		})
		chip.on = u.ep.filter.Only == n
		l.chips.Add(chip)
	}
	l.box.Show()
}

// filterSpeaker lists only the lines of speaker name ("" for all) and
// brings the line being spoken, or the one before it, into view.
func (u *UI) filterSpeaker(name string) {
	if _, ok := u.legend.idx[name]; name != "" && !ok {
		return
	}
	cur := u.current()
	u.ep.filter = session.NewFilter(u.ep.tr, name)
	for _, o := range u.legend.chips.Objects {
		if c, ok := o.(*speakerChip); ok {
			c.on = c.all && name == "" || !c.all && c.name == name
			c.Refresh()
		}
	}
	u.showTranscript()
	u.refreshSearch()
	u.buildMenu()
	u.sync()
	if row := u.rowAtOrBefore(cur); row >= 0 {
		u.view.JumpTo(row)
	} else {
		u.view.JumpTo(0)
	}
	u.debug("speaker filter %q rows=%d", name, u.ep.filter.Len())
}

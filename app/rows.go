package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lineRow shows one transcript segment: its time, the speaker when the
// speaker changes, and the text wrapped to the width. A tinted background
// and an accent bar mark the line being spoken.
type lineRow struct {
	widget.BaseWidget
	bg, bar  *canvas.Rectangle
	stamp    *widget.Label
	speaker  *widget.Label
	text     *widget.Label
	current  bool
	selected bool // inside the clip range
	id       int  // the line shown
}

func newLineRow() *lineRow {
	r := &lineRow{
		bg:      canvas.NewRectangle(color.Transparent),
		bar:     canvas.NewRectangle(color.Transparent),
		stamp:   widget.NewLabelWithStyle("0:00:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}),
		speaker: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		text:    widget.NewLabel(""),
		id:      -1,
	}
	r.stamp.Importance = widget.LowImportance
	r.speaker.Importance = widget.HighImportance
	r.text.Wrapping = fyne.TextWrapWord
	r.ExtendBaseWidget(r)
	return r
}

// set shows a segment; speaker is "" to hide the speaker line.
func (r *lineRow) set(stamp, speaker, text string, current bool) {
	r.stamp.SetText(stamp)
	r.speaker.SetText(speaker)
	if speaker == "" {
		r.speaker.Hide()
	} else {
		r.speaker.Show()
	}
	r.text.SetText(text)
	r.setCurrent(current)
}

func (r *lineRow) setSelected(selected bool) {
	r.selected = selected
	r.setCurrent(r.current)
}

func (r *lineRow) setCurrent(current bool) {
	r.current = current
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	if r.selected && !current {
		r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		r.bar.FillColor = th.Color(theme.ColorNameSelection, v)
	} else if current {
		p := th.Color(theme.ColorNamePrimary, v)
		rr, g, b, _ := p.RGBA()
		r.bg.FillColor = color.NRGBA{uint8(rr >> 8), uint8(g >> 8), uint8(b >> 8), 0x38}
		r.bar.FillColor = p
		r.text.TextStyle.Bold = false
	} else {
		r.bg.FillColor = color.Transparent
		r.bar.FillColor = color.Transparent
	}
	r.bg.Refresh()
	r.bar.Refresh()
}

func (r *lineRow) CreateRenderer() fyne.WidgetRenderer {
	return &lineRowRenderer{r: r, objects: []fyne.CanvasObject{r.bg, r.bar, r.stamp, r.speaker, r.text}}
}

// rowGeometry is shared by the renderer and the height calculation, so the
// height set on the list is the height the row lays out to.
type rowGeometry struct {
	stampW, pad, barW float32
}

func geometry(stamp *widget.Label) rowGeometry {
	pad := theme.Padding()
	return rowGeometry{stampW: stamp.MinSize().Width, pad: pad, barW: pad * 0.75}
}

// textWidth is the width left for the text in a row of width w.
func (g rowGeometry) textWidth(w float32) float32 {
	return max(w-g.barW-g.stampW-g.pad, 50)
}

type lineRowRenderer struct {
	r       *lineRow
	objects []fyne.CanvasObject
}

func (l *lineRowRenderer) Layout(size fyne.Size) {
	r := l.r
	g := geometry(r.stamp)
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	r.bar.Resize(fyne.NewSize(g.barW, size.Height))
	r.bar.Move(fyne.NewPos(0, 0))
	r.stamp.Resize(fyne.NewSize(g.stampW, r.stamp.MinSize().Height))
	r.stamp.Move(fyne.NewPos(g.barW, 0))
	x := g.barW + g.stampW + g.pad
	w := g.textWidth(size.Width)
	y := float32(0)
	if r.speaker.Visible() {
		sh := r.speaker.MinSize().Height
		r.speaker.Resize(fyne.NewSize(w, sh))
		r.speaker.Move(fyne.NewPos(x, 0))
		y = sh - 2*g.pad
	}
	r.text.Move(fyne.NewPos(x, y))
	r.text.Resize(fyne.NewSize(w, size.Height-y))
}

func (l *lineRowRenderer) MinSize() fyne.Size {
	r := l.r
	h := r.text.MinSize().Height
	if r.speaker.Visible() {
		h += r.speaker.MinSize().Height - 2*theme.Padding()
	}
	return fyne.NewSize(geometry(r.stamp).stampW+100, h)
}

func (l *lineRowRenderer) Refresh() {
	l.Layout(l.r.Size())
	for _, o := range l.objects {
		o.Refresh()
	}
}

func (l *lineRowRenderer) Objects() []fyne.CanvasObject { return l.objects }
func (l *lineRowRenderer) Destroy()                     {}

// heightFor measures how tall a row showing this text must be at list
// width w, by laying out the measuring label m the way the row lays out
// its text.
func (r *lineRow) heightFor(m *widget.Label, text string, showSpeaker bool, w float32) float32 {
	g := geometry(r.stamp)
	m.Wrapping = fyne.TextWrapWord
	m.SetText(text)
	m.Resize(fyne.NewSize(g.textWidth(w), m.MinSize().Height))
	h := m.MinSize().Height
	if showSpeaker {
		h += r.speaker.MinSize().Height - 2*g.pad
	}
	return h
}

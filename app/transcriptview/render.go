package transcriptview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// rowKey is everything a row's objects show: when it is the same, they
// need not be touched.
type rowKey struct {
	row                int
	look               look
	selected, outlined bool
	progress           int // pixels of progress mark
	m                  *metrics
	fg                 color.Color
	speaker            fyne.ThemeColorName
}

// rowObjs are the canvas objects showing one row.
type rowObjs struct {
	key                     rowKey
	built                   bool
	y                       float32
	bg, bar, outline, prog  *canvas.Rectangle
	stamp, speaker, heading *canvas.Text
	rule                    *canvas.Rectangle
	texts                   []*canvas.Text
	n                       int   // texts in use
	runs                    []run // what texts[:n] show
	fixed                   []fyne.CanvasObject
}

func newRowObjs() *rowObjs {
	o := &rowObjs{
		bg:      canvas.NewRectangle(color.Transparent),
		bar:     canvas.NewRectangle(color.Transparent),
		outline: canvas.NewRectangle(color.Transparent),
		prog:    canvas.NewRectangle(color.Transparent),
		stamp:   canvas.NewText("", color.Black),
		speaker: canvas.NewText("", color.Black),
		heading: canvas.NewText("", color.Black),
		rule:    canvas.NewRectangle(color.Transparent),
	}
	o.stamp.TextStyle.Monospace = true
	o.speaker.TextStyle.Bold = true
	o.heading.TextStyle.Bold = true
	o.outline.StrokeWidth = 1.5
	o.outline.CornerRadius = 3
	o.fixed = []fyne.CanvasObject{o.bg, o.bar, o.outline, o.prog, o.stamp, o.speaker, o.heading, o.rule}
	return o
}

// renderer draws the rows in view from a pool of row objects, and the
// scroll bar.
type renderer struct {
	v       *View
	shown   map[int]*rowObjs // by row
	free    []*rowObjs
	order   []int // the rows shown, in order
	thumb   *canvas.Rectangle
	objects []fyne.CanvasObject
	redraws int // how often the view was marked for redrawing
}

func newRenderer(v *View) *renderer {
	r := &renderer{v: v, shown: map[int]*rowObjs{}, thumb: canvas.NewRectangle(color.Transparent)}
	r.thumb.CornerRadius = 3
	return r
}

// Layout is part of fyne.WidgetRenderer: a new size measures what is in
// view again, keeping the place.
func (r *renderer) Layout(size fyne.Size) {
	v := r.v
	if size != v.size {
		v.size = size
		v.settle()
		v.tellMoved()
	}
	r.build(true)
}

// MinSize is part of fyne.WidgetRenderer.
func (r *renderer) MinSize() fyne.Size { return fyne.NewSize(200, 100) }

// Refresh is part of fyne.WidgetRenderer: the rows in view are brought up
// to date, touching only those that changed; nothing at all is redrawn
// when nothing changed.
func (r *renderer) Refresh() {
	if r.v.size != r.v.Size() {
		r.Layout(r.v.Size())
		return
	}
	r.build(false)
}

// Objects is part of fyne.WidgetRenderer.
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy is part of fyne.WidgetRenderer.
func (r *renderer) Destroy() {
	if r.v.stopTimer != nil {
		r.v.stopTimer()
		r.v.stopTimer = nil
	}
}

// colors are the theme's colours the rows are drawn in.
type colors struct {
	fg, dim, primary, selection, focus, warning, separator color.Color
	upcoming, hit, hitCurrent                              color.Color
	variant                                                fyne.ThemeVariant
	th                                                     fyne.Theme
}

func (r *renderer) colors() colors {
	th := r.v.Theme()
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	c := colors{th: th, variant: vr,
		fg: th.Color(theme.ColorNameForeground, vr), dim: th.Color(theme.ColorNamePlaceHolder, vr),
		primary: th.Color(theme.ColorNamePrimary, vr), selection: th.Color(theme.ColorNameSelection, vr),
		focus: th.Color(theme.ColorNameFocus, vr), warning: th.Color(theme.ColorNameWarning, vr),
		separator: th.Color(theme.ColorNameSeparator, vr),
	}
	c.upcoming = withAlpha(c.fg, 0xa0)
	if vr == theme.VariantDark {
		c.hit, c.hitCurrent = color.NRGBA{0xff, 0xc8, 0x4a, 0xff}, color.NRGBA{0xff, 0x7a, 0x45, 0xff}
	} else {
		c.hit, c.hitCurrent = color.NRGBA{0xa6, 0x4b, 0x00, 0xff}, color.NRGBA{0xd0, 0x1c, 0x00, 0xff}
	}
	return c
}

// withAlpha is c with opacity a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// build shows the rows in view, reusing the objects of rows still in
// view, and marks the view for redrawing only when something changed.
func (r *renderer) build(force bool) {
	v := r.v
	if v.size.Width <= 0 || v.size.Height <= 0 || len(v.rows) == 0 {
		if len(r.objects) > 0 {
			r.objects = nil
			r.order = r.order[:0]
			for row, o := range r.shown {
				r.free = append(r.free, o)
				delete(r.shown, row)
			}
			canvas.Refresh(v)
		}
		return
	}
	m := v.metrics()
	c := r.colors()
	changed := force
	var order []int
	y := float32(-v.topOff)
	for i := v.top; i < len(v.rows) && y < v.size.Height; i++ {
		l := v.layout(i)
		order = append(order, i)
		o := r.shown[i]
		if o == nil {
			if n := len(r.free); n > 0 {
				o, r.free = r.free[n-1], r.free[:n-1]
			} else {
				o = newRowObjs()
			}
			o.built = false
			r.shown[i] = o
		}
		key := r.keyOf(i, m, c)
		if !o.built || o.key != key {
			r.fill(o, i, l, m, c)
			o.key, o.built = key, true
			o.y = y + 1 // placed below
			changed = true
		}
		if o.y != y {
			r.place(o, i, l, m, y)
			o.y = y
			changed = true
		}
		y += l.height
	}
	// Rows no longer in view go back to the pool.
	if !sameInts(order, r.order) {
		keep := map[int]bool{}
		for _, i := range order {
			keep[i] = true
		}
		for row, o := range r.shown {
			if !keep[row] {
				r.free = append(r.free, o)
				delete(r.shown, row)
			}
		}
		r.order = order
		changed = true
	}
	if r.placeThumb(c) {
		changed = true
	}
	if changed {
		r.objects = r.objects[:0]
		for _, i := range r.order {
			o := r.shown[i]
			r.objects = append(r.objects, o.fixed...)
			for _, t := range o.texts[:o.n] {
				r.objects = append(r.objects, t)
			}
		}
		r.objects = append(r.objects, r.thumb)
		r.redraws++
		canvas.Refresh(v)
	}
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// keyOf is what row i's objects must show now.
func (r *renderer) keyOf(i int, m *metrics, c colors) rowKey {
	v := r.v
	k := rowKey{row: i, m: m, fg: c.fg, selected: v.selected(i), outlined: v.cursor == i, speaker: v.rows[i].SpeakerColor}
	k.look = look{word: -2}
	if _, ok := v.hits[i]; ok {
		k.look.hits, k.look.current = v.hitGen, v.hitRow == i
	}
	if i == v.current {
		k.look.word = v.word
		if len(v.rows[i].Words) == 0 {
			k.progress = int(v.progress*m.textW + 0.5)
			k.look.word = -1 // spoken, without words
		}
	}
	return k
}

// fill sets what row i's objects show.
func (r *renderer) fill(o *rowObjs, i int, l *rowLayout, m *metrics, c colors) {
	v := r.v
	row := &v.rows[i]
	current := i == v.current
	for _, x := range []*canvas.Rectangle{o.bg, o.bar, o.prog, o.rule} {
		x.FillColor = color.Transparent
	}
	o.outline.FillColor, o.outline.StrokeColor = color.Transparent, color.Transparent
	o.stamp.Text, o.speaker.Text, o.heading.Text = "", "", ""
	o.n, o.runs = 0, nil
	if row.Heading != "" {
		o.heading.Text, o.heading.Color, o.heading.TextSize = row.Heading, c.fg, m.headSize
		if _, hit := v.hits[i]; hit {
			o.heading.Color = c.hit // a search matched the title
			if v.hitRow == i {
				o.heading.Color = c.hitCurrent
			}
		}
		o.rule.FillColor = c.separator
		if current {
			o.bar.FillColor = c.primary
		}
		r.refreshAll(o)
		return
	}
	selected := v.selected(i)
	switch {
	case selected:
		o.bg.FillColor, o.bar.FillColor = c.selection, c.selection
		if current {
			o.bar.FillColor = c.primary
		}
	case current:
		o.bg.FillColor, o.bar.FillColor = withAlpha(c.primary, 0x30), c.primary
	}
	if v.cursor == i {
		o.outline.StrokeColor = c.focus
	}
	if current && len(row.Words) == 0 {
		o.prog.FillColor = withAlpha(c.primary, 0xc0)
	}
	o.stamp.Text, o.stamp.TextSize, o.stamp.Color = row.Stamp, m.textSize, c.dim
	if current {
		o.stamp.Color = c.fg
	}
	if row.Unsure {
		o.stamp.Color = c.warning
	}
	if v.speaker[i] {
		o.speaker.Text, o.speaker.TextSize = row.Speaker, m.textSize
		o.speaker.Color = c.fg
		if row.SpeakerColor != "" {
			o.speaker.Color = c.th.Color(row.SpeakerColor, c.variant)
		}
	}
	playing := -2
	if current && len(row.Words) > 0 {
		playing = v.word
	}
	o.runs = runs(row, l, m, playing, v.hits[i], v.hitRow == i)
	for _, ru := range o.runs {
		if o.n == len(o.texts) {
			o.texts = append(o.texts, canvas.NewText("", color.Black))
		}
		t := o.texts[o.n]
		o.n++
		t.Text, t.TextSize = ru.text, m.textSize
		switch ru.st {
		case styleWord:
			t.Color = c.primary
		case styleUpcoming:
			t.Color = c.upcoming
		case styleHit:
			t.Color = c.hit
		case styleHitCurrent:
			t.Color = c.hitCurrent
		default:
			t.Color = c.fg
		}
	}
	r.refreshAll(o)
}

func (r *renderer) refreshAll(o *rowObjs) {
	for _, x := range o.fixed {
		x.Refresh()
	}
	for _, t := range o.texts[:o.n] {
		t.Refresh()
	}
}

// place moves row i's objects to y, from the view's top edge.
func (r *renderer) place(o *rowObjs, i int, l *rowLayout, m *metrics, y float32) {
	v := r.v
	row := &v.rows[i]
	w := v.size.Width - scrollbarWidth
	o.bg.Move(fyne.NewPos(0, y))
	o.bg.Resize(fyne.NewSize(w, l.height))
	o.outline.Move(fyne.NewPos(1, y+1))
	o.outline.Resize(fyne.NewSize(w-2, l.height-2))
	o.bar.Move(fyne.NewPos(m.x0, y))
	o.bar.Resize(fyne.NewSize(m.barW, l.height))
	if row.Heading != "" {
		o.heading.Move(fyne.NewPos(m.x0+m.barW+m.pad, y+l.textTop))
		o.heading.Resize(o.heading.MinSize())
		o.rule.Move(fyne.NewPos(m.x0+m.barW+m.pad, y+l.height-m.pad))
		o.rule.Resize(fyne.NewSize(m.textX+m.textW-m.x0-m.barW-m.pad, 1))
		return
	}
	o.prog.Move(fyne.NewPos(m.textX, y+l.height-progressHeight))
	o.prog.Resize(fyne.NewSize(m.textW*float32(o.key.progress)/max(m.textW, 1), progressHeight))
	sw := o.stamp.MinSize()
	// Its foot level with the first line of text's: another font.
	o.stamp.Move(fyne.NewPos(m.textX-m.pad-sw.Width, y+l.textTop+m.textH-m.stampH))
	o.stamp.Resize(sw)
	if o.speaker.Text != "" {
		o.speaker.Move(fyne.NewPos(m.textX, y+m.rowTop()))
		o.speaker.Resize(o.speaker.MinSize())
	}
	for k, ru := range o.runs {
		t := o.texts[k]
		t.Move(fyne.NewPos(m.textX+ru.x, y+l.textTop+float32(ru.line)*m.pitch))
		t.Resize(t.MinSize())
	}
}

// placeThumb draws the scroll bar's thumb when the content is taller
// than the view; it reports whether it changed.
func (r *renderer) placeThumb(c colors) bool {
	v := r.v
	total := v.hs.total()
	was := r.thumb.Position().Y + r.thumb.Size().Height
	col := color.Color(color.Transparent)
	pos, size := fyne.NewPos(v.size.Width-scrollbarWidth+3, 0), fyne.NewSize(scrollbarWidth-6, 0)
	if total > v.viewH() {
		frac := v.viewH() / total
		size.Height = float32(max(20, v.viewH()*frac))
		pos.Y = float32((v.viewH() - float64(size.Height)) * (v.y() / v.maxY()))
		col = withAlpha(c.fg, 0x50)
	}
	if r.thumb.Position() == pos && r.thumb.Size() == size && r.thumb.FillColor == col && was >= 0 {
		return false
	}
	r.thumb.FillColor = col
	r.thumb.Move(pos)
	r.thumb.Resize(size)
	r.thumb.Refresh()
	return true
}

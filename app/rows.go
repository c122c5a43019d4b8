package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxTextWidth is the widest the transcript's text runs at text scale 1:
// about 75 characters, a comfortable line to read. Wider windows centre
// the column.
const maxTextWidth = 640

// lineRow shows one transcript segment: its time, the speaker when the
// speaker changes (in the speaker's colour), and the text wrapped to the
// width. A tinted background and an accent bar mark the line being
// spoken, and a thin mark under its text grows as it is spoken (for
// lines without word times); an outline marks the line the keyboard
// acts on.
type lineRow struct {
	widget.BaseWidget
	bg, track, fill, cursor *canvas.Rectangle
	stamp                   *widget.Label
	speaker                 *widget.RichText
	text                    *widget.RichText
	current                 bool    // being spoken
	selected                bool    // inside the clip range
	isCursor                bool    // the line Enter plays
	progress                float32 // how much of the line is spoken, 0 to 1
	id                      int     // the list row shown
	seg                     int     // the segment shown
	look                    rowLook // what the text's styling was built from
	onSecondary             func(seg int, at fyne.Position)
	onTap                   func(id int)
	style                   *rowStyle // shared by the list's rows
}

func newLineRow() *lineRow {
	r := &lineRow{
		bg:      canvas.NewRectangle(color.Transparent),
		track:   canvas.NewRectangle(color.Transparent),
		fill:    canvas.NewRectangle(color.Transparent),
		cursor:  canvas.NewRectangle(color.Transparent),
		stamp:   widget.NewLabelWithStyle("0:00:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}),
		speaker: widget.NewRichText(),
		text:    widget.NewRichText(),
		id:      -1,
		seg:     -1,
	}
	r.stamp.Importance = widget.LowImportance
	r.text.Wrapping = fyne.TextWrapWord
	r.cursor.StrokeWidth = 1.5
	r.cursor.CornerRadius = 3
	r.ExtendBaseWidget(r)
	return r
}

// set shows a segment: its start, the speaker's name ("" to hide the
// speaker line) and colour, and the text as styled segments.
func (r *lineRow) set(stamp, speaker string, speakerColor fyne.ThemeColorName, segs []widget.RichTextSegment) {
	r.stamp.SetText(stamp)
	if speaker == "" {
		r.speaker.Segments = nil
		r.speaker.Hide()
	} else {
		r.speaker.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: speaker, Style: widget.RichTextStyle{
			Inline: true, ColorName: speakerColor, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Bold: true},
		}}}
		r.speaker.Show()
	}
	r.speaker.Refresh()
	r.setText(segs)
}

// setText replaces the styled text.
func (r *lineRow) setText(segs []widget.RichTextSegment) {
	r.text.Segments = segs
	r.text.Refresh()
}

func (r *lineRow) setSelected(selected bool) {
	r.selected = selected
	r.paint()
}

func (r *lineRow) setCurrent(current bool) {
	r.current = current
	if !current {
		r.progress = 0
	}
	r.paint()
}

func (r *lineRow) setCursor(on bool) {
	if r.isCursor != on {
		r.isCursor = on
		r.paint()
	}
}

// setProgress grows the progress mark to p of the text's width.
func (r *lineRow) setProgress(p float32) {
	p = max(0, min(p, 1))
	if p != r.progress {
		r.progress = p
		r.layoutBar(r.Size())
		r.fill.Refresh()
	}
}

// paint sets the colours of the background, the bar and the outline.
func (r *lineRow) paint() {
	th := r.Theme()
	v := variant()
	p := th.Color(theme.ColorNamePrimary, v)
	imp := widget.LowImportance
	if r.current {
		imp = widget.MediumImportance // readable on the tint
	}
	if r.stamp.Importance != imp {
		r.stamp.Importance = imp
		r.stamp.Refresh()
	}
	switch {
	case r.current:
		r.bg.FillColor = withAlpha(p, 0x30)
		r.track.FillColor = p
		r.fill.FillColor = withAlpha(p, 0xc0)
	case r.selected:
		r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		r.track.FillColor = th.Color(theme.ColorNameSelection, v)
		r.fill.FillColor = color.Transparent
	default:
		r.bg.FillColor = color.Transparent
		r.track.FillColor = color.Transparent
		r.fill.FillColor = color.Transparent
	}
	if r.selected && r.current {
		r.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	}
	r.cursor.FillColor = color.Transparent
	r.cursor.StrokeColor = color.Transparent
	if r.isCursor {
		r.cursor.StrokeColor = th.Color(theme.ColorNameFocus, v)
	}
	for _, o := range []*canvas.Rectangle{r.bg, r.track, r.fill, r.cursor} {
		o.Refresh()
	}
}

// withAlpha is c with opacity a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// Tapped is part of fyne.Tappable: the row takes its clicks itself (the
// driver gives a click to the innermost object that takes any kind of
// tap, and the row takes right clicks).
func (r *lineRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil && r.id >= 0 {
		r.onTap(r.id)
	}
}

// TappedSecondary is part of fyne.SecondaryTappable: a right click opens
// the line's menu.
func (r *lineRow) TappedSecondary(e *fyne.PointEvent) {
	if r.onSecondary != nil && r.seg >= 0 {
		r.onSecondary(r.seg, e.AbsolutePosition)
	}
}

// Cursor is part of desktop.Cursorable: a line is something to click.
func (r *lineRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *lineRow) CreateRenderer() fyne.WidgetRenderer {
	return &lineRowRenderer{r: r, objects: []fyne.CanvasObject{r.bg, r.track, r.fill, r.cursor, r.stamp, r.speaker, r.text}}
}

// rowGeometry is shared by the renderer and the height calculation, so the
// height set on the list is the height the row lays out to.
type rowGeometry struct {
	x0, stampW, pad, barW, textW float32
}

// geometry lays out a row of width w in theme th: the column of at most
// maxTextWidth (scaled with the text) is centred. The time stamp column
// is as wide as the transcript's widest stamp, so that every row's text
// starts at the same place.
func geometry(th fyne.Theme, w float32, style *rowStyle) rowGeometry {
	pad := th.Size(theme.SizeNamePadding)
	scale := style.scale()
	stampW := fyne.MeasureText(style.widest(), th.Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Width +
		2*th.Size(theme.SizeNameInnerPadding)
	g := rowGeometry{stampW: stampW, pad: pad, barW: pad * 0.75}
	content := g.barW + g.stampW + g.pad + maxTextWidth*scale
	if w > content {
		g.x0 = (w - content) / 2
	} else {
		content = w
	}
	g.textW = max(content-g.barW-g.stampW-g.pad, 50)
	return g
}

type lineRowRenderer struct {
	r       *lineRow
	objects []fyne.CanvasObject
}

// rowStyle is what all the rows of a list share: the text scale and the
// widest time stamp the transcript has.
type rowStyle struct {
	reading *readingTheme
	stamp   string // "00:00", or "0:00:00" for a transcript running past an hour
}

func (s *rowStyle) scale() float32 {
	if s == nil || s.reading == nil {
		return 1
	}
	return s.reading.scale
}

func (s *rowStyle) widest() string {
	if s == nil || s.stamp == "" {
		return "0:00:00"
	}
	return s.stamp
}

func (l *lineRowRenderer) Layout(size fyne.Size) {
	r := l.r
	g := geometry(r.Theme(), size.Width, r.style)
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	r.cursor.Resize(fyne.NewSize(size.Width-2, size.Height-2))
	r.cursor.Move(fyne.NewPos(1, 1))
	r.layoutBar(size)
	r.stamp.Resize(fyne.NewSize(g.stampW, r.stamp.MinSize().Height))
	r.stamp.Move(fyne.NewPos(g.x0+g.barW, 0))
	x := g.x0 + g.barW + g.stampW + g.pad
	y := float32(0)
	if r.speaker.Visible() {
		sh := r.speaker.MinSize().Height
		r.speaker.Resize(fyne.NewSize(g.textW, sh))
		r.speaker.Move(fyne.NewPos(x, 0))
		y = sh - 2*g.pad
	}
	r.text.Move(fyne.NewPos(x, y))
	r.text.Resize(fyne.NewSize(g.textW, size.Height-y))
}

// layoutBar places the accent bar and the progress mark: a thin line
// along the foot of the text that grows as the line is spoken.
func (r *lineRow) layoutBar(size fyne.Size) {
	g := geometry(r.Theme(), size.Width, r.style)
	r.track.Resize(fyne.NewSize(g.barW, size.Height))
	r.track.Move(fyne.NewPos(g.x0, 0))
	x := g.x0 + g.barW + g.stampW + g.pad
	r.fill.Resize(fyne.NewSize(g.textW*r.progress, progressHeight))
	r.fill.Move(fyne.NewPos(x, size.Height-progressHeight))
}

// progressHeight is the thickness of the progress mark.
const progressHeight = 2

// MinSize is one line: the list gives each row the height measured for
// its text (see measurer), and a minimum that followed the wrapped text
// would make the canvas grow rows behind the list's back while the text
// is laid out at a stale width.
func (l *lineRowRenderer) MinSize() fyne.Size {
	return fyne.NewSize(l.r.stamp.MinSize().Width+100, l.r.stamp.MinSize().Height)
}

func (l *lineRowRenderer) Refresh() {
	l.r.paint()
	l.Layout(l.r.Size())
	for _, o := range l.objects {
		o.Refresh()
	}
}

func (l *lineRowRenderer) Objects() []fyne.CanvasObject { return l.objects }
func (l *lineRowRenderer) Destroy()                     {}

// measurer works out row heights off screen, laying out a row's text
// the way the row does, in the reading theme.
type measurer struct {
	speaker *widget.RichText // the speaker line, which has one height
	theme   *readingTheme
	area    *container.ThemeOverride // themes speaker
}

func newMeasurer(th *readingTheme) *measurer {
	m := &measurer{speaker: widget.NewRichTextWithText("Speaker"), theme: th}
	m.speaker.Segments[0].(*widget.TextSegment).Style.TextStyle.Bold = true
	m.area = container.NewThemeOverride(m.speaker, th)
	return m
}

// retheme applies the reading theme to the speaker line again: after a
// change of text size, and whenever Fyne dropped the override (it
// forgets the theme of a widget whose renderer it let expire, and this
// one is never on screen).
func (m *measurer) retheme() {
	m.area.Refresh()
}

// heightFor is how tall a row showing segs must be at list width w.
func (m *measurer) heightFor(segs []widget.RichTextSegment, showSpeaker bool, w float32, style *rowStyle) float32 {
	// A fresh text each time: a RichText laid out again with other
	// pieces keeps part of its last layout, and came out a line off now
	// and then. The same pieces in the plain text colour: colours do not
	// change the layout, and the theme is not the text's until it is in
	// the override.
	plain := make([]widget.RichTextSegment, len(segs))
	for i, sg := range segs {
		plain[i] = &widget.TextSegment{Text: sg.(*widget.TextSegment).Text, Style: widget.RichTextStyleInline}
	}
	t := widget.NewRichText(plain...)
	t.Wrapping = fyne.TextWrapWord
	container.NewThemeOverride(t, m.theme)
	g := geometry(t.Theme(), w, style)
	t.Resize(fyne.NewSize(g.textW, 1))
	h := t.MinSize().Height
	if showSpeaker {
		if m.speaker.Theme().Size(theme.SizeNameText) != m.theme.Size(theme.SizeNameText) {
			m.retheme()
		}
		h += m.speaker.MinSize().Height - 2*g.pad
	}
	return h
}

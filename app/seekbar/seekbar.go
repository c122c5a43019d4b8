// Package seekbar is Readalong's seek bar: the episode as a track with
// the part played, a knob to drag, and above it a thin band of who speaks
// when (coloured stretches), where the search matches are (ticks) and
// where chapters begin (marks).
//
// It is one widget that maps x to time itself, so a click on the band and
// a click on the track go to the same time, and the knob is where the
// time is, whatever the theme does to Fyne's own slider. It redraws only
// what changes visibly: SetValue moves the knob only when it moves by a
// pixel, so playing costs a redraw every few seconds, not every tick.
// What the user does comes back through callbacks (OnSeek, OnDragged), as
// Fyne's widgets report through OnChanged.
package seekbar

import (
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Turn is a stretch of the episode spoken by one speaker, drawn in Color
// (nil: no speaker, nothing drawn).
type Turn struct {
	From, To time.Duration
	Color    color.Color
}

// Sizes of the bar's parts.
const (
	bandHeight  = 10 // the band of turns, ticks and marks
	trackHeight = 4
	knobSize    = 16
	gap         = 4 // between the band and the track
	tickWidth   = 3
	markWidth   = 2
	// TipMaxRunes bounds the hover tip, in runes, including the "…" of a
	// cut.
	TipMaxRunes = 60
)

// SeekBar shows where the episode is and takes the user elsewhere. Its
// methods must be called on the Fyne goroutine.
type SeekBar struct {
	widget.BaseWidget

	// OnSeek is called with the time clicked, or where the knob was let
	// go.
	OnSeek func(at time.Duration)
	// OnDragged is called while the knob is dragged, with its time.
	OnDragged func(at time.Duration)
	// Describe gives the hover tip for a time ("" for none).
	Describe func(at time.Duration) string

	dur      time.Duration
	value    time.Duration
	turns    []Turn
	hits     []time.Duration
	marks    []time.Duration
	dragging bool
	gen      uint64 // bumped when the band's content changes
	turnGen  uint64 // bumped when the turns or the duration change

	tipLayer *fyne.Container
	tipBg    *canvas.Rectangle
	tipText  *canvas.Text
	r        *renderer
}

var (
	_ fyne.Tappable      = (*SeekBar)(nil)
	_ fyne.Draggable     = (*SeekBar)(nil)
	_ desktop.Hoverable  = (*SeekBar)(nil)
	_ desktop.Cursorable = (*SeekBar)(nil)
)

// New returns an empty seek bar.
func New() *SeekBar {
	s := &SeekBar{}
	s.tipBg = canvas.NewRectangle(color.Transparent)
	s.tipText = canvas.NewText("", color.Black)
	s.tipLayer = container.NewWithoutLayout(s.tipBg, s.tipText)
	s.tipLayer.Hide()
	s.ExtendBaseWidget(s)
	return s
}

// SetDuration sets the episode's length.
func (s *SeekBar) SetDuration(d time.Duration) {
	d = max(d, 0)
	if d == s.dur {
		return
	}
	s.dur = d
	s.gen++
	s.turnGen++
	s.Refresh()
}

// Duration is the episode's length.
func (s *SeekBar) Duration() time.Duration { return s.dur }

// SetValue moves the knob to d; nothing is redrawn unless it moves by a
// pixel, and nothing while the user drags it.
func (s *SeekBar) SetValue(d time.Duration) {
	if s.dragging {
		return
	}
	old := s.value
	s.value = max(0, min(d, s.dur))
	if s.r != nil && math.Round(float64(s.XAt(old))) == math.Round(float64(s.XAt(s.value))) {
		return
	}
	s.Refresh()
}

// Value is where the knob is.
func (s *SeekBar) Value() time.Duration { return s.value }

// Dragging reports whether the user holds the knob.
func (s *SeekBar) Dragging() bool { return s.dragging }

// PixelTime is how much of the episode one pixel of the track is: how
// often the knob moves when playing at 1×.
func (s *SeekBar) PixelTime() time.Duration {
	_, w := s.track(s.Size().Width)
	if w <= 0 || s.dur <= 0 {
		return time.Second
	}
	return time.Duration(float64(s.dur) / float64(w))
}

// SetTurns sets the speakers' turns (they need not be sorted).
func (s *SeekBar) SetTurns(turns []Turn) {
	s.turns = slices.Clone(turns)
	slices.SortStableFunc(s.turns, func(a, b Turn) int { return int(a.From - b.From) })
	s.gen++
	s.turnGen++
	s.Refresh()
}

// Turns returns the turns shown.
func (s *SeekBar) Turns() []Turn { return slices.Clone(s.turns) }

// SetHits sets the times of search matches, drawn as ticks; nil clears
// them.
func (s *SeekBar) SetHits(hits []time.Duration) {
	s.hits = slices.Clone(hits)
	slices.Sort(s.hits)
	s.gen++
	s.Refresh()
}

// Marks returns where chapters begin, as drawn.
func (s *SeekBar) Marks() []time.Duration { return slices.Clone(s.marks) }

// SetMarks sets where chapters begin, drawn as marks distinct from the
// turns and the ticks.
func (s *SeekBar) SetMarks(marks []time.Duration) {
	s.marks = slices.Clone(marks)
	slices.Sort(s.marks)
	s.gen++
	s.Refresh()
}

// inset is how far the track is inset on each side: half the knob, so
// that the knob stays inside at either end.
func (s *SeekBar) inset() float32 { return knobSize/2 + 2 }

// track returns the track's left edge and width for a bar width wide.
func (s *SeekBar) track(width float32) (x, w float32) {
	return s.inset(), max(width-2*s.inset(), 0)
}

// TimeAt maps x, from the bar's left edge, to a time, clamped to the
// episode.
func (s *SeekBar) TimeAt(x float32) time.Duration {
	pad, w := s.track(s.Size().Width)
	if s.dur <= 0 || w <= 0 {
		return 0
	}
	ratio := max(0, min(float64(x-pad)/float64(w), 1))
	return time.Duration(math.Round(ratio * float64(s.dur)))
}

// XAt maps a time to x from the bar's left edge; the inverse of TimeAt.
func (s *SeekBar) XAt(d time.Duration) float32 {
	pad, w := s.track(s.Size().Width)
	if s.dur <= 0 || w <= 0 {
		return pad
	}
	d = max(0, min(d, s.dur))
	return pad + float32(float64(d)/float64(s.dur)*float64(w))
}

// Tapped is part of fyne.Tappable: it seeks to the time clicked.
func (s *SeekBar) Tapped(e *fyne.PointEvent) {
	at := s.TimeAt(e.Position.X)
	s.value = at
	s.Refresh()
	if s.OnSeek != nil {
		s.OnSeek(at)
	}
}

// Dragged is part of fyne.Draggable: the knob follows the pointer.
func (s *SeekBar) Dragged(e *fyne.DragEvent) {
	s.dragging = true
	s.value = s.TimeAt(e.Position.X)
	s.Refresh()
	if s.OnDragged != nil {
		s.OnDragged(s.value)
	}
}

// DragEnd is part of fyne.Draggable: it seeks to where the knob was let
// go.
func (s *SeekBar) DragEnd() {
	if !s.dragging {
		return
	}
	s.dragging = false
	if s.OnSeek != nil {
		s.OnSeek(s.value)
	}
}

// Cursor is part of desktop.Cursorable.
func (s *SeekBar) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn is part of desktop.Hoverable: it shows the tip.
func (s *SeekBar) MouseIn(e *desktop.MouseEvent) { s.showTip(e.Position.X) }

// MouseMoved is part of desktop.Hoverable: the tip follows the pointer.
func (s *SeekBar) MouseMoved(e *desktop.MouseEvent) { s.showTip(e.Position.X) }

// MouseOut is part of desktop.Hoverable: it hides the tip.
func (s *SeekBar) MouseOut() {
	if s.tipLayer.Visible() {
		s.tipLayer.Hide()
	}
}

// TipLayer is the canvas object that shows the hover tip: the window
// stacks it on top of all its content. It holds only canvas primitives,
// so it takes no mouse events, and it is hidden unless the pointer is
// over the bar.
func (s *SeekBar) TipLayer() fyne.CanvasObject { return s.tipLayer }

// TipText is the tip shown, "" when hidden.
func (s *SeekBar) TipText() string {
	if !s.tipLayer.Visible() {
		return ""
	}
	return s.tipText.Text
}

// showTip fills the tip with Describe(TimeAt(x)) and places it above the
// bar at x (below it if there is no room above), inside the layer.
func (s *SeekBar) showTip(x float32) {
	text := ""
	if s.Describe != nil {
		text = TipLine(s.Describe(s.TimeAt(x)))
	}
	if text == "" {
		s.MouseOut()
		return
	}
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	s.tipText.Text = text
	s.tipText.Color = th.Color(theme.ColorNameForeground, v)
	s.tipText.TextSize = th.Size(theme.SizeNameCaptionText)
	s.tipBg.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	s.tipBg.StrokeColor = th.Color(theme.ColorNameShadow, v)
	s.tipBg.StrokeWidth = 1
	s.tipBg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	inner := th.Size(theme.SizeNameInnerPadding) / 2
	ts := s.tipText.MinSize()
	box := fyne.NewSize(ts.Width+inner*2, ts.Height+inner)
	s.tipLayer.Show() // first: a hidden layer has no position
	drv := fyne.CurrentApp().Driver()
	bar := drv.AbsolutePositionForObject(s)
	origin := drv.AbsolutePositionForObject(s.tipLayer)
	bounds := s.tipLayer.Size()
	if bounds.Width <= 0 || bounds.Height <= 0 {
		origin = fyne.Position{}
		if c := drv.CanvasForObject(s); c != nil {
			bounds = c.Size()
		}
	}
	bar = bar.Subtract(origin)
	pos := fyne.NewPos(bar.X+x-box.Width/2, bar.Y-2-box.Height)
	if pos.Y < 0 {
		pos.Y = bar.Y + s.Size().Height + 2
	}
	pos.X = max(min(pos.X, bounds.Width-box.Width), 0)
	pos.Y = max(min(pos.Y, bounds.Height-box.Height), 0)
	s.tipBg.Move(pos)
	s.tipBg.Resize(box)
	s.tipText.Move(pos.Add(fyne.NewPos(inner, inner/2)))
	s.tipText.Resize(ts)
	s.tipLayer.Refresh()
}

// TipLine makes s a single line of at most TipMaxRunes runes, ending in
// "…" if it had to be cut.
func TipLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= TipMaxRunes {
		return s
	}
	return strings.TrimRight(string(r[:TipMaxRunes-1]), " ") + "…"
}

// CreateRenderer is part of fyne.Widget.
func (s *SeekBar) CreateRenderer() fyne.WidgetRenderer {
	s.r = newRenderer(s)
	return s.r
}

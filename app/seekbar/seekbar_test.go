package seekbar

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

var (
	red  = color.NRGBA{R: 0xe0, G: 0x20, B: 0x20, A: 0xff}
	blue = color.NRGBA{R: 0x20, G: 0x40, B: 0xe0, A: 0xff}
)

func sameRGB(a color.Color, b color.NRGBA) bool {
	c := color.NRGBAModel.Convert(a).(color.NRGBA)
	return c.R == b.R && c.G == b.G && c.B == b.B
}

// newTestBar shows a bar of an episode dur long in a window wide.
func newTestBar(t testing.TB, dur time.Duration, wide float32) (*SeekBar, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s := New()
	s.SetDuration(dur)
	w := test.NewWindow(container.NewStack(container.NewVBox(widget.NewLabel("transcript"), s), s.TipLayer()))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(wide, 120))
	t.Cleanup(w.Close)
	return s, w
}

func TestTimeAndXAreInverse(t *testing.T) {
	dur := 53*time.Minute + 17*time.Second + 250*time.Millisecond
	s, _ := newTestBar(t, dur, 613)
	pad, w := s.track(s.Size().Width)
	if got := s.TimeAt(-50); got != 0 {
		t.Errorf("TimeAt(-50) = %v", got)
	}
	if got := s.TimeAt(s.Size().Width + 50); got != dur {
		t.Errorf("TimeAt(past the end) = %v", got)
	}
	if s.XAt(0) != pad || math.Abs(float64(s.XAt(dur+time.Hour)-(pad+w))) > 1e-3 {
		t.Errorf("XAt ends %v, %v", s.XAt(0), s.XAt(dur+time.Hour))
	}
	for _, d := range []time.Duration{0, time.Millisecond, 7 * time.Second, dur / 3, dur - time.Second, dur} {
		if back := s.TimeAt(s.XAt(d)); (back - d).Abs() > 10*time.Millisecond {
			t.Errorf("TimeAt(XAt(%v)) = %v", d, back)
		}
	}
	if px := s.PixelTime(); (px - time.Duration(float64(dur)/float64(w))).Abs() > time.Millisecond {
		t.Errorf("PixelTime %v", px)
	}
}

func TestTapAndDragSeek(t *testing.T) {
	dur := 40 * time.Minute
	s, w := newTestBar(t, dur, 400)
	var seeks, drags []time.Duration
	s.OnSeek = func(at time.Duration) { seeks = append(seeks, at) }
	s.OnDragged = func(at time.Duration) { drags = append(drags, at) }
	pad, tw := s.track(s.Size().Width)
	// The band and the track go to the same time for the same x.
	test.TapAt(s, fyne.NewPos(pad+tw/2, 3))
	test.TapAt(s, fyne.NewPos(pad+tw/2, s.Size().Height-3))
	inset, _ := w.Canvas().InteractiveArea()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).Add(inset)
	test.TapCanvas(w.Canvas(), at.Add(fyne.NewPos(s.Size().Width-pad, 3)))
	if len(seeks) != 3 || (seeks[0]-dur/2).Abs() > time.Second || seeks[1] != seeks[0] || seeks[2] != dur {
		t.Fatalf("seeks %v", seeks)
	}
	// Dragging: the knob follows, playing does not move it, and the seek
	// comes when it is let go.
	seeks = nil
	s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(pad+tw/4, 20)}})
	s.SetValue(dur * 9 / 10) // a tick of playback
	s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(pad+tw/5, 20)}})
	if !s.Dragging() || len(seeks) != 0 || len(drags) != 2 || (s.Value()-dur/5).Abs() > time.Second {
		t.Fatalf("while dragging: value %v, seeks %v, drags %v", s.Value(), seeks, drags)
	}
	s.DragEnd()
	if s.Dragging() || len(seeks) != 1 || seeks[0] != s.Value() {
		t.Errorf("let go: seeks %v", seeks)
	}
}

// TestKnobRedrawsOnlyWhenItMovesAPixel: playing moves the knob a pixel
// at a time; values within the same pixel redraw nothing.
func TestKnobRedrawsOnlyWhenItMovesAPixel(t *testing.T) {
	dur := time.Hour
	s, _ := newTestBar(t, dur, 600)
	r := s.r
	knobs := 0
	last := r.knob.Position()
	px := s.PixelTime()
	for d := time.Duration(0); d < 200*px; d += px / 7 {
		s.SetValue(d)
		if r.knob.Position() != last {
			knobs++
			last = r.knob.Position()
		}
	}
	if knobs < 190 || knobs > 201 {
		t.Errorf("the knob moved %d times over 200 pixels' worth of playing", knobs)
	}
	// Played part and knob agree.
	if got := r.played.Position().X + r.played.Size().Width; math.Abs(float64(got-(r.knob.Position().X+knobSize/2))) > 0.01 {
		t.Errorf("played part ends at %v, knob centre at %v", got, r.knob.Position().X+knobSize/2)
	}
}

func TestBandShowsTurnsTicksAndMarks(t *testing.T) {
	dur := time.Hour
	s, _ := newTestBar(t, dur, 400)
	s.SetTurns([]Turn{{0, dur / 2, red}, {dur * 6 / 10, dur * 7 / 10, blue}, {dur * 8 / 10, dur * 9 / 10, nil}})
	s.SetHits([]time.Duration{10 * time.Minute, 10*time.Minute + time.Second, 30 * time.Minute})
	s.SetMarks([]time.Duration{0, 20 * time.Minute})
	var turns, ticks, marks []*canvas.Rectangle
	_, _, markCol, _ := s.r.colours()
	tickCol, _, _, _ := s.r.colours()
	_ = tickCol
	for _, o := range s.r.band[1:] {
		rc := o.(*canvas.Rectangle)
		switch {
		case rc.Size().Width == tickWidth:
			ticks = append(ticks, rc)
		case rc.Size().Width == markWidth && rc.FillColor == markCol:
			marks = append(marks, rc)
		default:
			turns = append(turns, rc)
		}
	}
	if len(turns) != 2 || !sameRGB(turns[0].FillColor, red) || !sameRGB(turns[1].FillColor, blue) {
		t.Errorf("turns %d", len(turns))
	}
	if len(ticks) != 2 || len(marks) != 2 {
		t.Errorf("%d ticks (the two hits a second apart share a pixel), %d marks", len(ticks), len(marks))
	}
	if c := marks[1].Position().X + markWidth/2; math.Abs(float64(c-s.XAt(20*time.Minute))) > 0.01 {
		t.Errorf("chapter mark at %v, want %v", c, s.XAt(20*time.Minute))
	}
	if marks[0].Size().Height <= ticks[0].Size().Height {
		t.Error("chapter marks are no taller than search ticks: not told apart")
	}
	// Nothing changed: no rebuild.
	n := s.r.builds
	s.Refresh()
	s.SetValue(time.Second)
	if s.r.builds != n {
		t.Errorf("the band was built again without a change")
	}
}

func TestAggregateColumns(t *testing.T) {
	// 100 s over 10 px: a column is 10 s.
	const dur = 100 * time.Second
	sec := time.Second
	spans := aggregateTurns([]Turn{
		{0, 13 * sec, red},         // column 0, and 30% of column 1: 1 stays empty
		{23 * sec, 30 * sec, red},  // 70% of column 2: drawn
		{40 * sec, 42 * sec, red},  // column 4: red 2+2+2 s beats blue's 3 s
		{42 * sec, 45 * sec, blue}, //
		{45 * sec, 47 * sec, red},  //
		{47 * sec, 49 * sec, red},  //
		{50 * sec, 60 * sec, red},  // column 5 red, merged with column 4
		{60 * sec, 70 * sec, nil},  // no speaker
		{90 * sec, 200 * sec, blue},
	}, dur, 10)
	type want struct {
		x0, x1 float32
		col    color.NRGBA
	}
	wants := []want{{0, 1, red}, {2, 3, red}, {4, 6, red}, {9, 10, blue}}
	if len(spans) != len(wants) {
		t.Fatalf("spans %+v, want %+v", spans, wants)
	}
	for i, w := range wants {
		if spans[i].x0 != w.x0 || spans[i].x1 != w.x1 || !sameRGB(spans[i].col, w.col) {
			t.Errorf("span %d = %+v, want %+v", i, spans[i], w)
		}
	}
	// 100k alternating turns stay within one span per pixel.
	var many []Turn
	for i := 0; i < 100000; i++ {
		c := red
		if i%2 == 1 {
			c = blue
		}
		many = append(many, Turn{time.Duration(i) * time.Hour / 100000, time.Duration(i+1) * time.Hour / 100000, c})
	}
	if n := len(aggregateTurns(many, time.Hour, 400)); n > 400 {
		t.Errorf("100k turns drawn with %d spans", n)
	}
}

func TestHoverTip(t *testing.T) {
	s, w := newTestBar(t, time.Hour, 500)
	long := false
	s.Describe = func(at time.Duration) string {
		d := fmt.Sprintf("%d:%02d · Maya: Hello", int(at.Minutes()), int(at.Seconds())%60)
		if long {
			d += strings.Repeat(" and then some more words", 10)
		}
		return d
	}
	inset, _ := w.Canvas().InteractiveArea()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).Add(inset)
	x := s.Size().Width / 2
	test.MoveMouse(w.Canvas(), at.Add(fyne.NewPos(x, 4)))
	if got, want := s.TipText(), TipLine(s.Describe(s.TimeAt(x))); got != want {
		t.Errorf("tip %q, want %q", got, want)
	}
	if tip := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.tipBg); tip.Y+s.tipBg.Size().Height > at.Y-inset.Y {
		t.Errorf("tip at %v is not above the bar at %v", tip, at)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(3, 3))
	if s.TipText() != "" {
		t.Error("tip still shown after the mouse left")
	}
	long = true
	s.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(1, 4)}})
	if n := utf8.RuneCountInString(s.TipText()); n > TipMaxRunes || !strings.HasSuffix(s.TipText(), "…") {
		t.Errorf("long tip %q", s.TipText())
	}
	if s.Cursor() != desktop.PointerCursor {
		t.Error("cursor")
	}
}

func TestTipLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"two\nlines  here", "two lines here"},
		{strings.Repeat("é", 60), strings.Repeat("é", 60)},
		{strings.Repeat("é", 61), strings.Repeat("é", 59) + "…"},
	} {
		if got := TipLine(tc.in); got != tc.want {
			t.Errorf("TipLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

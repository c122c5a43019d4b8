package app

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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var (
	timelineRed  = color.NRGBA{R: 0xe0, G: 0x20, B: 0x20, A: 0xff}
	timelineBlue = color.NRGBA{R: 0x20, G: 0x40, B: 0xe0, A: 0xff}
)

// sizedTheme is the default theme with other slider insets, to show the band
// follows the theme the way the slider does.
type sizedTheme struct {
	fyne.Theme
	inlineIcon, innerPadding float32
}

// Size overrides the two sizes the slider's track inset depends on.
func (s sizedTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInlineIcon:
		return s.inlineIcon
	case theme.SizeNameInnerPadding:
		return s.innerPadding
	}
	return s.Theme.Size(n)
}

// timelineRenderer returns tl's renderer.
func timelineRendererOf(t *testing.T, tl *timeline) *timelineRenderer {
	t.Helper()
	r, ok := test.WidgetRenderer(tl).(*timelineRenderer)
	if !ok {
		t.Fatalf("renderer is %T", test.WidgetRenderer(tl))
	}
	return r
}

// bandRects returns the filled rectangles of tl's renderer after the track.
func bandRects(t *testing.T, tl *timeline) []*canvas.Rectangle {
	t.Helper()
	var out []*canvas.Rectangle
	for i, o := range timelineRendererOf(t, tl).Objects() {
		r, ok := o.(*canvas.Rectangle)
		if !ok {
			t.Fatalf("object %d is %T, want *canvas.Rectangle", i, o)
		}
		if i > 0 {
			out = append(out, r)
		}
	}
	return out
}

// sameRGB reports whether c has the red, green and blue of want (ignoring
// the band's translucency).
func sameRGB(c color.Color, want color.NRGBA) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return n.R == want.R && n.G == want.G && n.B == want.B
}

func TestTimelineMatchesSlider(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme fyne.Theme
		width float32
	}{
		{"default theme", nil, 400},
		{"wide insets", sizedTheme{theme.DefaultTheme(), 40, 12}, 613},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if tc.theme != nil {
				a.Settings().SetTheme(tc.theme)
			}
			dur := 53*time.Minute + 17*time.Second + 250*time.Millisecond
			tl := newTimeline(nil, nil)
			tl.SetTurns(dur, nil)
			slider := widget.NewSlider(0, dur.Seconds())
			slider.Step = 0 // exact values, no rounding to whole seconds
			w := test.NewWindow(container.NewVBox(tl, slider))
			defer w.Close()
			w.Resize(fyne.NewSize(tc.width, 120))

			width := tl.Size().Width
			if width <= 0 || width != slider.Size().Width {
				t.Fatalf("band width %v, slider width %v: want equal and > 0", width, slider.Size().Width)
			}
			pad := tl.endOffset()
			px := dur.Seconds() / float64(width-2*pad) // one pixel's worth of time
			for _, x := range []float32{0, 1, pad - 1, pad, pad + 0.5, pad + 1, 37.25, width / 3, width / 2, width * 0.77, width - pad - 1, width - pad, width - 1, width} {
				test.TapAt(slider, fyne.NewPos(x, slider.Size().Height/2))
				got := tl.timeAt(x).Seconds()
				if math.Abs(got-slider.Value) > px/10 {
					t.Errorf("x=%v: timeAt %.3fs, slider %.3fs (pixel = %.3fs)", x, got, slider.Value, px)
				}
			}
			// Dragging the slider agrees too.
			for _, x := range []float32{pad + 3, width / 4, width - pad - 3} {
				slider.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 5)}})
				if got := tl.timeAt(x).Seconds(); math.Abs(got-slider.Value) > px/10 {
					t.Errorf("drag x=%v: timeAt %.3fs, slider %.3fs", x, got, slider.Value)
				}
			}

			// Clamped ends, and xAt inverts timeAt.
			if got := tl.timeAt(-50); got != 0 {
				t.Errorf("timeAt(-50) = %v, want 0", got)
			}
			if got := tl.timeAt(width + 50); got != dur {
				t.Errorf("timeAt(width+50) = %v, want %v", got, dur)
			}
			if got := tl.xAt(0); got != pad {
				t.Errorf("xAt(0) = %v, want %v", got, pad)
			}
			if got := tl.xAt(dur + time.Hour); math.Abs(float64(got-(width-pad))) > 1e-3 {
				t.Errorf("xAt(past end) = %v, want %v", got, width-pad)
			}
			for _, d := range []time.Duration{0, time.Millisecond, 7 * time.Second, dur / 3, dur / 2, dur - time.Second, dur} {
				if back := tl.timeAt(tl.xAt(d)); (back - d).Abs() > 10*time.Millisecond {
					t.Errorf("timeAt(xAt(%v)) = %v", d, back)
				}
			}
			for x := pad; x <= width-pad; x += 13.3 {
				if back := tl.xAt(tl.timeAt(x)); math.Abs(float64(back-x)) > 1e-3 {
					t.Errorf("xAt(timeAt(%v)) = %v", x, back)
				}
			}
		})
	}
}

func TestTimelineTap(t *testing.T) {
	test.NewTempApp(t)
	var got []time.Duration
	tl := newTimeline(func(at time.Duration) { got = append(got, at) }, nil)
	dur := 40 * time.Minute
	tl.SetTurns(dur, []turn{{0, dur, timelineRed}})
	w := test.NewWindow(container.NewVBox(tl, widget.NewSlider(0, 1)))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 100))

	pad := tl.endOffset()
	mid := pad + (tl.Size().Width-2*pad)/2
	test.TapAt(tl, fyne.NewPos(mid, 3))
	test.TapAt(tl, fyne.NewPos(2, 3))
	// Through the canvas, as a click would arrive.
	test.TapCanvas(w.Canvas(), canvasPos(w, tl).Add(fyne.NewPos(tl.Size().Width-pad, 3)))

	want := []time.Duration{dur / 2, 0, dur}
	if len(got) != len(want) {
		t.Fatalf("onTap called %d times (%v), want %d", len(got), got, len(want))
	}
	for i := range want {
		if (got[i] - want[i]).Abs() > time.Millisecond {
			t.Errorf("tap %d: onTap(%v), want %v", i, got[i], want[i])
		}
	}
	if got[0] != tl.timeAt(mid) {
		t.Errorf("onTap(%v), want timeAt(%v) = %v", got[0], mid, tl.timeAt(mid))
	}
}

// canvasPos returns o's position in w's canvas, where mouse events arrive.
// The test driver's AbsolutePositionForObject is relative to the canvas's
// interactive area, which the test canvas insets.
func canvasPos(w fyne.Window, o fyne.CanvasObject) fyne.Position {
	inset, _ := w.Canvas().InteractiveArea()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(inset)
}

// tipContents returns the tip layer's text and background rectangle.
func tipContents(t *testing.T, tl *timeline) (*canvas.Text, *canvas.Rectangle) {
	t.Helper()
	var text *canvas.Text
	var bg *canvas.Rectangle
	for _, o := range test.LaidOutObjects(tl.TipLayer()) {
		switch o := o.(type) {
		case *canvas.Text:
			text = o
		case *canvas.Rectangle:
			bg = o
		case *fyne.Container:
		default:
			t.Fatalf("tip layer holds a %T; want only canvas primitives", o)
		}
	}
	if text == nil || bg == nil {
		t.Fatal("tip layer has no text or no background")
	}
	return text, bg
}

func TestTimelineHover(t *testing.T) {
	test.NewTempApp(t)
	dur := time.Hour
	long := false
	describe := func(at time.Duration) string {
		s := fmt.Sprintf("%d:%02d · Maya: Hello", int(at.Minutes()), int(at.Seconds())%60)
		if long {
			s += strings.Repeat(" and then some more words", 10)
		}
		return s
	}
	tl := newTimeline(nil, describe)
	tl.SetTurns(dur, nil)
	content := container.NewVBox(widget.NewLabel("transcript"), widget.NewLabel("more"), tl, widget.NewSlider(0, 1))
	w := test.NewWindow(container.NewStack(content, tl.TipLayer()))
	defer w.Close()
	w.Resize(fyne.NewSize(500, 200))
	layer := tl.TipLayer()
	if layer.Visible() {
		t.Fatal("tip shown before hovering")
	}

	drv := fyne.CurrentApp().Driver()
	band := drv.AbsolutePositionForObject(tl)
	checkTip := func(x float32) {
		t.Helper()
		if !layer.Visible() {
			t.Fatalf("x=%v: tip hidden while hovering", x)
		}
		text, bg := tipContents(t, tl)
		want := tipLine(describe(tl.timeAt(x)))
		if text.Text != want {
			t.Errorf("x=%v: tip %q, want %q", x, text.Text, want)
		}
		// Above the band, over the pointer where there is room, inside the layer.
		lp := drv.AbsolutePositionForObject(layer)
		top := lp.Add(bg.Position())
		if bottom := top.Y + bg.Size().Height; bottom > band.Y {
			t.Errorf("x=%v: tip bottom at %v, band top at %v: tip not above the band", x, bottom, band.Y)
		}
		if top.X < lp.X || top.X+bg.Size().Width > lp.X+layer.Size().Width+0.01 {
			t.Errorf("x=%v: tip from %v to %v, outside the layer (%v wide)", x, top.X, top.X+bg.Size().Width, layer.Size().Width)
		}
		mouse := band.X + x
		if mouse < top.X || mouse > top.X+bg.Size().Width {
			t.Errorf("x=%v: tip [%v, %v] not over the pointer at %v", x, top.X, top.X+bg.Size().Width, mouse)
		}
		if tp := text.Position(); tp.X < bg.Position().X || tp.Y < bg.Position().Y {
			t.Errorf("x=%v: text at %v outside its box at %v", x, tp, bg.Position())
		}
	}

	// Through the canvas: the layer on top must not take the events.
	x := tl.Size().Width / 2
	test.MoveMouse(w.Canvas(), canvasPos(w, tl).Add(fyne.NewPos(x, 4)))
	checkTip(x)
	x = tl.Size().Width - 2 // near the right edge: clamped inside the window
	test.MoveMouse(w.Canvas(), canvasPos(w, tl).Add(fyne.NewPos(x, 4)))
	checkTip(x)
	test.MoveMouse(w.Canvas(), fyne.NewPos(3, 3)) // off the band
	if layer.Visible() {
		t.Error("tip still shown after the mouse left the band")
	}

	// Directly, with a long description.
	long = true
	x = 1
	tl.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 4)}})
	checkTip(x)
	text, _ := tipContents(t, tl)
	if n := utf8.RuneCountInString(text.Text); n > tipMaxRunes || !strings.HasSuffix(text.Text, "…") {
		t.Errorf("long tip %q: %d runes, want at most %d ending in …", text.Text, n, tipMaxRunes)
	}
	if !strings.HasPrefix(text.Text, "0:00 · Maya: Hello and then") {
		t.Errorf("long tip %q lost its start", text.Text)
	}
	x = tl.Size().Width * 0.3
	tl.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 4)}})
	checkTip(x)
	tl.MouseOut()
	if layer.Visible() {
		t.Error("tip still shown after MouseOut")
	}
}

func TestTimelineTipLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"12:34 · Maya: Hi", "12:34 · Maya: Hi"},
		{"two\nlines  here", "two lines here"},
		{strings.Repeat("é", 60), strings.Repeat("é", 60)},
		{strings.Repeat("é", 61), strings.Repeat("é", 59) + "…"},
		{strings.Repeat("ab ", 40), strings.TrimSpace(strings.Repeat("ab ", 20)) + "…"},
	} {
		if got := tipLine(tc.in); got != tc.want {
			t.Errorf("tipLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := utf8.RuneCountInString(tipLine(tc.in)); n > tipMaxRunes {
			t.Errorf("tipLine(%q) has %d runes", tc.in, n)
		}
	}
}

// alternating returns n turns filling dur, red and blue in turn; red takes
// redShare of each pair's time.
func alternating(n int, dur time.Duration, redShare float64) []turn {
	turns := make([]turn, 0, n)
	pair := 2 * float64(dur) / float64(n)
	for i := 0; i < n; i += 2 {
		start := time.Duration(float64(i/2) * pair)
		split := time.Duration(float64(i/2)*pair + redShare*pair)
		end := time.Duration(float64(i/2+1) * pair)
		turns = append(turns, turn{start, split, timelineRed}, turn{split, end, timelineBlue})
	}
	return turns
}

func TestTimelineAggregation(t *testing.T) {
	test.NewTempApp(t)
	dur := 2 * time.Hour
	tl := newTimeline(nil, nil)
	tl.Resize(fyne.NewSize(400, 10))
	pad := tl.endOffset()
	trackW := 400 - 2*pad

	// 100k alternating turns, even shares: bounded by the width.
	tl.SetTurns(dur, alternating(100_000, dur, 0.5))
	rects := bandRects(t, tl)
	if len(rects) == 0 || len(rects) > 400 {
		t.Fatalf("100k turns drawn with %d rectangles, want 1..400", len(rects))
	}
	if n := len(test.LaidOutObjects(tl)); n > 402 {
		t.Errorf("%d laid-out objects, want at most ~400", n)
	}
	var covered float32
	for _, r := range rects {
		covered += r.Size().Width
		if r.Position().X < pad-1e-3 || r.Position().X+r.Size().Width > 400-pad+1e-3 {
			t.Errorf("rectangle at %v width %v outside the track [%v, %v]", r.Position().X, r.Size().Width, pad, 400-pad)
		}
		if r.Size().Height != 5 || r.Position().Y != 2.5 {
			t.Errorf("rectangle height %v at %v, want the middle half of the band's 10", r.Size().Height, r.Position().Y)
		}
	}
	if math.Abs(float64(covered-trackW)) > 0.01 {
		t.Errorf("rectangles cover %v px, want the whole track %v", covered, trackW)
	}

	// Red takes 3/4 of every column: one red rectangle over the whole track.
	tl.SetTurns(dur, alternating(100_000, dur, 0.75))
	rects = bandRects(t, tl)
	if len(rects) != 1 || !sameRGB(rects[0].FillColor, timelineRed) || math.Abs(float64(rects[0].Size().Width-trackW)) > 0.01 {
		t.Errorf("3:1 red turns: got %d rectangles, first %+v; want one red over %v px", len(rects), rects[0], trackW)
	}

	// One speaker over the first half, another over 60–70%, silence elsewhere.
	tl.SetTurns(dur, []turn{
		{0, dur / 4, timelineRed},
		{dur / 4, dur / 2, timelineRed}, // adjacent, same colour: merged
		{dur * 6 / 10, dur * 7 / 10, timelineBlue},
		{dur * 8 / 10, dur * 9 / 10, nil}, // no speaker: nothing
	})
	rects = bandRects(t, tl)
	if len(rects) != 2 {
		t.Fatalf("got %d rectangles, want 2", len(rects))
	}
	red, blue := rects[0], rects[1]
	if !sameRGB(red.FillColor, timelineRed) || !sameRGB(blue.FillColor, timelineBlue) {
		t.Errorf("colours %v, %v; want red then blue", red.FillColor, blue.FillColor)
	}
	within := func(what string, got, want float32) {
		t.Helper()
		if math.Abs(float64(got-want)) > 1 {
			t.Errorf("%s at %v, want %v (±1 px)", what, got, want)
		}
	}
	within("red start", red.Position().X, tl.xAt(0))
	within("red end", red.Position().X+red.Size().Width, tl.xAt(dur/2))
	within("blue start", blue.Position().X, tl.xAt(dur*6/10))
	within("blue end", blue.Position().X+blue.Size().Width, tl.xAt(dur*7/10))

	// The pixels: red over the first half, not over the second.
	w := test.NewWindow(tl)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 10))
	img := w.Canvas().Capture()
	scale := float32(img.Bounds().Dx()) / 400
	at := func(d time.Duration) color.NRGBA {
		return color.NRGBAModel.Convert(img.At(int(tl.xAt(d)*scale), int(5*scale))).(color.NRGBA)
	}
	if c := at(dur / 4); !(c.R > 0xa0 && c.G < 0x60 && c.B < 0x60) {
		t.Errorf("pixel at a quarter is %v, want red", c)
	}
	if c := at(dur * 3 / 4); c.R > 0xa0 && c.G < 0x60 {
		t.Errorf("pixel at three quarters is %v, want not red", c)
	}
	if c := at(dur * 65 / 100); !(c.B > 0xa0 && c.R < 0x60) {
		t.Errorf("pixel at 65%% is %v, want blue", c)
	}

	// Empty and degenerate input draws nothing.
	tl.SetTurns(0, alternating(10, time.Second, 0.5))
	if rects := bandRects(t, tl); len(rects) != 0 {
		t.Errorf("zero duration: %d rectangles, want 0", len(rects))
	}
}

func TestTimelineAggregateColumns(t *testing.T) {
	// 100 s over 10 px: a column is 10 s.
	const dur = 100 * time.Second
	s := time.Second
	spans := aggregateTurns([]turn{
		{0, 13 * s, timelineRed},        // column 0, and 30% of column 1: 1 stays empty
		{23 * s, 30 * s, timelineRed},   // 70% of column 2: drawn
		{40 * s, 42 * s, timelineRed},   // column 4: red 2+2+2 s beats blue's 3 s
		{42 * s, 45 * s, timelineBlue},  //
		{45 * s, 47 * s, timelineRed},   //
		{47 * s, 49 * s, timelineRed},   //
		{50 * s, 60 * s, timelineRed},   // column 5 red, merged with column 4
		{60 * s, 70 * s, nil},           // no speaker
		{90 * s, 200 * s, timelineBlue}, // past the end: clamped to column 9
	}, dur, 10)
	type want struct {
		x0, x1 float32
		col    color.NRGBA
	}
	wants := []want{{0, 1, timelineRed}, {2, 3, timelineRed}, {4, 6, timelineRed}, {9, 10, timelineBlue}}
	if len(spans) != len(wants) {
		t.Fatalf("spans %+v, want %+v", spans, wants)
	}
	for i, w := range wants {
		if spans[i].x0 != w.x0 || spans[i].x1 != w.x1 || !sameRGB(spans[i].col, w.col) {
			t.Errorf("span %d = %+v, want %+v", i, spans[i], w)
		}
	}
	// A fractional last column.
	if spans := aggregateTurns([]turn{{0, dur, timelineRed}}, dur, 9.5); len(spans) != 1 || spans[0].x1 != 9.5 {
		t.Errorf("9.5 px track: %+v, want one span to 9.5", spans)
	}
}

func TestTimelineRebuildsOnlyOnChange(t *testing.T) {
	test.NewTempApp(t)
	tl := newTimeline(nil, nil)
	w := test.NewWindow(container.NewVBox(tl))
	defer w.Close()
	w.Resize(fyne.NewSize(300, 60))
	tl.SetTurns(time.Hour, alternating(1000, time.Hour, 0.5))
	r := timelineRendererOf(t, tl)
	before := r.builds
	first := r.Objects()[1]
	for range 5 {
		tl.Refresh()
		w.Content().Refresh()
		r.Layout(tl.Size())
	}
	if r.builds != before || r.Objects()[1] != first {
		t.Errorf("Refresh without changes rebuilt the band (%d → %d builds)", before, r.builds)
	}
	tl.SetHits([]time.Duration{time.Minute})
	if r.builds != before+1 {
		t.Errorf("SetHits: %d builds, want %d", r.builds, before+1)
	}
	w.Resize(fyne.NewSize(350, 60))
	if r.builds != before+2 {
		t.Errorf("resize: %d builds, want %d", r.builds, before+2)
	}
}

func TestTimelineHits(t *testing.T) {
	a := test.NewTempApp(t)
	dur := time.Hour
	tl := newTimeline(nil, nil)
	tl.Resize(fyne.NewSize(400, 10))
	tl.SetTurns(dur, []turn{{0, dur, timelineBlue}})
	hits := []time.Duration{0, 10 * time.Minute, 10*time.Minute + time.Second, 30 * time.Minute, dur}
	tl.SetHits(hits)

	warning := theme.Color(theme.ColorNameForeground)
	rects := bandRects(t, tl)
	if len(rects) == 0 || !sameRGB(rects[0].FillColor, timelineBlue) {
		t.Fatal("turn not drawn first")
	}
	ticks := rects[1:]
	// The hit one second after another shares its pixel column: one tick.
	want := []time.Duration{0, 10 * time.Minute, 30 * time.Minute, dur}
	if len(ticks) != len(want) {
		t.Fatalf("%d ticks, want %d", len(ticks), len(want))
	}
	for i, tk := range ticks {
		centre := tk.Position().X + tk.Size().Width/2
		if math.Abs(float64(centre-tl.xAt(want[i]))) > 0.01 || tk.Size().Width != 3 || tk.Size().Height != 10 {
			t.Errorf("tick %d at %v, %v; want 3×10 centred on xAt(%v) = %v", i, tk.Position(), tk.Size(), want[i], tl.xAt(want[i]))
		}
		if colorKey(tk.FillColor) != colorKey(warning) {
			t.Errorf("tick %d colour %v, want the text colour %v", i, tk.FillColor, warning)
		}
	}

	// A theme change recolours the ticks.
	a.Settings().SetTheme(test.NewTheme())
	tl.Refresh()
	newWarning := test.NewTheme().Color(theme.ColorNameForeground, a.Settings().ThemeVariant())
	if rects := bandRects(t, tl); colorKey(rects[len(rects)-1].FillColor) != colorKey(newWarning) {
		t.Errorf("after theme change tick is %v, want %v", rects[len(rects)-1].FillColor, newWarning)
	}

	// 100k hits stay bounded; nil clears.
	many := make([]time.Duration, 100_000)
	for i := range many {
		many[i] = time.Duration(i) * dur / time.Duration(len(many))
	}
	tl.SetHits(many)
	if n := len(bandRects(t, tl)); n > 1+400 {
		t.Errorf("100k hits: %d rectangles, want at most ~400", n)
	}
	tl.SetHits(nil)
	if n := len(bandRects(t, tl)); n != 1 {
		t.Errorf("after SetHits(nil): %d rectangles, want just the turn", n)
	}
}

func TestTimelineMinSizeAndCursor(t *testing.T) {
	test.NewTempApp(t)
	tl := newTimeline(nil, nil)
	min := tl.MinSize()
	if min.Height < 6 || min.Height > 14 || min.Width > 50 {
		t.Errorf("MinSize %v, want a thin band about 10 high", min)
	}
	if tl.Cursor() != desktop.PointerCursor {
		t.Errorf("Cursor %v, want pointer", tl.Cursor())
	}
}

func BenchmarkTimelineLayout100k(b *testing.B) {
	test.NewTempApp(b)
	dur := 3 * time.Hour
	turns := alternating(100_000, dur, 0.5)
	tl := newTimeline(nil, nil)
	tl.Resize(fyne.NewSize(1200, 10))
	b.ReportAllocs()
	for b.Loop() {
		tl.SetTurns(dur, turns)
		tl.Resize(fyne.NewSize(1200, 10))
	}
}

package transcriptview

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// near reports whether a and b are within half a pixel.
func near(a, b float32) bool { return math.Abs(float64(a-b)) <= 0.5 }

// checkStack checks that the rows on screen are drawn where the view says
// they are, one under the other, each as tall as its text lays out.
func checkStack(t *testing.T, v *View) {
	t.Helper()
	prev := float32(math.NaN())
	for k, i := range v.r.order {
		o := v.r.shown[i]
		y, h := v.RowY(i)
		if !near(o.bg.Position().Y, y) || !near(o.bg.Size().Height, h) {
			t.Fatalf("row %d drawn at %v (%v high), the view says %v (%v)", i, o.bg.Position().Y, o.bg.Size().Height, y, h)
		}
		if l := layoutRow(&v.rows[i], v.m, v.speaker[i]); !near(l.height, h) {
			t.Fatalf("row %d is %v high, its text lays out to %v", i, h, l.height)
		}
		if k > 0 && !near(prev, y) {
			t.Fatalf("row %d starts at %v, the row above ends at %v", i, y, prev)
		}
		prev = y + h
	}
}

func TestJumpLandsExactlyOn100kLines(t *testing.T) {
	v, _, _ := newTestView(t, testRows(100000))
	view := v.size.Height
	for _, row := range []int{50000, 777, 99990, 3, 0, 99999, 12345} {
		v.JumpTo(row)
		y, _ := v.RowY(row)
		// A third of the way down, as far as the content allows.
		top, _ := v.rowTop(row)
		want := float32(top - max(0, min(top-float64(view)/3, v.hs.total()-float64(view))))
		if !near(y, want) {
			t.Errorf("row %d is at %v, want %v", row, y, want)
		}
		if row == 50000 && !near(y, view/3) {
			t.Errorf("row %d is at %v, want a third of the way down (%v)", row, y, view/3)
		}
		if row == 99999 {
			if _, h := v.RowY(row); !near(y+h, view) {
				t.Errorf("the last row ends at %v of a %v view", y+h, view)
			}
		}
		if !v.InView(row) {
			t.Errorf("row %d is not in view after a jump there", row)
		}
		checkStack(t, v)
	}
	// Only the rows in view exist, from a pool that does not grow.
	if n := len(v.r.shown) + len(v.r.free); n > 40 {
		t.Errorf("%d rows' objects for a view showing %d", n, len(v.r.order))
	}
}

func TestScrollingKeepsRowsStacked(t *testing.T) {
	v, _, _ := newTestView(t, testRows(3000))
	v.JumpTo(1500)
	for i := 0; i < 60; i++ {
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -37}})
		checkStack(t, v)
	}
	for i := 0; i < 80; i++ {
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: 53}})
		checkStack(t, v)
	}
	// Past the end: the last row's foot stays at the view's foot.
	for i := 0; i < 5000; i++ {
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -500}})
	}
	last, h := v.RowY(2999)
	if !near(last+h, v.size.Height) {
		t.Errorf("scrolled to the end, the last row ends at %v of %v", last+h, v.size.Height)
	}
	checkStack(t, v)
}

func TestResizeKeepsThePlace(t *testing.T) {
	v, w, _ := newTestView(t, testRows(3000))
	v.JumpTo(1200)
	first, _ := v.First()
	for _, size := range []fyne.Size{{Width: 420, Height: 600}, {Width: 1400, Height: 900}, {Width: 800, Height: 300}} {
		w.Resize(size)
		if got, _ := v.First(); got < first-1 || got > first+1 {
			t.Errorf("resized to %v: the view starts at row %d, it started at %d", size, got, first)
		}
		checkStack(t, v)
	}
}

// bigText is the default theme with larger text, as Ctrl+= makes it.
type bigText struct{ fyne.Theme }

func (b bigText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return b.Theme.Size(n) * 1.6
	}
	return b.Theme.Size(n)
}

func TestTextSizeMeasuresAgain(t *testing.T) {
	v, w, _ := newTestView(t, testRows(500))
	o := container.NewThemeOverride(v, theme.DefaultTheme())
	w.SetContent(o)
	w.Resize(fyne.NewSize(800, 600))
	v.JumpTo(250)
	_, h := v.RowY(250)
	first, _ := v.First()
	o.Theme = bigText{theme.DefaultTheme()}
	o.Refresh()
	_, h2 := v.RowY(250)
	if h2 <= h*1.3 {
		t.Errorf("row 250 is %v high with larger text, %v before", h2, h)
	}
	if got, _ := v.First(); got < first-1 || got > first+1 {
		t.Errorf("the view starts at row %d, it started at %d", got, first)
	}
	checkStack(t, v)
	if tx := v.r.shown[250].texts[0]; tx.TextSize != v.m.textSize || v.m.textSize <= 15 {
		t.Errorf("text drawn at %v, measured at %v", tx.TextSize, v.m.textSize)
	}
}

func TestWheelStopsFollowingAndShowNowResumes(t *testing.T) {
	v, _, c := newTestView(t, testRows(200))
	var told []bool
	v.OnFollowingChanged = func(on bool) { told = append(told, on) }
	playAt(v, c, 300*time.Second) // line 59
	v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: 400}})
	if v.Following() || len(told) != 1 || told[0] {
		t.Fatalf("after the wheel: following %v, told %v", v.Following(), told)
	}
	off := v.Offset()
	c.advance(20 * time.Second) // four lines on: the view stays
	if v.Offset() != off {
		t.Errorf("the view moved from %v to %v while the user read elsewhere", off, v.Offset())
	}
	v.ShowNow()
	y, _ := v.RowY(v.Current())
	if !v.Following() || !near(y, v.size.Height/3) || told[len(told)-1] != true {
		t.Errorf("ShowNow: following %v, line at %v, told %v", v.Following(), y, told)
	}
}

func TestScrollbarDragScrolls(t *testing.T) {
	v, _, _ := newTestView(t, testRows(2000))
	x := v.size.Width - scrollbarWidth/2
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, v.size.Height/2)}, Dragged: fyne.Delta{DY: v.size.Height/2 - 5}})
	v.DragEnd()
	if frac := float64(v.Offset()) / v.maxY(); frac < 0.4 || frac > 0.6 {
		t.Errorf("the thumb dragged to the middle scrolled %.2f of the way", frac)
	}
	if v.Following() {
		t.Error("dragging the scroll bar did not stop following")
	}
	if v.r.thumb.FillColor == color.Transparent {
		t.Error("no thumb drawn")
	}
	_ = strings.Repeat
}

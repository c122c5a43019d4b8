package transcriptview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestTapsReachTheRowUnderThePointer(t *testing.T) {
	v, w, _ := newTestView(t, testRows(100))
	v.JumpTo(50)
	var tapped, right []int
	v.OnTapped = func(row int) { tapped = append(tapped, row) }
	v.OnTappedSecondary = func(row int, at fyne.Position) { right = append(right, row) }
	for _, row := range []int{49, 50, 51} {
		y, h := v.RowY(row)
		test.TapCanvas(w.Canvas(), fyne.NewPos(300, y+h/2))
		test.TapSecondaryAt(v, fyne.NewPos(300, y+2))
	}
	if len(tapped) != 3 || tapped[0] != 49 || tapped[2] != 51 || len(right) != 3 || right[1] != 50 {
		t.Errorf("tapped %v, right-clicked %v", tapped, right)
	}
}

func TestDragAcrossRowsSelects(t *testing.T) {
	v, _, _ := newTestView(t, testRows(100))
	var from, to []int
	var done bool
	v.OnDragged = func(a, b int, end bool) { from, to, done = append(from, a), append(to, b), end }
	y1, h1 := v.RowY(1)
	y3, h3 := v.RowY(3)
	start := fyne.NewPos(300, y1+h1/2)
	end := fyne.NewPos(300, y3+h3/2)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: end}, Dragged: fyne.Delta{DX: end.X - start.X, DY: end.Y - start.Y}})
	v.DragEnd()
	if len(from) != 2 || from[0] != 1 || to[0] != 3 || !done {
		t.Errorf("drag reported from %v to %v, done %v", from, to, done)
	}
}

// TestClickedLineStaysUnderThePointer: answering a click by playing the
// line clicked does not scroll the view, though the line is low in it.
func TestClickedLineStaysUnderThePointer(t *testing.T) {
	v, w, c := newTestView(t, testRows(100))
	playAt(v, c, 3*time.Second)
	v.OnTapped = func(row int) { playAt(v, c, v.rows[row].Start) }
	off := v.Offset()
	y, _ := v.RowY(6)
	test.TapCanvas(w.Canvas(), fyne.NewPos(300, y+5))
	if v.Current() != 6 || v.Offset() != off {
		t.Errorf("current %d, offset %v → %v", v.Current(), off, v.Offset())
	}
}

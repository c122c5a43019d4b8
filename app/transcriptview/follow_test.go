package transcriptview

import (
	"strings"
	"testing"
	"time"
)

// TestFollowKeepsTheLineInTheUpperPart plays through 180 lines: after
// every change of line the line being spoken is in the upper 40 % of the
// view (a quarter of the way down after a glide), and over the last lines
// the view holds still at the end of the content instead of scrolling on.
func TestFollowKeepsTheLineInTheUpperPart(t *testing.T) {
	v, _, c := newTestView(t, testRows(180))
	playAt(v, c, 2*time.Second)
	view := v.size.Height
	lastOff := v.Offset()
	held := 0
	for line := 1; line < 180; line++ {
		c.advance(5 * time.Second)
		if v.Current() != line {
			t.Fatalf("at line %d the view shows %d", line, v.Current())
		}
		y, _ := v.RowY(line)
		end := v.Offset() >= float32(v.maxY())-0.5
		if !end && (y < 0 || y > view*0.4) {
			t.Errorf("line %d at y=%v of %v", line, y, view)
		}
		if end && !v.InView(line) {
			t.Errorf("line %d out of view at the end", line)
		}
		if end && v.Offset() == lastOff {
			held++
		}
		lastOff = v.Offset()
		checkStack(t, v)
	}
	if held < 5 {
		t.Errorf("the view held still for %d of the last line changes", held)
	}
}

// TestLongLineIsFollowedThrough: a line twice as tall as the view is
// scrolled through as it is spoken, its spoken part kept in view.
func TestLongLineIsFollowedThrough(t *testing.T) {
	rows := testRows(10)
	rows[4].Text = strings.Repeat("This is a very long line that goes on and on. ", 160)
	rows[4].End = rows[5].Start
	v, _, c := newTestView(t, rows)
	if _, h := v.RowY(4); h < 2*v.size.Height {
		t.Fatalf("row 4 is only %v high", h)
	}
	playAt(v, c, rows[4].Start)
	var offs []float32
	for i := 0; i < 10; i++ {
		c.advance(450 * time.Millisecond)
		pos := v.play.Now(c.t)
		y, h := v.RowY(4)
		spoken := y + h*lineProgress(&v.rows[4], pos)
		if spoken < 0 || spoken > v.size.Height {
			t.Errorf("at %v the spoken part is at %v, off the %v-high view", pos, spoken, v.size.Height)
		}
		offs = append(offs, v.Offset())
	}
	if offs[len(offs)-1] <= offs[0] {
		t.Errorf("the view did not move through the long line: offsets %v", offs)
	}
}

// TestFollowNeverScrollsBack: a line already in the upper part of the
// view is not scrolled to (a click on a line near the top plays it where
// it is).
func TestFollowNeverScrollsBack(t *testing.T) {
	v, _, c := newTestView(t, testRows(100))
	v.JumpTo(40)
	first, _ := v.First()
	off := v.Offset()
	playAt(v, c, v.rows[first+1].Start)
	if v.Offset() != off {
		t.Errorf("playing line %d, just under the top, moved the view from %v to %v", first+1, off, v.Offset())
	}
}

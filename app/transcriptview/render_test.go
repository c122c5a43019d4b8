package transcriptview

import (
	"testing"
	"time"
)

// TestNothingIsRedrawnWhenNothingChanges: paused, or playing within a line
// whose look does not change, the view marks nothing for redrawing; a
// change of line redraws.
func TestNothingIsRedrawnWhenNothingChanges(t *testing.T) {
	rows := testRows(50)
	for i := range rows {
		rows[i].Words = []Word{{Start: rows[i].Start, From: 0, To: 4}} // one word: no progress mark
	}
	v, _, c := newTestView(t, rows)
	v.SetPlayhead(Playhead{Pos: 3 * time.Second, At: c.t})
	n := v.r.redraws
	for i := 0; i < 50; i++ {
		c.advance(100 * time.Millisecond)
		v.Refresh()
		v.SetPlayhead(Playhead{Pos: 3 * time.Second, At: c.t})
	}
	if v.r.redraws != n {
		t.Errorf("paused: %d redraws in 5 s", v.r.redraws-n)
	}
	playAt(v, c, 3*time.Second) // line 0, its one word spoken
	n = v.r.redraws
	c.advance(3 * time.Second)
	if v.r.redraws != n {
		t.Errorf("playing within a line: %d redraws", v.r.redraws-n)
	}
	c.advance(2 * time.Second) // line 1
	if v.r.redraws == n {
		t.Error("a change of line was not redrawn")
	}
}

// TestProgressMarkRedrawsAtMostOnceASecond: a line without word times
// grows its mark by at least a pixel and at most once a second (each
// change repaints the whole window).
func TestProgressMarkRedrawsAtMostOnceASecond(t *testing.T) {
	v, _, c := newTestView(t, testRows(50))
	playAt(v, c, 2*time.Second)
	n := v.r.redraws
	c.advance(4 * time.Second)
	if got := v.r.redraws - n; got < 3 || got > 5 {
		t.Errorf("%d redraws in 4 s of a line 5 s long", got)
	}
}

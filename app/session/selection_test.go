package session

import (
	"testing"
	"time"
)

func TestSelection(t *testing.T) {
	tr := lines(20) // lines at 2, 7, 12 … 97 s
	dur := 100 * time.Second
	cases := []struct {
		name        string
		sel         Selection
		in, out     time.Duration
		first, last int
	}{
		{"lines 1 to 3", SelectLines(tr, 3, 1, dur), sec(7), sec(22), 1, 3},
		{"the last line ends with the episode", SelectLines(tr, 19, 19, dur), sec(97), sec(100), 19, 19},
		{"clamped", Select(-time.Second, time.Hour, dur), 0, dur, 0, 19},
		{"never empty", Select(sec(50), sec(50), dur), sec(50), sec(50.1), 9, 9},
		{"at the very end", Select(dur, dur, dur), dur - Nudge, dur, 19, 19},
		{"mark in without a selection", Selection{}.MarkIn(sec(10), dur), sec(10), sec(40), 1, 7},
		{"mark out without a selection", Selection{}.MarkOut(sec(10), dur), 0, sec(10), 0, 1},
		{"mark in keeps a later end", Select(sec(20), sec(60), dur).MarkIn(sec(30), dur), sec(30), sec(60), 5, 11},
		{"mark out before the start", Select(sec(20), sec(60), dur).MarkOut(sec(15), dur), 0, sec(15), 0, 2},
		{"nudge the start", Select(sec(20), sec(60), dur).Nudged(true, Nudge, dur), sec(20.1), sec(60), 3, 11},
		{"nudge the end past the start", Select(sec(20), sec(20.2), dur).Nudged(false, -time.Second, dur), sec(20), sec(20.1), 3, 3},
		{"nothing", Selection{}, 0, 0, -1, -1},
	}
	for _, c := range cases {
		if c.sel.In != c.in || c.sel.Out != c.out {
			t.Errorf("%s: [%v, %v), want [%v, %v)", c.name, c.sel.In, c.sel.Out, c.in, c.out)
		}
		if f, l := c.sel.Lines(tr, dur); f != c.first || l != c.last {
			t.Errorf("%s: lines %d–%d, want %d–%d", c.name, f, l, c.first, c.last)
		}
	}
	if (Selection{}).Nudged(true, time.Second, dur).Active() {
		t.Error("nudging nothing selected something")
	}
}

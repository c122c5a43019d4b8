package align

import (
	"reflect"
	"testing"
	"time"
)

// testEngine is an engine over lines stamped at the given seconds.
func testEngine(stamps ...float64) *engine {
	e := &engine{total: sec(stamps[len(stamps)-1] + 10)}
	for i, s := range stamps {
		until := e.total
		if i+1 < len(stamps) {
			until = sec(stamps[i+1])
		}
		e.lines = append(e.lines, &line{index: i, stamp: sec(s), until: until, text: splitLine("some words", nil)})
	}
	return e
}

func (e *engine) find(i int, start, end float64) {
	e.lines[i].found = true
	e.lines[i].timing = LineTiming{Index: i, Start: sec(start), End: sec(end), Found: true}
}

func TestBlocks(t *testing.T) {
	e := testEngine(0, 5, 10, 30, 40, 50, 60, 65, 70, 100, 110)
	firsts := func(from time.Duration) []int {
		var out []int
		var sum time.Duration
		for _, b := range e.blocks(from) {
			out = append(out, b.a)
			sum += b.weight
		}
		if sum != e.total {
			t.Errorf("from %v: the blocks' shares add up to %v, want the length %v", from, sum, e.total)
		}
		return out
	}
	// From the start: a short first window, then windows of at most
	// blockSpan of stamps.
	if got := firsts(0); !reflect.DeepEqual(got, []int{0, 2, 4, 7, 9}) {
		t.Errorf("blocks start at lines %v, want 0, 2, 4, 7, 9", got)
	}
	// From 62 s: the line spoken then (at 60 s) first, the later ones,
	// then the earlier ones, nearest first.
	if got := firsts(sec(62)); !reflect.DeepEqual(got, []int{6, 8, 9, 3, 0}) {
		t.Errorf("from 62 s the blocks start at lines %v, want 6, 8, 9, 3, 0", got)
	}
}

func TestPlace(t *testing.T) {
	e := testEngine(0, 5, 10, 30, 40, 50)
	e.total = 2 * time.Minute
	// An advert of 30 s before line 4 found it at 60 s instead of 30 s:
	// the next window looks 30 s later than the stamps say.
	e.find(2, 10.2, 13)
	e.find(3, 60.1, 64)
	j := job{a: 4, b: 6}
	e.place(&j)
	// Around the lines' stamps moved by the drift, with margins.
	if from, to := sec(40+30.1)-lead, sec(60+30.1)+trail; j.from != from || j.to != to {
		t.Errorf("window %v–%v, want %v–%v", j.from, j.to, from, to)
	}
	// Not before the end of the line found before.
	e.find(3, 60.1, 68)
	e.place(&j)
	if j.from != sec(68)-100*time.Millisecond {
		t.Errorf("window from %v, want from the end of line 4 (68 s)", j.from)
	}
	if d := e.drift(4); d != sec(60.1)-sec(30) {
		t.Errorf("drift %v, want %v", d, sec(30.1))
	}
	// A second try looks further: back to the line before, on past.
	e = testEngine(0, 5, 10, 30, 40, 50, 100)
	e.find(0, 0.5, 3)
	j = job{a: 1, b: 3, try: 1}
	e.place(&j)
	if j.from != sec(3)-100*time.Millisecond || j.to != e.total {
		t.Errorf("second try %v–%v, want from line 1's end to the end", j.from, j.to)
	}
}

func TestKeepInOrder(t *testing.T) {
	e := testEngine(0, 5, 10, 15, 20)
	e.find(0, 0.5, 4)
	e.find(1, 40, 44) // matched in the wrong place
	e.find(2, 10.3, 14)
	e.find(3, 15.2, 19)
	e.find(4, 20.1, 24)
	e.keepInOrder()
	for i, want := range []bool{true, false, true, true, true} {
		if e.lines[i].found != want {
			t.Errorf("line %d found %v, want %v", i+1, e.lines[i].found, want)
		}
	}
}

func TestExtra(t *testing.T) {
	e := testEngine(0, 5, 10)
	e.find(0, 0.5, 4)
	e.find(1, 5, 9)
	e.find(2, 40, 44)
	// Garbage heard: breath between lines 1 and 2 (too short to say),
	// the end of line 2 heard by a window not looking for it, and an
	// advert from 10 to 38 s, seen twice by overlapping windows.
	e.garbage = []span{{sec(4.2), sec(4.8)}, {sec(8), sec(9.3)}, {sec(10), sec(25)}, {sec(20), sec(38)}, {sec(26), sec(30)}}
	got := e.extra()
	want := []Span{{sec(10), sec(38)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("extra %v, want %v", got, want)
	}
}

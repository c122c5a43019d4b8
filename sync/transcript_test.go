package sync

import (
	"testing"
	"time"
)

func sec(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func TestAt(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(1), Text: "a"},
		{Start: sec(3), Text: "b"},
		{Start: sec(3), Text: "c"}, // shares a second with b
		{Start: sec(10), End: sec(12), Text: "d"},
	})
	cases := []struct {
		name string
		pos  time.Duration
		want int
	}{
		{"before first", sec(0.5), -1},
		{"zero", 0, -1},
		{"exact start of first", sec(1), 0},
		{"inside first", sec(2.999), 0},
		{"shared start picks the last listed", sec(3), 2},
		{"gap after c belongs to c", sec(9), 2},
		{"exact start of last", sec(10), 3},
		{"after last end", sec(100), 3},
	}
	for _, c := range cases {
		if got := tr.At(c.pos); got != c.want {
			t.Errorf("%s: At(%v) = %d, want %d", c.name, c.pos, got, c.want)
		}
	}
	var empty Transcript
	if got := empty.At(sec(5)); got != -1 {
		t.Errorf("empty: At = %d, want -1", got)
	}
	var nilT *Transcript
	if got := nilT.At(sec(5)); got != -1 || nilT.Len() != 0 {
		t.Errorf("nil transcript: At = %d, Len = %d", got, nilT.Len())
	}
}

func TestAtMatchesLinearScan(t *testing.T) {
	var segs []Segment
	for i := 0; i < 500; i++ {
		segs = append(segs, Segment{Start: time.Duration(i/3) * 700 * time.Millisecond})
	}
	tr := New(segs)
	for pos := -time.Second; pos < 130*time.Second; pos += 37 * time.Millisecond {
		want := -1
		for i, s := range tr.Segments {
			if s.Start <= pos {
				want = i
			}
		}
		if got := tr.At(pos); got != want {
			t.Fatalf("At(%v) = %d, linear scan says %d", pos, got, want)
		}
	}
}

func TestEndOf(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(1)},
		{Start: sec(3), End: sec(4)},
		{Start: sec(5)},
		{Start: sec(5)},
		{Start: sec(8)},
	})
	media := sec(20)
	want := []time.Duration{sec(3), sec(4), sec(8), sec(8), sec(20)}
	for i, w := range want {
		if got := tr.EndOf(i, media); got != w {
			t.Errorf("EndOf(%d) = %v, want %v", i, got, w)
		}
	}
	// A media end before the last start does not make the segment end early.
	if got := tr.EndOf(4, sec(2)); got != sec(8) {
		t.Errorf("EndOf(last) with short media = %v, want its start", got)
	}
}

func TestNewSortsStably(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(5), Text: "late"},
		{Start: sec(1), Text: "first"},
		{Start: sec(1), Text: "second"},
	})
	got := []string{tr.Segments[0].Text, tr.Segments[1].Text, tr.Segments[2].Text}
	if got[0] != "first" || got[1] != "second" || got[2] != "late" {
		t.Errorf("order = %v", got)
	}
}

func BenchmarkAt(b *testing.B) {
	segs := make([]Segment, 100000)
	for i := range segs {
		segs[i].Start = time.Duration(i) * 2 * time.Second
	}
	tr := New(segs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr.At(time.Duration(i%200000) * time.Second)
	}
}

// TestLaterStarts checks the linear-time ends the writers use against
// EndOf, over equal starts and, for transcripts built by hand, segments
// out of order.
func TestLaterStarts(t *testing.T) {
	for _, segs := range [][]Segment{
		{{Start: sec(1)}, {Start: sec(1)}, {Start: sec(1), End: sec(2)}, {Start: sec(3)}, {Start: sec(3)}},
		{{Start: sec(5)}, {Start: sec(1)}, {Start: sec(5)}, {Start: sec(2)}, {Start: sec(7)}, {Start: sec(0)}},
		{},
	} {
		tr := &Transcript{Segments: segs}
		later := tr.laterStarts()
		for i, s := range segs {
			if got, want := endOf(s, later[i], sec(60)), tr.EndOf(i, sec(60)); got != want {
				t.Errorf("%v: segment %d ends at %v, EndOf says %v", segs, i, got, want)
			}
		}
	}
}

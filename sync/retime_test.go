package sync

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func retimeTranscript() *Transcript {
	tr := New([]Segment{
		{Start: sec(10), End: sec(12), Text: "before", Words: []Word{word(10, 11, "be"), word(11, 0, "fore")}},
		{Start: sec(20), Text: "first anchor"},
		{Start: sec(25), End: sec(28), Text: "between"},
		{Start: sec(40), Text: "second anchor"},
		{Start: sec(50), End: sec(55), Text: "after"},
	})
	tr.Warnings = []Warning{{Line: 1, Msg: "kept"}}
	return tr
}

func starts(t *Transcript) []time.Duration {
	var out []time.Duration
	for _, s := range t.Segments {
		out = append(out, s.Start)
	}
	return out
}

func TestShift(t *testing.T) {
	tr := retimeTranscript()
	before := cloneTranscript(tr)
	got := tr.Shift(sec(90))
	if want := []time.Duration{sec(100), sec(110), sec(115), sec(130), sec(140)}; !reflect.DeepEqual(starts(got), want) {
		t.Errorf("starts %v, want %v", starts(got), want)
	}
	if s := got.Segments[0]; s.End != sec(102) || s.Words[0] != word(100, 101, "be") || s.Words[1] != word(101, 0, "fore") {
		t.Errorf("first segment %+v", s)
	}
	if got.Segments[1].End != 0 || got.Segments[4].End != sec(145) {
		t.Errorf("ends: %v %v", got.Segments[1].End, got.Segments[4].End)
	}
	if !reflect.DeepEqual(got.Warnings, tr.Warnings) {
		t.Errorf("warnings %v", got.Warnings)
	}
	back := tr.Shift(-sec(22))
	if want := []time.Duration{0, 0, sec(3), sec(18), sec(28)}; !reflect.DeepEqual(starts(back), want) {
		t.Errorf("back: starts %v, want %v", starts(back), want)
	}
	if s := back.Segments[0]; s.End != 0 || s.Words[0].End != 0 {
		t.Errorf("ends before 0 become zero: %+v", s)
	}
	if !reflect.DeepEqual(tr, before) {
		t.Errorf("Shift changed its receiver")
	}
	if got := tr.Shift(math.MaxInt64); got.Segments[4].Start != math.MaxInt64 {
		t.Errorf("no overflow: %v", got.Segments[4].Start)
	}
	var empty *Transcript
	if got := empty.Shift(sec(1)); got == nil || got.Len() != 0 {
		t.Errorf("nil transcript: %+v", got)
	}
}

// TestRetimePins: three pins, the transcript piecewise linear through
// them: 30 s of adverts before the first, the stretch between the first
// and second as it was, 15 s inserted between the second and the third.
func TestRetimePins(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(10), End: sec(12), Text: "before"},
		{Start: sec(20), Text: "first pin"},
		{Start: sec(30), Text: "between one and two"},
		{Start: sec(40), Text: "second pin"},
		{Start: sec(50), End: sec(55), Text: "between two and three", Words: []Word{word(50, 52, "between"), word(52, 0, "two")}},
		{Start: sec(60), Text: "third pin"},
		{Start: sec(70), End: sec(75), Text: "after"},
	})
	before := cloneTranscript(tr)
	// Given in any order.
	got, err := tr.RetimePins([]Pin{{5, sec(105)}, {1, sec(50)}, {3, sec(70)}})
	if err != nil {
		t.Fatal(err)
	}
	// 20→50, 40→70 (shift 30), 60→105: 20 s of transcript to 35 s of audio.
	want := []time.Duration{sec(40), sec(50), sec(60), sec(70), sec(87) + 500*time.Millisecond, sec(105), sec(115)}
	if !reflect.DeepEqual(starts(got), want) {
		t.Errorf("starts %v, want %v", starts(got), want)
	}
	s := got.Segments[4]
	if s.End != sec(96)+250*time.Millisecond || s.Words[0].Start != s.Start || s.Words[0].End != sec(91) || s.Words[1].Start != sec(91) || s.Words[1].End != 0 {
		t.Errorf("the segment between the second and third pins: %+v", s)
	}
	if got.Segments[6].End != sec(120) || got.Segments[0].End != sec(42) {
		t.Errorf("ends beyond the pins: %v, %v", got.Segments[0].End, got.Segments[6].End)
	}
	if !reflect.DeepEqual(tr, before) {
		t.Error("RetimePins changed its receiver")
	}
	// One pin shifts; none copies.
	one, err := tr.RetimePins([]Pin{{2, sec(31)}})
	if err != nil || !reflect.DeepEqual(starts(one), starts(tr.Shift(sec(1)))) {
		t.Errorf("one pin: %v, %v", starts(one), err)
	}
	none, err := tr.RetimePins(nil)
	if err != nil || !reflect.DeepEqual(none, tr) {
		t.Errorf("no pins: %v, %v", none, err)
	}
	for _, c := range []struct {
		pins []Pin
		want string
	}{
		{[]Pin{{1, sec(50)}, {9, sec(70)}}, "no segment 9"},
		{[]Pin{{1, sec(50)}, {1, sec(70)}}, "not segment 1 twice"},
		{[]Pin{{1, -sec(1)}}, "before 0:00"},
		{[]Pin{{1, sec(50)}, {3, sec(80)}, {5, sec(80)}}, "reverse the order: segment 3"},
	} {
		if _, err := tr.RetimePins(c.pins); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("RetimePins(%v): %v, want an error saying %q", c.pins, err, c.want)
		}
	}
}

func TestRetime(t *testing.T) {
	tr := retimeTranscript()
	before := cloneTranscript(tr)
	// The first anchor is really at 0:30 and the second at 1:10: 30 s of
	// ads before the first, and the 20 s between them stretched to 40.
	got, err := tr.Retime(1, sec(30), 3, sec(70))
	if err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{sec(20), sec(30), sec(40), sec(70), sec(80)}; !reflect.DeepEqual(starts(got), want) {
		t.Errorf("starts %v, want %v", starts(got), want)
	}
	if s := got.Segments[2]; s.End != sec(46) {
		t.Errorf("end between the anchors: %v, want 46s", s.End)
	}
	if s := got.Segments[0]; s.End != sec(22) || s.Words[1] != word(21, 0, "fore") {
		t.Errorf("before the first anchor: %+v", s)
	}
	if s := got.Segments[4]; s.End != sec(85) {
		t.Errorf("after the second anchor: %+v", s)
	}
	// The anchors may be given in either order.
	swapped, err := tr.Retime(3, sec(70), 1, sec(30))
	if err != nil || !reflect.DeepEqual(swapped, got) {
		t.Errorf("swapped anchors: %v, %+v", err, swapped)
	}
	// Squeezing, with times pushed below 0.
	got, err = tr.Retime(1, 0, 2, sec(1))
	if err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{0, 0, sec(1), sec(16), sec(26)}; !reflect.DeepEqual(starts(got), want) {
		t.Errorf("squeezed: starts %v, want %v", starts(got), want)
	}
	if !reflect.DeepEqual(tr, before) {
		t.Errorf("Retime changed its receiver")
	}
	// Exact for long episodes: no rounding through floating point.
	long := New([]Segment{{Start: 0, Text: "a"}, {Start: 1, Text: "b"}, {Start: 100 * time.Hour, Text: "c"}})
	got, err = long.Retime(0, 0, 2, 200*time.Hour)
	if err != nil || got.Segments[1].Start != 2 {
		t.Errorf("long: %v %v", err, got.Segments[1].Start)
	}
}

func TestRetimeErrors(t *testing.T) {
	tr := retimeTranscript()
	tr.Segments = append(tr.Segments, Segment{Start: sec(50), Text: "shares a start"})
	cases := []struct {
		i, j int
		a, b time.Duration
		msg  string
	}{
		{1, 1, sec(1), sec(2), "re-timing needs two different segments, not segment 1 twice"},
		{-1, 2, 0, sec(1), "re-timing: no segment -1 (the transcript has 6)"},
		{1, 6, 0, sec(1), "re-timing: no segment 6 (the transcript has 6)"},
		{1, 3, sec(50), sec(40), "re-timing would reverse the order: segment 1 (at 00:00:20) must stay before segment 3 (at 00:00:40), but 00:00:50 is not before 00:00:40"},
		{3, 1, sec(30), sec(30), "re-timing would reverse the order: segment 1 (at 00:00:20) must stay before segment 3 (at 00:00:40), but 00:00:30 is not before 00:00:30"},
		{4, 5, sec(1), sec(2), "re-timing: segments 4 and 5 both start at 00:00:50; pick two that start at different times"},
		{1, 3, -sec(1), sec(2), "re-timing: a time before 0:00"},
	}
	for _, c := range cases {
		got, err := tr.Retime(c.i, c.a, c.j, c.b)
		if err == nil || !strings.HasPrefix(err.Error(), c.msg) || got != nil {
			t.Errorf("Retime(%d, %v, %d, %v) = %v, want error %q", c.i, c.a, c.j, c.b, err, c.msg)
		}
	}
}

// FuzzRetime checks the invariants of Shift and Retime on transcripts
// made from the fuzzer's bytes: a pair of bytes a segment, the first its
// gap to the one before in tenths of a second, the second its length
// (zero: no end).
func FuzzRetime(f *testing.F) {
	f.Add([]byte{10, 20, 0, 5, 30, 0, 0, 7}, 1, 3, int64(sec(30)), int64(sec(70)), int64(-sec(5)))
	f.Add([]byte{0, 0, 0, 0, 255, 255}, 0, 2, int64(0), int64(1), int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, data []byte, i, j int, a, b, d int64) {
		var segs []Segment
		at := time.Duration(0)
		for k := 0; k+1 < len(data); k += 2 {
			at += time.Duration(data[k]) * 100 * time.Millisecond
			s := Segment{Start: at, Text: "x"}
			if data[k+1] != 0 {
				s.End = at + time.Duration(data[k+1])*10*time.Millisecond
				s.Words = []Word{{Start: at, End: s.End, Text: "x"}}
			}
			segs = append(segs, s)
		}
		tr := New(segs)
		before := cloneTranscript(tr)
		check := func(name string, got *Transcript) {
			if got.Len() != tr.Len() {
				t.Fatalf("%s: %d segments, want %d", name, got.Len(), tr.Len())
			}
			for k, s := range got.Segments {
				if s.Start < 0 || s.End < 0 || k > 0 && s.Start < got.Segments[k-1].Start {
					t.Fatalf("%s: segment %d %+v out of order or before 0", name, k, s)
				}
				for _, w := range s.Words {
					if w.Start < 0 || w.End < 0 {
						t.Fatalf("%s: word before 0: %+v", name, w)
					}
				}
			}
			if !reflect.DeepEqual(tr, before) {
				t.Fatalf("%s changed its receiver", name)
			}
		}
		check("Shift", tr.Shift(time.Duration(d)))
		if d >= 0 && d < int64(time.Hour) {
			for k, s := range tr.Shift(time.Duration(d)).Segments {
				if s.Start != tr.Segments[k].Start+time.Duration(d) {
					t.Fatalf("Shift(%v): segment %d at %v", time.Duration(d), k, s.Start)
				}
			}
		}
		got, err := tr.Retime(i, time.Duration(a), j, time.Duration(b))
		if err != nil {
			n := tr.Len()
			ok := i < 0 || j < 0 || i >= n || j >= n || i == j || a < 0 || b < 0
			if !ok {
				lo, hi, la, lb := i, j, a, b
				if lo > hi {
					lo, hi, la, lb = j, i, b, a
				}
				ok = tr.Segments[lo].Start == tr.Segments[hi].Start || la >= lb
			}
			if !ok {
				t.Fatalf("Retime(%d, %v, %d, %v): unexpected error %v", i, a, j, b, err)
			}
			return
		}
		check("Retime", got)
		if got.Segments[i].Start != time.Duration(a) || got.Segments[j].Start != time.Duration(b) {
			t.Fatalf("Retime(%d, %v, %d, %v): anchors at %v and %v", i, a, j, b, got.Segments[i].Start, got.Segments[j].Start)
		}
	})
}

package align

import (
	"testing"
	"time"

	tsync "readalong/sync"
)

func sec(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// spliced is a result as Align gives it for a transcript of five lines
// stamped at 0, 10, 20, 30, 40 s, with 30 s of advert inserted at 22 s:
// lines 1, 2, 4 and 5 found, line 3 not.
func spliced() (*tsync.Transcript, *Result) {
	tr := tsync.New([]tsync.Segment{
		{Start: sec(0), Text: "one a"}, {Start: sec(10), Text: "two b"}, {Start: sec(20), Text: "three c", Words: []tsync.Word{{Start: sec(20), Text: "three"}, {Start: sec(21), Text: "c"}}},
		{Start: sec(30), End: sec(33), Text: "four d"}, {Start: sec(40), Text: "five e"},
	})
	found := func(i int, s, e float64) LineTiming {
		return LineTiming{Index: i, Start: sec(s), End: sec(e), Found: true, Confidence: 1 - e/1000, Words: []WordTiming{{"x", sec(s), sec(s + 1)}, {"y", sec(s + 1), sec(e)}}}
	}
	r := &Result{
		Lines:    []LineTiming{found(0, 0.4, 3), found(1, 10.5, 13), {Index: 2, Start: sec(20), Unsure: true}, found(3, 60.5, 63), found(4, 70.3, 74)},
		Extra:    []Span{{sec(22), sec(52)}},
		Skipped:  []Missing{{Index: 2, At: sec(20), Text: "three c"}},
		Duration: sec(80),
	}
	return tr, r
}

func TestApply(t *testing.T) {
	tr, r := spliced()
	out := r.Apply(tr)
	want := []time.Duration{sec(0.4), sec(10.5), 0, sec(60.5), sec(70.3)}
	// Line 3 lies between the end of line 2 (13 s, stamp 10 s) and the
	// start of line 4 (60.5 s, stamp 30 s): halfway, at 36.75 s.
	want[2] = sec(13) + (sec(60.5)-sec(13))/2
	for i, s := range out.Segments {
		if s.Start != want[i] {
			t.Errorf("line %d starts at %v, want %v", i+1, s.Start, want[i])
		}
	}
	if out.Segments[3].End != sec(63) || len(out.Segments[3].Words) != 2 || out.Segments[3].Words[1].Start != sec(61.5) {
		t.Errorf("line 4: end %v, words %+v", out.Segments[3].End, out.Segments[3].Words)
	}
	// The line not found keeps its words, moved with it.
	if w := out.Segments[2].Words; len(w) != 2 || w[1].Start != want[2]+time.Second {
		t.Errorf("line 3's words: %+v", w)
	}
	// The transcript given is not changed.
	if tr.Segments[3].Start != sec(30) || tr.Segments[2].Words[0].Start != sec(20) {
		t.Error("Apply changed the transcript it was given")
	}
	if out.Segments[0].Text != "one a" {
		t.Errorf("text changed: %q", out.Segments[0].Text)
	}
}

// TestApplyWithPins: the listener's pins win near where they were set.
func TestApplyWithPins(t *testing.T) {
	tr, r := spliced()
	// Line 3, not found, pinned where the listener heard it: it starts
	// there, its words with it; the lines found stay where they were.
	out := r.Apply(tr, tsync.Pin{Index: 2, At: sec(20.6)}, tsync.Pin{Index: 9, At: sec(99)})
	if s := out.Segments[2]; s.Start != sec(20.6) || len(s.Words) != 2 || s.Words[1].Start != sec(21.6) {
		t.Errorf("pinned line 3: %+v", s)
	}
	for i, want := range map[int]time.Duration{0: sec(0.4), 1: sec(10.5), 3: sec(60.5), 4: sec(70.3)} {
		if out.Segments[i].Start != want {
			t.Errorf("line %d at %v, want %v (found, and no pin says otherwise)", i+1, out.Segments[i].Start, want)
		}
	}
	// Line 2 pinned at 61 s: line 4, found at 60.5 s, contradicts the
	// pin and is placed between line 2's end (moved with it, 63.5 s) and
	// line 5 (70.3 s), as is line 3.
	out = r.Apply(tr, tsync.Pin{Index: 1, At: sec(61)})
	s := out.Segments
	if s[1].Start != sec(61) || s[1].End != sec(63.5) || s[1].Words[1].Start != sec(62) {
		t.Errorf("pinned line 2: %+v", s[1])
	}
	if s[0].Start != sec(0.4) || s[4].Start != sec(70.3) {
		t.Errorf("lines 1 and 5 at %v and %v", s[0].Start, s[4].Start)
	}
	for _, i := range []int{2, 3} {
		if s[i].Start <= sec(63.5) || s[i].Start >= sec(70.3) || s[i].Start <= s[i-1].Start {
			t.Errorf("line %d at %v, want between 1:03.5 and 1:10.3, after line %d", i+1, s[i].Start, i)
		}
	}
	// The result itself is not changed.
	if r.Lines[3].Start != sec(60.5) || !r.Lines[3].Found {
		t.Error("Apply changed the result")
	}
}

func TestApplyEdges(t *testing.T) {
	// Lines before the first found and after the last move with it.
	tr := tsync.New([]tsync.Segment{{Start: sec(5), Text: "a"}, {Start: sec(10), Text: "b"}, {Start: sec(15), Text: "c"}})
	r := &Result{Lines: []LineTiming{{Index: 0, Start: sec(5)}, {Index: 1, Start: sec(12), End: sec(14), Found: true}, {Index: 2, Start: sec(15)}}}
	out := r.Apply(tr)
	for i, want := range []time.Duration{sec(7), sec(12), sec(17)} {
		if out.Segments[i].Start != want {
			t.Errorf("line %d at %v, want %v", i+1, out.Segments[i].Start, want)
		}
	}
}

func TestSummary(t *testing.T) {
	_, r := spliced()
	r.Lines[4].Unsure = true
	want := "aligned 4 of 5 lines; 1 not heard (first at 0:20); 1 unsure; 0:30 of audio not in the transcript at 0:22"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	r = &Result{Lines: []LineTiming{{Found: true}}}
	if got := r.Summary(); got != "aligned 1 of 1 lines" {
		t.Errorf("Summary() = %q", got)
	}
}

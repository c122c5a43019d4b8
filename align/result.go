package align

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tsync "readalong/sync"
)

// Result is where a transcript's lines and words are spoken.
type Result struct {
	// Lines holds one entry per segment of the transcript, in its order.
	Lines []LineTiming
	// Extra lists the stretches of audio that are not in the transcript
	// (inserted adverts, music, chatter), in order.
	Extra []Span
	// Skipped lists the lines that were not heard in the audio.
	Skipped []Missing
	// Duration is the length of the audio.
	Duration time.Duration
}

// LineTiming is where one line is spoken.
type LineTiming struct {
	Index int // the segment's index in the transcript
	// Start and End are where the line is spoken; for a line not found,
	// Start is the transcript's own stamp and End is zero.
	Start, End time.Duration
	// Words are the line's words as shown, each with where it is spoken;
	// nil for a line not found. A word not spoken (a dash) takes the end
	// of the word before it for its start and end.
	Words []WordTiming
	// Found is set when the line was heard.
	Found bool
	// Unsure is set when the line was not heard, or heard with a word
	// drawn out too long to be right.
	Unsure bool
	// Confidence is how sure the alignment is of the line, from 0 (not
	// heard) to 1: the share of its words heard, each for no longer than
	// a word can plausibly last, and less when the line was found only by
	// a second, wider search. A line the listener pinned has 1.
	Confidence float64
}

// WordTiming is where one shown word is spoken.
type WordTiming struct {
	Text       string
	Start, End time.Duration
}

// Span is a stretch of audio.
type Span struct{ Start, End time.Duration }

// Missing is a line of the transcript not heard in the audio.
type Missing struct {
	Index int           // the segment's index
	At    time.Duration // the transcript's stamp
	Text  string
}

// Aligned returns how many lines were found, and how many of them are
// unsure.
func (r *Result) Aligned() (found, unsure int) {
	for _, l := range r.Lines {
		if l.Found {
			found++
			if l.Unsure {
				unsure++
			}
		}
	}
	return found, unsure
}

// Summary says in one line what the alignment found, as "aligned 171 of
// 173 lines; 2 not heard (first at 4:02); 1 unsure; 0:58 of audio not in
// the transcript at 12:31".
func (r *Result) Summary() string {
	found, unsure := r.Aligned()
	total := found + len(r.Skipped)
	parts := []string{fmt.Sprintf("aligned %d of %d lines", found, total)}
	if n := len(r.Skipped); n > 0 {
		parts = append(parts, fmt.Sprintf("%d not heard (first at %s)", n, clock(r.Skipped[0].At)))
	}
	if unsure > 0 {
		parts = append(parts, fmt.Sprintf("%d unsure", unsure))
	}
	if len(r.Extra) > 0 {
		var at []string
		var sum time.Duration
		for _, e := range r.Extra {
			sum += e.End - e.Start
			at = append(at, clock(e.Start))
		}
		if len(at) > 4 {
			at = append(at[:4], "…")
		}
		parts = append(parts, fmt.Sprintf("%s of audio not in the transcript at %s", clock(sum), strings.Join(at, ", ")))
	}
	return strings.Join(parts, "; ")
}

// clock writes d as M:SS or H:MM:SS.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Apply returns a copy of t retimed by the alignment: lines found take
// their aligned start, end and word times; the others are placed between
// their nearest found neighbours, piecewise linearly in the transcript's
// own stamps (so an inserted advert moves the lines after it by its
// length, and those before it not at all), their words moved with them.
// t must be the transcript the result was made from; segments beyond the
// result are copied as they are.
//
// The listener's own pins win near where they were set: a pinned line
// starts at its pin (its words moved with it), and a found line the pin
// contradicts (one before it aligned at or after the pin, or one after it
// aligned at or before) is placed as a line not found. Pins naming lines
// t does not have, or out of order with the pins before them, are
// ignored.
func (r *Result) Apply(t *tsync.Transcript, pins ...tsync.Pin) *tsync.Transcript {
	out := &tsync.Transcript{Segments: make([]tsync.Segment, len(t.Segments)), Warnings: t.Warnings}
	copy(out.Segments, t.Segments)
	n := min(len(r.Lines), len(t.Segments))
	lines := r.pinned(t, n, pins)
	// The found lines as (stamp, aligned start) pairs.
	var anchors []int
	for i := 0; i < n; i++ {
		if lines[i].Found {
			anchors = append(anchors, i)
		}
	}
	k := 0 // anchors[k] is the first anchor at or after i
	for i := 0; i < n; i++ {
		s := &out.Segments[i]
		lt := lines[i]
		if lt.Found {
			k++
			s.Start, s.End = lt.Start, lt.End
			if lt.Words != nil || s.Words != nil {
				s.Words = make([]tsync.Word, len(lt.Words))
				for j, w := range lt.Words {
					s.Words[j] = tsync.Word{Start: w.Start, End: w.End, Text: w.Text}
				}
			}
			continue
		}
		shift := shiftBetween(t, lines, anchors, k, s.Start)
		s.Start += shift
		if s.End != 0 {
			s.End += shift
		}
		if s.Words != nil {
			s.Words = append([]tsync.Word(nil), s.Words...)
			for j := range s.Words {
				s.Words[j].Start += shift
				if s.Words[j].End != 0 {
					s.Words[j].End += shift
				}
			}
		}
		s.Start = max(s.Start, 0)
	}
	res := tsync.New(out.Segments)
	res.Warnings = t.Warnings
	return res
}

// pinned returns the first n lines of the result with the pins applied:
// each pinned line found (and sure) at its pin, moved whole, and the
// found lines a pin contradicts made lines not found.
func (r *Result) pinned(t *tsync.Transcript, n int, pins []tsync.Pin) []LineTiming {
	lines := r.Lines[:n]
	if len(pins) == 0 {
		return lines
	}
	ps := slices.Clone(pins)
	slices.SortStableFunc(ps, func(a, b tsync.Pin) int { return a.Index - b.Index })
	var use []tsync.Pin
	for _, p := range ps {
		if p.Index < 0 || p.Index >= n || p.At < 0 {
			continue
		}
		if len(use) > 0 && (use[len(use)-1].Index == p.Index || use[len(use)-1].At >= p.At) {
			continue
		}
		use = append(use, p)
	}
	if len(use) == 0 {
		return lines
	}
	lines = slices.Clone(lines)
	isPin := map[int]bool{}
	for _, p := range use {
		isPin[p.Index] = true
		l := lines[p.Index]
		if !l.Found { // the line as the transcript has it
			seg := t.Segments[p.Index]
			l.Start, l.End, l.Words = seg.Start, seg.End, nil
			for _, w := range seg.Words {
				l.Words = append(l.Words, WordTiming{Text: w.Text, Start: w.Start, End: w.End})
			}
		}
		d := p.At - l.Start
		move := func(x time.Duration) time.Duration {
			if x == 0 {
				return 0
			}
			return max(x+d, 0)
		}
		l.Start, l.End = p.At, move(l.End)
		words := make([]WordTiming, len(l.Words))
		for j, w := range l.Words {
			words[j] = WordTiming{Text: w.Text, Start: max(w.Start+d, 0), End: move(w.End)}
		}
		l.Words, l.Found, l.Unsure, l.Confidence = words, true, false, 1
		lines[p.Index] = l
	}
	k := 0 // use[k] is the first pin after line i
	for i := range lines {
		for k < len(use) && use[k].Index <= i {
			k++
		}
		if isPin[i] || !lines[i].Found {
			continue
		}
		if k > 0 && lines[i].Start <= use[k-1].At || k < len(use) && lines[i].Start >= use[k].At {
			lines[i] = LineTiming{Index: i, Start: t.Segments[i].Start, Unsure: true}
		}
	}
	return lines
}

// shiftBetween is how far to move a line not found, stamped at, which
// lies before anchors[k] and after anchors[k-1] (indices into lines, the
// lines found).
func shiftBetween(t *tsync.Transcript, lines []LineTiming, anchors []int, k int, at time.Duration) time.Duration {
	var prev, next = -1, -1
	if k > 0 {
		prev = anchors[k-1]
	}
	if k < len(anchors) {
		next = anchors[k]
	}
	drift := func(i int) time.Duration { return lines[i].Start - t.Segments[i].Start }
	switch {
	case prev < 0 && next < 0:
		return 0
	case prev < 0:
		return drift(next)
	case next < 0:
		return drift(prev)
	}
	s0, s1 := t.Segments[prev].Start, t.Segments[next].Start
	a0, a1 := lines[prev].End, lines[next].Start
	if a0 == 0 || a0 > a1 { // a pinned line without an end
		a0 = lines[prev].Start
	}
	if s1 <= s0 {
		return a0 - at
	}
	// Between the end of the line before and the start of the one after,
	// in proportion to the stamps.
	pos := a0 + time.Duration(float64(a1-a0)*float64(at-s0)/float64(s1-s0))
	return pos - at
}

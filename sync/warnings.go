package sync

import (
	"readalong/clock"

	"fmt"
	"slices"
	"sort"
	"time"
)

// Warning is a problem found in a transcript that did not stop it from
// being read: segments out of order, overlapping or repeated, text that
// was not UTF-8. The UI can show them next to the transcript.
type Warning struct {
	Line int    // 1-based line in the source; 0 when it concerns no one line
	Msg  string // what was found, and what was done about it
}

// String formats the warning as "line 12: message", or the message alone
// when it concerns no one line.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
	}
	return w.Msg
}

// Kinds of warnings, each of which is reported for a limited number of
// segments and then counted.
const (
	warnOrder = iota
	warnOverlap
	warnDuplicate
	warnOther
	numWarnKinds
)

// maxWarnings is how many warnings of one kind are listed; the rest are
// counted in one more warning.
const maxWarnings = 20

// moreMsgs says what the warnings of each kind left unlisted are about.
var moreMsgs = [numWarnKinds]string{
	"segments out of order",
	"overlapping segments",
	"repeated segments dropped",
	"other warnings",
}

// warnList collects the warnings of one transcript.
type warnList struct {
	list []Warning
	n    [numWarnKinds]int
}

func (w *warnList) add(kind, line int, msg string) {
	w.n[kind]++
	if w.n[kind] <= maxWarnings {
		w.list = append(w.list, Warning{Line: line, Msg: msg})
	}
}

// done returns the warnings in the order of their lines, followed by a
// count of those left unlisted.
func (w *warnList) done() []Warning {
	sort.SliceStable(w.list, func(i, j int) bool { return w.list[i].Line < w.list[j].Line })
	for k, n := range w.n {
		if n > maxWarnings {
			w.list = append(w.list, Warning{Msg: fmt.Sprintf("… and %d more %s", n-maxWarnings, moreMsgs[k])})
		}
	}
	return w.list
}

// srcSeg is a segment as a parser read it, with where it was.
type srcSeg struct {
	Segment
	line int  // line of the segment in the source
	brk  bool // JSON: the body ends in a line break
}

// outOfOrder records a warning when a segment starting at start, on line,
// comes in the source after one starting at prev.
func (w *warnList) outOfOrder(line int, start, prev time.Duration) {
	if start < prev {
		w.add(warnOrder, line, fmt.Sprintf("starts at %s, before the segment above it (%s): segments sorted by start time", clock.StampExact(start), clock.StampExact(prev)))
	}
}

// Repeats says whether prepare drops segments that repeat an earlier one.
type repeats bool

const (
	// keepRepeats is for formats with neither end times nor anything
	// else to tell two segments apart (text, HTML): two people saying
	// "Yeah." in the same second are two lines, not a repeat.
	keepRepeats repeats = false
	// dropRepeats is for cue formats (SubRip, WebVTT, JSON), where a
	// cue that repeats start, end, speaker and text is a copy.
	dropRepeats repeats = true
)

// prepare checks segments as read, in source order: it records those out
// of order and sorts them stably by start, drops exact repeats when asked
// and records overlaps, each with a warning.
func prepare(src []srcSeg, w *warnList, drop repeats) []srcSeg {
	sorted := true
	for i := 1; i < len(src); i++ {
		if src[i].Start < src[i-1].Start {
			w.outOfOrder(src[i].line, src[i].Start, src[i-1].Start)
			sorted = false
		}
	}
	if !sorted {
		sort.SliceStable(src, func(i, j int) bool { return src[i].Start < src[j].Start })
	}
	if drop {
		src = withoutRepeats(src, w)
	}
	for i := 1; i < len(src); i++ {
		if prev := src[i-1]; prev.End > src[i].Start {
			w.add(warnOverlap, src[i].line, fmt.Sprintf("starts at %s, before the segment above it ends (%s)", clock.StampExact(src[i].Start), clock.StampExact(prev.End)))
		}
	}
	return src
}

// withoutRepeats removes segments that repeat an earlier one exactly (same
// times, speaker, text and words) from sorted src, with a warning each.
func withoutRepeats(src []srcSeg, w *warnList) []srcSeg {
	out := src[:0]
	run := 0 // index in out of the first segment sharing the current start
	var seen map[repeatKey]int
	for _, s := range src {
		if len(out) == 0 || out[len(out)-1].Start != s.Start {
			run = len(out)
			seen = nil
		}
		dup := -1
		if len(out)-run <= 8 {
			for k := run; k < len(out); k++ {
				if sameSegment(&out[k].Segment, &s.Segment) {
					dup = k
					break
				}
			}
		} else {
			// A long run of equal starts: look the text up instead.
			if seen == nil {
				seen = make(map[repeatKey]int)
				for k := run; k < len(out); k++ {
					key := repeatKey{out[k].End, out[k].Speaker, out[k].Text}
					if _, ok := seen[key]; !ok {
						seen[key] = k
					}
				}
			}
			key := repeatKey{s.End, s.Speaker, s.Text}
			if k, ok := seen[key]; ok && sameSegment(&out[k].Segment, &s.Segment) {
				dup = k
			} else if !ok {
				seen[key] = len(out)
			}
		}
		if dup >= 0 {
			w.add(warnDuplicate, s.line, fmt.Sprintf("repeats the segment on line %d exactly: dropped", out[dup].line))
			continue
		}
		out = append(out, s)
	}
	clear(src[len(out):]) // let dropped text go
	return out
}

type repeatKey struct {
	end           time.Duration
	speaker, text string
}

func sameSegment(a, b *Segment) bool {
	return a.Start == b.Start && a.End == b.End && a.Speaker == b.Speaker && a.Text == b.Text && slices.Equal(a.Words, b.Words)
}

// finish turns prepared segments into a transcript.
func finish(src []srcSeg, w *warnList) *Transcript {
	segs := make([]Segment, len(src))
	for i := range src {
		segs[i] = src[i].Segment
	}
	return &Transcript{Segments: segs, Warnings: w.done()}
}

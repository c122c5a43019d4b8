package sync

import (
	"sort"
	"time"
)

// Transcript is an ordered list of segments.
//
// Segments are sorted by start time; segments sharing a start keep the order
// in which the source listed them. Warnings lists what the parser found
// wrong but could read anyway (segments out of order, overlapping or
// repeated, text that was not UTF-8), for the UI to show; it is nil when
// there was nothing to say.
type Transcript struct {
	Segments []Segment
	Warnings []Warning
}

// New returns a transcript holding segs, sorted stably by start time.
func New(segs []Segment) *Transcript {
	t := &Transcript{Segments: segs}
	sort.SliceStable(t.Segments, func(i, j int) bool {
		return t.Segments[i].Start < t.Segments[j].Start
	})
	return t
}

// Len returns the number of segments. A nil transcript has none.
func (t *Transcript) Len() int {
	if t == nil {
		return 0
	}
	return len(t.Segments)
}

// At returns the index of the segment being spoken at pos: the last segment
// whose start is at or before pos. It returns -1 when pos is before the
// first segment or the transcript is empty.
//
// Gaps between segments belong to the segment before the gap, so the
// highlight stays on the line just spoken until the next one starts.
func (t *Transcript) At(pos time.Duration) int {
	n := t.Len()
	// First index whose start is after pos; the one before it is current.
	i := sort.Search(n, func(i int) bool { return t.Segments[i].Start > pos })
	return i - 1
}

// EndOf returns where segment i ends: its own end when the source gave one
// after its start, otherwise the start of the next segment that starts later,
// and for the last segment mediaEnd (the episode's duration). It never
// returns a time before the segment's start.
func (t *Transcript) EndOf(i int, mediaEnd time.Duration) time.Duration {
	s := t.Segments[i]
	next := time.Duration(-1)
	if s.End <= s.Start {
		for j := i + 1; j < len(t.Segments); j++ {
			if st := t.Segments[j].Start; st > s.Start {
				next = st
				break
			}
		}
	}
	return endOf(s, next, mediaEnd)
}

// endOf is EndOf for segment s, given the start of the next segment that
// starts later, or -1 when there is none.
func endOf(s Segment, next, mediaEnd time.Duration) time.Duration {
	switch {
	case s.End > s.Start:
		return s.End
	case next >= 0:
		return next
	case mediaEnd > s.Start:
		return mediaEnd
	}
	return s.Start
}

// laterStarts returns, for each segment of t, the start of the next
// segment that starts later, or -1 when there is none: what EndOf looks
// for, for all segments at once, in linear time when they are sorted
// (EndOf alone would take quadratic time over many equal starts).
func (t *Transcript) laterStarts() []time.Duration {
	if t == nil {
		return nil
	}
	segs := t.Segments
	out := make([]time.Duration, len(segs))
	for i := len(segs) - 1; i >= 0; i-- {
		out[i] = -1
		for j := i + 1; j < len(segs); j++ {
			if segs[j].Start > segs[i].Start {
				out[i] = segs[j].Start
				break
			}
			if segs[j].Start == segs[i].Start {
				out[i] = out[j]
				break
			}
		}
	}
	return out
}

// Speakers returns the names of the speakers, each once, in the order in
// which they first speak. Segments without a speaker are not counted.
func (t *Transcript) Speakers() []string {
	var names []string
	seen := make(map[string]bool)
	for i := 0; i < t.Len(); i++ {
		if sp := t.Segments[i].Speaker; sp != "" && !seen[sp] {
			seen[sp] = true
			names = append(names, sp)
		}
	}
	return names
}

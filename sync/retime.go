package sync

import (
	"readalong/clock"

	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// Re-timing fits a transcript to audio that differs from the one it was
// made for, as when ads were inserted or removed: Shift moves every time
// by the same amount, Retime maps two chosen lines to where they really
// are, RetimePins any number of them. Both return a new transcript and never change the receiver.

// Shift returns a copy of t with every time (starts, ends and word times)
// moved by d, later for a positive d. Times that would fall before 0 are
// set to 0; an end that does so becomes zero, which reads as "until the
// next segment". The order of the segments is kept; warnings are copied.
func (t *Transcript) Shift(d time.Duration) *Transcript {
	return t.mapTimes(func(x time.Duration) time.Duration { return max(addSat(x, d), 0) })
}

// Pin ties segment Index of a transcript to the time At of the audio:
// the segment is heard starting there.
type Pin struct {
	Index int
	At    time.Duration
}

// Retime returns a copy of t re-timed so that segment i starts at a and
// segment j at b: times between the two starts are mapped linearly (the
// stretch or squeeze of audio that was re-encoded or cut in between),
// times before the earlier of the two are shifted by as much as it moved,
// and times after the later one by as much as that one moved. Ends and
// word times are mapped in the same way; times that would fall before 0
// are set to 0. It is RetimePins with two pins.
//
// It returns an error when i or j is out of range, when they are the same
// segment or start at the same time, when a or b is negative, or when the
// mapping would reverse the order of the two segments (the later one
// moved to or before the earlier one).
func (t *Transcript) Retime(i int, a time.Duration, j int, b time.Duration) (*Transcript, error) {
	return t.RetimePins([]Pin{{i, a}, {j, b}})
}

// RetimePins returns a copy of t re-timed through any number of pins,
// piecewise linearly: each pinned segment starts at its pin's time, times
// between two neighbouring pins are mapped linearly between them (so an
// advert inserted between two pins is a stretch there and nowhere else),
// times before the first pin are shifted by as much as it moved and times
// after the last by as much as that one moved. One pin shifts the whole
// transcript; none returns a copy. Ends and word times are mapped in the
// same way; times that would fall before 0 are set to 0.
//
// It returns an error when a pin names a segment t does not have, when
// two pins name the same segment or segments that start at the same time,
// when a time is negative, or when the pins would reverse the order of
// two segments (a later one moved to or before an earlier one).
func (t *Transcript) RetimePins(pins []Pin) (*Transcript, error) {
	n := t.Len()
	ps := slices.Clone(pins)
	for _, p := range ps {
		if p.Index < 0 || p.Index >= n {
			return nil, fmt.Errorf("re-timing: no segment %d (the transcript has %d)", p.Index, n)
		}
		if p.At < 0 {
			return nil, fmt.Errorf("re-timing: a time before 0:00 (%v for segment %d)", p.At, p.Index)
		}
	}
	slices.SortStableFunc(ps, func(a, b Pin) int { return a.Index - b.Index })
	for k := 1; k < len(ps); k++ {
		p, q := ps[k-1], ps[k]
		if p.Index == q.Index {
			return nil, fmt.Errorf("re-timing needs two different segments, not segment %d twice", p.Index)
		}
		sp, sq := t.Segments[p.Index].Start, t.Segments[q.Index].Start
		if sp == sq {
			return nil, fmt.Errorf("re-timing: segments %d and %d both start at %s; pick two that start at different times", p.Index, q.Index, clock.StampExact(sp))
		}
		if p.At >= q.At {
			return nil, fmt.Errorf("re-timing would reverse the order: segment %d (at %s) must stay before segment %d (at %s), but %s is not before %s",
				p.Index, clock.StampExact(sp), q.Index, clock.StampExact(sq), clock.StampExact(p.At), clock.StampExact(q.At))
		}
	}
	if len(ps) == 0 {
		return t.mapTimes(func(x time.Duration) time.Duration { return x }), nil
	}
	// The knots: each pinned segment's own start and its new one, in
	// order of both (segments are in order of their starts).
	from := make([]time.Duration, len(ps))
	for k, p := range ps {
		from[k] = t.Segments[p.Index].Start
	}
	last := len(ps) - 1
	return t.mapTimes(func(x time.Duration) time.Duration {
		switch {
		case x <= from[0]:
			return max(addSat(x, ps[0].At-from[0]), 0)
		case x >= from[last]:
			return max(addSat(x, ps[last].At-from[last]), 0)
		}
		// from[k] < x < from[k+1]
		k, _ := slices.BinarySearch(from, x)
		k--
		si, sj, a, b := from[k], from[k+1], ps[k].At, ps[k+1].At
		// a + (x-si)·(b-a)/(sj-si), exactly: the product needs 128 bits.
		hi, lo := bits.Mul64(uint64(x)-uint64(si), uint64(b)-uint64(a))
		q, _ := bits.Div64(hi, lo, uint64(sj)-uint64(si)) // x-si < sj-si: q < b-a
		return a + time.Duration(q)
	}), nil
}

// addSat returns x+d, held at the limits of time.Duration instead of
// overflowing.
func addSat(x, d time.Duration) time.Duration {
	switch {
	case d > 0 && x > math.MaxInt64-d:
		return math.MaxInt64
	case d < 0 && x < math.MinInt64-d:
		return math.MinInt64
	}
	return x + d
}

// mapTimes returns a copy of t with f applied to every start, every end
// that is set and every word time that is set. f must not decrease: the
// order of the segments is kept as it is.
func (t *Transcript) mapTimes(f func(time.Duration) time.Duration) *Transcript {
	out := &Transcript{}
	if t == nil {
		return out
	}
	out.Segments = make([]Segment, len(t.Segments))
	out.Warnings = append([]Warning(nil), t.Warnings...)
	for i, s := range t.Segments {
		s.Start = f(s.Start)
		if s.End != 0 {
			s.End = f(s.End)
		}
		if s.Words != nil {
			words := make([]Word, len(s.Words))
			for k, w := range s.Words {
				w.Start = f(w.Start)
				if w.End != 0 {
					w.End = f(w.End)
				}
				words[k] = w
			}
			s.Words = words
		}
		out.Segments[i] = s
	}
	return out
}

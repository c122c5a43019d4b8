package sync

import (
	"readalong/clock"

	"fmt"
	"math"
	"math/bits"
	"time"
)

// Re-timing fits a transcript to audio that differs from the one it was
// made for, as when ads were inserted or removed: Shift moves every time
// by the same amount, Retime maps two chosen lines to where they really
// are. Both return a new transcript and never change the receiver.

// Shift returns a copy of t with every time (starts, ends and word times)
// moved by d, later for a positive d. Times that would fall before 0 are
// set to 0; an end that does so becomes zero, which reads as "until the
// next segment". The order of the segments is kept; warnings are copied.
func (t *Transcript) Shift(d time.Duration) *Transcript {
	return t.mapTimes(func(x time.Duration) time.Duration { return max(addSat(x, d), 0) })
}

// Retime returns a copy of t re-timed so that segment i starts at a and
// segment j at b: times between the two starts are mapped linearly (the
// stretch or squeeze of audio that was re-encoded or cut in between),
// times before the earlier of the two are shifted by as much as it moved,
// and times after the later one by as much as that one moved. Ends and
// word times are mapped in the same way; times that would fall before 0
// are set to 0.
//
// It returns an error when i or j is out of range, when they are the same
// segment or start at the same time, when a or b is negative, or when the
// mapping would reverse the order of the two segments (the later one
// moved to or before the earlier one).
func (t *Transcript) Retime(i int, a time.Duration, j int, b time.Duration) (*Transcript, error) {
	n := t.Len()
	for _, k := range []int{i, j} {
		if k < 0 || k >= n {
			return nil, fmt.Errorf("re-timing: no segment %d (the transcript has %d)", k, n)
		}
	}
	if i == j {
		return nil, fmt.Errorf("re-timing needs two different segments, not segment %d twice", i)
	}
	if a < 0 || b < 0 {
		return nil, fmt.Errorf("re-timing: a time before 0:00 (%v, %v)", a, b)
	}
	if i > j {
		i, a, j, b = j, b, i, a
	}
	si, sj := t.Segments[i].Start, t.Segments[j].Start
	if si == sj {
		return nil, fmt.Errorf("re-timing: segments %d and %d both start at %s; pick two that start at different times", i, j, clock.StampExact(si))
	}
	if a >= b {
		return nil, fmt.Errorf("re-timing would reverse the order: segment %d (at %s) must stay before segment %d (at %s), but %s is not before %s",
			i, clock.StampExact(si), j, clock.StampExact(sj), clock.StampExact(a), clock.StampExact(b))
	}
	return t.mapTimes(func(x time.Duration) time.Duration {
		switch {
		case x <= si:
			return max(addSat(x, a-si), 0)
		case x >= sj:
			return max(addSat(x, b-sj), 0)
		}
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

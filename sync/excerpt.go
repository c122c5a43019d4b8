package sync

import "time"

// Excerpt returns the part of t that overlaps the time range [from, to),
// with times re-based to from: what a clip of the episode from from to to
// needs (clip export writes it with Write).
//
// A segment is kept when it overlaps the range, its end taken as EndOf
// gives it (mediaEnd is the episode's duration, which ends the last
// segment); a segment without duration is kept when it starts in the
// range. Kept segments are clipped to the range: Start becomes
// max(Start, from) - from and End min(end, to) - from, so End is always
// set, except for a segment of no duration at from. Words are kept and
// clipped in the same way (a word without an end lasting until the next
// word, or the segment's end); the text is kept whole. Speakers are kept;
// warnings, which name lines of the source, are not. A negative from is
// taken as 0, and the result is empty when to is not after from.
//
// The receiver is not changed.
func (t *Transcript) Excerpt(from, to, mediaEnd time.Duration) *Transcript {
	out := &Transcript{}
	from = max(from, 0)
	if to <= from {
		return out
	}
	later := t.laterStarts()
	for i := 0; i < t.Len(); i++ {
		s := t.Segments[i]
		if s.Start >= to {
			break // sorted: no later segment starts in the range
		}
		end := endOf(s, later[i], mediaEnd)
		if !overlaps(s.Start, end, from, to) {
			continue
		}
		c := Segment{
			Start:   max(s.Start, from) - from,
			End:     min(end, to) - from,
			Speaker: s.Speaker,
			Text:    s.Text,
		}
		for k, w := range s.Words {
			wEnd := w.End
			if wEnd == 0 {
				wEnd = end
				if k+1 < len(s.Words) {
					wEnd = s.Words[k+1].Start
				}
			}
			wEnd = max(wEnd, w.Start)
			if overlaps(w.Start, wEnd, from, to) {
				c.Words = append(c.Words, Word{Start: max(w.Start, from) - from, End: min(wEnd, to) - from, Text: w.Text})
			}
		}
		out.Segments = append(out.Segments, c)
	}
	return out
}

// overlaps reports whether [start, end) overlaps [from, to); a span of no
// duration overlaps when it starts in the range.
func overlaps(start, end, from, to time.Duration) bool {
	return start < to && (end > from || start >= from)
}

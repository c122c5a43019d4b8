package fetch

import "sort"

// Ranges is a set of byte ranges [Start, End), kept sorted, disjoint and
// merged where they touch.
type Ranges []Span

// Span is the bytes from Start up to, not including, End.
type Span struct {
	Start, End int64
}

// Add puts [start, end) in the set.
func (r *Ranges) Add(start, end int64) {
	if end <= start {
		return
	}
	s := *r
	// First span that ends at or after start (touching counts).
	i := sort.Search(len(s), func(i int) bool { return s[i].End >= start })
	j := i
	for j < len(s) && s[j].Start <= end {
		start = min(start, s[j].Start)
		end = max(end, s[j].End)
		j++
	}
	if i == j {
		s = append(s, Span{})
		copy(s[i+1:], s[i:])
		s[i] = Span{start, end}
	} else {
		s[i] = Span{start, end}
		s = append(s[:i+1], s[j:]...)
	}
	*r = s
}

// Held returns how many bytes from off the set holds without a gap.
func (r Ranges) Held(off int64) int64 {
	i := sort.Search(len(r), func(i int) bool { return r[i].End > off })
	if i < len(r) && r[i].Start <= off {
		return r[i].End - off
	}
	return 0
}

// Contains reports whether the set holds every byte of [start, end).
func (r Ranges) Contains(start, end int64) bool {
	return end <= start || r.Held(start) >= end-start
}

// NextHole returns the first offset at or after off that the set does
// not hold, below size; -1 when there is none. With size < 0 (unknown)
// the end of the span covering off (or off itself) is the hole.
func (r Ranges) NextHole(off, size int64) int64 {
	off += r.Held(off)
	if size >= 0 && off >= size {
		return -1
	}
	return off
}

// Total is the number of bytes in the set.
func (r Ranges) Total() int64 {
	var n int64
	for _, s := range r {
		n += s.End - s.Start
	}
	return n
}

// Clip removes what lies at or past size.
func (r *Ranges) Clip(size int64) {
	s := *r
	for len(s) > 0 && s[len(s)-1].Start >= size {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1].End > size {
		s[len(s)-1].End = size
	}
	*r = s
}

// valid reports whether the set is sorted, disjoint and within [0, size)
// (size < 0: unbounded): what a map read back from disk must be.
func (r Ranges) valid(size int64) bool {
	for i, s := range r {
		if s.Start < 0 || s.End <= s.Start || (size >= 0 && s.End > size) {
			return false
		}
		if i > 0 && r[i-1].End >= s.Start {
			return false
		}
	}
	return true
}

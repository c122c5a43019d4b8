package session

import (
	"sort"

	tsync "readalong/sync"
)

// Filter says which lines of a transcript are listed: every line, or
// those of one speaker.
type Filter struct {
	Only string // the speaker whose lines alone are listed; "" for all
	segs []int  // the lines listed, in order; nil for all
	n    int    // lines in the transcript
}

// NewFilter lists the lines of t spoken by only ("" for all).
func NewFilter(t *tsync.Transcript, only string) Filter {
	f := Filter{Only: only, n: t.Len()}
	if only != "" {
		f.segs = []int{}
		for i, s := range t.Segments {
			if s.Speaker == only {
				f.segs = append(f.segs, i)
			}
		}
	}
	return f
}

// Len is the number of lines listed.
func (f Filter) Len() int {
	if f.segs == nil {
		return f.n
	}
	return len(f.segs)
}

// Seg is the line the k-th listed line is.
func (f Filter) Seg(k int) int {
	if f.segs == nil {
		return k
	}
	return f.segs[k]
}

// Listed reports whether line seg is listed.
func (f Filter) Listed(seg int) bool {
	_, ok := f.Index(seg)
	return ok
}

// Index is where line seg is among the lines listed; when it is not
// listed, the last listed line before it (-1 when there is none), and ok
// is false.
func (f Filter) Index(seg int) (k int, ok bool) {
	if seg < 0 {
		return -1, false
	}
	if f.segs == nil {
		return seg, seg < f.n
	}
	k = sort.SearchInts(f.segs, seg)
	if k < len(f.segs) && f.segs[k] == seg {
		return k, true
	}
	return k - 1, false
}

package session

import (
	"testing"
	"time"

	tsync "readalong/sync"
)

func TestFilter(t *testing.T) {
	var segs []tsync.Segment
	for i, sp := range []string{"A", "B", "A", "A", "B", "C"} {
		segs = append(segs, tsync.Segment{Start: time.Duration(i) * time.Second, Speaker: sp, Text: "x"})
	}
	tr := tsync.New(segs)
	all := NewFilter(tr, "")
	if all.Len() != 6 || all.Seg(4) != 4 || !all.Listed(5) {
		t.Error("all lines")
	}
	b := NewFilter(tr, "B")
	if b.Len() != 2 || b.Seg(0) != 1 || b.Seg(1) != 4 {
		t.Errorf("B: %d lines", b.Len())
	}
	for _, c := range []struct {
		seg, k int
		ok     bool
	}{{1, 0, true}, {4, 1, true}, {0, -1, false}, {3, 0, false}, {5, 1, false}, {-1, -1, false}} {
		if k, ok := b.Index(c.seg); k != c.k || ok != c.ok {
			t.Errorf("Index(%d) = %d, %v; want %d, %v", c.seg, k, ok, c.k, c.ok)
		}
	}
	if none := NewFilter(tr, "Z"); none.Len() != 0 {
		t.Error("a speaker who never speaks lists lines")
	}
}

package session

import (
	"testing"
	"time"

	tsync "readalong/sync"
)

func TestSearch(t *testing.T) {
	tr := tsync.New([]tsync.Segment{
		{Start: 0, Speaker: "A", Text: "Café au lait"},
		{Start: time.Second, Speaker: "B", Text: "no match here"},
		{Start: 2 * time.Second, Speaker: "A", Text: "CAFE again, cafe"},
		{Start: 3 * time.Second, Speaker: "B", Text: "café for B"},
	})
	idx := tr.Index()
	s := Search{From: 1}
	s.Run(idx, "cafe", nil)
	if len(s.Matches) != 3 || s.At != 1 || s.Count() != "2 of 3" {
		t.Fatalf("%d matches, at %d, %q", len(s.Matches), s.At, s.Count())
	}
	if seg, _ := s.Current(); seg != 2 || len(s.Spans()[2]) != 2 {
		t.Errorf("current line %d, spans %v", seg, s.Spans())
	}
	for _, c := range []struct {
		delta int
		at    int
	}{{1, 2}, {1, 0}, {-1, 2}, {-1, 1}} {
		s.Step(c.delta)
		if s.At != c.at {
			t.Errorf("step %d: at %d, want %d", c.delta, s.At, c.at)
		}
	}
	// Only speaker B's lines listed.
	f := NewFilter(tr, "B")
	s = Search{From: 0}
	s.Run(idx, "café", f.Listed)
	if len(s.Matches) != 1 || s.Matches[0].Segment != 3 || s.Count() != "1 of 1" {
		t.Errorf("filtered: %+v", s.Matches)
	}
	s.Run(idx, "zzz", nil)
	if s.Count() != "No matches" || s.Spans() != nil {
		t.Errorf("no match: %q", s.Count())
	}
	s.Run(idx, "", nil)
	if s.Count() != "" {
		t.Errorf("empty query: %q", s.Count())
	}
	s.Step(1) // nothing to step through
}

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
	start := func(seg int) time.Duration { return tr.Segments[seg].Start }
	sc := Scope{Index: tr.Index(), Start: start}
	s := Search{From: time.Second}
	s.Run(sc, "cafe")
	if len(s.Matches) != 3 || s.At != 1 || s.Count() != "2 of 3" {
		t.Fatalf("%d matches, at %d, %q", len(s.Matches), s.At, s.Count())
	}
	if tg, _ := s.Current(); tg.Seg != 2 || tg.Title != -1 || len(s.Spans()[2]) != 2 {
		t.Errorf("current %+v, spans %v", tg, s.Spans())
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
	s = Search{}
	s.Run(Scope{Index: sc.Index, Listed: f.Listed, Start: start}, "café")
	if len(s.Matches) != 1 || s.Matches[0].Segment != 3 || s.Count() != "1 of 1" {
		t.Errorf("filtered: %+v", s.Matches)
	}
	// Headings are searched too, and come in the order of their times.
	titles := tsync.New([]tsync.Segment{{Start: 0, Text: "Intro"}, {Start: 2 * time.Second, Text: "The café scene"}})
	s = Search{From: 1500 * time.Millisecond}
	s.Run(Scope{Index: sc.Index, Start: start, Titles: titles}, "cafe")
	if s.Len() != 4 || len(s.Titles) != 1 || s.Titles[0] != 1 {
		t.Fatalf("with headings: %d targets, titles %v", s.Len(), s.Titles)
	}
	if tg, _ := s.Current(); tg.Title != 1 || tg.Seg != -1 {
		t.Errorf("the first target at 1.5 s on is %+v, want the heading at 2 s", tg)
	}
	s.Step(1)
	if tg, _ := s.Current(); tg.Seg != 2 {
		t.Errorf("then %+v, want line 2", tg)
	}
	s.Run(sc, "zzz")
	if s.Count() != "No matches" || s.Spans() != nil {
		t.Errorf("no match: %q", s.Count())
	}
	s.Run(sc, "")
	if s.Count() != "" {
		t.Errorf("empty query: %q", s.Count())
	}
	s.Step(1) // nothing to step through
}

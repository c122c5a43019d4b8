package session

import (
	"fmt"

	tsync "readalong/sync"
)

// Search is the search in the transcript and where it stands: the
// matches among the lines listed, and the one jumped to.
type Search struct {
	Query   string
	Matches []tsync.Match // in the lines listed, in order
	At      int           // the match jumped to, -1 for none
	From    int           // the line being spoken when the search began: the first jump goes there or after
	spans   map[int][][2]int
}

// Run searches idx for q among the lines listed (all when listed is nil)
// and goes to the first match at or after the line From, wrapping around.
func (s *Search) Run(idx *tsync.SearchIndex, q string, listed func(seg int) bool) {
	s.Query, s.Matches, s.At, s.spans = q, nil, -1, nil
	if q == "" {
		return
	}
	found := idx.Find(q)
	if listed == nil {
		s.Matches = found
	} else {
		s.Matches = make([]tsync.Match, 0, len(found))
		for _, m := range found {
			if listed(m.Segment) {
				s.Matches = append(s.Matches, m)
			}
		}
	}
	if len(s.Matches) > 0 {
		s.spans = make(map[int][][2]int, len(s.Matches))
		for _, m := range s.Matches {
			s.spans[m.Segment] = m.Spans
		}
	}
	if len(s.Matches) == 0 {
		return
	}
	i := 0
	for i < len(s.Matches) && s.Matches[i].Segment < s.From {
		i++
	}
	s.At = i % len(s.Matches)
}

// Step goes delta matches on (back for a negative delta), wrapping around
// at either end.
func (s *Search) Step(delta int) {
	n := len(s.Matches)
	if n == 0 {
		return
	}
	i := s.At
	if i < 0 && delta < 0 {
		i = 0
	}
	s.At = ((i+delta)%n + n) % n
}

// Current is the line of the match jumped to.
func (s Search) Current() (seg int, ok bool) {
	if s.At < 0 || s.At >= len(s.Matches) {
		return -1, false
	}
	return s.Matches[s.At].Segment, true
}

// Spans is where the matches are, by line: byte spans of its text. The
// map is the search's own: not to be changed.
func (s Search) Spans() map[int][][2]int { return s.spans }

// Count says how far through the matches the search is: "3 of 17", "17
// found", "No matches", or "" with no query.
func (s Search) Count() string {
	switch {
	case s.Query == "":
		return ""
	case len(s.Matches) == 0:
		return "No matches"
	case s.At < 0:
		return fmt.Sprintf("%d found", len(s.Matches))
	}
	return fmt.Sprintf("%d of %d", s.At+1, len(s.Matches))
}

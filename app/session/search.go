package session

import (
	"fmt"
	"sort"
	"time"

	tsync "readalong/sync"
)

// Search is the search in the transcript and where it stands: the
// matches among the lines listed and among the headings (chapter
// titles), in the order they are spoken, and the one jumped to.
type Search struct {
	Query   string
	Matches []tsync.Match // in the lines listed, in order
	Titles  []int         // the headings holding the query, in order
	At      int           // the target jumped to, -1 for none
	// From is where the listener was when the search began: the first
	// jump goes to the first target there or after.
	From    time.Duration
	targets []Target
	spans   map[int][][2]int
}

// Target is a place the search jumps to: a line (Seg) or a heading
// (Title, an index into the headings searched); the other is -1.
type Target struct {
	Seg, Title int
	At         time.Duration
}

// Scope is what a search looks through: the transcript's index, the
// lines listed (all when Listed is nil) and when each starts, and the
// headings, as a transcript of their titles at their times (nil for
// none).
type Scope struct {
	Index  *tsync.SearchIndex
	Listed func(seg int) bool
	Start  func(seg int) time.Duration
	Titles *tsync.Transcript
}

// Run searches sc for q and goes to the first target at or after From,
// wrapping around.
func (s *Search) Run(sc Scope, q string) {
	s.Query, s.Matches, s.Titles, s.At, s.spans, s.targets = q, nil, nil, -1, nil, nil
	if q == "" {
		return
	}
	found := sc.Index.Find(q)
	if sc.Listed == nil {
		s.Matches = found
	} else {
		s.Matches = make([]tsync.Match, 0, len(found))
		for _, m := range found {
			if sc.Listed(m.Segment) {
				s.Matches = append(s.Matches, m)
			}
		}
	}
	if sc.Titles.Len() > 0 {
		for _, m := range sc.Titles.Index().Find(q) {
			s.Titles = append(s.Titles, m.Segment)
		}
	}
	s.targets = make([]Target, 0, len(s.Matches)+len(s.Titles))
	if len(s.Matches) > 0 {
		s.spans = make(map[int][][2]int, len(s.Matches))
	}
	for _, m := range s.Matches {
		s.spans[m.Segment] = m.Spans
		s.targets = append(s.targets, Target{Seg: m.Segment, Title: -1, At: sc.Start(m.Segment)})
	}
	if len(s.Titles) > 0 {
		for _, i := range s.Titles {
			s.targets = append(s.targets, Target{Seg: -1, Title: i, At: sc.Titles.Segments[i].Start})
		}
		// A heading comes before the lines at its time.
		sort.SliceStable(s.targets, func(i, j int) bool {
			a, b := s.targets[i], s.targets[j]
			return a.At < b.At || a.At == b.At && a.Title >= 0 && b.Title < 0
		})
	}
	if len(s.targets) == 0 {
		return
	}
	i := sort.Search(len(s.targets), func(i int) bool { return s.targets[i].At >= s.From })
	s.At = i % len(s.targets)
}

// Len is how many targets the search found.
func (s Search) Len() int { return len(s.targets) }

// Step goes delta targets on (back for a negative delta), wrapping around
// at either end.
func (s *Search) Step(delta int) {
	n := len(s.targets)
	if n == 0 {
		return
	}
	i := s.At
	if i < 0 && delta < 0 {
		i = 0
	}
	s.At = ((i+delta)%n + n) % n
}

// Current is the target jumped to.
func (s Search) Current() (Target, bool) {
	if s.At < 0 || s.At >= len(s.targets) {
		return Target{Seg: -1, Title: -1}, false
	}
	return s.targets[s.At], true
}

// Spans is where the matches are, by line: byte spans of its text. The
// map is the search's own: not to be changed.
func (s Search) Spans() map[int][][2]int { return s.spans }

// Count says how far through the targets the search is: "3 of 17", "17
// found", "No matches", or "" with no query.
func (s Search) Count() string {
	switch {
	case s.Query == "":
		return ""
	case len(s.targets) == 0:
		return "No matches"
	case s.At < 0:
		return fmt.Sprintf("%d found", len(s.targets))
	}
	return fmt.Sprintf("%d of %d", s.At+1, len(s.targets))
}

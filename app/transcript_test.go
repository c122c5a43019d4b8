package app

import (
	"strings"
	"testing"
	"time"

	tsync "readalong/sync"
)

func wordTranscript() *tsync.Transcript {
	words := func(start time.Duration, ws ...string) []tsync.Word {
		var out []tsync.Word
		for i, w := range ws {
			out = append(out, tsync.Word{Start: start + time.Duration(i)*500*time.Millisecond, Text: w})
		}
		return out
	}
	return tsync.New([]tsync.Segment{
		{Start: time.Second, Speaker: "Ann", Text: "One two, three four", Words: words(time.Second, "One", "two", "three", "four")},
		{Start: 4 * time.Second, Speaker: "Bob", Text: "Five six seven", Words: words(4*time.Second, "Five", "six", "seven")},
		{Start: 8 * time.Second, Speaker: "Ann", Text: "A line without word times"},
	})
}

// TestWordTimesReachTheView: each word's time and where it stands in the
// text go to the view, which lights them one by one.
func TestWordTimesReachTheView(t *testing.T) {
	u, _ := newTestUI(t, 3)
	u.ShowEpisode("Words", wordTranscript())
	w := u.view.Rows()[0].Words
	if len(w) != 4 || w[1].From != 4 || w[1].To != 7 || w[2].From != 9 || w[2].Start != 2*time.Second {
		t.Errorf("words %+v", w)
	}
	if u.view.Rows()[2].Words != nil {
		t.Error("a line without word times got words")
	}
	// A word the text does not hold gets an empty span where the search
	// got to.
	spans := wordSpans(tsync.Segment{Text: "a b", Words: []tsync.Word{{Text: "a"}, {Text: "zz"}, {Text: "b"}}})
	if spans[1].From != 1 || spans[1].To != 1 || spans[2].From != 2 {
		t.Errorf("spans %+v", spans)
	}
}

func TestSeekBarShowsTurnsAndTellsTheLine(t *testing.T) {
	u, _ := newTestUI(t, 40)
	if got := u.describeAt(u.ep.tr.Segments[1].Start + time.Second); !strings.Contains(got, "0:08 · Theo: Line x number 1") {
		t.Errorf("hover text %q", got)
	}
	if got := u.describeAt(time.Second); got != "0:01" {
		t.Errorf("before the first line: %q", got)
	}
	// One turn a line, as the speakers alternate, each in its colour.
	turns := u.bar.Turns()
	if len(turns) != 40 || turns[0].Color == turns[1].Color || turns[0].Color != turns[2].Color || turns[1].To != u.ep.tr.Segments[2].Start {
		t.Fatalf("%d turns", len(turns))
	}
	// Merged where one speaker goes on.
	tr := testTranscript(6)
	for i := range tr.Segments {
		tr.Segments[i].Speaker = "Maya"
	}
	u.ShowEpisode("One voice", tr)
	if turns := u.bar.Turns(); len(turns) != 1 || turns[0].To != u.last.Duration {
		t.Errorf("one speaker: %d turns", len(turns))
	}
}

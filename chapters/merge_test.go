package chapters

import (
	"strings"
	"testing"
	"time"
)

func TestMergePriorityAndFill(t *testing.T) {
	img := &Image{URL: "https://example.org/feed.png"}
	embedded := Source{Kind: Embedded, Name: "ep.mp3", Chapters: List{
		{Start: 0, Title: "Intro (tag)", URL: "https://example.org/tag"},
		{Start: sec(60.4), Title: "Main (tag)"},
		{Start: sec(170), Title: "Only in the tag"},
	}}
	feed := Source{Kind: Feed, Name: "https://example.org/ch.json", Chapters: List{
		{Start: sec(0.5), Image: img},
		{Start: sec(61.2), Title: "Main (feed)"},
		{Start: sec(120), Title: "Outro", End: sec(150)},
	}}
	podlove := Source{Kind: Podlove, Name: "feed item", Chapters: List{{Start: sec(119.5), URL: "https://example.org/outro"}}}
	// Given in any order: the kinds decide.
	l, ws := Merge(sec(180), podlove, embedded, feed)
	if len(ws) != 0 {
		t.Errorf("warnings %v", ws)
	}
	// The feed's chapters are the list; the tag fills the first title and
	// link (0 s within 1 s of 0.5 s), not the second (60.4 vs 61.2 s:
	// within, but the feed has a title); Podlove gives Outro its link.
	if got := titles(l); got != "0:00:00.500 Intro (tag); 0:01:01.200 Main (feed); 0:02:00.000 Outro" {
		t.Errorf("%s", got)
	}
	if l[0].URL != "https://example.org/tag" || l[0].Image != img || l[2].URL != "https://example.org/outro" {
		t.Errorf("filled: %+v", l)
	}
	if l[0].End != sec(61.2) || l[1].End != sec(120) || l[2].End != sec(150) {
		t.Errorf("ends %v %v %v", l[0].End, l[1].End, l[2].End)
	}
	// A source that is empty gives way to the next.
	l, _ = Merge(sec(180), Source{Kind: Beside, Name: "empty.json"}, embedded)
	if len(l) != 3 || l[2].End != sec(180) {
		t.Errorf("%s", titles(l))
	}
	// Starts more than a second apart do not match.
	l, _ = Merge(0, Source{Kind: Beside, Chapters: List{{Start: sec(10)}}}, Source{Kind: Embedded, Chapters: List{{Start: sec(11.01), Title: "x"}}})
	if l[0].Title != "" || l[0].End != 0 {
		t.Errorf("%+v", l)
	}
}

func TestMergeEnds(t *testing.T) {
	l, _ := Merge(sec(100), Source{Chapters: List{
		{Start: 0, End: sec(5)},        // ends early: kept
		{Start: sec(10), End: sec(10)}, // not after its start: next start
		{Start: sec(20), End: sec(40)}, // past the next start: next start
		{Start: sec(30), End: sec(30.5)},
		{Start: sec(50), End: sec(200)}, // past the episode: its end
	}})
	want := []time.Duration{sec(5), sec(20), sec(30), sec(30.5), sec(100)}
	for i, c := range l {
		if c.End != want[i] {
			t.Errorf("chapter %d ends %v, want %v", i, c.End, want[i])
		}
	}
}

func TestMergeWarnings(t *testing.T) {
	src := Source{Kind: Beside, Name: "ep.chapters.json", Chapters: List{
		{Start: sec(10), Title: "B", line: 4, elem: "chapter 1"},
		{Start: 0, Title: "A", line: 5, elem: "chapter 2"},
		{Start: sec(10), Title: "B again", line: 6, elem: "chapter 3"},
		{Start: sec(500), Title: "Too late", line: 7, elem: "chapter 4"},
	}}
	l, ws := Merge(sec(300), src)
	if titles(l) != "0:00:00.000 A; 0:00:10.000 B" {
		t.Errorf("%s", titles(l))
	}
	want := []string{
		"ep.chapters.json:5: chapter 2: starts at 0:00:00.000, before the chapter above it (0:00:10.000): chapters sorted by start",
		"ep.chapters.json:6: chapter 3: starts at 0:00:10.000, as the chapter before it does: dropped",
		"ep.chapters.json:7: chapter 4: starts at 0:08:20.000, past the episode's end (0:05:00.000): dropped",
	}
	if len(ws) != len(want) {
		t.Fatalf("warnings %v", ws)
	}
	for i := range want {
		if ws[i].String() != want[i] {
			t.Errorf("warning %q\n want %q", ws[i], want[i])
		}
	}
	if src.Chapters[0].Title != "B" {
		t.Error("Merge changed its source")
	}
}

func TestClip(t *testing.T) {
	l, _ := Merge(sec(100), Source{Chapters: List{
		{Start: 0, Title: "A"}, {Start: sec(20), Title: "B"}, {Start: sec(25), Title: "Ad", Hidden: true, End: sec(30)}, {Start: sec(40), Title: "C"}, {Start: sec(90), Title: "D"},
	}})
	c := Clip(l, sec(22), sec(50))
	if got := titles(c); got != "0:00:00.000 B; 0:00:03.000 Ad (hidden); 0:00:18.000 C" {
		t.Errorf("%s", got)
	}
	var ends []string
	for _, ch := range c {
		ends = append(ends, Clock(ch.End))
	}
	if strings.Join(ends, " ") != "0:00:18.000 0:00:08.000 0:00:28.000" {
		t.Errorf("ends %v", ends)
	}
	if len(Clip(l, sec(95), sec(99))) != 1 || len(Clip(nil, 0, sec(1))) != 0 {
		t.Error("edges")
	}
	// The last chapter of an episode of unknown length runs to the clip's end.
	open, _ := Merge(0, Source{Chapters: List{{Start: sec(5), Title: "Open"}}})
	if c := Clip(open, sec(6), sec(9)); len(c) != 1 || c[0].Start != 0 || c[0].End != sec(3) {
		t.Errorf("%+v", c)
	}
}

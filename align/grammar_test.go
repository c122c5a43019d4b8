package align

import (
	"slices"
	"strings"
	"testing"
)

func testLine(text string) *line {
	return &line{text: splitLine(text, dict())}
}

func TestGrammar(t *testing.T) {
	g := grammar([]*line{testLine("Hello there."), testLine("Python 3.11 — out now!")})
	for _, want := range []string{
		"#JSGF V1.0;",
		"<g> = /1e-10/ gb_iy | ",
		"<a1> = three point one one | three eleven;",
		"public <window> = <g>* [ hello there ] <g>* [ python <a1> out now ] <g>*;",
	} {
		if !strings.Contains(g, want) {
			t.Errorf("grammar lacks %q:\n%s", want, g)
		}
	}
	if n := strings.Count(g, "gb_"); n != len(garbagePhones) {
		t.Errorf("%d garbage words, want one per phone (%d)", n, len(garbagePhones))
	}
	for _, p := range garbagePhones {
		if !slices.Contains(modelPhones, p) {
			t.Errorf("garbage phone %q is not a phone of the model", p)
		}
	}
}

func TestMatchLine(t *testing.T) {
	l := testLine("Python 3.11 — is out.")
	hits := func(words ...string) []hit {
		var out []hit
		for i, w := range words {
			out = append(out, hit{word: w, start: i * 10, end: i*10 + 9})
		}
		return out
	}
	spans, n, ok := matchLine(l, hits("python", "three", "eleven", "is", "out", "next"))
	if !ok || n != 5 {
		t.Fatalf("matchLine = %v, %d, %v; want a match of 5 words", spans, n, ok)
	}
	want := [][2]int{{0, 1}, {1, 3}, {3, 3}, {3, 4}, {4, 5}}
	for i := range want {
		if spans[i] != want[i] {
			t.Errorf("shown word %d (%q) covers hits %v, want %v", i, l.text.shown[i], spans[i], want[i])
		}
	}
	if _, _, ok := matchLine(l, hits("python", "three", "point", "one", "one", "is", "out")); !ok {
		t.Error("the other way of saying 3.11 does not match")
	}
	if _, _, ok := matchLine(l, hits("python", "three", "is", "out")); ok {
		t.Error("a line missing a word matches")
	}
	// Word times: a word not spoken (the dash) sits at the end of the
	// word before it.
	sp, n, _ := matchLine(l, hits("python", "three", "eleven", "is", "out"))
	tm := timing(l, sp, hits("python", "three", "eleven", "is", "out")[:n])
	if tm.Words[1].Start != frameTime(10) || tm.Words[1].End != frameTime(29) || tm.Words[2].Start != frameTime(29) || tm.Words[2].End != frameTime(29) {
		t.Errorf("word times %+v", tm.Words)
	}
	if tm.Start != 0 || tm.End != frameTime(49) {
		t.Errorf("line from %v to %v, want 0 to %v", tm.Start, tm.End, frameTime(49))
	}
}

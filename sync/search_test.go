package sync

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFind(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(1), Text: "Welcome to the Café Müller."},
		{Start: sec(2), Text: "CAFE\u0301 au lait, cafe noir, café crème"},
		{Start: sec(3), Text: "Nothing here."},
		{Start: sec(4), Text: "Don’t say “naïve”; Ångström and Œuvre, Straße"},
		{Start: sec(5), Text: ""},
		{Start: sec(6), Text: "ﬁne print: the ligature is not folded"},
		{Start: sec(7), Text: "line\nbreak and\ttab"},
	})
	x := tr.Index()
	// Each match is written as segment: the text of its spans.
	cases := []struct {
		q    string
		want string
	}{
		{"cafe", "0:[Café] 1:[CAFE\u0301 cafe café]"},
		{"CAFÉ", "0:[Café] 1:[CAFE\u0301 cafe café]"},
		{"cafe\u0301", "0:[Café] 1:[CAFE\u0301 cafe café]"}, // the query's own marks are dropped too
		{"e au", "1:[E\u0301 au]"},                          // the mark after E is inside the span
		{"muller", `0:[Müller]`},
		{"don't", `3:[Don’t]`},
		{"\"naive\"", `3:[“naïve”]`},
		{"angstrom", `3:[Ångström]`},
		{"œuvre", `3:[Œuvre]`},
		{"strasse", ``}, // ß is lower case already: not folded to ss
		{"straße", `3:[Straße]`},
		{"fine", ``}, // ﬁ is a compatibility ligature: NFD keeps it
		{"ﬁne", `5:[ﬁne]`},
		{"line break", "6:[line\nbreak]"},
		{"and tab", "6:[and\ttab]"},
		{"here.Don", ``}, // never across segments
		{"e.", `2:[e.]`},
		{"aa", ``},
		{"", ``},
		{"\u0301", ``},
	}
	for _, c := range cases {
		if got := showMatches(tr, x.Find(c.q)); got != c.want {
			t.Errorf("Find(%q) = %s, want %s", c.q, got, c.want)
		}
	}
	// The spans are byte offsets into the original text.
	if got, want := x.Find("cafe"), []Match{{0, [][2]int{{15, 20}}}, {1, [][2]int{{0, 6}, {16, 20}, {27, 32}}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Find(cafe) = %v, want %v", got, want)
	}
}

// showMatches writes matches as "segment:[span texts]", space separated.
func showMatches(tr *Transcript, ms []Match) string {
	var parts []string
	for _, m := range ms {
		var texts []string
		for _, sp := range m.Spans {
			texts = append(texts, tr.Segments[m.Segment].Text[sp[0]:sp[1]])
		}
		parts = append(parts, fmt.Sprintf("%d:[%s]", m.Segment, strings.Join(texts, " ")))
	}
	return strings.Join(parts, " ")
}

func TestFindOverlappingAndRepeated(t *testing.T) {
	tr := New([]Segment{{Text: "aaaa"}, {Text: "Éé éÉ"}})
	x := tr.Index()
	if got, want := x.Find("aa"), []Match{{0, [][2]int{{0, 2}, {2, 4}}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("aa: %v, want %v", got, want)
	}
	if got, want := x.Find("ee"), []Match{{1, [][2]int{{0, 4}, {5, 9}}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ee: %v, want %v", got, want)
	}
	var empty *Transcript
	if got := empty.Index().Find("a"); got != nil {
		t.Errorf("empty transcript: %v", got)
	}
	var nilIndex *SearchIndex
	if got := nilIndex.Find("a"); got != nil {
		t.Errorf("nil index: %v", got)
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Café":            "cafe",
		"ÀÉÎÕÜ àéîõü":     "aeiou aeiou",
		"Ñandú Çà":        "nandu ca",
		"Łódź Żółć":       "łodz zołc", // Ł has no decomposition: lower-cased only
		"ČŠŽ čšž Ğİ":      "csz csz gi",
		"Ω ΆΈ":            "ω αε",
		"\u212a":          "k", // Kelvin sign decomposes to K
		"한국어":             "한국어",
		"a\u00a0b\u2003c": "a b c",
	}
	for in, want := range cases {
		if got := string(foldAppend(nil, in, nil)); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	f.Add("Welcome to the Café Müller.\x00CAFE\u0301 au lait", "cafe")
	f.Add("Don’t say “naïve”\x00Straße", "n'")
	f.Add("e\u0301\u0301e\x00\xff\xfe", "e")
	f.Fuzz(func(t *testing.T, texts, query string) {
		var segs []Segment
		for i, s := range strings.Split(texts, "\x00") {
			segs = append(segs, Segment{Start: time.Duration(i) * time.Second, Text: s})
		}
		tr := New(segs)
		q := string(foldAppend(nil, query, nil))
		last := -1
		for _, m := range tr.Index().Find(query) {
			if m.Segment <= last || m.Segment >= len(segs) || len(m.Spans) == 0 {
				t.Fatalf("bad match %v after segment %d", m, last)
			}
			last = m.Segment
			text := tr.Segments[m.Segment].Text
			prev := 0
			for _, sp := range m.Spans {
				if sp[0] < prev || sp[1] <= sp[0] || sp[1] > len(text) {
					t.Fatalf("span %v out of bounds or order in %q (previous end %d)", sp, text, prev)
				}
				if !utf8.ValidString(text) {
					continue
				}
				if !utf8.RuneStart(text[sp[0]]) || sp[1] < len(text) && !utf8.RuneStart(text[sp[1]]) {
					t.Fatalf("span %v cuts a character of %q", sp, text)
				}
				if got := string(foldAppend(nil, text[sp[0]:sp[1]], nil)); !strings.Contains(got, q) {
					t.Fatalf("span %v of %q folds to %q, which does not hold %q", sp, text, got, q)
				}
				prev = sp[1]
			}
		}
	})
}

// searchTranscript returns n segments of podcast talk in a European
// language, with accents.
func searchTranscript(n int) *Transcript {
	lines := []string{
		"Bienvenue au café des sciences, où l'on parle de tout.",
		"Aujourd'hui nous accueillons Zoë, spécialiste de l'écologie marine.",
		"Merci beaucoup, c'est un plaisir d'être ici avec vous.",
		"On commence par la question que tout le monde se pose: pourquoi?",
		"Die Straße war voller Menschen, und das Wetter war schön.",
	}
	segs := make([]Segment, n)
	for i := range segs {
		segs[i] = Segment{Start: time.Duration(i) * 3 * time.Second, Text: fmt.Sprintf("%s (%d)", lines[i%len(lines)], i)}
	}
	return New(segs)
}

func BenchmarkIndex(b *testing.B) {
	tr := searchTranscript(100000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tr.Index()
	}
}

func BenchmarkSearch(b *testing.B) {
	x := searchTranscript(100000).Index()
	for _, q := range []string{"ecologie", "Zoe", "xylophone", "cafe des", "e"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				x.Find(q)
			}
		})
	}
}

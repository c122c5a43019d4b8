package sync

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// word returns a Word from s to e seconds.
func word(s, e float64, text string) Word {
	return Word{Start: sec(s), End: sec(e), Text: text}
}

func TestParseJSONWords(t *testing.T) {
	// The podcast namespace's word-level example, carried on: a line
	// break in a body, speaker changes, a word without an end, white
	// space around a body, punctuation alone, a word out of order, a
	// repeated word, a body that is only a line break.
	checkGolden(t, []goldenCase{
		{"testdata/json_words.json", FormatJSON, []Segment{
			{Start: sec(0.5), End: sec(2.5), Speaker: "Darth Vader", Text: "I am your father.", Words: []Word{
				word(0.5, 0.75, "I"), word(1, 1.25, "am"), word(1.5, 2, "your"), word(2.25, 2.5, "father."),
			}},
			{Start: sec(2.75), End: sec(3.75), Speaker: "Luke", Text: "Nooooo it can’t be!", Words: []Word{
				word(2.75, 3, "Nooooo"), word(3.1, 0, "it"), word(3.3, 3.5, "can’t"), word(3.5, 3.7, "be"), word(3.7, 3.75, "!"),
			}},
			{Start: sec(4.5), End: sec(7), Speaker: "Darth Vader", Text: "Search your feelings, you know it to be true", Words: []Word{
				word(4.5, 4.75, "Search"), word(4.75, 5, "your"), word(5, 5.25, "feelings"), word(5.25, 5.3, ","),
				word(5.5, 5.75, "you"), word(5.75, 6, "know"), word(6, 6.25, "it"), word(6.25, 6.5, "to"),
				word(6.5, 6.75, "be"), word(6.75, 7, "true"),
			}},
			{Start: sec(7.25), End: sec(7.5), Speaker: "Luke", Text: "No", Words: []Word{word(7.25, 7.5, "No")}},
		}},
	})
	tr := mustReadFile(t, "testdata/json_words.json")
	want := []string{
		"line 15: starts at 00:00:04.750, before the segment above it (00:00:05): segments sorted by start time",
		"line 19: repeats the segment on line 18 exactly: dropped",
	}
	if got := warningStrings(tr); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
	if got := tr.Speakers(); !reflect.DeepEqual(got, []string{"Darth Vader", "Luke"}) {
		t.Errorf("Speakers = %q", got)
	}
}

func TestWordLevelDetection(t *testing.T) {
	seg := func(start float64, body string) string {
		return fmt.Sprintf(`{"startTime": %g, "body": %q}`, start, body)
	}
	file := func(segs ...string) string {
		return `{"segments": [` + strings.Join(segs, ",") + `]}`
	}
	cases := []struct {
		name  string
		in    string
		lines []string
	}{
		{"three words are lines", file(seg(1, "Yes"), seg(2, "No"), seg(3, "Maybe")), []string{"Yes", "No", "Maybe"}},
		{"four words are words", file(seg(1, "Yes"), seg(2, "no"), seg(3, "maybe"), seg(4, "so")), []string{"Yes no maybe so"}},
		{"three in four", file(seg(1, "One"), seg(2, "two"), seg(3, "three four"), seg(4, "five.")), []string{"One two three four five."}},
		{"two in four", file(seg(1, "One"), seg(2, "two"), seg(3, "three four"), seg(4, "five six")), []string{"One", "two", "three four", "five six"}},
		{"sentence ends", file(seg(1, "Really?"), seg(2, "Yes."), seg(3, "“Quite"), seg(4, "so.”"), seg(5, "Fine…"), seg(6, "ok")),
			[]string{"Really?", "Yes.", "“Quite so.”", "Fine…", "ok"}},
		{"punctuation joins", file(seg(1, "Well"), seg(2, ","), seg(3, "well"), seg(4, "?!"), seg(5, "("), seg(6, "aside"), seg(7, ")")),
			[]string{"Well, well?!", "( aside)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := ParseJSON(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, s := range tr.Segments {
				lines = append(lines, s.Text)
			}
			if !reflect.DeepEqual(lines, c.lines) {
				t.Errorf("lines %q, want %q", lines, c.lines)
			}
		})
	}
}

func TestWordLinesHaveALimit(t *testing.T) {
	var segs []string
	for i := 0; i < 100; i++ {
		segs = append(segs, fmt.Sprintf(`{"startTime": %d, "endTime": %d.5, "body": "word%02d"}`, i, i, i))
	}
	tr, err := ParseJSON(strings.NewReader(`{"segments": [` + strings.Join(segs, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, s := range tr.Segments {
		if l := utf8.RuneCountInString(s.Text); l > maxLineRunes || i < tr.Len()-1 && l+7 <= maxLineRunes {
			t.Errorf("line %d is %d characters long: %q", i, l, s.Text)
		}
		if s.Start != s.Words[0].Start || s.End != s.Words[len(s.Words)-1].End {
			t.Errorf("line %d: times %v-%v, words %v", i, s.Start, s.End, s.Words)
		}
		n += len(s.Words)
	}
	if n != 100 || tr.Len() != 6 {
		t.Errorf("%d words in %d lines, want 100 in 6", n, tr.Len())
	}
}

func TestWriteJSONWords(t *testing.T) {
	tr := mustReadFile(t, "testdata/json_words.json")
	var buf bytes.Buffer
	if err := WriteJSON(&buf, New(tr.Segments[:2])); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": "1.0.0",
  "segments": [
    {"speaker": "Darth Vader", "startTime": 0.5, "endTime": 0.75, "body": "I"},
    {"speaker": "Darth Vader", "startTime": 1, "endTime": 1.25, "body": "am"},
    {"speaker": "Darth Vader", "startTime": 1.5, "endTime": 2, "body": "your"},
    {"speaker": "Darth Vader", "startTime": 2.25, "endTime": 2.5, "body": "father.\n"},
    {"speaker": "Luke", "startTime": 2.75, "endTime": 3, "body": "Nooooo"},
    {"speaker": "Luke", "startTime": 3.1, "body": "it"},
    {"speaker": "Luke", "startTime": 3.3, "endTime": 3.5, "body": "can’t"},
    {"speaker": "Luke", "startTime": 3.5, "endTime": 3.7, "body": "be"},
    {"speaker": "Luke", "startTime": 3.7, "endTime": 3.75, "body": "!\n"}
  ]
}
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWordsInOtherFormats writes a word-level transcript in the other
// formats: the lines are written, and the words left out, except in
// WebVTT, which keeps where each word starts (a word then ends where the
// next starts) when the words spell the line.
func TestWordsInOtherFormats(t *testing.T) {
	tr := mustReadFile(t, "testdata/json_words.json")
	for _, f := range []Format{FormatSRT, FormatWebVTT, FormatText, FormatHTML} {
		var buf bytes.Buffer
		if err := Write(&buf, tr, f); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(&buf, f, "x")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if back.Len() != tr.Len() {
			t.Fatalf("%s: %d segments, want %d", f, back.Len(), tr.Len())
		}
		for i, s := range back.Segments {
			if s.Text != tr.Segments[i].Text || s.Speaker != tr.Segments[i].Speaker || s.Start != tr.Segments[i].Start {
				t.Errorf("%s: segment %d = %+v, want %+v", f, i, s, tr.Segments[i])
			}
			if f != FormatWebVTT {
				if s.Words != nil {
					t.Errorf("%s: segment %d has words %+v", f, i, s.Words)
				}
				continue
			}
			want := tr.Segments[i].Words
			if len(want) < 2 || !wordsSpell(want, normText(tr.Segments[i].Text)) {
				// One word needs no stamp; words that do not spell the
				// line ("be" "!" for "be!") cannot be stamped in it.
				if s.Words != nil {
					t.Errorf("%s: segment %d has words %+v", f, i, s.Words)
				}
				continue
			}
			if len(s.Words) != len(want) {
				t.Fatalf("%s: segment %d has %d words, want %d", f, i, len(s.Words), len(want))
			}
			for k, w := range s.Words {
				if w.Text != want[k].Text || w.Start != want[k].Start {
					t.Errorf("%s: segment %d word %d = %+v, want %+v", f, i, k, w, want[k])
				}
			}
		}
	}
}

func TestGroupWordsKeepsTimes(t *testing.T) {
	src := []srcSeg{
		{Segment: Segment{Start: 0, End: time.Second, Speaker: "A", Text: "a"}},
		{Segment: Segment{Start: time.Second, Speaker: "A", Text: "b"}, brk: true},
		{Segment: Segment{Start: 2 * time.Second, End: 3 * time.Second, Speaker: "A", Text: "c"}},
	}
	got := groupWords(src)
	want := []Segment{
		{Start: 0, Speaker: "A", Text: "a b", Words: []Word{{0, time.Second, "a"}, {time.Second, 0, "b"}}},
		{Start: 2 * time.Second, End: 3 * time.Second, Speaker: "A", Text: "c", Words: []Word{{2 * time.Second, 3 * time.Second, "c"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

package sync

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseVTTGolden(t *testing.T) {
	checkGolden(t, []goldenCase{
		// Header text and metadata; NOTE, STYLE and REGION blocks; cue
		// identifiers; times with and without hours; cue settings;
		// voice tags with and without a class; the speaker carrying on;
		// other tags; character references.
		{"testdata/vtt_basic.vtt", FormatWebVTT, []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 4, 500), Speaker: "Maya", Text: "Welcome to the show."},
			{Start: hms(0, 0, 4, 500), End: hms(0, 0, 7, 250), Speaker: "Theo Okafor", Text: "Thanks, Maya & friends. Glad to be here."},
			{Start: hms(0, 0, 7, 250), End: hms(0, 0, 9, 0), Speaker: "Theo Okafor", Text: "Still Theo: the voice carries on."},
			{Start: hms(0, 0, 9, 0), End: hms(0, 0, 11, 0), Speaker: "Maya", Text: "Tom <3 \"quotes\" 'single' — — a b \u200ex\u200f >"},
		}},
		// BOM, CRLF, an arrow without spaces, a cue ending where it
		// starts, time stamp tags, a missing blank line, overlapping
		// cues, a stray '<' and '&', unknown references, a block that is
		// not a cue, an empty voice tag ending the speaker.
		{"testdata/vtt_quirks.vtt", FormatWebVTT, []Segment{
			{Start: 0, End: hms(0, 0, 2, 0), Text: "Before any voice."},
			{Start: hms(0, 0, 2, 0), End: hms(0, 0, 2, 0), Speaker: "Maya", Text: "Zero length cue."},
			{Start: hms(0, 0, 2, 500), End: hms(0, 0, 5, 0), Speaker: "Maya", Text: "Maya carries on, 1 < 2 & so on."},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Speaker: "Theo", Text: "Overlapping cue &unknown; &#0; &#xZZ;."},
			{Start: hms(0, 0, 5, 0), End: hms(0, 0, 6, 0), Text: "Nobody in particular."},
		}},
	})
}

func TestParseVTTQuirks(t *testing.T) {
	cue := func(s, e int, speaker, text string) Segment {
		return Segment{Start: hms(0, 0, s, 0), End: hms(0, 0, e, 0), Speaker: speaker, Text: text}
	}
	cases := []struct {
		name string
		in   string
		want []Segment
	}{
		{"header only", "WEBVTT", nil},
		{"header with text", "WEBVTT\tKind: captions\n", nil},
		{"blank lines before the header", "\n  \nWEBVTT\n\n00:01.000 --> 00:02.000\nx", []Segment{cue(1, 2, "", "x")}},
		{"cue right below the header", "WEBVTT\nLanguage: en\n00:01.000 --> 00:02.000\nx", []Segment{cue(1, 2, "", "x")}},
		{"several voices", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>a</v> <v B>b</v>\n\n00:02.000 --> 00:03.000\nc", []Segment{
			cue(1, 2, "A", "a b"), cue(2, 3, "B", "c"),
		}},
		{"voice carries on in time order", "WEBVTT\n\n00:03.000 --> 00:04.000\n<v B>b\n\n00:01.000 --> 00:02.000\n<v A>a\n\n00:05.000 --> 00:06.000\nc\n\n00:02.000 --> 00:03.000\nd", []Segment{
			cue(1, 2, "A", "a"), cue(2, 3, "A", "d"), cue(3, 4, "B", "b"), cue(5, 6, "B", "c"),
		}},
		{"voice names", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.a.b   Ann\tLee  >a\n\n00:02.000 --> 00:03.000\n<v Tom &amp; Jerry>b\n\n00:03.000 --> 00:04.000\n<vi>c</vi>", []Segment{
			cue(1, 2, "Ann Lee", "a"), cue(2, 3, "Tom & Jerry", "b"), cue(3, 4, "Tom & Jerry", "c"),
		}},
		{"tag across lines", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v\nA>a <i\n>b", []Segment{cue(1, 2, "A", "a b")}},
		{"empty cues dropped", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A></v>\n\n00:02.000 --> 00:03.000\n&nbsp;\n\n00:03.000 --> 00:04.000\n\n00:04.000 --> 00:05.000\nx", []Segment{
			cue(4, 5, "", "x"),
		}},
		{"references", "WEBVTT\n\n00:01.000 --> 00:02.000\n&#65;&#x42;&#X43;&apos;&#1114111;&#1114112;&#xD800;&#;&;&#x;&amp&averyveryverylongname;", []Segment{
			cue(1, 2, "", "ABC'\U0010FFFF&#1114112;&#xD800;&#;&;&#x;&amp&averyveryverylongname;"),
		}},
		{"reference making white space", "WEBVTT\n\n00:01.000 --> 00:02.000\na&#10;&#32; &nbsp;b&#x2028;c", []Segment{cue(1, 2, "", "a b c")}},
		{"comma and short milliseconds", "WEBVTT\n\n00:01,5 --> 00:02\nx", []Segment{{Start: hms(0, 0, 1, 500), End: hms(0, 0, 2, 0), Text: "x"}}},
		{"zero end", "WEBVTT\n\n00:00.000 --> 00:00.000\nx", []Segment{cue(0, 2, "", "x")}},
		{"NOTE with an arrow", "WEBVTT\n\nNOTE a --> b\nmore\n\n00:01.000 --> 00:02.000\nx", []Segment{cue(1, 2, "", "x")}},
		{"NOTE-like identifier", "WEBVTT\n\nNOTES\n00:01.000 --> 00:02.000\nx", []Segment{cue(1, 2, "", "x")}},
		{"text after a blank line is not a cue", "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\ny", []Segment{cue(1, 2, "", "x")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := ParseVTT(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Segments) == 0 && len(c.want) == 0 {
				return
			}
			if !reflect.DeepEqual(tr.Segments, c.want) {
				t.Errorf("segments:\n%s", diffSegments(tr.Segments, c.want))
			}
		})
	}
}

func TestParseVTTErrors(t *testing.T) {
	checkErrors(t, ParseVTT, []errorCase{
		{"empty", "", 1, `transcript:1: missing WEBVTT header (a WebVTT file starts with the line "WEBVTT")`},
		{"blank", "\n\n", 1, "missing WEBVTT header"},
		{"no header", "1\n00:00:01.000 --> 00:00:02.000\nhi", 1, `missing WEBVTT header (a WebVTT file starts with the line "WEBVTT"): "1"`},
		{"header glued to text", "WEBVTTX\n\n00:01.000 --> 00:02.000\nhi", 1, `"WEBVTTX"`},
		{"header after blank lines", "\n\nwebvtt\n", 3, `missing WEBVTT header (a WebVTT file starts with the line "WEBVTT"): "webvtt"`},
		{"bad end", "WEBVTT\n\n00:01.000 --> 00:0x.000\nhi", 3, `transcript:3: malformed end time (want 00:00:01.000 --> 00:00:04.500): "00:01.000 --> 00:0x.000"`},
		{"bad start", "WEBVTT\n\n1:01.000 --> 00:02.000\nhi", 3, "malformed start time"},
		{"no end", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:02.000 -->   \nB", 6, "missing end time"},
		{"no start", "WEBVTT\n\n--> 00:02.000\nB", 3, "missing start time"},
		{"arrow missing", "WEBVTT\n\nid\n00:01.000 00:02.000\nhi", 4, `transcript:4: time line without "-->" (want 00:00:01.000 --> 00:00:04.500): "00:01.000 00:02.000"`},
		{"arrow missing, no identifier", "WEBVTT\n\n00:01.000 - 00:02.000\nhi", 3, `time line without "-->"`},
		{"bad time in the header", "WEBVTT\nKind: captions\n00:01.000 --> x\n", 3, "malformed end time"},
		{"bad time line with BOM and CRLF", "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\n\r\n00:02.000 --> 00:99.000\r\nB\r\n", 6, `"00:02.000 --> 00:99.000"`},
		{"neither UTF-8 nor Windows-1252", "WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\x8f", 4, "transcript:4: not UTF-8 text (nor Windows-1252: byte 0x8F)"},
	})
}

func TestVTTRoundTrip(t *testing.T) {
	checkRoundTrips(t, "testdata/vtt_*.vtt", ParseVTT, WriteVTT)
}

func TestWriteVTT(t *testing.T) {
	tr := New([]Segment{
		{Start: hms(0, 0, 1, 0), Speaker: "Tom & <Jerry>", Text: "No end,\n1 < 2 & 3 > 2 -->"},
		{Start: hms(0, 1, 2, 3), End: hms(0, 1, 3, 0), Text: "Nobody."},
		{Start: hms(0, 1, 4, 0), Text: " \t "},
		{Start: hms(0, 1, 5, 0), Text: "Still nobody."},
		{Start: hms(10, 0, 0, 0), Speaker: "Maya", Text: "Last."},
	})
	var buf bytes.Buffer
	if err := WriteVTT(&buf, tr); err != nil {
		t.Fatal(err)
	}
	want := "WEBVTT\n\n" +
		"00:00:01.000 --> 00:01:02.003\n<v Tom &amp; &lt;Jerry&gt;>No end, 1 &lt; 2 &amp; 3 &gt; 2 --&gt;\n\n" +
		"00:01:02.003 --> 00:01:03.000\n<v>Nobody.\n\n" +
		"00:01:05.000 --> 10:00:00.000\nStill nobody.\n\n" +
		"10:00:00.000 --> 10:00:02.000\n<v Maya>Last.\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ParseVTT(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var speakers []string
	for _, s := range back.Segments {
		speakers = append(speakers, s.Speaker)
	}
	if want := []string{"Tom & <Jerry>", "", "", "Maya"}; !reflect.DeepEqual(speakers, want) {
		t.Errorf("speakers read back %q, want %q", speakers, want)
	}
	buf.Reset()
	if err := WriteVTT(&buf, nil); err != nil || buf.String() != "WEBVTT\n" {
		t.Errorf("nil transcript: %q, %v", buf.String(), err)
	}
}

func FuzzParseVTT(f *testing.F) {
	fuzzParser(f, "testdata/vtt_*.vtt", []string{
		"WEBVTT\n\n00:01.000 --> 00:00.000\n<v A>a &amp; <b>b</b>\n00:00.000 --> 00:00.000\nc\n\nNOTE x\n\n00:00.500 --> 00:02.000\n<v>d &#x41; &lt;",
		"WEBVTT\n00:01.000-->00:02.000 align:start\n<v.x  B  >x<00:01.500>y</v>\n\nid\n00:03.000 --> 00:04.000\n< unclosed &\n",
	}, ParseVTT, WriteVTT)
}

func BenchmarkParseVTT(b *testing.B) {
	benchParse(b, ParseVTT, WriteVTT)
}

func TestWriteVTTWordStamps(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	tr := New([]Segment{
		{Start: ms(1000), End: ms(3000), Speaker: "Ann", Text: "Fish & chips, please",
			Words: []Word{{ms(1000), ms(1300), "Fish"}, {ms(1300), ms(1400), "&"}, {ms(1400), ms(2000), "chips,"}, {ms(2250), ms(2900), "please"}}},
		// Words that do not spell the text, or start outside the cue,
		// get no stamps.
		{Start: ms(4000), End: ms(5000), Text: "two words", Words: []Word{{ms(4000), 0, "other"}, {ms(4500), 0, "words"}}},
		{Start: ms(6000), End: ms(7000), Text: "late word", Words: []Word{{ms(6000), 0, "late"}, {ms(7000), 0, "word"}}},
	})
	var b bytes.Buffer
	if err := WriteVTT(&b, tr); err != nil {
		t.Fatal(err)
	}
	want := "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Fish <00:00:01.300>&amp; <00:00:01.400>chips, <00:00:02.250>please\n" +
		"\n00:00:04.000 --> 00:00:05.000\n<v>two words\n" +
		"\n00:00:06.000 --> 00:00:07.000\nlate word\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// Read back, the text is as it was and the stamps are the words'
	// starts again (a word ends where the next starts).
	back, err := ParseVTT(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Segments {
		if s.Text != tr.Segments[i].Text {
			t.Errorf("segment %d read back as %q, want %q", i, s.Text, tr.Segments[i].Text)
		}
	}
	wantWords := []Word{{ms(1000), ms(1300), "Fish"}, {ms(1300), ms(1400), "&"}, {ms(1400), ms(2250), "chips,"}, {ms(2250), 0, "please"}}
	if got := back.Segments[0].Words; !reflect.DeepEqual(got, wantWords) {
		t.Errorf("words read back:\n%+v\nwant\n%+v", got, wantWords)
	}
	if back.Segments[1].Words != nil || back.Segments[2].Words != nil {
		t.Errorf("cues without stamps read with words: %+v, %+v", back.Segments[1].Words, back.Segments[2].Words)
	}
}

// TestParseVTTWordStamps: karaoke-style stamps give the words their
// starts; stamps out of order or outside the cue are only tags.
func TestParseVTTWordStamps(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	in := "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann><c>Never</c> <00:00:01.500><c>drink</c>\n<00:00:02.000>liquid <00:00:03.000>nitrogen.\n" +
		"\n00:00:05.000 --> 00:00:06.000\nout <00:00:04.000>of order\n" +
		"\n00:00:07.000 --> 00:00:08.000\npast <00:00:09.000>the end\n" +
		"\n00:00:09.000 --> 00:00:10.000\nmm:ss <00:09.500>stamps too\n"
	tr, err := ParseVTT(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Word{{ms(1000), ms(1500), "Never"}, {ms(1500), ms(2000), "drink"}, {ms(2000), ms(3000), "liquid"}, {ms(3000), 0, "nitrogen."}}
	if got := tr.Segments[0].Words; !reflect.DeepEqual(got, want) || tr.Segments[0].Text != "Never drink liquid nitrogen." {
		t.Errorf("words %+v of %q, want %+v", got, tr.Segments[0].Text, want)
	}
	if tr.Segments[1].Words != nil || tr.Segments[2].Words != nil {
		t.Errorf("bad stamps read as words: %+v, %+v", tr.Segments[1].Words, tr.Segments[2].Words)
	}
	if w := tr.Segments[3].Words; len(w) != 3 || w[1].Start != ms(9500) || w[2].Start != ms(9500) {
		t.Errorf("mm:ss stamps: %+v", w)
	}
}

// TestParseVTTWordStampsSpaces: words are split where the text splits
// them, on any space: "&nbsp;", a line break written "&#10;", an em
// space.
func TestParseVTTWordStampsSpaces(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	in := "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nfish&nbsp;and <00:00:02.000>chips\n" +
		"\n00:00:05.000 --> 00:00:08.000\nfirst&#10;second <00:00:07.000>third\n" +
		"\n00:00:09.000 --> 00:00:10.000\nem\u2003dash <00:00:09.500>space\n"
	tr, err := ParseVTT(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range [][]Word{
		{{ms(1000), 0, "fish"}, {ms(1000), ms(2000), "and"}, {ms(2000), 0, "chips"}},
		{{ms(5000), 0, "first"}, {ms(5000), ms(7000), "second"}, {ms(7000), 0, "third"}},
		{{ms(9000), 0, "em"}, {ms(9000), ms(9500), "dash"}, {ms(9500), 0, "space"}},
	} {
		if got := tr.Segments[k].Words; !reflect.DeepEqual(got, want) {
			t.Errorf("cue %d (%q): words %+v, want %+v", k+1, tr.Segments[k].Text, got, want)
		}
	}
}

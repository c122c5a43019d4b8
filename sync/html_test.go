package sync

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestParseHTMLGolden(t *testing.T) {
	checkGolden(t, []goldenCase{
		// The fragment the podcast namespace shows: cite, time, p;
		// white space inside a paragraph, references, a space before
		// the colon, the speaker carrying on, a paragraph without a
		// time, milliseconds, hours, inline tags and <br>, minutes past
		// 59.
		{"testdata/html_basic.html", FormatHTML, []Segment{
			{Start: 0, Speaker: "Maya", Text: "Welcome to the show. It's episode twelve, and we’re talking about read-along transcripts & why they matter."},
			{Start: hms(0, 0, 9, 0), Speaker: "Theo Okafor", Text: "Thanks, Maya. Glad to be here."},
			{Start: hms(0, 0, 12, 500), Speaker: "Theo Okafor", Text: "Theo carries on: no cite, so the speaker stays."},
			{Start: hms(0, 0, 12, 500), Speaker: "Theo Okafor", Text: "A second paragraph without a time starts with the one before."},
			{Start: hms(1, 2, 3, 0), Speaker: "Maya", Text: "An hour in. Bold, italic and a line break are text."},
			{Start: hms(1, 15, 30, 0), Speaker: "Maya", Text: "Minutes may pass 59 when there are no hours."},
		}},
		// A whole document: head, title, style, script and comments
		// ignored; a paragraph before any time; turns wrapped in divs;
		// a time out of order; cite and time inside a paragraph, at its
		// start and later; an empty cite; an empty time with datetime;
		// two times in a row.
		{"testdata/html_document.html", FormatHTML, []Segment{
			{Start: 0, Text: "Before any time: this paragraph starts at 0:00."},
			{Start: hms(0, 0, 2, 0), Speaker: "Theo", Text: "A time out of order is sorted, with a warning."},
			{Start: hms(0, 0, 5, 0), Speaker: "Maya", Text: "Welcome back."},
			{Start: hms(0, 0, 20, 0), Speaker: "Zoë", Text: "A cite and a time at the start of a paragraph set its speaker and time."},
			{Start: hms(0, 0, 20, 0), Speaker: "Zoë", Text: "Later ones are text: as Moby-Dick says, we met at 10:30."},
			{Start: hms(0, 0, 40, 0), Text: "An empty cite ends the speaker; an empty time takes its datetime."},
			{Start: hms(0, 0, 55, 0), Text: "The first of two times in a row is ignored, with a warning."},
		}},
	})
}

func TestParseHTMLWarnings(t *testing.T) {
	tr := mustReadFile(t, "testdata/html_document.html")
	want := []string{
		"line 12: paragraph before any <time>: it starts at 0:00",
		"line 20: starts at 00:00:02, before the segment above it (00:00:05): segments sorted by start time",
		`line 27: time "0:50" has no text after it: ignored`,
	}
	if got := warningStrings(tr); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}

func TestParseHTMLQuirks(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []Segment
		warn []string
	}{
		{"empty", "", nil, nil},
		{"no paragraphs", "<html><body><h1>Nothing</h1></body></html>", nil, nil},
		{"no times at all", "<p>a</p><p>b</p>", []Segment{{Text: "a"}, {Text: "b"}}, []string{"line 1: 2 paragraphs before any <time>: they start at 0:00"}},
		{"unclosed elements", "<cite>A:<time>0:01<p>x<p>y", []Segment{{Start: sec(1), Speaker: "A", Text: "x"}, {Start: sec(1), Speaker: "A", Text: "y"}}, nil},
		{"upper-case tags", "<CITE>A:</CITE><TIME>0:01</TIME><P>x</P>", []Segment{{Start: sec(1), Speaker: "A", Text: "x"}}, nil},
		{"empty paragraph keeps the time", "<time>0:03</time><p> </p><p>x</p>", []Segment{{Start: sec(3), Text: "x"}}, nil},
		{"trailing time", "<time>0:01</time><p>x</p><time>0:02</time>", []Segment{{Start: sec(1), Text: "x"}}, []string{`line 1: time "0:02" has no text after it: ignored`}},
		{"empty time", "<time> </time><p>x</p>", []Segment{{Text: "x"}}, []string{"line 1: empty <time>: ignored", "line 1: paragraph before any <time>: it starts at 0:00"}},
		{"a line said twice is kept", "<time>0:01</time><p>x</p>\n<time>0:01</time><p>x</p>", []Segment{{Start: sec(1), Text: "x"}, {Start: sec(1), Text: "x"}}, nil},
		{"references", "<p>&lt;tag&gt; &amp;amp; &eacute;&#233;&#xE9; &nbsp;x&unknown;</p>", []Segment{{Text: "<tag> &amp; ééé x&unknown;"}}, []string{"line 1: paragraph before any <time>: it starts at 0:00"}},
		{"colon only", "<cite>::</cite><time>0:01</time><p>x</p>", []Segment{{Start: sec(1), Speaker: ":", Text: "x"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := ParseHTML(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Segments) != 0 || len(c.want) != 0 {
				if !reflect.DeepEqual(tr.Segments, c.want) {
					t.Errorf("segments:\n%s", diffSegments(tr.Segments, c.want))
				}
			}
			if got := warningStrings(tr); !reflect.DeepEqual(got, c.warn) {
				t.Errorf("warnings %q, want %q", got, c.warn)
			}
		})
	}
}

func TestParseHTMLErrors(t *testing.T) {
	checkErrors(t, ParseHTML, []errorCase{
		{"bad time", "<cite>A:</cite>\n<time>0:0x</time>\n<p>x</p>", 2, `transcript:2: malformed <time> (want H:MM:SS or M:SS): "0:0x"`},
		{"seconds over 59", "<time>1:60</time><p>x</p>", 1, `malformed <time> (want H:MM:SS or M:SS): "1:60"`},
		{"minutes over 59 with hours", "<p>a</p>\n\n<time>1:60:00</time>", 3, `"1:60:00"`},
		{"four digit minutes", "<time>1000:00</time>", 1, "malformed <time>"},
		{"no colon", "<time>90</time><p>x</p>", 1, `malformed <time> (want H:MM:SS or M:SS): "90"`},
		{"bad datetime", "<time datetime=\"soon\"></time><p>x</p>", 1, `"soon"`},
		{"time inside a paragraph", "<p>\n<time>x</time> text</p>", 2, "malformed <time>"},
		{"neither UTF-8 nor Windows-1252", "<p>caf\xe9\n\x81</p>", 2, "not UTF-8 text (nor Windows-1252: byte 0x81)"},
	})
}

func TestHTMLRoundTrip(t *testing.T) {
	checkRoundTrips(t, "testdata/html_*.html", ParseHTML, WriteHTML)
}

func TestWriteHTML(t *testing.T) {
	tr := New([]Segment{
		{Start: 0, Speaker: "Tom & <Jerry>", Text: "1 < 2 & \"3\" > 'two'"},
		{Start: hms(0, 0, 4, 250), End: hms(0, 0, 5, 0), Speaker: "Tom & <Jerry>", Text: "Same speaker:\nno cite."},
		{Start: hms(0, 10, 0, 0), Text: "Nobody: an empty cite."},
		{Start: hms(0, 10, 1, 0), Text: "  "},
		{Start: hms(2, 3, 4, 5), Speaker: "Maya", Text: "Hours."},
	})
	var buf bytes.Buffer
	if err := WriteHTML(&buf, tr); err != nil {
		t.Fatal(err)
	}
	want := "<cite>Tom &amp; &lt;Jerry&gt;:</cite>\n<time>0:00</time>\n<p>1 &lt; 2 &amp; &#34;3&#34; &gt; &#39;two&#39;</p>\n" +
		"<time>0:04.250</time>\n<p>Same speaker: no cite.</p>\n" +
		"<cite></cite>\n<time>10:00</time>\n<p>Nobody: an empty cite.</p>\n" +
		"<cite>Maya:</cite>\n<time>2:03:04.005</time>\n<p>Hours.</p>\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ParseHTML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want2 := []Segment{
		{Start: 0, Speaker: "Tom & <Jerry>", Text: "1 < 2 & \"3\" > 'two'"},
		{Start: hms(0, 0, 4, 250), Speaker: "Tom & <Jerry>", Text: "Same speaker: no cite."},
		{Start: hms(0, 10, 0, 0), Text: "Nobody: an empty cite."},
		{Start: hms(2, 3, 4, 5), Speaker: "Maya", Text: "Hours."},
	}
	if !reflect.DeepEqual(back.Segments, want2) {
		t.Errorf("read back:\n%s", diffSegments(back.Segments, want2))
	}
	buf.Reset()
	if err := WriteHTML(&buf, nil); err != nil || buf.Len() != 0 {
		t.Errorf("nil transcript: %q, %v", buf.String(), err)
	}
}

func FuzzParseHTML(f *testing.F) {
	fuzzParser(f, "testdata/html_*.html", []string{
		"<cite>A:</cite><time>0:01</time><p>x<p>y<cite>B</cite><time>1:00:00.5</time><p>&amp;<br>z</p><time>",
		"<p><cite>C::</cite><time datetime=0:02></time>a <time>b</time></p><script><p>no</p></script><cite></cite><p>d",
	}, ParseHTML, WriteHTML)
}

func BenchmarkParseHTML(b *testing.B) {
	benchParse(b, ParseHTML, WriteHTML)
}

// warningStrings returns t's warnings as strings, nil when there are none.
func warningStrings(t *Transcript) []string {
	var out []string
	for _, w := range t.Warnings {
		out = append(out, w.String())
	}
	return out
}

package sync

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// This file holds the helpers the SubRip, WebVTT and JSON tests share.

type (
	parseFunc func(io.Reader) (*Transcript, error)
	writeFunc func(io.Writer, *Transcript) error
)

// hms returns a duration of h hours, m minutes, s seconds, ms milliseconds.
func hms(h, m, s, ms int) time.Duration {
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
}

// goldenCase is a golden file and the segments it must give.
type goldenCase struct {
	path   string
	format Format
	want   []Segment
}

// checkGolden reads each file with ReadFile, which also checks that its
// format is detected, and compares the segments.
func checkGolden(t *testing.T, cases []goldenCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			data, err := os.ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := Detect(data, filepath.Base(c.path)); got != c.format {
				t.Errorf("Detect = %s, want %s", got, c.format)
			}
			tr, err := ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tr.Segments, c.want) {
				t.Errorf("segments:\n%s", diffSegments(tr.Segments, c.want))
			}
		})
	}
}

// diffSegments describes how got differs from want, one segment a line.
func diffSegments(got, want []Segment) string {
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = fmt.Sprintf("%+v", got[i])
		}
		if i < len(want) {
			w = fmt.Sprintf("%+v", want[i])
		}
		mark := "  "
		if g != w {
			mark = "! "
		}
		fmt.Fprintf(&b, "%s%d got  %s\n%s%d want %s\n", mark, i, g, mark, i, w)
	}
	return b.String()
}

// errorCase is an input that must fail on line, with an error message
// containing msg.
type errorCase struct {
	name string
	in   string
	line int
	msg  string
}

func checkErrors(t *testing.T, parse parseFunc, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := parse(strings.NewReader(c.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want a *ParseError; segments %+v", err, err, tr)
			}
			if pe.Line != c.line || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got line %d %q\nwant line %d containing %q", pe.Line, err, c.line, c.msg)
			}
		})
	}
}

// roundTrip writes tr and parses what was written.
func roundTrip(tr *Transcript, write writeFunc, parse parseFunc) (*Transcript, string, error) {
	var buf bytes.Buffer
	if err := write(&buf, tr); err != nil {
		return nil, "", err
	}
	out := buf.String()
	back, err := parse(&buf)
	return back, out, err
}

// checkRoundTrips parses each golden file matching glob, writes it and
// parses it again, which must give the same segments.
func checkRoundTrips(t *testing.T, glob string, parse parseFunc, write writeFunc) {
	t.Helper()
	paths, _ := filepath.Glob(glob)
	if len(paths) == 0 {
		t.Fatalf("no golden files match %s", glob)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := parse(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			back, out, err := roundTrip(tr, write, parse)
			if err != nil {
				t.Fatalf("written transcript does not parse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(back.Segments, tr.Segments) {
				t.Errorf("round trip differs:\n%s\nwritten:\n%s", diffSegments(back.Segments, tr.Segments), out)
			}
		})
	}
}

// fuzzParser seeds f with the golden files matching glob and extra inputs,
// then checks that parsing never panics, that errors are *ParseError values
// with a line, and that what parses survives a round trip.
func fuzzParser(f *testing.F, glob string, extra []string, parse parseFunc, write writeFunc) {
	paths, _ := filepath.Glob(glob)
	if len(paths) == 0 {
		f.Fatalf("no golden files match %s", glob)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := parse(bytes.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Msg == "" {
				t.Fatalf("error is not a *ParseError with a line: %#v", err)
			}
			_ = err.Error()
			return
		}
		for i, s := range tr.Segments {
			if s.Text == "" {
				t.Fatalf("segment %d has no text", i)
			}
			if i > 0 && s.Start < tr.Segments[i-1].Start {
				t.Fatalf("segments out of order at %d", i)
			}
		}
		back, out, err := roundTrip(tr, write, parse)
		if err != nil {
			t.Fatalf("written transcript does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back.Segments, tr.Segments) {
			t.Fatalf("round trip differs:\n%s\nwritten:\n%s", diffSegments(back.Segments, tr.Segments), out)
		}
	})
}

// benchTranscript returns n segments such as a long episode has.
func benchTranscript(n int) *Transcript {
	segs := make([]Segment, n)
	speakers := []string{"Maya", "Theo Okafor"}
	for i := range segs {
		segs[i] = Segment{
			Start:   time.Duration(i) * 3 * time.Second,
			End:     time.Duration(i)*3*time.Second + 2500*time.Millisecond,
			Speaker: speakers[i%2],
			Text:    fmt.Sprintf("Line %d of moderately long podcast text, as people speak it.", i),
		}
	}
	return New(segs)
}

// benchParse measures parse over 100,000 segments written by write.
func benchParse(b *testing.B, parse parseFunc, write writeFunc) {
	var buf bytes.Buffer
	if err := write(&buf, benchTranscript(100000)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr, err := parse(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if tr.Len() != 100000 {
			b.Fatalf("Len = %d", tr.Len())
		}
	}
}

func TestParseReadError(t *testing.T) {
	for name, parse := range map[string]parseFunc{"text": ParseText, "srt": ParseSRT, "vtt": ParseVTT, "json": ParseJSON, "html": ParseHTML} {
		r := io.MultiReader(strings.NewReader("WEBVTT\n"), iotest.ErrReader(errors.New("disk on fire")))
		_, err := parse(r)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 0 || err.Error() != "transcript: read failed: disk on fire" {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestParseSRTGolden(t *testing.T) {
	checkGolden(t, []goldenCase{
		{"testdata/srt_basic.srt", FormatSRT, []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 4, 500), Speaker: "Maya", Text: "Welcome to the show."},
			{Start: hms(0, 0, 4, 500), End: hms(0, 0, 7, 250), Speaker: "Theo Okafor", Text: "Thanks, Maya. Glad to be here."},
			{Start: hms(0, 0, 7, 250), End: hms(0, 0, 9, 0), Speaker: "Maya", Text: "Let's start."},
			{Start: hms(1, 2, 3, 4), End: hms(1, 2, 5, 0), Speaker: "Theo Okafor", Text: "Note: a colon inside the text stays text."},
		}},
		// BOM, CRLF, wrong and missing cue numbers, dots, short
		// milliseconds, no hours, one-digit hours, an arrow without
		// spaces, coordinates, a line of spaces between cues, no final
		// line ending, cues out of order.
		{"testdata/srt_quirks.srt", FormatSRT, []Segment{
			{Start: 0, End: hms(0, 0, 0, 500), Speaker: "Theo", Text: "Zero."},
			{Start: hms(0, 0, 1, 500), End: hms(0, 0, 2, 500), Speaker: "Maya", Text: "One."},
			{Start: hms(0, 0, 2, 50), End: hms(0, 0, 3, 0), Speaker: "Theo", Text: "Two, split across lines."},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Speaker: "Maya", Text: "Three."},
		}},
		// Dialogue that looks like cue numbers, text after a blank
		// line, a missing blank line, a cue without text, a cue with a
		// zero end, and a lone label that does not make speakers.
		{"testdata/srt_numbers.srt", FormatSRT, []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 3, 0), Text: "How many episodes so far?"},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 5, 0), Text: "42"},
			{Start: hms(0, 0, 5, 0), End: hms(0, 0, 8, 0), Text: "The year was 1984 and the count went on: 7"},
			{Start: hms(0, 0, 8, 0), End: hms(0, 0, 9, 0), Text: "Note: numbers are dialogue too."},
			{Start: hms(0, 0, 10, 0), End: hms(0, 0, 12, 0), Text: "Last one, with no end."},
		}},
	})
}

func TestParseSRTQuirks(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []Segment
	}{
		{"empty", "", nil},
		{"blank lines only", "\n \r\n\n", nil},
		{"no cue number", "00:00:01,000 --> 00:00:02,000\nhi", []Segment{{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Text: "hi"}}},
		{"milliseconds", "00:00:01,5 --> 00:00:01,50\na\n\n00:00:02,050 --> 00:00:03\nb", []Segment{
			{Start: hms(0, 0, 1, 500), End: hms(0, 0, 1, 500), Text: "a"},
			{Start: hms(0, 0, 2, 50), End: hms(0, 0, 3, 0), Text: "b"},
		}},
		{"end before start kept", "00:00:05,000 --> 00:00:04,000\na", []Segment{{Start: hms(0, 0, 5, 0), End: hms(0, 0, 4, 0), Text: "a"}}},
		{"zero end is the next start", "00:00:01,000 --> 00:00:00,000\na\n\n00:00:01,000 --> 00:00:00,000\nb\n\n00:00:03,000 --> 00:00:04,000\nc", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 3, 0), Text: "a"},
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 3, 0), Text: "b"},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Text: "c"},
		}},
		{"zero end at the last stamp", "999:59:59,999 --> 0:00:00,000\na", []Segment{{Start: maxStamp, End: maxStamp, Text: "a"}}},
		{"cue numbers in text", "1\n00:00:01,000 --> 00:00:02,000\n2\n3\n\n4\n\n5\n00:00:03,000 --> 00:00:04,000\nx", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Text: "2 3 4"},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Text: "x"},
		}},
		{"arrow in text starts a cue", "00:00:01,000 --> 00:00:02,000\na\n00:00:03,000-->00:00:04,000\nb", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Text: "a"},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Text: "b"},
		}},
		{"speakers need half the cues", "00:00:01,000 --> 00:00:02,000\nA: x\n\n00:00:02,000 --> 00:00:03,000\ny\n\n00:00:03,000 --> 00:00:04,000\nz", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Text: "A: x"},
			{Start: hms(0, 0, 2, 0), End: hms(0, 0, 3, 0), Text: "y"},
			{Start: hms(0, 0, 3, 0), End: hms(0, 0, 4, 0), Text: "z"},
		}},
		{"half is enough", "00:00:01,000 --> 00:00:02,000\nA: x\n\n00:00:02,000 --> 00:00:03,000\nHello there: y", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Speaker: "A", Text: "x"},
			{Start: hms(0, 0, 2, 0), End: hms(0, 0, 3, 0), Speaker: "Hello there", Text: "y"},
		}},
		{"times in text are text", "00:00:01,000 --> 00:00:02,000\nsee you\n\n10:30 to 11:45 then\n\n12:30 45", []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 2, 0), Text: "see you 10:30 to 11:45 then 12:30 45"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := ParseSRT(strings.NewReader(c.in))
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

func TestParseSRTErrors(t *testing.T) {
	checkErrors(t, ParseSRT, []errorCase{
		{"arrow missing", "1\n00:00:01,000 -> 00:00:02,000\nHi", 2, `transcript:2: time line without "-->" (want 00:00:01,000 --> 00:00:04,500): "00:00:01,000 -> 00:00:02,000"`},
		{"arrow missing later", "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n00:00:03,000 00:00:04,000\nHo", 5, `time line without "-->"`},
		{"bad end", "1\n00:00:01,000 --> 00:00:0x,000\nHi", 2, `transcript:2: malformed end time (want 00:00:01,000 --> 00:00:04,500): "00:00:01,000 --> 00:00:0x,000"`},
		{"no end", "1\n00:00:01,000 -->\nHi", 2, "missing end time"},
		{"no start", "--> 00:00:01,000\nHi", 1, "missing start time"},
		{"minutes over 59", "1\n00:61:00,000 --> 00:62:00,000\nx", 2, `malformed start time (want 00:00:01,000 --> 00:00:04,500): "00:61:00,000 --> 00:62:00,000"`},
		{"four digit milliseconds", "00:00:01,0000 --> 00:00:02,000\nx", 1, "malformed start time"},
		{"bad time in the arrow's spacing", "00:00:01 ,000 --> 00:00:02,000\nx", 1, "malformed start time"},
		{"text first", "Hello\n1\n00:00:01,000 --> 00:00:02,000\nx", 1, `transcript:1: want a cue number or a time line: "Hello"`},
		{"no time line", "1\nHello", 2, `transcript:2: want a time line after the cue number (want 00:00:01,000 --> 00:00:04,500): "Hello"`},
		{"number alone", "1\n", 1, `transcript:1: cue number without a time line: "1"`},
		{"later cue", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:05,000 --> 00:00:06;000\nB", 6, "malformed end time"},
		{"line numbers with BOM and CRLF", "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:0x --> 1\r\n", 6, `"00:00:0x --> 1"`},
		{"neither UTF-8 nor Windows-1252", "1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9 \x81", 3, "transcript:3: not UTF-8 text (nor Windows-1252: byte 0x81); save the file as UTF-8: \"café \ufffd\""},
	})
}

func TestSRTRoundTrip(t *testing.T) {
	checkRoundTrips(t, "testdata/srt_*.srt", ParseSRT, WriteSRT)
}

func TestWriteSRT(t *testing.T) {
	tr := New([]Segment{
		{Start: hms(0, 0, 1, 0), Speaker: "Maya", Text: "No end:\nthe next start."},
		{Start: hms(1, 2, 3, 45), End: hms(1, 2, 4, 0), Speaker: " Theo  Okafor ", Text: "  An arrow --> here, and ----->, - ->, <--. "},
		{Start: hms(1, 2, 5, 0), Text: "   "},
		{Start: hms(1, 2, 6, 0), Text: "Last, without end."},
	})
	var buf bytes.Buffer
	if err := WriteSRT(&buf, tr); err != nil {
		t.Fatal(err)
	}
	want := "1\n00:00:01,000 --> 01:02:03,045\nMaya: No end: the next start.\n\n" +
		"2\n01:02:03,045 --> 01:02:04,000\nTheo Okafor: An arrow -> here, and ->, - ->, <--.\n\n" +
		"3\n01:02:06,000 --> 01:02:08,000\nLast, without end.\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	buf.Reset()
	if err := WriteSRT(&buf, nil); err != nil || buf.Len() != 0 {
		t.Errorf("nil transcript: %q, %v", buf.String(), err)
	}
}

// TestWriteOtherFormatsAsSRT writes what the other parsers read as SubRip.
func TestWriteOtherFormatsAsSRT(t *testing.T) {
	for _, p := range []string{"testdata/vtt_basic.vtt", "testdata/json_basic.json"} {
		tr, err := ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		back, out, err := roundTrip(tr, WriteSRT, ParseSRT)
		if err != nil {
			t.Fatalf("%s: %v\n%s", p, err, out)
		}
		if back.Len() != tr.Len() {
			t.Fatalf("%s: %d segments, want %d", p, back.Len(), tr.Len())
		}
		for i, s := range back.Segments {
			if s.Start != tr.Segments[i].Start || s.End != tr.EndOf(i, s.Start+2*time.Second) {
				t.Errorf("%s: segment %d times %v-%v, want %v-%v", p, i, s.Start, s.End, tr.Segments[i].Start, tr.EndOf(i, s.Start+2*time.Second))
			}
		}
	}
}

func FuzzParseSRT(f *testing.F) {
	fuzzParser(f, "testdata/srt_*.srt", []string{
		"1\n00:00:01,000 --> 00:00:00,000\nA: 1\n2\n00:00:01,000-->00:00:03\n\n3\n\n",
		"00:01,5 --> 00:02,50\nx\n\n\ny\n\n7\n00:00:00,000 --> 00:00:00,000\nA: B: c",
	}, ParseSRT, WriteSRT)
}

func BenchmarkParseSRT(b *testing.B) {
	benchParse(b, ParseSRT, WriteSRT)
}

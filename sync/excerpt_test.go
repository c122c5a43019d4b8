package sync

import (
	"bytes"
	"reflect"
	"testing"
)

func TestExcerpt(t *testing.T) {
	tr := New([]Segment{
		{Start: sec(0), End: sec(4), Speaker: "A", Text: "before and into the clip"},
		{Start: sec(5), Speaker: "B", Text: "no end: until the next"},
		{Start: sec(8), End: sec(8), Text: "no duration"},
		{Start: sec(9), End: sec(30), Speaker: "A", Text: "runs past the clip", Words: []Word{
			word(9, 9.5, "runs"), word(9.5, 0, "past"), word(19, 21, "the"), word(25, 0, "clip"),
		}},
		{Start: sec(20), Text: "after the clip"},
	})
	tr.Warnings = []Warning{{Line: 3, Msg: "x"}}
	before := cloneTranscript(tr)
	got := tr.Excerpt(sec(2), sec(20), sec(60))
	want := []Segment{
		{Start: 0, End: sec(2), Speaker: "A", Text: "before and into the clip"},
		{Start: sec(3), End: sec(6), Speaker: "B", Text: "no end: until the next"},
		{Start: sec(6), End: sec(7), Text: "no duration"}, // as EndOf: until the next start
		{Start: sec(7), End: sec(18), Speaker: "A", Text: "runs past the clip", Words: []Word{
			word(7, 7.5, "runs"), word(7.5, 17, "past"), word(17, 18, "the"),
		}},
	}
	if !reflect.DeepEqual(got.Segments, want) {
		t.Errorf("segments:\n%s", diffSegments(got.Segments, want))
	}
	if got.Warnings != nil {
		t.Errorf("warnings kept: %v", got.Warnings)
	}
	if !reflect.DeepEqual(tr, before) {
		t.Errorf("Excerpt changed its receiver")
	}
	if got := tr.Speakers(); !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Errorf("Speakers = %q", got)
	}

	// The last segment ends at the media's end.
	last := tr.Excerpt(sec(25), sec(100), sec(40))
	if want := []Segment{
		{Start: 0, End: sec(5), Speaker: "A", Text: "runs past the clip", Words: []Word{word(0, 5, "clip")}},
		{Start: 0, End: sec(15), Text: "after the clip"},
	}; !reflect.DeepEqual(last.Segments, want) {
		t.Errorf("to the end:\n%s", diffSegments(last.Segments, want))
	}

	for _, c := range []struct{ from, to float64 }{{10, 10}, {12, 5}, {100, 200}} {
		if got := tr.Excerpt(sec(c.from), sec(c.to), sec(60)); got.Len() != 0 {
			t.Errorf("Excerpt(%v, %v) = %+v, want nothing", c.from, c.to, got.Segments)
		}
	}
	if got := tr.Excerpt(-sec(5), sec(1), sec(60)); len(got.Segments) != 1 || got.Segments[0].End != sec(1) {
		t.Errorf("negative from: %+v", got.Segments)
	}
	var empty *Transcript
	if got := empty.Excerpt(0, sec(1), 0); got == nil || got.Len() != 0 {
		t.Errorf("nil transcript: %+v", got)
	}
}

// TestExcerptWrite is what clip export does: an excerpt written as SubRip.
func TestExcerptWrite(t *testing.T) {
	tr := mustReadFile(t, "testdata/srt_basic.srt")
	var buf bytes.Buffer
	if err := Write(&buf, tr.Excerpt(hms(0, 0, 4, 0), hms(0, 0, 8, 0), hms(2, 0, 0, 0)), FormatSRT); err != nil {
		t.Fatal(err)
	}
	want := "1\n00:00:00,000 --> 00:00:00,500\nMaya: Welcome to the show.\n\n" +
		"2\n00:00:00,500 --> 00:00:03,250\nTheo Okafor: Thanks, Maya. Glad to be here.\n\n" +
		"3\n00:00:03,250 --> 00:00:04,000\nMaya: Let's start.\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// cloneTranscript returns a deep copy of t.
func cloneTranscript(t *Transcript) *Transcript {
	c := &Transcript{Segments: append([]Segment(nil), t.Segments...), Warnings: append([]Warning(nil), t.Warnings...)}
	for i := range c.Segments {
		c.Segments[i].Words = append([]Word(nil), c.Segments[i].Words...)
		if t.Segments[i].Words == nil {
			c.Segments[i].Words = nil
		}
	}
	return c
}

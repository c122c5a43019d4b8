package sync

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	tr := mustReadFile(t, "testdata/text_basic.txt")
	for f, want := range map[Format]string{
		FormatText:   "00:00:01 Maya: Welcome to the show.\n",
		FormatSRT:    "1\n00:00:01,000 --> 00:00:04,000\nMaya: Welcome to the show.\n",
		FormatWebVTT: "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Maya>Welcome to the show.\n",
		FormatJSON:   "{\n  \"version\": \"1.0.0\",\n  \"segments\": [\n    {\"speaker\": \"Maya\", \"startTime\": 1, \"body\": \"Welcome to the show.\"}",
		FormatHTML:   "<cite>Maya:</cite>\n<time>0:01</time>\n<p>Welcome to the show.</p>\n",
	} {
		var buf bytes.Buffer
		if err := Write(&buf, tr, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.HasPrefix(buf.String(), want) {
			t.Errorf("%s: got\n%s\nwant it to start with\n%s", f, buf.String(), want)
		}
		back, err := Parse(&buf, f, "x")
		if err != nil || back.Len() != tr.Len() {
			t.Errorf("%s: read back %v, %d segments", f, err, back.Len())
		}
		buf.Reset()
		if err := Write(&buf, nil, f); err != nil {
			t.Errorf("%s: nil transcript: %v", f, err)
		}
	}
	if err := Write(&bytes.Buffer{}, tr, "doc"); err == nil || err.Error() != `unknown transcript format "doc"` {
		t.Errorf("unknown format: %v", err)
	}
}

func TestFormatFor(t *testing.T) {
	cases := []struct {
		path string
		want Format
		err  string
	}{
		{"clip.txt", FormatText, ""},
		{"/a/b/clip.SRT", FormatSRT, ""},
		{"clip.vtt", FormatWebVTT, ""},
		{"clip.Json", FormatJSON, ""},
		{"clip.html", FormatHTML, ""},
		{"clip.htm", FormatHTML, ""},
		{"/tmp/clip.mp3", "", "clip.mp3: .mp3 is not a transcript format (want .txt, .srt, .vtt, .json or .html)"},
		{"/tmp/clip", "", "clip: no file extension to tell the transcript format by (want .txt, .srt, .vtt, .json or .html)"},
	}
	for _, c := range cases {
		got, err := FormatFor(c.path)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && err.Error() != c.err {
			t.Errorf("FormatFor(%q) = %q, %v; want %q, %q", c.path, got, err, c.want, c.err)
		}
	}
}

func TestParseUnknownFormat(t *testing.T) {
	_, err := Parse(strings.NewReader(""), "doc", "show.doc")
	if err == nil || err.Error() != `show.doc: unknown transcript format "doc"` {
		t.Errorf("err = %v", err)
	}
}

func TestSpeakers(t *testing.T) {
	tr := New([]Segment{{Start: 3, Speaker: "B"}, {Start: 1}, {Start: 2, Speaker: "A"}, {Start: 4, Speaker: "A"}, {Start: 5, Speaker: "C"}})
	if got := tr.Speakers(); !reflect.DeepEqual(got, []string{"A", "B", "C"}) {
		t.Errorf("Speakers = %q", got)
	}
	var empty *Transcript
	if got := empty.Speakers(); got != nil {
		t.Errorf("nil transcript: %q", got)
	}
}

// TestFormatTable: every format in the table is written, recognised from
// its content alone (a file name that says otherwise), read back the
// same, and found by each of its MIME types and extensions.
func TestFormatTable(t *testing.T) {
	tr := mustReadFile(t, "testdata/text_basic.txt")
	if len(Formats()) != 5 {
		t.Fatalf("%d formats, want 5", len(Formats()))
	}
	for _, fi := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, tr, fi.Format); err != nil {
			t.Fatalf("%s: %v", fi.Name, err)
		}
		if got := Detect(buf.Bytes(), "misnamed.bin"); got != fi.Format {
			t.Errorf("%s: detected as %q", fi.Name, got)
		}
		back, err := Parse(bytes.NewReader(buf.Bytes()), fi.Format, "x"+fi.Ext())
		if err != nil || back.Len() != tr.Len() || back.Segments[0].Text != tr.Segments[0].Text {
			t.Errorf("%s: read back %v", fi.Name, err)
		}
		for _, m := range fi.MIME {
			if got, ok := ByMIME(strings.ToUpper(m) + "; charset=utf-8"); !ok || got != fi.Format {
				t.Errorf("ByMIME(%q) = %q, %v", m, got, ok)
			}
		}
		for _, e := range fi.Exts {
			if got, err := FormatFor("a" + strings.ToUpper(e)); err != nil || got != fi.Format {
				t.Errorf("FormatFor(%q) = %q, %v", e, got, err)
			}
		}
	}
	if _, ok := ByMIME("audio/mpeg"); ok {
		t.Error("ByMIME took audio/mpeg for a transcript")
	}
}

package sync

import (
	"readalong/clock"

	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseTextGolden(t *testing.T) {
	tr := mustReadFile(t, "testdata/text_basic.txt")
	want := []Segment{
		{Start: sec(1), Speaker: "Maya", Text: "Welcome to the show."},
		{Start: sec(4), Speaker: "Theo Okafor", Text: "Thanks, Maya. Two of us share this second."},
		{Start: sec(4), Speaker: "Maya", Text: "We do."},
		{Start: sec(9), Speaker: "Theo Okafor", Text: "A line that wraps onto a second line in the file."},
		{Start: time.Hour + 2*time.Minute + 3*time.Second, Speaker: "Maya", Text: "Note: a colon inside the text stays text."},
	}
	if !reflect.DeepEqual(tr.Segments, want) {
		t.Errorf("segments:\n got %+v\nwant %+v", tr.Segments, want)
	}
}

func TestParseTextWithoutSpeakers(t *testing.T) {
	tr := mustReadFile(t, "testdata/text_nospeaker.txt")
	if tr.Len() != 4 {
		t.Fatalf("Len = %d, want 4", tr.Len())
	}
	for _, s := range tr.Segments {
		if s.Speaker != "" {
			t.Errorf("speaker %q found in an unlabelled file (text %q)", s.Speaker, s.Text)
		}
	}
	if got := tr.Segments[2].Text; got != "Note: the occasional label-like prefix is not a speaker." {
		t.Errorf("text = %q", got)
	}
}

func TestParseTextQuirks(t *testing.T) {
	in := "\ufeff00:00:01 A: one\r\n \t \r\n[00:00:02] B: two\n\n00:03.500 A: three\n\n00:00:00 A: zero"
	tr, err := ParseText(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Segment{
		{Start: 0, Speaker: "A", Text: "zero"},
		{Start: sec(1), Speaker: "A", Text: "one"},
		{Start: sec(2), Speaker: "B", Text: "two"},
		{Start: sec(3.5), Speaker: "A", Text: "three"},
	}
	if !reflect.DeepEqual(tr.Segments, want) {
		t.Errorf("got %+v\nwant %+v", tr.Segments, want)
	}
	// Many lines continuing one segment are joined once, not one by one.
	wrapped := "00:00:01 start\n" + strings.Repeat("a wrapped line\n", 100000) + "\n00:00:02 next"
	tr, err = ParseText(strings.NewReader(wrapped))
	if err != nil || tr.Len() != 2 || len(tr.Segments[0].Text) != len("start")+100000*len(" a wrapped line") {
		t.Errorf("wrapped lines: err %v, %d segments", err, tr.Len())
	}
	long := "00:00:01 " + strings.Repeat("word ", 2000)
	tr, err = ParseText(strings.NewReader(long))
	if err != nil || len(tr.Segments[0].Text) != 2000*5-1 {
		t.Errorf("long line: err %v", err)
	}
}

func TestParseTextErrors(t *testing.T) {
	cases := []struct {
		in   string
		line int
		msg  string
	}{
		{"00:00:01 ok\n\n00:61:00 bad minutes", 3, `transcript:3: malformed timestamp (want HH:MM:SS): "00:61:00"`},
		{"00:00:1 short seconds", 1, `malformed timestamp`},
		{"00:00:01 a\n\n0:0x:01 hi", 3, `"0:0x:01"`},
		{"[00:00:01 unclosed", 1, `malformed timestamp`},
		{"Episode 12 — a title line\n00:00:01 text", 1, `transcript:1: line does not start with a timestamp (HH:MM:SS): "Episode 12 — a title line"`},
		{"00:00:01 a\n\nstray paragraph", 3, `line does not start with a timestamp`},
		{"00:00:01 a\n\n00:00:02", 3, `timestamp without text`},
		{"00:00:01 a\n\n00:00:02 caf\xe9\x9d", 3, `transcript:3: not UTF-8 text (nor Windows-1252: byte 0x9D)`},
		{"00:00:01.12345 too precise", 1, `malformed timestamp`},
	}
	for _, c := range cases {
		_, err := ParseText(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want a *ParseError", c.in, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got line %d %q, want line %d containing %q", c.in, pe.Line, err, c.line, c.msg)
		}
	}
}

func TestReadFileErrorNamesFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "show.txt")
	if err := os.WriteFile(p, []byte("00:00:01 fine\n\n00:00:99 broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(p)
	if err == nil || !strings.HasPrefix(err.Error(), "show.txt:3: malformed timestamp") {
		t.Errorf("err = %v", err)
	}
	_, err = ReadFile(filepath.Join(t.TempDir(), "missing.txt"))
	if err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestWriteTextRoundTrip(t *testing.T) {
	tr := mustReadFile(t, "testdata/text_basic.txt")
	var buf bytes.Buffer
	if err := WriteText(&buf, tr); err != nil {
		t.Fatal(err)
	}
	back, err := ParseText(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Segments, tr.Segments) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back.Segments, tr.Segments)
	}
}

func TestFindBeside(t *testing.T) {
	dir := t.TempDir()
	mp3 := filepath.Join(dir, "ep 1.mp3")
	for _, f := range []string{"ep 1.mp3", "ep 1.vtt", "ep 1.json", "other.txt"} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	if got := FindBeside(mp3); got != filepath.Join(dir, "ep 1.vtt") {
		t.Errorf("FindBeside = %q, want the .vtt (tried before .json)", got)
	}
	os.WriteFile(filepath.Join(dir, "ep 1.txt"), []byte("x"), 0o644)
	if got := FindBeside(mp3); got != filepath.Join(dir, "ep 1.txt") {
		t.Errorf("FindBeside = %q, want the .txt", got)
	}
	if got := FindBeside(filepath.Join(dir, "none.mp3")); got != "" {
		t.Errorf("FindBeside(none) = %q, want empty", got)
	}
	// A .json beside the episode that holds its chapters is no transcript.
	cd := t.TempDir()
	os.WriteFile(filepath.Join(cd, "talk.mp3"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(cd, "talk.json"), []byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}`), 0o644)
	if got := FindBeside(filepath.Join(cd, "talk.mp3")); got != "" {
		t.Errorf("FindBeside took a chapters file for a transcript: %q", got)
	}
	os.WriteFile(filepath.Join(cd, "talk.json"), []byte(`{"version":"1.0.0","segments":[{"startTime":0,"body":"Hi"}]}`), 0o644)
	if got := FindBeside(filepath.Join(cd, "talk.mp3")); got != filepath.Join(cd, "talk.json") {
		t.Errorf("FindBeside missed a JSON transcript: %q", got)
	}
	for _, c := range []struct{ file, want string }{
		{"show.transcript.vtt", "show.transcript.vtt"},
		{"show-transcript.srt", "show-transcript.srt"},
		{"show.en.vtt", "show.en.vtt"},
		{"show-pt-BR.srt", "show-pt-BR.srt"},
		{"show.notes.txt", ""},
		{"show-2.txt", ""},
		{"shower.txt", ""},
	} {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, "show.mp3"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(d, c.file), []byte("x"), 0o644)
		want := ""
		if c.want != "" {
			want = filepath.Join(d, c.want)
		}
		if got := FindBeside(filepath.Join(d, "show.mp3")); got != want {
			t.Errorf("beside show.mp3 with %s: FindBeside = %q, want %q", c.file, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		head, name string
		want       Format
	}{
		{"WEBVTT\n\n", "a.txt", FormatWebVTT},
		{"\ufeff1\n00:00:01,000 --> 00:00:02,000\nhi", "a.txt", FormatSRT},
		{`{"version":"1.0.0"}`, "a.txt", FormatJSON},
		{"00:00:01 Maya: hi", "a.srt", FormatText},
		{"", "a.vtt", FormatWebVTT},
		{"garbage", "a.txt", FormatText},
		{"<cite>Maya:</cite>\n<time>0:00</time>\n<p>Hi</p>", "a.txt", FormatHTML},
		{"\ufeff\n <!DOCTYPE html><html><body>", "a.txt", FormatHTML},
		{"<div><P class=x>hi</P></div>", "a.txt", FormatHTML},
		{"<div>no sign of a transcript</div>", "a.htm", FormatHTML},
		{"00:00:01 <p> is text here", "a.html", FormatText},
		{"", "a.HTML", FormatHTML},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.head), c.name); got != c.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", c.head, c.name, got, c.want)
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, p := range []string{"testdata/text_basic.txt", "testdata/text_nospeaker.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("00:00:01 A: x\n00:00:01 B: y\n\n[1:02:03.5] z"))
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := ParseText(bytes.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, tr); err != nil {
			t.Fatal(err)
		}
		back, err := ParseText(&buf)
		if err != nil {
			t.Fatalf("written transcript does not parse: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(back.Segments, tr.Segments) {
			t.Fatalf("round trip differs:\n got %+v\nwant %+v", back.Segments, tr.Segments)
		}
	})
}

func mustReadFile(t *testing.T, path string) *Transcript {
	t.Helper()
	tr, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func BenchmarkParseText(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 100000; i++ {
		buf.WriteString(clock.Stamp(time.Duration(i)*time.Second) + " Speaker Name: a line of moderately long podcast text.\n\n")
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ParseText(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

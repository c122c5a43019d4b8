package sync

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestEncodingGolden(t *testing.T) {
	checkGolden(t, []goldenCase{
		// Windows-1252: accents, curly quotes, a dash, the euro sign,
		// an ellipsis, ½, Œ and ™, all from bytes 0x80 to 0xFF.
		{"testdata/text_cp1252.txt", FormatText, []Segment{
			{Start: sec(1), Speaker: "Zoë", Text: "Café – “quoted” for €5."},
			{Start: sec(4), Speaker: "Théo", Text: "Ça va? Déjà vu… ½ Œuvre ™"},
		}},
		// UTF-16, little-endian with CRLF, and big-endian, both with a
		// byte order mark; characters outside the BMP (surrogates).
		{"testdata/srt_utf16le.srt", FormatSRT, []Segment{
			{Start: sec(1), End: sec(2.5), Speaker: "Zoë", Text: "Grüße aus Köln! 😀"},
			{Start: sec(2.5), End: sec(4), Speaker: "Théo", Text: "日本語も大丈夫。"},
		}},
		{"testdata/vtt_utf16be.vtt", FormatWebVTT, []Segment{
			{Start: sec(1), End: sec(2), Speaker: "Zoë", Text: "Ünïcödé in UTF-16 big-endian 𝄞"},
		}},
	})
	tr := mustReadFile(t, "testdata/text_cp1252.txt")
	if got, want := warningStrings(tr), []string{"line 1: not UTF-8: read as Windows-1252"}; !reflect.DeepEqual(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
	if tr := mustReadFile(t, "testdata/srt_utf16le.srt"); tr.Warnings != nil {
		t.Errorf("UTF-16 warnings %q, want none", warningStrings(tr))
	}
}

// TestEncodingEveryFormat checks that each parser, called directly or
// through Parse, decodes Windows-1252 and warns.
func TestEncodingEveryFormat(t *testing.T) {
	inputs := map[Format]string{
		FormatText:   "00:00:01 caf\xe9\n",
		FormatSRT:    "1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n",
		FormatWebVTT: "WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\xe9\n",
		FormatJSON:   "{\"segments\": [{\"startTime\": 1, \"body\": \"caf\xe9\"}]}",
		FormatHTML:   "<time>0:01</time><p>caf\xe9</p>",
	}
	for f, in := range inputs {
		tr, err := Parse(strings.NewReader(in), f, "x")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if tr.Segments[0].Text != "café" || len(tr.Warnings) == 0 || tr.Warnings[0].Msg != msgWin1252 {
			t.Errorf("%s: text %q, warnings %q", f, tr.Segments[0].Text, warningStrings(tr))
		}
	}
}

func TestEncodingMixed(t *testing.T) {
	// UTF-8 with one stray Windows-1252 byte: read as Windows-1252, so
	// the UTF-8 letters come out garbled; the warning says so.
	tr, err := ParseText(strings.NewReader("00:00:01 Zoë\n\n00:00:02 caf\xe9"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Segments[0].Text; got != "ZoÃ«" {
		t.Errorf("text %q", got)
	}
	want := "line 3: not UTF-8: read as Windows-1252 (it also holds UTF-8 sequences, which show as two or three odd characters each)"
	if got := warningStrings(tr); len(got) != 1 || got[0] != want {
		t.Errorf("warnings %q, want %q", got, want)
	}
}

func TestEncodingErrors(t *testing.T) {
	checkErrors(t, ParseText, []errorCase{
		{"undefined Windows-1252 byte", "00:00:01 a\n\n00:00:02 \x81bc\xe9", 3, "transcript:3: not UTF-8 text (nor Windows-1252: byte 0x81); save the file as UTF-8: \"00:00:02 \ufffdbcé\""},
		{"0x8D", "\x8d", 1, "byte 0x8D"},
		{"0x8F", "00:00:01 x\n\x8f", 2, "byte 0x8F"},
		{"0x90", "\xe9\x90", 1, "byte 0x90"},
		{"0x9D", "x\r\n\r\n\x9d", 3, "byte 0x9D"},
		{"UTF-16 cut short", "\xff\xfe0\x00:\x00\n\x00x", 2, "transcript:2: UTF-16 text with an odd number of bytes: the file is cut short"},
		{"UTF-16 lone low surrogate", "\xff\xfe0\x00\n\x00\x00\xdc", 2, "not UTF-16 text: a surrogate without its pair"},
		{"UTF-16 high surrogate at the end", "\xfe\xff\x00a\xd8\x00", 1, "a surrogate without its pair"},
		{"UTF-16 high surrogate before a letter", "\xfe\xff\xd8\x00\x00a", 1, "a surrogate without its pair"},
	})
}

func TestEncodingReadFileNamesFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "show.srt")
	if err := os.WriteFile(p, []byte("1\n00:00:01,000 --> 00:00:02,000\n\x81"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(p)
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "show.srt:3: not UTF-8 text") {
		t.Errorf("err = %v", err)
	}
}

func TestDecodeText(t *testing.T) {
	// Every byte from 0x80 to 0xFF that Windows-1252 defines decodes to
	// one character, and each of the 5 it does not is refused.
	refused := 0
	for c := 0x80; c <= 0xFF; c++ {
		s, w, err := decodeText(string([]byte{'a', byte(c)}))
		if err != nil {
			refused++
			continue
		}
		if w == nil || len([]rune(s)) != 2 {
			t.Errorf("byte %#x: %q, warning %v", c, s, w)
		}
	}
	if refused != 5 {
		t.Errorf("%d bytes refused, want 5", refused)
	}
	if s, w, err := decodeText("plain ASCII and UTF-8 é"); s != "plain ASCII and UTF-8 é" || w != nil || err != nil {
		t.Errorf("UTF-8: %q %v %v", s, w, err)
	}
	if s, _, err := decodeText("\xff\xfe"); s != "" || err != nil {
		t.Errorf("empty UTF-16: %q %v", s, err)
	}
}

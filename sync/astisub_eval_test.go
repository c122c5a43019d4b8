package sync

// THROWAWAY: evaluation of github.com/asticode/go-astisub against the
// SubRip and WebVTT quirks this package handles. Not to be committed.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asticode/go-astisub"
)

type astiSeg struct {
	Start, End time.Duration
	Voice      string
	Text       string
}

func astiRead(kind, in string) (segs []astiSeg, err error, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	var s *astisub.Subtitles
	if kind == "srt" {
		s, err = astisub.ReadFromSRT(strings.NewReader(in))
	} else {
		s, err = astisub.ReadFromWebVTT(strings.NewReader(in))
	}
	if err != nil {
		return nil, err, nil
	}
	for _, it := range s.Items {
		var parts []string
		voice := ""
		for _, l := range it.Lines {
			parts = append(parts, l.String())
			if voice == "" {
				voice = l.VoiceName
			}
		}
		segs = append(segs, astiSeg{it.StartAt, it.EndAt, voice, normText(strings.Join(parts, " "))})
	}
	return segs, nil, nil
}

// ours converts our segments to what astisub would have to produce: in
// SubRip the speaker label is part of the text.
func ours(kind string, tr *Transcript) []astiSeg {
	var out []astiSeg
	for _, s := range tr.Segments {
		a := astiSeg{Start: s.Start, End: s.End, Text: s.Text}
		if kind == "srt" && s.Speaker != "" {
			a.Text = s.Speaker + ": " + s.Text
		} else {
			a.Voice = s.Speaker
		}
		out = append(out, a)
	}
	return out
}

func compareAsti(t *testing.T, kind, name, in string) {
	parse := ParseSRT
	if kind == "vtt" {
		parse = ParseVTT
	}
	tr, ourErr := parse(strings.NewReader(in))
	got, err, p := astiRead(kind, in)
	switch {
	case p != nil:
		t.Logf("PANIC   %s %s: %v", kind, name, p)
	case err != nil && ourErr != nil:
		t.Logf("ok(err) %s %s: both reject (astisub: %v)", kind, name, err)
	case err != nil:
		t.Logf("REJECTS %s %s: astisub: %v; we read %d segments", kind, name, err, tr.Len())
	case ourErr != nil:
		t.Logf("ACCEPTS %s %s: we reject (%v); astisub returns %d items: %+v", kind, name, ourErr, len(got), trunc(got))
	default:
		want := ours(kind, tr)
		if fmt.Sprint(got) == fmt.Sprint(want) {
			t.Logf("ok      %s %s", kind, name)
			return
		}
		t.Logf("DIFFERS %s %s:\n   astisub %+v\n   ours    %+v", kind, name, trunc(got), trunc(want))
	}
}

func trunc(s []astiSeg) any {
	c := make([]astiSeg, len(s))
	copy(c, s)
	for i := range c {
		if len(c[i].Text) > 60 {
			c[i].Text = fmt.Sprintf("%s…(%d bytes)", c[i].Text[:40], len(c[i].Text))
		}
	}
	s = c
	if len(s) > 6 {
		return fmt.Sprintf("%+v … (%d items)", s[:6], len(s))
	}
	return s
}

func TestAstisubEval(t *testing.T) {
	for _, g := range []string{"testdata/srt_*.srt", "testdata/vtt_*.vtt"} {
		paths, _ := filepath.Glob(g)
		for _, p := range paths {
			b, _ := os.ReadFile(p)
			compareAsti(t, filepath.Ext(p)[1:], filepath.Base(p), string(b))
		}
	}
	srt := map[string]string{
		"q:no cue number":                "00:00:01,000 --> 00:00:02,000\nhi",
		"q:milliseconds":                 "00:00:01,5 --> 00:00:01,50\na\n\n00:00:02,050 --> 00:00:03\nb",
		"q:end before start kept":        "00:00:05,000 --> 00:00:04,000\na",
		"q:cue numbers in text":          "1\n00:00:01,000 --> 00:00:02,000\n2\n3\n\n4\n\n5\n00:00:03,000 --> 00:00:04,000\nx",
		"q:arrow in text starts a cue":   "00:00:01,000 --> 00:00:02,000\na\n00:00:03,000-->00:00:04,000\nb",
		"q:times in text are text":       "00:00:01,000 --> 00:00:02,000\nsee you\n\n10:30 to 11:45 then\n\n12:30 45",
		"q:numeric dialogue line":        "1\n00:00:01,000 --> 00:00:02,000\nHow many?\n\n2\n00:00:02,000 --> 00:00:03,000\n42\n",
		"q:line over 64 KiB":             "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("word ", 20000) + "\n\n2\n00:00:03,000 --> 00:00:04,000\nafter\n",
		"q:hours with one digit":         "0:00:03,000 --> 0:00:04,000\nx",
		"e:arrow missing":                "1\n00:00:01,000 -> 00:00:02,000\nHi",
		"e:bad end":                      "1\n00:00:01,000 --> 00:00:0x,000\nHi",
		"e:no end":                       "1\n00:00:01,000 -->\nHi",
		"e:no start":                     "--> 00:00:01,000\nHi",
		"e:minutes over 59":              "1\n00:61:00,000 --> 00:62:00,000\nx",
		"e:four digit milliseconds":      "00:00:01,0000 --> 00:00:02,000\nx",
		"e:text first":                   "Hello\n1\n00:00:01,000 --> 00:00:02,000\nx",
		"e:no time line":                 "1\nHello",
		"e:later cue bad end":            "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:05,000 --> 00:00:06;000\nB",
		"e:invalid UTF-8 (Windows-1252)": "1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9",
		"e:negative time":                "00:00:-1,000 --> 00:00:02,000\nx",
	}
	for name, in := range srt {
		compareAsti(t, "srt", name, in)
	}
	vtt := map[string]string{
		"q:header only":                  "WEBVTT",
		"q:blank lines before header":    "\n  \nWEBVTT\n\n00:01.000 --> 00:02.000\nx",
		"q:cue right below the header":   "WEBVTT\nLanguage: en\n00:01.000 --> 00:02.000\nx",
		"q:several voices":               "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>a</v> <v B>b</v>\n\n00:02.000 --> 00:03.000\nc",
		"q:voice carries on":             "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>a\n\n00:02.000 --> 00:03.000\nb",
		"q:voice names":                  "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.a.b   Ann\tLee  >a\n\n00:02.000 --> 00:03.000\n<v Tom &amp; Jerry>b",
		"q:tag across lines":             "WEBVTT\n\n00:01.000 --> 00:02.000\n<v\nA>a <i\n>b",
		"q:empty cues dropped":           "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A></v>\n\n00:03.000 --> 00:04.000\n\n00:04.000 --> 00:05.000\nx",
		"q:references":                   "WEBVTT\n\n00:01.000 --> 00:02.000\n&#65;&#x42;&apos;&#xD800;&amp",
		"q:comma and short milliseconds": "WEBVTT\n\n00:01,5 --> 00:02\nx",
		"q:NOTE with an arrow":           "WEBVTT\n\nNOTE a --> b\nmore\n\n00:01.000 --> 00:02.000\nx",
		"q:NOTE alone on its line":       "WEBVTT\n\nNOTE\ncomment 00:00.000 --> 00:05.000\n\n00:01.000 --> 00:02.000\nx",
		"q:text after blank not a cue":   "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\ny",
		"q:cue settings":                 "WEBVTT\n\n00:01.000 --> 00:02.000 align:start position:10%\nx",
		"q:unknown region setting":       "WEBVTT\n\n00:01.000 --> 00:02.000 region:fred\nx",
		"q:timestamp tags":               "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Maya>Zero <00:00:01.500>length <b>cue</b>.",
		"q:stray < and &":                "WEBVTT\n\n00:01.000 --> 00:02.000\n1 < 2 & so on.",
		"q:line over 64 KiB":             "WEBVTT\n\n00:01.000 --> 00:02.000\n" + strings.Repeat("word ", 20000) + "\n\n00:03.000 --> 00:04.000\nafter\n",
		"e:empty":                        "",
		"e:no header":                    "1\n00:00:01.000 --> 00:00:02.000\nhi",
		"e:header glued":                 "WEBVTTX\n\n00:01.000 --> 00:02.000\nhi",
		"e:bad end":                      "WEBVTT\n\n00:01.000 --> 00:0x.000\nhi",
		"e:bad start hours":              "WEBVTT\n\n1:01.000 --> 00:02.000\nhi",
		"e:no end":                       "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:02.000 -->   \nB",
		"e:no start":                     "WEBVTT\n\n--> 00:02.000\nB",
		"e:arrow missing":                "WEBVTT\n\nid\n00:01.000 00:02.000\nhi",
		"e:minutes over 59":              "WEBVTT\n\n00:02.000 --> 00:99.000\nB",
		"e:invalid UTF-8":                "WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe",
	}
	for name, in := range vtt {
		compareAsti(t, "vtt", name, in)
	}
}

// TestAstisubCorpus runs astisub over the fuzz corpora collected for
// FuzzParseSRT and FuzzParseVTT, counting panics.
func TestAstisubCorpus(t *testing.T) {
	cache := os.Getenv("GOCACHE")
	for _, c := range []struct{ kind, dir string }{{"srt", "FuzzParseSRT"}, {"vtt", "FuzzParseVTT"}} {
		files, _ := filepath.Glob(filepath.Join(cache, "fuzz/readalong/sync", c.dir, "*"))
		panics, errs, n := 0, 0, 0
		for _, f := range files {
			b, _ := os.ReadFile(f)
			// corpus file: "go test fuzz v1\n[]byte(\"...\")\n"
			in, ok := decodeCorpus(b)
			if !ok {
				continue
			}
			n++
			_, err, p := astiRead(c.kind, in)
			if p != nil {
				panics++
				if panics <= 5 {
					t.Logf("%s corpus %s: PANIC %v on %q", c.kind, filepath.Base(f), p, in)
				}
			} else if err != nil {
				errs++
			}
		}
		t.Logf("%s corpus: %d inputs, %d panics, %d errors", c.kind, n, panics, errs)
	}
}

func decodeCorpus(b []byte) (string, bool) {
	lines := bytes.SplitN(b, []byte("\n"), 3)
	if len(lines) < 2 {
		return "", false
	}
	l := string(lines[1])
	if !strings.HasPrefix(l, "[]byte(") {
		return "", false
	}
	var s string
	if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(l, "[]byte("), ")"), "%q", &s); err != nil {
		return "", false
	}
	return s, true
}

func FuzzAstisubSRT(f *testing.F) {
	paths, _ := filepath.Glob("testdata/srt_*.srt")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if knownPanic(in) {
			return
		}
		astisub.ReadFromSRT(bytes.NewReader(in))
	})
}

func FuzzAstisubVTT(f *testing.F) {
	paths, _ := filepath.Glob("testdata/vtt_*.vtt")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if knownPanic(in) {
			return
		}
		astisub.ReadFromWebVTT(bytes.NewReader(in))
	})
}

// knownPanic reports inputs with a line holding "-->" and nothing after
// it, which make astisub index an empty slice; skipping them lets the
// fuzzer look for other panics.
func knownPanic(in []byte) bool {
	for _, l := range strings.FieldsFunc(string(in), func(r rune) bool { return r == '\n' || r == '\r' }) {
		if i := strings.Index(l, "-->"); i >= 0 && len(strings.Fields(l[i+3:])) == 0 {
			return true
		}
	}
	return false
}

package chapters

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

const sampleJSON = `{
  "version": "1.2.0",
  "author": "Ann",
  "chapters": [
    {"startTime": 0, "title": "Intro", "img": "https://example.org/a.jpg"},
    {"startTime": 62.5, "title": "Sponsor", "toc": false, "url": "https://example.org/ad"},
    {"startTime": "90", "title": "Main", "endTime": 120.25},
    {"title": "No start"},
    {"startTime": -4, "title": "Negative"},
    {"startTime": 130, "title": ["not", "text"]},
    {"startTime": 140, "title": 42}
  ],
  "segments": "ignored here"
}`

func TestParseJSON(t *testing.T) {
	l, ws, err := ParseJSON(strings.NewReader(sampleJSON), "ep.chapters.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(l); got != "0:00:00.000 Intro; 0:01:02.500 Sponsor (hidden); 0:01:30.000 Main; 0:02:20.000 42" {
		t.Errorf("chapters: %s", got)
	}
	if !l[0].Image.Remote() || l[0].Image.URL != "https://example.org/a.jpg" || l[1].URL != "https://example.org/ad" || l[2].End != 120250*time.Millisecond {
		t.Errorf("%+v", l)
	}
	want := []string{
		"ep.chapters.json:8: chapter 4: no startTime: skipped",
		"ep.chapters.json:9: chapter 5: -4 is not a time in seconds: skipped",
		"ep.chapters.json:10: chapter 6: ",
	}
	if len(ws) != len(want) {
		t.Fatalf("warnings %v", ws)
	}
	for i, w := range want {
		if !strings.HasPrefix(ws[i].String(), w) {
			t.Errorf("warning %q, want %q…", ws[i], w)
		}
	}
}

func TestParseJSONErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want error
		say  string
	}{
		{`{"chapters": [{"startTime": 1},`, ErrSyntax, "x.json:1: not well-formed JSON"},
		{"{\n\"chapters\": [\n{\"startTime\": 1}\n}", ErrSyntax, "x.json:4: not well-formed JSON"},
		{`{"version": "1.0.0", "segments": [{"startTime": 1, "body": "hi"}]}`, ErrNoChapters, "holds no chapters"},
		{`[1, 2]`, ErrNoChapters, ""},
		{`{"chapters": {}}`, ErrNoChapters, "not a list"},
		{``, ErrSyntax, ""},
	} {
		_, _, err := ParseJSON(strings.NewReader(c.in), "x.json")
		var pe *ParseError
		if !errors.Is(err, c.want) || !errors.As(err, &pe) || !strings.Contains(err.Error(), c.say) {
			t.Errorf("%q: %v, want %v saying %q", c.in, err, c.want, c.say)
		}
	}
	big := strings.NewReader(strings.Repeat(" ", maxFile+1))
	if _, _, err := ParseJSON(big, "big.json"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big file: %v", err)
	}
}

func TestIsJSON(t *testing.T) {
	for in, want := range map[string]bool{
		sampleJSON: true,
		`{"version": "1.0.0", "segments": [], "chapters": []}`:              false,
		`{"version": "1.0.0", "segments": [{"startTime": 0, "body": "x"}]}`: false,
		"\ufeff{\"chapters\": []}":                                          true,
		`{"chapters": "x"}`:                                                 false,
		`[]`:                                                                false,
		`not json`:                                                          false,
	} {
		if got := IsJSON([]byte(in)); got != want {
			t.Errorf("IsJSON(%.40q) = %v", in, got)
		}
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	l := List{
		{Start: 0, End: 62500 * time.Millisecond, Title: "Intro \"quoted\" ☕", Image: &Image{URL: "https://example.org/a.jpg"}},
		{Start: 62500 * time.Millisecond, End: 90 * time.Second, Title: "Ad", Hidden: true, URL: "https://example.org/ad"},
		{Start: 90*time.Second + 1234*time.Microsecond, Title: "Main"},
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, l); err != nil {
		t.Fatal(err)
	}
	if !IsJSON(b.Bytes()) || !strings.Contains(b.String(), `"startTime": 90.001234`) || !strings.Contains(b.String(), `"endTime": 62.5`) {
		t.Errorf("written:\n%s", b.String())
	}
	back, ws, err := ParseJSON(&b, "back.json")
	if err != nil || len(ws) != 0 {
		t.Fatal(err, ws)
	}
	for i := range l {
		a, c := l[i], back[i]
		if a.Start != c.Start || a.End != c.End || a.Title != c.Title || a.URL != c.URL || a.Hidden != c.Hidden || a.Image.Remote() != c.Image.Remote() {
			t.Errorf("chapter %d: %+v, want %+v", i, c, a)
		}
	}
	var empty bytes.Buffer
	WriteJSON(&empty, nil)
	if l, _, err := ParseJSON(&empty, "e.json"); err != nil || len(l) != 0 {
		t.Errorf("empty list: %v %v", l, err)
	}
}

func FuzzParseJSON(f *testing.F) {
	f.Add(sampleJSON)
	f.Add(`{"chapters":[{"startTime":"1e400"},{"startTime":1e308,"endTime":null,"toc":true}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		l, _, err := ParseJSON(strings.NewReader(s), "f.json")
		if err != nil && l != nil {
			t.Fatal("chapters with an error")
		}
		for _, c := range l {
			if c.Start < 0 || c.Start > maxTime {
				t.Fatalf("start %v", c.Start)
			}
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, l); err != nil {
			t.Fatal(err)
		}
		back, _, err := ParseJSON(&b, "w.json")
		if err != nil || len(back) != len(l) {
			t.Fatalf("written chapters read back as %d, %v:\n%s", len(back), err, b.String())
		}
	})
}

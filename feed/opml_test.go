package feed

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"readalong/fetch"
)

func TestParseOPML(t *testing.T) {
	cases := map[string][]Outline{
		"gpodder.opml": {
			{"Read Along Radio", "https://readalong.example/feeds/show.xml", "https://readalong.example/show"},
			{"Second Show", "https://second.example/rss", ""},
		},
		"antennapod.opml": { // its local folders are not feeds
			{"Read Along Radio", "https://readalong.example/feeds/show.xml", "https://readalong.example/show"},
			{"Third & Last", "http://third.example/feed.xml", ""},
		},
		"pocketcasts.opml": { // nested in a folder, titles in text=
			{"Read Along Radio", "https://readalong.example/feeds/show.xml", ""},
			{"Pocket Only", "https://pocket.example/feed", ""},
		},
	}
	for name, want := range cases {
		f, _ := os.Open("testdata/" + name)
		got, err := ParseOPML(f, name)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: outline %d is %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	in := []Outline{{"A & B", "https://a.example/feed", "https://a.example/"}, {"", "https://c.example/rss", ""}}
	var b bytes.Buffer
	if err := WriteOPML(&b, "Readalong feeds", in); err != nil {
		t.Fatal(err)
	}
	out, err := ParseOPML(&b, "export.opml")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0] != in[0] || out[1].FeedURL != in[1].FeedURL || out[1].Title != in[1].FeedURL {
		t.Errorf("round trip: %+v", out)
	}
}

func TestParseOPMLErrors(t *testing.T) {
	cases := map[string]string{
		"<opml><body><outline xmlUrl='https://a.example/'>\n</body></opml>": "bad.opml:2: not well-formed XML",
		"<rss/>": "bad.opml:1: not an OPML file",
		"":       "bad.opml: empty",
		"<opml>" + strings.Repeat("<outline>", 80) + strings.Repeat("</outline>", 80) + "</opml>": "nested too deeply",
	}
	for in, want := range cases {
		if _, err := ParseOPML(strings.NewReader(in), "bad.opml"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: %v, want %q", in, err, want)
		}
	}
	big := "<opml><body>" + strings.Repeat("<outline text='x'/>", maxOPML/18) + "</body></opml>"
	if _, err := ParseOPML(strings.NewReader(big), "big.opml"); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
}

func FuzzOPML(f *testing.F) {
	for _, name := range []string{"gpodder.opml", "antennapod.opml", "pocketcasts.opml"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		outs, err := ParseOPML(bytes.NewReader(data), "fuzz.opml")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.opml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, o := range outs {
			if _, err := fetch.CheckURL(o.FeedURL); err != nil {
				t.Fatalf("outline %q kept: %v", o.FeedURL, err)
			}
		}
	})
}

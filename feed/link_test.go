package feed

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"readalong/fetch"
)

func TestNormalizeLink(t *testing.T) {
	cases := []struct{ in, link, fallback string }{
		{"https://example.com/feed.xml", "https://example.com/feed.xml", ""},
		{"  http://example.com/feed  ", "http://example.com/feed", ""},
		{"podcast://example.com/feed.xml", "https://example.com/feed.xml", "http://example.com/feed.xml"},
		{"itpc://example.com/rss", "https://example.com/rss", "http://example.com/rss"},
		{"pcast://example.com/rss", "https://example.com/rss", "http://example.com/rss"},
		{"FEED://example.com/rss", "https://example.com/rss", "http://example.com/rss"},
		{"feed:https://example.com/rss", "https://example.com/rss", ""},
		{"podcast:http://example.com/rss", "http://example.com/rss", ""},
		{"example.com/feed", "https://example.com/feed", ""},
	}
	for _, c := range cases {
		link, fb, err := NormalizeLink(c.in)
		if err != nil || link != c.link || fb != c.fallback {
			t.Errorf("NormalizeLink(%q) = %q, %q, %v; want %q, %q", c.in, link, fb, err, c.link, c.fallback)
		}
	}
	for _, in := range []string{"file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)", "", "feed://", "data:text/plain,x"} {
		if _, _, err := NormalizeLink(in); !errors.Is(err, fetch.ErrScheme) {
			t.Errorf("NormalizeLink(%q): %v, want ErrScheme", in, err)
		}
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		ct, url, head string
		want          Kind
	}{
		{"text/html", "https://e.example/feed", "<?xml version='1.0'?><rss version='2.0'>", KindFeed},
		{"application/octet-stream", "https://e.example/x", "ID3\x04\x00", KindAudio},
		{"", "https://e.example/x", "\xff\xfb\x90\x64", KindAudio},
		{"text/plain", "https://e.example/x", "<!DOCTYPE html><html>", KindPage},
		{"application/rss+xml", "https://e.example/x", "", KindFeed},
		{"audio/mpeg", "https://e.example/x", "", KindAudio},
		{"application/octet-stream", "https://e.example/ep.m4a?t=1", "\x00\x00\x00\x20ftypM4A ", KindAudio},
		{"application/octet-stream", "https://e.example/ep.mp3", "", KindAudio},
		{"text/xml", "https://e.example/x", "\xef\xbb\xbf<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>", KindFeed},
		{"application/json", "https://e.example/x.json", "{}", KindUnknown},
	}
	for _, c := range cases {
		if got := Sniff(c.ct, c.url, []byte(c.head)); got != c.want {
			t.Errorf("Sniff(%q, %q, %q) = %v, want %v", c.ct, c.url, c.head, got, c.want)
		}
	}
}

// TestDiscover finds the page's feeds, resolved against its <base>,
// leaving out other types and schemes.
func TestDiscover(t *testing.T) {
	page := testFeed(t, "page.html", testBase)
	alts, err := Discover(bytes.NewReader(page), testBase+"/show/index.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []Alternate{
		{URL: testBase + "/feeds/show.xml", Type: "application/rss+xml", Title: "Read Along Radio"},
		{URL: testBase + "/feeds/atom.xml", Type: "application/atom+xml", Title: "Atom"},
	}
	if len(alts) != len(want) || alts[0] != want[0] || alts[1] != want[1] {
		t.Errorf("found %+v, want %+v", alts, want)
	}
	// Relative to the page when there is no <base>.
	alts, _ = Discover(strings.NewReader(`<link rel="Alternate feed" type="application/RSS+XML" href="rss">`), "https://e.example/shows/one/")
	if len(alts) != 1 || alts[0].URL != "https://e.example/shows/one/rss" {
		t.Errorf("relative: %+v", alts)
	}
}

// FuzzDiscover: no page makes discovery panic or return a link other
// than http(s).
func FuzzDiscover(f *testing.F) {
	f.Add(testFeed(f, "page.html", testBase))
	f.Add([]byte(`<base href="javascript:x"><link rel=alternate type=application/rss+xml href="//evil">`))
	f.Fuzz(func(t *testing.T, page []byte) {
		alts, _ := Discover(bytes.NewReader(page), "https://e.example/p/")
		for _, a := range alts {
			if !strings.HasPrefix(a.URL, "http://") && !strings.HasPrefix(a.URL, "https://") {
				t.Fatalf("link %q", a.URL)
			}
		}
		Sniff("", "https://e.example/x", page)
	})
}

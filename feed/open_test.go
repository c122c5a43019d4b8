package feed

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"readalong/fetch"
)

// modTime is when the test audio was "published".
var modTime = time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)

// showServer serves the test feeds and page with BASE replaced by its
// own URL, gzipped when asked, plus redirects, a 404 and an audio file.
type showServer struct {
	*httptest.Server
	mu       sync.Mutex
	gzipped  int               // responses sent compressed
	requests map[string]int    // by path
	etags    map[string]string // path → ETag served
}

func newShowServer(t testing.TB) *showServer {
	s := &showServer{requests: map[string]int{}, etags: map[string]string{}}
	mux := http.NewServeMux()
	file := func(name, typ string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.requests[r.URL.Path]++
			etag := s.etags[r.URL.Path]
			s.mu.Unlock()
			if etag != "" {
				w.Header().Set("ETag", etag)
				if r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
			data := testFeed(t, name, s.URL)
			w.Header().Set("Content-Type", typ)
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				s.mu.Lock()
				s.gzipped++
				s.mu.Unlock()
				w.Header().Set("Content-Encoding", "gzip")
				z := gzip.NewWriter(w)
				z.Write(data)
				z.Close()
				return
			}
			w.Write(data)
		}
	}
	mux.HandleFunc("/feeds/show.xml", file("show.xml", "application/rss+xml"))
	mux.HandleFunc("/feeds/atom.xml", file("atom.xml", "application/atom+xml"))
	mux.HandleFunc("/feeds/moved.xml", file("moved.xml", "text/xml"))
	mux.HandleFunc("/feeds/html-labelled.xml", file("show.xml", "text/html"))
	mux.HandleFunc("/feeds/malformed.xml", file("malformed.xml", "application/rss+xml"))
	mux.HandleFunc("/show/", file("page.html", "text/html; charset=utf-8"))
	mux.HandleFunc("/nofeed", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<!DOCTYPE html><html><head><title>No feed</title></head></html>")
	})
	mux.HandleFunc("/api.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"feed": "no"}`)
	})
	mux.Handle("/old/show.xml", http.RedirectHandler("/feeds/show.xml", http.StatusMovedPermanently))
	mux.Handle("/tmp/show.xml", http.RedirectHandler("/feeds/show.xml", http.StatusFound))
	mux.Handle("/missing.xml", http.NotFoundHandler())
	mux.HandleFunc("/audio/", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile("../player/testdata/speech-128k-stereo.mp3")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		http.ServeContent(w, r, "ep.mp3", modTime, strings.NewReader(string(b)))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *showServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func TestOpenFeed(t *testing.T) {
	s := newShowServer(t)
	c := fetch.New(fetch.Options{})
	o, err := Open(context.Background(), c, s.URL+"/feeds/show.xml")
	if err != nil {
		t.Fatal(err)
	}
	if o.Kind != KindFeed || o.Feed.Title != "Read Along Radio" || len(o.Feed.Episodes) != 4 || o.Feed.URL != s.URL+"/feeds/show.xml" {
		t.Fatalf("opened %+v", o)
	}
	if s.gzipped == 0 {
		t.Error("the feed was not fetched compressed")
	}
	// Relative links resolve against the server's feed URL.
	if u := o.Feed.Episodes[0].Enclosure.URL; u != s.URL+"/feeds/audio/ep4.mp3" {
		t.Errorf("enclosure %q", u)
	}
}

// TestOpenLinks follows every kind of link a user may paste.
func TestOpenLinks(t *testing.T) {
	s := newShowServer(t)
	host := strings.TrimPrefix(s.URL, "http://")
	c := fetch.New(fetch.Options{})
	cases := []struct {
		link  string
		kind  Kind
		title string
		page  string
		moved string
	}{
		{s.URL + "/show/index.html", KindFeed, "Read Along Radio", s.URL + "/show/index.html", ""},
		{"podcast://" + host + "/feeds/show.xml", KindFeed, "Read Along Radio", "", ""}, // https fails, http works
		{"feed:" + s.URL + "/feeds/atom.xml", KindFeed, "Atom Audio", "", ""},
		{s.URL + "/feeds/html-labelled.xml", KindFeed, "Read Along Radio", "", ""},
		{s.URL + "/old/show.xml", KindFeed, "Read Along Radio", "", s.URL + "/feeds/show.xml"},
		{s.URL + "/tmp/show.xml", KindFeed, "Read Along Radio", "", ""},
		{s.URL + "/audio/ep.mp3", KindAudio, "", "", ""},
	}
	for _, cs := range cases {
		o, err := Open(context.Background(), c, cs.link)
		if err != nil {
			t.Errorf("%s: %v", cs.link, err)
			continue
		}
		title := ""
		if o.Feed != nil {
			title = o.Feed.Title
		}
		if o.Kind != cs.kind || title != cs.title || o.Page != cs.page || o.Moved != cs.moved {
			t.Errorf("%s: kind %v title %q page %q moved %q", cs.link, o.Kind, title, o.Page, o.Moved)
		}
		if o.Kind == KindAudio && (o.AudioURL != s.URL+"/audio/ep.mp3" || o.AudioLength <= 0) {
			t.Errorf("audio %q length %d", o.AudioURL, o.AudioLength)
		}
	}
}

// TestOpenErrors: what fails names the URL and what went wrong.
func TestOpenErrors(t *testing.T) {
	s := newShowServer(t)
	c := fetch.New(fetch.Options{})
	cases := []struct {
		link string
		kind error
		says string
	}{
		{s.URL + "/missing.xml", fetch.ErrStatus, "/missing.xml: HTTP 404 Not Found"},
		{s.URL + "/feeds/malformed.xml", nil, "/feeds/malformed.xml:11: not well-formed XML"},
		{s.URL + "/nofeed", fetch.ErrNotFeed, "/nofeed: not a podcast feed: a web page that names no feed"},
		{s.URL + "/api.json", fetch.ErrNotFeed, "/api.json: not a podcast feed: not XML (application/json)"},
		{"file:///etc/passwd", fetch.ErrScheme, "file:///etc/passwd: not an http or https link"},
	}
	for _, cs := range cases {
		_, err := Open(context.Background(), c, cs.link)
		if err == nil || (cs.kind != nil && !errors.Is(err, cs.kind)) || !strings.Contains(err.Error(), cs.says) {
			t.Errorf("%s: %v, want an error saying %q", cs.link, err, cs.says)
		}
	}
}

// bigFeed writes a feed of n episodes, each with the elements a podcast
// host writes: title, guid, date, duration, enclosure, image, show notes
// of about 600 bytes, two transcripts and chapters.
func bigFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Daily</title><language>en</language>
`)
	first := time.Date(2010, 1, 4, 6, 0, 0, 0, time.UTC)
	for i := n; i > 0; i-- {
		date := first.AddDate(0, 0, i).Format(time.RFC1123)
		fmt.Fprintf(&b, `<item>
  <title>Episode %d: what happened on day %d</title>
  <guid isPermaLink="false">daily-%06d</guid>
  <pubDate>%s</pubDate>
  <itunes:duration>%d:%02d:%02d</itunes:duration>
  <itunes:episode>%d</itunes:episode>
  <itunes:explicit>false</itunes:explicit>
  <itunes:image href="https://cdn.example.com/art/%d.jpg"/>
  <enclosure url="https://cdn.example.com/audio/daily-%06d.mp3?source=feed" length="%d" type="audio/mpeg"/>
  <podcast:transcript url="https://cdn.example.com/tr/%d.vtt" type="text/vtt"/>
  <podcast:transcript url="https://cdn.example.com/tr/%d.json" type="application/json"/>
  <podcast:chapters url="https://cdn.example.com/ch/%d.json" type="application/json+chapters"/>
  <description><![CDATA[<p>Today on the show: a long description of the episode, the kind hosts write, with <a href="https://example.com/%d">links</a> to what was discussed, the guests' names, sponsor messages and a few paragraphs of notes.</p><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>]]></description>
</item>
`, i, i, i, date, i%3, i%60, (i*7)%60, i, i, i, 30000000+i, i, i, i, i)
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// TestBigFeed fetches and reads a feed of 5,000 episodes from a server.
func TestBigFeed(t *testing.T) {
	data := bigFeed(5000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(data) }))
	defer srv.Close()
	o, err := Open(context.Background(), fetch.New(fetch.Options{}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	eps := o.Feed.Episodes
	if len(eps) != 5000 || eps[0].Key != "daily-005000" || len(eps[4999].Transcripts) != 2 || eps[4999].Chapters == nil {
		t.Fatalf("%d episodes, first %q", len(eps), eps[0].Key)
	}
	for i := 1; i < len(eps); i++ {
		if eps[i].Published.After(eps[i-1].Published) {
			t.Fatalf("episode %d is newer than episode %d", i, i-1)
		}
	}
	t.Logf("%d bytes", len(data))
}

// BenchmarkParse5000 reads a feed of 5,000 episodes (the goal: 200 ms).
func BenchmarkParse5000(b *testing.B) {
	data := bigFeed(5000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := ParseBytes(data, "https://cdn.example.com/feed.xml")
		if err != nil || len(f.Episodes) != 5000 {
			b.Fatal(err)
		}
	}
}

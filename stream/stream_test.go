package stream

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"readalong/feed"
	"readalong/fetch"
	"readalong/player"
)

const episodeMP3 = "../player/testdata/speech-128k-stereo.mp3"

// server serves a feed of one episode with the audio at /ep.mp3, a
// transcript that is missing (/gone.vtt, listed first), an SRT one, JSON
// chapters and Podlove chapters.
func server(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
	audio, err := os.ReadFile(episodeMP3)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ep.mp3", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "ep.mp3", time.Time{}, strings.NewReader(string(audio)))
	})
	mux.HandleFunc("/ep.srt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-subrip")
		fmt.Fprint(w, "1\n00:00:00,500 --> 00:00:02,000\nHello from the feed.\n\n2\n00:00:02,500 --> 00:00:04,000\nSecond line.\n")
	})
	mux.HandleFunc("/ep.chapters.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"version":"1.2.0","chapters":[{"startTime":0,"title":"Opening"},{"startTime":2,"title":"Middle"}]}`)
	})
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:psc="http://podlove.org/simple-chapters">
<channel><title>Test Show</title><language>en</language>
<item><title>Episode One</title><guid>ep-1</guid>
<enclosure url="%[1]s/ep.mp3" type="audio/mpeg" length="%[2]d"/>
<podcast:transcript url="%[1]s/gone.vtt" type="text/vtt"/>
<podcast:transcript url="%[1]s/ep.srt" type="application/x-subrip"/>
<podcast:chapters url="%[1]s/ep.chapters.json" type="application/json+chapters"/>
<psc:chapters version="1.2"><psc:chapter start="00:00:00.000" title="Opening (Podlove)" href="https://example.com/open"/><psc:chapter start="00:00:02.000" title="Middle"/></psc:chapters>
</item></channel></rss>`, srv.URL, len(audio))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, audio
}

func openFeed(t *testing.T, srv *httptest.Server) (*fetch.Client, *fetch.Cache, *feed.Feed) {
	t.Helper()
	c := fetch.New(fetch.Options{})
	cache, err := fetch.OpenCache(c, t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	o, err := feed.Open(context.Background(), c, srv.URL+"/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if o.Kind != feed.KindFeed || len(o.Feed.Episodes) != 1 {
		t.Fatalf("opened %v with %d episodes", o.Kind, len(o.Feed.Episodes))
	}
	return c, cache, o.Feed
}

func TestOpenAnEpisodeOfAFeed(t *testing.T) {
	srv, _ := server(t)
	c, cache, f := openFeed(t, srv)
	ep, err := Open(context.Background(), c, cache, f, f.Episodes[0], Options{Languages: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ep.Source.Close()
	if ep.Title != "Episode One" || ep.Show != "Test Show" || ep.Key != "ep-1" {
		t.Errorf("episode %q of %q, key %q", ep.Title, ep.Show, ep.Key)
	}
	// The transcript listed first is missing: the next one is used, and
	// the warning names the one that failed.
	if ep.Transcript == nil || len(ep.Transcript.Segments) != 2 || ep.Transcript.Segments[0].Text != "Hello from the feed." {
		t.Fatalf("transcript %+v", ep.Transcript)
	}
	if !strings.HasSuffix(ep.TranscriptURL, "/ep.srt") || len(ep.Warnings) == 0 || !strings.Contains(ep.Warnings[0], "/gone.vtt") || !strings.Contains(ep.Warnings[0], "404") {
		t.Errorf("transcript from %s; warnings %q", ep.TranscriptURL, ep.Warnings)
	}
	// The JSON chapters lead; Podlove's fill in the link.
	if len(ep.Chapters) != 2 || ep.Chapters[0].Title != "Opening" || ep.Chapters[0].URL != "https://example.com/open" || ep.Chapters[1].Start != 2*time.Second {
		t.Errorf("chapters %+v", ep.Chapters)
	}
	// The audio is the file's, sample for sample.
	want, err := player.OpenFile(episodeMP3)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	a, b := make([][2]float64, 44100), make([][2]float64, 44100)
	na, _ := ep.Source.Stream(a)
	nb, _ := want.Stream(b)
	if na != nb || na == 0 {
		t.Fatalf("streamed %d samples, the file gives %d", na, nb)
	}
	for i := range a[:na] {
		if a[i] != b[i] {
			t.Fatalf("sample %d differs: %v, want %v", i, a[i], b[i])
		}
	}
}

func TestOpenAnAudioLinkAndFailures(t *testing.T) {
	srv, _ := server(t)
	c, cache, _ := openFeed(t, srv)
	ep, err := Open(context.Background(), c, cache, nil, feed.Episode{Enclosure: feed.Enclosure{URL: srv.URL + "/ep.mp3"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ep.Title != "ep.mp3" || ep.Transcript != nil || ep.Source.Len() == 0 {
		t.Errorf("a bare audio link: title %q, transcript %v, %d samples", ep.Title, ep.Transcript, ep.Source.Len())
	}
	ep.Source.Close()
	if _, err := Open(context.Background(), c, cache, nil, feed.Episode{Title: "Nothing"}, Options{}); !errors.Is(err, ErrNoAudio) || !strings.Contains(err.Error(), "Nothing") {
		t.Errorf("no enclosure: %v", err)
	}
	_, err = Open(context.Background(), c, cache, nil, feed.Episode{Enclosure: feed.Enclosure{URL: srv.URL + "/missing.mp3"}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "/missing.mp3") || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing episode: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	e := feed.Episode{Published: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC), Duration: 65 * time.Minute,
		Transcripts: []feed.Transcript{{URL: "x"}}, Chapters: &feed.ChaptersLink{URL: "y"}}
	if got := Describe(e); got != "4 Mar 2026 · 1:05:00 · transcript, chapters" {
		t.Errorf("Describe = %q", got)
	}
	if got := Describe(feed.Episode{}); got != "" {
		t.Errorf("Describe of nothing = %q", got)
	}
}

package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// TestPlayALink plays an episode of a feed served on 127.0.0.1 as it
// downloads, printing the lines of the transcript the feed names.
func TestPlayALink(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	audio, err := os.ReadFile("player/testdata/speech-128k-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/ep.mp3", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "ep.mp3", time.Time{}, strings.NewReader(string(audio)))
	})
	mux.HandleFunc("/ep.srt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "1\n00:00:01,000 --> 00:00:02,000\nEarly line.\n\n2\n00:00:07,600 --> 00:00:08,400\nLate line.\n")
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Show</title>
<item><title>Newest</title><guid>n</guid><pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate><enclosure url="%[1]s/ep.mp3" type="audio/mpeg"/><podcast:transcript url="%[1]s/ep.srt" type="application/x-subrip"/></item>
<item><title>Older</title><guid>o</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><enclosure url="%[1]s/missing.mp3" type="audio/mpeg"/></item>
</channel></rss>`, srv.URL)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()

	code, out, errs := runCmd("play", srv.URL+"/feed.xml", "--from", "7.5")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "[0:01.000] Early line.\n[0:07.600] Late line.\n" {
		t.Errorf("printed %q", out)
	}
	// An audio link, and a feed's episode that is missing: the URL and
	// the status are named.
	if code, _, errs := runCmd("play", "--quiet", srv.URL+"/ep.mp3", "--from", "8.3"); code != exitOK {
		t.Errorf("an audio link: exit %d: %s", code, errs)
	}
	code, _, errs = runCmd("play", "--quiet", srv.URL+"/feed.xml", "--episode", "2")
	if code != exitFailed || !strings.Contains(errs, "/missing.mp3") || !strings.Contains(errs, "404") {
		t.Errorf("a missing episode: exit %d: %q", code, errs)
	}
	code, _, errs = runCmd("play", srv.URL+"/feed.xml", "--episode", "3")
	if code != exitUsage || !strings.Contains(errs, "episodes 1 to 2, not 3") {
		t.Errorf("episode 3 of 2: exit %d: %q", code, errs)
	}
}

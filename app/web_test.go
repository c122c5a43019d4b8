package app

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// webServer serves a feed of two episodes (the second with an SRT
// transcript and JSON chapters), their audio, a page naming the feed, and
// a bare audio link.
func webServer(t *testing.T) *httptest.Server {
	t.Helper()
	audio, err := os.ReadFile("../player/testdata/speech-128k-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/a.mp3", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "a.mp3", time.Time{}, strings.NewReader(string(audio)))
	})
	mux.HandleFunc("/b.srt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "1\n00:00:00,500 --> 00:00:01,500\nFirst words of the feed.\n\n2\n00:00:02,000 --> 00:00:03,000\nSecond words.\n")
	})
	mux.HandleFunc("/b.vtt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nPremiers mots.\n")
	})
	mux.HandleFunc("/b.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"version":"1.2.0","chapters":[{"startTime":0,"title":"Start"},{"startTime":2,"title":"Later"}]}`)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="%s/feed.xml"></head></html>`, srv.URL)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Web Show</title>
<item><title>Older talk</title><guid>old</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><enclosure url="%[1]s/a.mp3" type="audio/mpeg"/></item>
<item><title>Newer talk about tools</title><guid>new</guid><pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate><enclosure url="%[1]s/a.mp3" type="audio/mpeg"/>
<podcast:transcript url="%[1]s/b.srt" type="application/x-subrip"/><podcast:transcript url="%[1]s/b.vtt" type="text/vtt" language="fr"/><podcast:chapters url="%[1]s/b.json" type="application/json+chapters"/></item>
</channel></rss>`, srv.URL)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// webUI is a test window whose web work is delivered on the test's
// goroutine (see waitUntil), with its caches and feeds in temp folders.
func webUI(t *testing.T) (*UI, *fakeEngine, chan func()) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	u, eng := newTestUI(t, 3)
	ch := make(chan func(), 64)
	u.web.do = func(f func()) { ch <- f }
	return u, eng, ch
}

func TestOpenAFeedAndPlayAnEpisode(t *testing.T) {
	srv := webServer(t)
	u, eng, ch := webUI(t)
	// A page that names its feed: the episodes are listed, newest first.
	u.OpenLink(srv.URL + "/page")
	waitUntil(t, ch, "the episode list", func() bool { return u.web.episodes != nil })
	l := u.web.episodes
	if len(l.shown) != 2 || l.feed.Episodes[l.shown[0]].Title != "Newer talk about tools" {
		t.Fatalf("listed %v", l.shown)
	}
	if d := l.detail(l.feed.Episodes[l.shown[0]]); !strings.Contains(d, "4 Mar 2026") || !strings.Contains(d, "transcript, chapters") {
		t.Errorf("detail %q", d)
	}
	// Searching narrows the list; Enter plays the first found.
	test.Type(l.search, "tools")
	if len(l.shown) != 1 {
		t.Fatalf("searching \"tools\" lists %d", len(l.shown))
	}
	l.search.OnSubmitted(l.search.Text)
	waitUntil(t, ch, "the episode to play", func() bool { return u.web.playing != nil })
	if !eng.isPlaying() || eng.loaded != "source" || u.ep.title != "Newer talk about tools" {
		t.Errorf("playing %v, loaded %q, title %q", eng.isPlaying(), eng.loaded, u.ep.title)
	}
	// The feed lists two transcripts: WebVTT is preferred to SubRip.
	if u.ep.tr.Len() != 1 || u.ep.tr.Segments[0].Text != "Premiers mots." {
		t.Errorf("transcript of %d lines, not the WebVTT one", u.ep.tr.Len())
	}
	// The other one, from the Transcript menu.
	from := menuItem(t, u, "Transcript", "From the Feed")
	if from.Disabled || len(from.ChildMenu.Items) != 2 || !from.ChildMenu.Items[0].Checked || from.ChildMenu.Items[1].Label != "srt" {
		t.Fatalf("From the Feed lists %d, disabled %v", len(from.ChildMenu.Items), from.Disabled)
	}
	from.ChildMenu.Items[1].Action()
	waitUntil(t, ch, "the other transcript", func() bool { return u.ep.tr.Len() == 2 })
	if u.ep.tr.Segments[0].Text != "First words of the feed." || !menuItem(t, u, "Transcript", "From the Feed").ChildMenu.Items[1].Checked {
		t.Errorf("switched to %q", u.ep.tr.Segments[0].Text)
	}
	if len(u.ep.chapters) != 2 || u.ep.chapters[1].Title != "Later" {
		t.Errorf("chapters %+v", u.ep.chapters)
	}
	if !strings.Contains(u.ctl.subtitle.Text, "Web Show") {
		t.Errorf("subtitle %q", u.ctl.subtitle.Text)
	}
	// The feed is remembered, with the place in the episode.
	if f := u.web.store.Feeds(); len(f) != 1 || f[0].Title != "Web Show" || !strings.HasSuffix(f[0].URL, "/feed.xml") {
		t.Errorf("feeds remembered %+v", f)
	}
	eng.set(2 * time.Second)
	u.remember(true)
	if st, ok := u.web.store.Place(u.web.feedURL, "new"); !ok || st.Place != 2*time.Second {
		t.Errorf("place with the feed %+v %v", st, ok)
	}
	// The cache's size is a setting.
	u.setCacheLimit(500)
	if u.cacheLimit() != 500e6 {
		t.Errorf("cache limit %d", u.cacheLimit())
	}
	if menuItem(t, u, "File", "Keep Offline…").Disabled {
		t.Error("Keep Offline is disabled for an episode from the web")
	}
	// The download ends: its notice goes.
	waitUntil(t, ch, "the download to end", func() bool { return u.web.progress.Done })
	if n := u.notes.msgs[noticeWeb]; n != "" {
		t.Errorf("notice after the download: %q", n)
	}
	// Listed again: "partly played".
	u.showFeed(u.web.feedURL)
	waitUntil(t, ch, "the list again", func() bool { return u.web.episodes != nil })
	if d := u.web.episodes.detail(u.web.episodes.feed.Episodes[0]); !strings.HasSuffix(d, "partly played") {
		t.Errorf("detail after playing %q", d)
	}
	// Opening a file leaves the web episode.
	if err := u.OpenFiles(chapteredEpisode(t), ""); err != nil {
		t.Fatal(err)
	}
	if u.web.playing != nil || !menuItem(t, u, "File", "Keep Offline…").Disabled {
		t.Error("the web episode stays after opening a file")
	}
}

func TestOpenLinksThatFail(t *testing.T) {
	srv := webServer(t)
	u, eng, ch := webUI(t)
	// A bare audio link plays at once, with a notice that no transcript
	// came with it.
	u.OpenLink(srv.URL + "/a.mp3")
	waitUntil(t, ch, "the audio to play", func() bool { return u.web.playing != nil })
	if !eng.isPlaying() || !strings.Contains(u.notes.msgs[noticeEpisode], "no transcript") {
		t.Errorf("playing %v, notice %q", eng.isPlaying(), u.notes.msgs[noticeEpisode])
	}
	// A missing page: an error naming the URL and the status; the episode
	// playing goes on.
	u.OpenLink(srv.URL + "/nothing")
	waitUntil(t, ch, "the error", func() bool { return u.notes.msgs[noticeWeb] == "" })
	if !eng.isPlaying() || u.web.playing == nil {
		t.Error("a failed link stopped the episode playing")
	}
	for _, s := range []string{"https://example.com/feed", "podcast://example.com/feed", "feed://example.com/x", "itpc://example.com/x"} {
		if !IsLink(s) {
			t.Errorf("%s is not taken for a link", s)
		}
	}
	for _, s := range []string{"episode.mp3", "/home/x/episode.mp3", "file:///etc/passwd", "javascript:alert(1)", ""} {
		if IsLink(s) {
			t.Errorf("%s is taken for a link", s)
		}
	}
}

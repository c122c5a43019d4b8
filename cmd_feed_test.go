package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// feedServer serves feed/testdata/show.xml (BASE replaced by its URL),
// the episodes' audio (a real MP3 from player/testdata), transcripts and
// chapters; ep4's WebVTT transcript and ep3's JSON chapters answer 404.
type feedServer struct {
	*httptest.Server
	audio []byte
	mu    sync.Mutex
	drops int // connections to drop halfway through the audio
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	audio, err := os.ReadFile("player/testdata/speech-128k-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}
	show, err := os.ReadFile("feed/testdata/show.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := &feedServer{audio: audio}
	mux := http.NewServeMux()
	mux.HandleFunc("/feeds/show.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bytes.ReplaceAll(show, []byte("BASE"), []byte(s.URL)))
	})
	serveAudio := func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		drop := s.drops > 0 && r.Header.Get("Range") == "bytes=0-"
		if drop {
			s.drops--
		}
		s.mu.Unlock()
		if drop {
			w.Header().Set("Content-Length", strconv.Itoa(len(audio)))
			w.Write(audio[:len(audio)/2])
			panic(http.ErrAbortHandler)
		}
		http.ServeContent(w, r, "ep.mp3", time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), bytes.NewReader(audio))
	}
	mux.HandleFunc("/audio/", serveAudio)
	mux.HandleFunc("/feeds/audio/", serveAudio)
	mux.HandleFunc("/tr/ep4.json", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"version":"1.0.0","segments":[{"startTime":0.5,"endTime":2,"body":"Hello."}]}`))
	})
	mux.HandleFunc("/tr/ep3.srt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("1\n00:00:00,500 --> 00:00:02,000\nHello.\n"))
	})
	mux.Handle("/ch/ep3.json", http.NotFoundHandler())
	mux.HandleFunc("/ch/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}`))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFeedListsEpisodes(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	s := newFeedServer(t)
	code, out, errs := runCmd("feed", s.URL+"/feeds/show.xml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Read Along Radio\n" + s.URL + "/feeds/show.xml, 4 episodes\n",
		"#  DATE        DURATION  TITLE                            TRANSCRIPTS\n",
		"1  2024-03-04  1:02:03   Episode 4: Transcripts           vtt json srt html vtt:es\n",
		"2  2024-03-03  1:02:03   Episode 3: Streams               srt\n",
		"3  2024-03-02  1:02:03   Episode 2: Entities — and links  txt\n",
		"4  -           1:02:03   Episode 1: Undated               -\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// What the feed held that was left out is said.
	if !strings.Contains(errs, "warning: link \"file:///etc/passwd\" left out") {
		t.Errorf("warnings: %s", errs)
	}
}

func TestFeedErrors(t *testing.T) {
	s := newFeedServer(t)
	cases := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"feed"}, exitUsage, "give a feed's URL"},
		{[]string{"feed", s.URL + "/nothing.xml?key=k3y"}, exitFailed, "/nothing.xml?key=REDACTED: HTTP 404 Not Found"},
		{[]string{"feed", s.URL + "/audio/ep.mp3"}, exitFailed, "is an audio file, not a feed"},
		{[]string{"feed", "file:///etc/passwd"}, exitFailed, "not an http or https link"},
		{[]string{"fetch", s.URL + "/feeds/show.xml"}, exitUsage, "give a feed's or an episode's URL and -o FOLDER"},
		{[]string{"fetch", s.URL + "/feeds/show.xml", "-o", t.TempDir()}, exitUsage, "has 4 episodes: give --episode N"},
		{[]string{"fetch", s.URL + "/feeds/show.xml", "--episode", "9", "-o", t.TempDir()}, exitUsage, "has episodes 1 to 4, not 9"},
		{[]string{"fetch", s.URL + "/feeds/show.xml", "--episode", "1", "--latest", "-o", t.TempDir()}, exitUsage, "not both"},
		{[]string{"fetch", s.URL + "/audio/ep.mp3", "--latest", "-o", t.TempDir()}, exitUsage, "is an episode, not a feed"},
	}
	for _, c := range cases {
		code, _, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(errs, c.says) || strings.Contains(errs, "k3y") {
			t.Errorf("%q: exit %d, %q; want exit %d saying %q", c.args, code, errs, c.code, c.says)
		}
	}
}

func dirFiles(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// TestFetchEpisode downloads episodes with their transcripts and
// chapters, through a dropped connection and a 404 transcript, and
// refuses to replace files without --force.
func TestFetchEpisode(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LANG", "en_US.UTF-8")
	s := newFeedServer(t)
	s.drops = 1
	dir := t.TempDir()
	code, out, errs := runCmd("fetch", s.URL+"/feeds/show.xml", "--latest", "-o", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{"Episode 4 - Transcripts.chapters.json", "Episode 4 - Transcripts.json", "Episode 4 - Transcripts.mp3"}
	if got := dirFiles(t, dir); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("files %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, want[2])); !bytes.Equal(b, s.audio) {
		t.Fatal("the episode differs from the server's")
	}
	if !strings.Contains(errs, "warning: "+s.URL+"/tr/ep4.vtt: HTTP 404") {
		t.Errorf("the 404 transcript is not reported: %s", errs)
	}
	if strings.Contains(errs, "\r") {
		t.Error("progress written where there is no terminal")
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || lines[0] != filepath.Join(dir, want[2]) {
		t.Errorf("output %q", out)
	}
	// Again: exit 4, nothing replaced.
	os.WriteFile(filepath.Join(dir, want[1]), []byte("mine"), 0o644)
	code, _, errs = runCmd("fetch", s.URL+"/feeds/show.xml", "--episode", "1", "-o", dir)
	if code != exitExists || !strings.Contains(errs, "exists; use --force") {
		t.Fatalf("second fetch: exit %d, %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, want[1])); string(b) != "mine" {
		t.Fatal("a file was replaced without --force")
	}
	code, _, errs = runCmd("fetch", s.URL+"/feeds/show.xml", "--episode", "1", "-o", dir, "--force")
	if b, _ := os.ReadFile(filepath.Join(dir, want[1])); code != exitOK || string(b) == "mine" {
		t.Fatalf("with --force: exit %d, %s", code, errs)
	}
	// Podlove chapters become a JSON chapters file when the JSON link
	// fails; an SRT transcript keeps its extension.
	dir2 := t.TempDir()
	if code, _, errs := runCmd("fetch", s.URL+"/feeds/show.xml", "--episode", "2", "-o", dir2); code != exitOK {
		t.Fatalf("episode 2: exit %d: %s", code, errs)
	}
	if got := dirFiles(t, dir2); strings.Join(got, "|") != "Episode 3 - Streams.chapters.json|Episode 3 - Streams.mp3|Episode 3 - Streams.srt" {
		t.Errorf("episode 2 files %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir2, "Episode 3 - Streams.chapters.json")); !strings.Contains(string(b), `"startTime": 90.5`) {
		t.Errorf("chapters from Podlove Simple Chapters: %s", b)
	}
	// A direct link to an episode.
	dir3 := t.TempDir()
	if code, _, errs := runCmd("fetch", s.URL+"/audio/ep1.mp3", "-o", dir3); code != exitOK {
		t.Fatalf("direct link: exit %d: %s", code, errs)
	}
	if got := dirFiles(t, dir3); len(got) != 1 || got[0] != "ep1.mp3" {
		t.Errorf("direct link files %q", got)
	}
}

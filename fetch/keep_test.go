package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
)

// keepServer serves an episode, a transcript, chapters and a 404.
func keepServer(t *testing.T, audio []byte) (string, *fileServer) {
	mux := http.NewServeMux()
	fs := &fileServer{data: audio, etag: `"a"`}
	mux.Handle("/ep.mp3", fs)
	mux.HandleFunc("/ep.vtt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ben>Hello.\n")
	})
	mux.HandleFunc("/ep.json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}`)
	})
	mux.Handle("/missing.vtt", http.NotFoundHandler())
	return serve(t, mux).URL, fs
}

func listDir(t *testing.T, dir string) []string {
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

// TestKeepOffline saves an episode with its transcript and chapters
// under names that pair them, straight from a URL (resumable) and from
// a download in the cache; a 404 transcript falls back to the next one.
func TestKeepOffline(t *testing.T) {
	audio := readAudio(t, "cbr")
	base, _ := keepServer(t, audio)
	c := New(Options{})
	dir := t.TempDir()
	kept, err := c.KeepOffline(context.Background(), Keep{
		Dir: dir, Name: "Episode 12: Streams/Downloads?",
		AudioURL:    base + "/ep.mp3",
		Transcripts: []Companion{{URL: base + "/missing.vtt", Ext: ".vtt"}, {URL: base + "/ep.vtt", Ext: ".vtt"}},
		Chapters:    []Companion{{URL: base + "/ep.json", Ext: ".chapters.json"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Episode 12 - Streams - Downloads.chapters.json", "Episode 12 - Streams - Downloads.mp3", "Episode 12 - Streams - Downloads.vtt"}
	if got := listDir(t, dir); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("files %q, want %q (no temporary or partial files left)", got, want)
	}
	checkFile(t, kept.Audio, audio)
	if len(kept.Problems) != 1 || !errors.Is(kept.Problems[0], ErrStatus) {
		t.Errorf("problems %v, want the 404 transcript", kept.Problems)
	}
	if b, _ := os.ReadFile(kept.Transcript); !strings.HasPrefix(string(b), "WEBVTT") {
		t.Errorf("transcript %q", b)
	}
	// Again, without overwrite: refused before anything is fetched.
	_, err = c.KeepOffline(context.Background(), Keep{Dir: dir, Name: "Episode 12: Streams/Downloads?", AudioURL: base + "/ep.mp3"})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second keep: %v, want ErrExists", err)
	}
	// From the cache, with overwrite.
	cache, _ := OpenCache(c, t.TempDir(), 0)
	d, err := cache.Open(context.Background(), "guid", base+"/ep.mp3", DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	kept, err = c.KeepOffline(context.Background(), Keep{Dir: dir, Name: "Episode 12: Streams/Downloads?", Audio: d, Overwrite: true,
		Chapters: []Companion{{Data: []byte(`{"chapters":[]}`), Ext: ".chapters.json"}}})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, kept.Audio, audio)
	if b, _ := os.ReadFile(kept.Chapters); string(b) != `{"chapters":[]}` {
		t.Errorf("chapters %q", b)
	}
}

// TestKeepOfflineResumes: a keep interrupted mid-download leaves a hidden
// partial file that the next keep resumes from.
func TestKeepOfflineResumes(t *testing.T) {
	audio := readAudio(t, "cbr")
	base, fs := keepServer(t, audio)
	fs.set(func(s *fileServer) { s.stall = len(audio) / 2 })
	c := New(Options{})
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var progressed bool
	_, err := c.KeepOffline(ctx, Keep{Dir: dir, Name: "ep", AudioURL: base + "/ep.mp3", OnProgress: func(p Progress) {
		if p.Have >= int64(len(audio)/2) && !progressed {
			progressed = true
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted keep: %v", err)
	}
	if got := listDir(t, dir); len(got) != 2 || got[0] != ".ep.mp3.part" {
		t.Fatalf("after the interruption: %q, want the hidden part file and its range map", got)
	}
	fs.set(func(s *fileServer) { s.stall = 0 })
	kept, err := c.KeepOffline(context.Background(), Keep{Dir: dir, Name: "ep", AudioURL: base + "/ep.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, kept.Audio, audio)
	if got := listDir(t, dir); len(got) != 1 || got[0] != "ep.mp3" {
		t.Errorf("after resuming: %q", got)
	}
	log := fs.log()
	if last := log[len(log)-1]; !strings.HasPrefix(last, "bytes=") || strings.HasPrefix(last, "bytes=0-") {
		t.Errorf("requests %q: the second keep did not resume", log)
	}
}

func TestSafeName(t *testing.T) {
	cases := map[string]string{
		"Episode 1: The Beginning":        "Episode 1 - The Beginning",
		"../../etc/passwd":                "etc - passwd",
		"a/b\\c|d":                        "a - b - c - d",
		`What "is" <this>? *`:             "What 'is' this",
		".hidden":                         "hidden",
		"-rf":                             "rf",
		"   ":                             "episode",
		"CON":                             "CON_",
		"nul.txt":                         "nul.txt_",
		"line\nbreak\ttab\x00nul":         "line break tab nul",
		"Ünïcödé — ok":                    "Ünïcödé — ok",
		strings.Repeat("long ", 100):      strings.TrimSpace(strings.Repeat("long ", 30)),
		strings.Repeat("é", 100) + "tail": strings.Repeat("é", 75),
	}
	for in, want := range cases {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/align"
	tsync "readalong/sync"
)

const (
	demoEpisode    = "assets/demo/episode.mp3"
	demoTranscript = "assets/demo/episode.txt"
)

func TestAlignCommandUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"align"},
		{"align", demoEpisode, demoTranscript, "extra"},
		{"align", demoEpisode, "-o", filepath.Join(dir, "out.doc")},
		{"align", demoEpisode, "--from", "soon", "-o", filepath.Join(dir, "out.vtt")},
	} {
		if code, _, errs := runCmd(args...); code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d %q, want %d with a message", args, code, errs, exitUsage)
		}
	}
	if code, _, errs := runCmd("align", filepath.Join(dir, "missing.mp3"), "-o", filepath.Join(dir, "a.vtt")); code != exitFailed || !strings.Contains(errs, "missing.mp3") {
		t.Errorf("missing episode: exit %d %q", code, errs)
	}
}

func TestAlignCommand(t *testing.T) {
	if err := align.Available(); err != nil {
		// The build without PocketSphinx says so, and how to get it.
		code, _, errs := runCmd("align", demoEpisode, "-o", filepath.Join(t.TempDir(), "a.vtt"))
		if code != exitFailed || !strings.Contains(errs, "not available") || !strings.Contains(errs, "pocketsphinx") {
			t.Errorf("without PocketSphinx: exit %d %q", code, errs)
		}
		return
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	vtt, js := filepath.Join(dir, "demo.vtt"), filepath.Join(dir, "demo.json")
	code, out, errs := runCmd("align", demoEpisode, "-o", vtt, "-o", js)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	t.Logf("%s%s", out, errs)
	if out != vtt+": 18 lines\n"+js+": 18 lines\n" || !strings.Contains(errs, "aligned 18 of 18 lines") {
		t.Errorf("output %q, messages %q", out, errs)
	}
	orig, err := tsync.ReadFile(demoTranscript)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tsync.ReadFile(vtt)
	if err != nil {
		t.Fatal(err)
	}
	// The demo's stamps are where its lines start (made so by
	// assets/demo/make-demo.sh): every aligned line starts there, give
	// or take 200 ms (the breathy "Hi" of the first is heard 170 ms late).
	for i, s := range got.Segments {
		if d := s.Start - orig.Segments[i].Start; d < -200*time.Millisecond || d > 200*time.Millisecond || s.Text != orig.Segments[i].Text {
			t.Errorf("line %d: %v %q, stamped %v %q", i+1, s.Start, s.Text, orig.Segments[i].Start, orig.Segments[i].Text)
		}
	}
	b, _ := os.ReadFile(vtt)
	if n := strings.Count(string(b), "<00:0"); n < 150 {
		t.Errorf("%d word time stamps in the WebVTT, want one before nearly every word", n)
	}
	words, err := tsync.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	// Word by word: as many words as the transcript shows, in order.
	var n, shown int
	var last time.Duration
	for _, s := range words.Segments {
		for _, w := range s.Words {
			if w.Start < last || w.End < w.Start {
				t.Errorf("JSON word %q at %v–%v, after a word at %v", w.Text, w.Start, w.End, last)
			}
			last = w.Start
			n++
		}
	}
	for _, s := range orig.Segments {
		shown += len(strings.Fields(s.Text))
	}
	if n != shown || words.Segments[0].Words[0].Start != got.Segments[0].Start {
		t.Errorf("%d words in the JSON, the transcript shows %d", n, shown)
	}

	// Never replaced without --force.
	if code, _, errs := runCmd("align", demoEpisode, "-o", vtt); code != exitExists || !strings.Contains(errs, "--force") {
		t.Errorf("existing output: exit %d %q", code, errs)
	}
	// The result is cached: one changed in the cache is what comes out.
	k, err := align.KeyFile(demoEpisode, orig)
	if err != nil {
		t.Fatal(err)
	}
	res, err := align.Load(k)
	if err != nil {
		t.Fatalf("not cached: %v", err)
	}
	res.Lines[0].Start = 123 * time.Millisecond
	res.Lines[0].Words[0].Start = 123 * time.Millisecond
	if err := align.Save(k, res); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd("align", "--force", demoEpisode, demoTranscript, "-o", vtt); code != exitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	if again, _ := tsync.ReadFile(vtt); again == nil || again.Segments[0].Start != 123*time.Millisecond {
		t.Errorf("the cached result was not used")
	}
	// A transcript of another episode changes nothing.
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("00:00:01 Ann: The committee approved the new budget for the harbour bridge.\n\n"+
		"00:00:09 Ben: Rain is expected over the northern hills by Thursday evening.\n"), 0o644)
	out2 := filepath.Join(dir, "other.srt")
	code, _, errs = runCmd("align", demoEpisode, other, "-o", out2)
	if code != exitFailed || !strings.Contains(errs, "does not match") {
		t.Errorf("another episode's transcript: exit %d %q", code, errs)
	}
	if _, err := os.Stat(out2); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written though nothing was aligned", out2)
	}
}

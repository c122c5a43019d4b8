package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// chapteredEpisode gives the player's test speech (8.5 s) ID3v2.4
// chapters with ffmpeg.
func chapteredEpisode(t *testing.T, dir string) string {
	t.Helper()
	meta := filepath.Join(dir, "meta.txt")
	os.WriteFile(meta, []byte(";FFMETADATA1\ntitle=Episode\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2500\ntitle=Welcome\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=2500\nEND=6125\ntitle=Über Kapitel\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=6125\nEND=8499\ntitle=Goodbye\n"), 0o644)
	ep := filepath.Join(dir, "ep.mp3")
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatal("ffmpeg is missing: run make deps")
	}
	if out, err := exec.Command(bin, "-v", "error", "-y", "-i", "player/testdata/speech-128k-stereo.mp3", "-i", meta,
		"-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-id3v2_version", "4", ep).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	return ep
}

const chapterLines = "0:00:00.000  Welcome\n0:00:02.500  Über Kapitel\n0:00:06.125  Goodbye\n"

func TestChaptersCommand(t *testing.T) {
	dir := t.TempDir()
	ep := chapteredEpisode(t, dir)
	code, out, errs := runCmd("chapters", ep)
	if code != exitOK || out != chapterLines || errs != "" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	// Converted, then read back from the JSON file.
	js := filepath.Join(dir, "ep-out.chapters.json")
	code, out, errs = runCmd("chapters", ep, "-o", js)
	if code != exitOK || out != js+": 3 chapters\n" {
		t.Fatalf("exit %d %q %s", code, out, errs)
	}
	code, out, _ = runCmd("chapters", js)
	if code != exitOK || out != chapterLines {
		t.Errorf("read back: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(js)
	if !strings.Contains(string(b), `"endTime": 8.499`) {
		t.Errorf("the last chapter does not end at the episode's end:\n%s", b)
	}
	// Never replaced without --force.
	code, _, errs = runCmd("chapters", ep, "-o", js)
	if code != exitExists || !strings.Contains(errs, "--force") {
		t.Errorf("existing output: exit %d %q", code, errs)
	}
	if code, _, errs = runCmd("chapters", "--force", ep, "-o", js); code != exitOK {
		t.Errorf("--force: exit %d %q", code, errs)
	}
	// A chapters file beside the episode comes first; its warnings name it.
	os.WriteFile(filepath.Join(dir, "ep.chapters.json"), []byte(`{"chapters": [
  {"startTime": 0, "title": "Hello"},
  {"startTime": 2.5},
  {"startTime": 99, "title": "Too late"}]}`), 0o644)
	code, out, errs = runCmd("chapters", ep)
	if code != exitOK || out != "0:00:00.000  Hello\n0:00:02.500  Über Kapitel\n" ||
		!strings.Contains(errs, "ep.chapters.json:4: chapter 3: starts at 0:01:39.000, past the episode's end (0:00:08.499): dropped") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
}

func TestChaptersCommandErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{}, exitUsage, "give one"},
		{[]string{"a.mp3", "b.mp3"}, exitUsage, "give one"},
		{[]string{"a.mp3", "-o", "x.srt"}, exitUsage, "OUT.chapters.json"},
		{[]string{"--bogus", "a.mp3"}, exitUsage, ""},
		{[]string{filepath.Join(dir, "gone.mp3")}, exitFailed, "gone.mp3"},
		{[]string{"player/testdata/speech-64k-mono.mp3", "-o", filepath.Join(dir, "n.chapters.json")}, exitFailed, "no chapters"},
		{[]string{"player/testdata/mpeg25.mp3"}, exitFailed, "MPEG-2.5"},
	} {
		code, _, errs := runCmd(append([]string{"chapters"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.say) {
			t.Errorf("%v: exit %d %q, want %d and %q", c.args, code, errs, c.code, c.say)
		}
	}
	bad := filepath.Join(dir, "bad.chapters.json")
	os.WriteFile(bad, []byte("{\n\"chapters\": [\n}"), 0o644)
	if code, _, errs := runCmd("chapters", bad); code != exitFailed || !strings.Contains(errs, "bad.chapters.json:3: not well-formed JSON") {
		t.Errorf("bad file: exit %d %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("failures left files behind: %v", entries)
	}
}

func TestInfoListsChapters(t *testing.T) {
	ep := chapteredEpisode(t, t.TempDir())
	code, out, _ := runCmd("info", ep)
	if code != exitOK || !strings.Contains(out, "chapters:      3\n") || !strings.HasSuffix(out, "\n"+chapterLines) {
		t.Errorf("exit %d\n%s", code, out)
	}
	// An episode without chapters says nothing of them.
	if _, out, _ := runCmd("info", "player/testdata/speech-64k-mono.mp3"); strings.Contains(out, "chapters") {
		t.Errorf("%s", out)
	}
}

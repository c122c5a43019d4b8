package chapters

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/player"
)

func TestFindMergesBesideAndEmbedded(t *testing.T) {
	dir := t.TempDir()
	ep := ffmpegEpisode(t, dir, "ep.mp3", [3]any{0, 3000, "One"}, [3]any{3000, 6000, "Two"}, [3]any{6000, 8499, "Three"})
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A transcript beside the episode is not taken for chapters.
	write("ep.json", `{"version": "1.0.0", "segments": [{"startTime": 0, "endTime": 1, "body": "Hi"}]}`)
	l, ws, err := Find(ep, 8499*time.Millisecond)
	if err != nil || len(ws) != 0 || titles(l) != "0:00:00.000 One; 0:00:03.000 Two; 0:00:06.000 Three" {
		t.Fatalf("%s %v %v", titles(l), ws, err)
	}
	// Chapters beside it win; the tag fills the title they lack.
	write("ep.chapters.json", `{"version": "1.2.0", "chapters": [
		{"startTime": 0, "title": "Opening", "img": "https://example.org/o.png"},
		{"startTime": 3.4},
		{"startTime": 5, "title": "Ad", "toc": false}]}`)
	feed := Source{Kind: Podlove, Name: "feed", Chapters: List{{Start: sec(3), URL: "https://example.org/two"}}}
	l, ws, err = Find(ep, 8499*time.Millisecond, feed)
	if err != nil || len(ws) != 0 {
		t.Fatal(err, ws)
	}
	if got := titles(l); got != "0:00:00.000 Opening; 0:00:03.400 Two; 0:00:05.000 Ad (hidden)" {
		t.Errorf("%s", got)
	}
	if l[1].URL != "https://example.org/two" || l[1].End != 8499*time.Millisecond || !l[0].Image.Remote() {
		t.Errorf("%+v", l)
	}
	// A damaged chapters file is a warning; the tag's chapters are used.
	write("ep.chapters.json", `{"chapters": [`)
	l, ws, err = Find(ep, 0)
	if err != nil || len(l) != 3 || len(ws) != 1 || !strings.HasPrefix(ws[0].String(), "ep.chapters.json:1: not well-formed JSON") {
		t.Errorf("%s %v %v", titles(l), ws, err)
	}
	// episode.json holding chapters counts when there is no .chapters.json.
	os.Remove(filepath.Join(dir, "ep.chapters.json"))
	write("ep.json", `{"chapters": [{"startTime": 1, "title": "From ep.json"}]}`)
	if l, _, _ := Find(ep, 0); titles(l) != "0:00:01.000 From ep.json" {
		t.Errorf("%s", titles(l))
	}
	if _, _, err := Find(filepath.Join(dir, "missing.mp3"), 0); err == nil {
		t.Error("a missing episode gave no error")
	}
}

func TestReadFileKinds(t *testing.T) {
	dir := t.TempDir()
	psc := filepath.Join(dir, "x.psc")
	os.WriteFile(psc, []byte(samplePSC), 0o644)
	l, ws, err := ReadFile(psc)
	if err != nil || len(l) != 3 || len(ws) != 1 || l[2].End != 0 || l[0].End != l[1].Start {
		t.Errorf("%s %v %v", titles(l), ws, err)
	}
	js := filepath.Join(dir, "x.chapters.json")
	os.WriteFile(js, []byte(sampleJSON), 0o644)
	if l, _, err := ReadFile(js); err != nil || len(l) != 4 {
		t.Errorf("%s %v", titles(l), err)
	}
	wav := copyTestAudio(t, "speech.flac", dir, "plain.flac")
	if l, ws, err := ReadFile(wav); err != nil || len(l) != 0 || len(ws) != 0 {
		t.Errorf("%v %v %v", l, ws, err)
	}
	mp3 := copyTestAudio(t, "speech-64k-mono.mp3", dir, "untagged.mp3")
	if l, _, err := ReadFile(mp3); err != nil || len(l) != 0 {
		t.Errorf("%v %v", l, err)
	}
}

// longEpisode makes a 3-hour MP3 (32 kbit/s mono, 43 MB) by repeating ten
// seconds of ffmpeg-encoded frames, and gives it 100 chapters: with ffmpeg
// (titles only), and with EncodeTags (titles, links and a 30 kB image
// each, 3 MB of tag).
func longEpisode(b *testing.B) (plain, illustrated string) {
	dir := b.TempDir()
	piece := filepath.Join(dir, "piece.mp3")
	runTool(b, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=220:d=10:sample_rate=32000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k",
		"-write_xing", "0", "-id3v2_version", "0", piece)
	frames, err := os.ReadFile(piece)
	if err != nil {
		b.Fatal(err)
	}
	stream := filepath.Join(dir, "stream.mp3")
	os.WriteFile(stream, bytes.Repeat(frames, 3*360), 0o644)
	var meta strings.Builder
	meta.WriteString(";FFMETADATA1\ntitle=Three hours\n")
	tags := player.Tags{Title: "Three hours"}
	const step = 108 * time.Second
	for i := range 100 {
		fmt.Fprintf(&meta, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=Chapter %d\n", (time.Duration(i) * step).Milliseconds(), (time.Duration(i+1) * step).Milliseconds(), i+1)
		img := bytes.Repeat([]byte{0xff, 0xd8, byte(i), 7}, 30<<10/4)
		tags.Chapters = append(tags.Chapters, player.TagChapter{Start: time.Duration(i) * step, End: time.Duration(i+1) * step,
			Title: fmt.Sprintf("Chapter %d", i+1), URL: fmt.Sprintf("https://example.org/%d", i), Image: player.NewPicture("image/jpeg", img)})
	}
	mf := filepath.Join(dir, "meta.txt")
	os.WriteFile(mf, []byte(meta.String()), 0o644)
	plain = filepath.Join(dir, "plain.mp3")
	runTool(b, "ffmpeg", "-v", "error", "-i", stream, "-i", mf, "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-id3v2_version", "4", plain)
	tag, err := player.EncodeTags(tags)
	if err != nil {
		b.Fatal(err)
	}
	illustrated = filepath.Join(dir, "illustrated.mp3")
	f, _ := os.Create(illustrated)
	f.Write(tag)
	f.Write(bytes.Repeat(frames, 3*360))
	f.Close()
	return plain, illustrated
}

// BenchmarkFind3HourEpisode measures what reading chapters adds to opening
// a 3-hour episode with 100 chapters: Find with no file beside it.
func BenchmarkFind3HourEpisode(b *testing.B) {
	plain, illustrated := longEpisode(b)
	for _, c := range []struct{ name, path string }{{"ffmpeg-titles", plain}, {"images-30kB", illustrated}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				l, ws, err := Find(c.path, 3*time.Hour)
				if err != nil || len(l) != 100 || len(ws) != 0 {
					b.Fatal(len(l), ws, err)
				}
			}
		})
	}
}

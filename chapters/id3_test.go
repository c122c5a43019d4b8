package chapters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/player"
)

// ffmpegEpisode gives the player's test speech (8.5 s) ID3v2.4 chapters
// with ffmpeg, from an ffmetadata file: start, end (ms) and title each.
func ffmpegEpisode(t testing.TB, dir, name string, ch ...[3]any) string {
	t.Helper()
	var meta strings.Builder
	meta.WriteString(";FFMETADATA1\ntitle=Episode\n")
	for _, c := range ch {
		fmt.Fprintf(&meta, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n", c[0], c[1], c[2])
	}
	mf := filepath.Join(dir, name+".meta")
	os.WriteFile(mf, []byte(meta.String()), 0o644)
	out := filepath.Join(dir, name)
	runTool(t, "ffmpeg", "-v", "error", "-y", "-i", filepath.Join("..", "player", "testdata", "speech-128k-stereo.mp3"), "-i", mf,
		"-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-id3v2_version", "4", out)
	return out
}

func TestReadEmbeddedFFmpegID3(t *testing.T) {
	p := ffmpegEpisode(t, t.TempDir(), "ep.mp3", [3]any{0, 3000, "One"}, [3]any{3000, 6000, "Two"}, [3]any{6000, 8499, "Three"})
	l, ws, err := ReadEmbedded(p)
	if err != nil || len(ws) != 0 {
		t.Fatal(err, ws)
	}
	if got := titles(l); got != "0:00:00.000 One; 0:00:03.000 Two; 0:00:06.000 Three" {
		t.Errorf("%s", got)
	}
	l, _ = Merge(8499*time.Millisecond, Source{Kind: Embedded, Chapters: l})
	if l[0].End != 3*time.Second || l[2].End != 8499*time.Millisecond {
		t.Errorf("ends %v %v", l[0].End, l[2].End)
	}
}

// TestFromTagsOrderAndTOC reads CHAP frames written out of order under a
// table of contents whose flags are swapped, one chapter left out of it
// (hidden) and one listed that does not exist.
func TestFromTagsOrderAndTOC(t *testing.T) {
	img := bytes.Repeat([]byte{0xff, 0xd8, 1, 2}, 500)
	tag, err := player.EncodeTags(player.Tags{
		Chapters: []player.TagChapter{
			{ID: "c3", Start: 6 * time.Second, End: 8 * time.Second, Title: "Third", Image: &player.Picture{MIME: "-->", URL: "https://example.org/3.png"}},
			{ID: "c1", Start: 0, End: 3 * time.Second, Title: "First", URL: "https://example.org/1", Image: player.NewPicture("image/jpeg", img)},
			{ID: "ad", Start: 4 * time.Second, End: 5 * time.Second, Title: "Sponsor"},
			{ID: "c2", Start: 3 * time.Second, End: 6 * time.Second, Title: "Second"},
		},
		TOCs: []player.TagTOC{{ID: "toc", TopLevel: false, Ordered: true, Children: []string{"c3", "c2", "c1", "gone"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	audio, _ := os.ReadFile(filepath.Join("..", "player", "testdata", "speech-64k-mono.mp3"))
	p := filepath.Join(dir, "ep.mp3")
	os.WriteFile(p, append(tag, audio...), 0o644)
	l, ws, err := ReadEmbedded(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(l); got != "0:00:00.000 First; 0:00:03.000 Second; 0:00:04.000 Sponsor (hidden); 0:00:06.000 Third" {
		t.Errorf("%s", got)
	}
	if len(ws) != 1 || !strings.HasPrefix(ws[0].String(), `ep.mp3: ID3 CTOC "toc" at byte 20: lists "gone"`) {
		t.Errorf("warnings %v", ws)
	}
	if b, err := l[0].Image.Picture.Data(); err != nil || !bytes.Equal(b, img) || l[0].Image.Remote() || l[0].URL != "https://example.org/1" {
		t.Errorf("embedded image: %d bytes, %v", len(b), err)
	}
	if !l[3].Image.Remote() || l[3].Image.URL != "https://example.org/3.png" {
		t.Errorf("linked image %+v", l[3].Image)
	}
	// Merged, the hidden chapter lies inside Second, which ends at Third.
	m, _ := Merge(8499*time.Millisecond, Source{Kind: Embedded, Chapters: l})
	if m[1].End != 6*time.Second || m[2].End != 5*time.Second {
		t.Errorf("ends: Second %v, Sponsor %v", m[1].End, m[2].End)
	}
}

// TestToTagsFFprobe writes merged chapters into an MP3 clip's tag and has
// ffprobe read them back to the millisecond.
func TestToTagsFFprobe(t *testing.T) {
	l := List{
		{Start: 0, End: 2500 * time.Millisecond, Title: "Intro", URL: "https://example.org/i"},
		{Start: 2500 * time.Millisecond, End: 4100 * time.Millisecond, Title: "Ad", Hidden: true},
		{Start: 4100 * time.Millisecond, End: 8499 * time.Millisecond, Title: "Talk", Image: &Image{URL: "https://example.org/t.png"}},
	}
	chs, tocs := ToTags(l)
	if len(tocs) != 1 || strings.Join(tocs[0].Children, ",") != "ch0,ch2" {
		t.Errorf("TOC %+v", tocs)
	}
	tag, err := player.EncodeTags(player.Tags{Title: "Clip", Chapters: chs, TOCs: tocs})
	if err != nil {
		t.Fatal(err)
	}
	audio, _ := os.ReadFile(filepath.Join("..", "player", "testdata", "speech-64k-mono.mp3"))
	p := filepath.Join(t.TempDir(), "clip.mp3")
	os.WriteFile(p, append(tag, audio...), 0o644)
	var probe struct {
		Chapters []struct {
			Start, End int64
			Tags       map[string]string
		}
	}
	if err := json.Unmarshal(runTool(t, "ffprobe", "-v", "error", "-show_chapters", "-of", "json", p), &probe); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range probe.Chapters {
		got = append(got, fmt.Sprintf("%d-%d %s", c.Start, c.End, c.Tags["title"]))
	}
	if strings.Join(got, "; ") != "0-2500 Intro; 2500-4100 Ad; 4100-8499 Talk" {
		t.Errorf("ffprobe: %v", got)
	}
	back, ws, err := ReadEmbedded(p)
	if err != nil || len(ws) != 0 || titles(back) != titles(l) || back[0].URL != l[0].URL || !back[2].Image.Remote() {
		t.Errorf("read back %s, %v %v", titles(back), ws, err)
	}
}

func FuzzFromTags(f *testing.F) {
	chs, tocs := ToTags(List{{Start: 0, End: time.Second, Title: "a"}, {Start: time.Second, Title: "b", Hidden: true}})
	tag, _ := player.EncodeTags(player.Tags{Chapters: chs, TOCs: tocs})
	f.Add(tag)
	f.Fuzz(func(t *testing.T, b []byte) {
		tags, err := player.ReadTags(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		l, _ := FromTags(tags, "f.mp3")
		for i := 1; i < len(l); i++ {
			if l[i].Start < l[i-1].Start {
				t.Fatal("not sorted")
			}
		}
		m, _ := Merge(time.Minute, Source{Kind: Embedded, Chapters: l})
		for _, c := range m {
			if c.End < c.Start {
				t.Fatalf("%v ends before it starts", c)
			}
		}
	})
}

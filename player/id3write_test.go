package player

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// probeChapters returns the chapters ffprobe reads in a file, as start
// and end in milliseconds.
func probeChapters(t testing.TB, path string) [][2]int64 {
	t.Helper()
	out := runTool(t, "ffprobe", "-v", "error", "-show_chapters", "-of", "json", path)
	var r struct {
		Chapters []struct {
			StartTime string            `json:"start_time"`
			EndTime   string            `json:"end_time"`
			Tags      map[string]string `json:"tags"`
		} `json:"chapters"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("ffprobe: %v\n%s", err, out)
	}
	var got [][2]int64
	for _, c := range r.Chapters {
		s, _ := strconv.ParseFloat(c.StartTime, 64)
		e, _ := strconv.ParseFloat(c.EndTime, 64)
		got = append(got, [2]int64{int64(math.Round(s * 1000)), int64(math.Round(e * 1000))})
	}
	return got
}

// probeTitles returns the chapter titles and the file's title as ffprobe
// reads them.
func probeTitles(t testing.TB, path string) (titles []string, title string) {
	t.Helper()
	out := runTool(t, "ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", path)
	var r struct {
		Chapters []struct {
			Tags map[string]string `json:"tags"`
		} `json:"chapters"`
		Format struct {
			Tags map[string]string `json:"tags"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Chapters {
		titles = append(titles, c.Tags["title"])
	}
	return titles, r.Format.Tags["title"]
}

func sampleTags(version int) Tags {
	return Tags{
		Version: version,
		Title:   "Folge 12: Café ☕",
		Artist:  "Ann & Bob",
		Album:   "The Show",
		Cover:   NewPicture("image/png", fakeJPEG(700)),
		Chapters: []TagChapter{
			{Start: 0, End: 2345 * time.Millisecond, Title: "Intro", URL: "https://example.org/a"},
			{Start: 2345 * time.Millisecond, End: 5001 * time.Millisecond, Title: "Über ★", Image: NewPicture("image/jpeg", fakeJPEG(1500))},
			{Start: 5001 * time.Millisecond, End: 8499 * time.Millisecond, Title: "Outro", Image: &Picture{MIME: "-->", URL: "https://example.org/c.png"}},
		},
	}
}

func TestEncodeTagsRoundTrip(t *testing.T) {
	for _, v := range []int{0, 3, 4} {
		t.Run(fmt.Sprintf("v2.%d", v), func(t *testing.T) {
			in := sampleTags(v)
			tag, err := EncodeTags(in)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
			if err != nil {
				t.Fatal(err)
			}
			if out.Version != max(v, 3) || out.Size != int64(len(tag)) || out.Title != in.Title || out.Artist != in.Artist || out.Album != in.Album || len(out.Warnings) != 0 {
				t.Errorf("read back: %+v", out)
			}
			if b, _ := out.Cover.Data(); out.Cover.MIME != "image/png" || !bytes.Equal(b, fakeJPEG(700)) {
				t.Errorf("cover %+v", out.Cover)
			}
			if len(out.Chapters) != 3 || len(out.TOCs) != 1 || len(out.TOCs[0].Children) != 3 || !out.TOCs[0].TopLevel {
				t.Fatalf("chapters %+v, TOCs %+v", out.Chapters, out.TOCs)
			}
			for i, c := range out.Chapters {
				w := in.Chapters[i]
				if c.Start != w.Start || c.End != w.End || c.Title != w.Title || c.URL != w.URL || c.ID != fmt.Sprintf("ch%d", i) ||
					c.StartOffset != NoOffset || c.EndOffset != NoOffset || (c.Image == nil) != (w.Image == nil) {
					t.Errorf("chapter %d: %+v, want %+v", i, c, w)
				}
			}
			if b, _ := out.Chapters[1].Image.Data(); !bytes.Equal(b, fakeJPEG(1500)) {
				t.Error("chapter image differs")
			}
			if im := out.Chapters[2].Image; im.MIME != "-->" || im.URL != "https://example.org/c.png" {
				t.Errorf("linked image %+v", im)
			}
		})
	}
}

// TestEncodeTagsFFprobe writes the tag before audio frames, as the clip
// exporter does, and has ffprobe read the chapters and titles back.
func TestEncodeTagsFFprobe(t *testing.T) {
	for _, v := range []int{0, 3, 4} {
		t.Run(fmt.Sprintf("v2.%d", v), func(t *testing.T) {
			in := sampleTags(v)
			if v == 4 {
				// ffmpeg misreads frames of 128 bytes or more inside a
				// v2.4 CHAP (see EncodeTags).
				in.Chapters[1].Image = NewPicture("image/jpeg", fakeJPEG(60))
			}
			tag, err := EncodeTags(in)
			if err != nil {
				t.Fatal(err)
			}
			p := withAudio(t, tag)
			got := probeChapters(t, p)
			want := [][2]int64{{0, 2345}, {2345, 5001}, {5001, 8499}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("ffprobe chapters %v, want %v", got, want)
			}
			titles, title := probeTitles(t, p)
			if fmt.Sprint(titles) != "[Intro Über ★ Outro]" || title != in.Title {
				t.Errorf("ffprobe titles %q, title %q", titles, title)
			}
			in2, err := Inspect(p, false)
			if err != nil || in2.Frames != 327 {
				t.Errorf("the MP3 after the tag: %d frames, %v", in2.Frames, err)
			}
		})
	}
}

func TestEncodeTagsRefuses(t *testing.T) {
	for name, tags := range map[string]Tags{
		"end before start": {Chapters: []TagChapter{{Start: 2 * time.Second, End: time.Second}}},
		"same ID twice":    {Chapters: []TagChapter{{ID: "a"}, {ID: "a"}}},
		"ID with NUL":      {Chapters: []TagChapter{{ID: "a\x00b"}}},
		"too long":         {Chapters: []TagChapter{{End: 50 * 24 * time.Hour}}},
		"256 in a table":   {TOCs: []TagTOC{{ID: "t", Children: make([]string, 256)}}},
	} {
		if _, err := EncodeTags(tags); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// No chapters: no table of contents either.
	tag, err := EncodeTags(Tags{Title: "x"})
	if err != nil || bytes.Contains(tag, []byte("CTOC")) {
		t.Errorf("%q, %v", tag, err)
	}
}

// TestFFmpegFileRoundTrip reads an ffmpeg-made tag, writes it again with
// EncodeTags and finds the same chapters.
func TestFFmpegFileRoundTrip(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src.mp3")
	ffmpegChapters(t, "testdata/speech-128k-stereo.mp3", src, 4, "Show", [][3]any{{0, 1000, "A"}, {1000, 8000, "B"}})
	tags, err := ReadTagsFile(src)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := EncodeTags(tags)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
	if err != nil || fmt.Sprint(again.Chapters) != fmt.Sprint(tags.Chapters) {
		t.Errorf("%+v\n%+v, %v", again.Chapters, tags.Chapters, err)
	}
	_ = os.Remove(src)
}

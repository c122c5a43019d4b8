package export

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/chapters"
	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

const demo = "../assets/demo/episode.mp3"

func TestOutputFor(t *testing.T) {
	for path, want := range map[string]Output{
		"a.MP3":              {Path: "a.MP3", Kind: MP3},
		"b/a.wav":            {Path: "b/a.wav", Kind: WAV},
		"a.srt":              {Path: "a.srt", Kind: Transcript, Format: tsync.FormatSRT},
		"a.htm":              {Path: "a.htm", Kind: Transcript, Format: tsync.FormatHTML},
		"a.html":             {Path: "a.html", Kind: Transcript, Format: tsync.FormatHTML},
		"x/y.txt":            {Path: "x/y.txt", Kind: Transcript, Format: tsync.FormatText},
		"clip.vtt":           {Path: "clip.vtt", Kind: Transcript, Format: tsync.FormatWebVTT},
		"clip.e.json":        {Path: "clip.e.json", Kind: Transcript, Format: tsync.FormatJSON},
		"clip.chapters.json": {Path: "clip.chapters.json", Kind: Chapters},
		"x/c.Chapters.JSON":  {Path: "x/c.Chapters.JSON", Kind: Chapters},
	} {
		if got, err := OutputFor(path); err != nil || got != want {
			t.Errorf("OutputFor(%q) = %+v, %v; want %+v", path, got, err, want)
		}
	}
	if got := Types(); got != ".mp3, .wav, .txt, .srt, .vtt, .json, .html or .chapters.json" {
		t.Errorf("Types() = %q", got)
	}
	_, err := OutputFor("out/e.xyz")
	if err == nil || err.Error() != "unsupported output type .xyz (a clip is written as .mp3, .wav, .txt, .srt, .vtt, .json, .html or .chapters.json)" {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := OutputFor("out/e"); err == nil || !strings.Contains(err.Error(), "no file extension") {
		t.Errorf("no extension: %v", err)
	}
}

func TestWriteEveryChoice(t *testing.T) {
	tr, err := tsync.ReadFile("../assets/demo/episode.txt")
	if err != nil {
		t.Fatal(err)
	}
	in, err := player.Inspect(demo, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c := Clip{Media: player.Media{Path: demo}, Range: player.Range{From: 5 * time.Second, To: 16 * time.Second}, Transcript: tr, Duration: in.Duration}
	var outs []Output
	for _, ch := range Choices() {
		if ch.Kind != Chapters {
			outs = append(outs, Output{Path: filepath.Join(dir, "clip"+ch.Ext), Kind: ch.Kind, Format: ch.Format})
		}
	}
	var last float64
	files, err := Write(context.Background(), c, outs, false, func(v float64) { last = v })
	if err != nil || len(files) != len(outs) || last != 1 {
		t.Fatalf("wrote %q, %v, progress %v", files, err, last)
	}
	for _, o := range outs {
		switch o.Kind {
		case MP3, WAV:
			got, err := player.Inspect(o.Path, false)
			if err != nil || got.Duration != 11*time.Second {
				t.Errorf("%s: %v, %v", o.Path, got.Duration, err)
			}
		case Transcript:
			back, err := tsync.ReadFile(o.Path)
			if err != nil || back.Len() != 2 || back.Segments[0].Start != 0 || back.Segments[1].Start != 5*time.Second || !strings.Contains(back.Segments[1].Text, "Readalong plays a podcast episode") {
				t.Errorf("%s: %v %+v", o.Path, err, back)
			}
		}
	}
	// Again without overwrite: the first file stops it, nothing changes.
	if files, err := Write(context.Background(), c, outs, false, nil); !errors.Is(err, safefile.ErrExists) || len(files) != 0 {
		t.Errorf("second export: %q, %v", files, err)
	}
}

func TestWriteFailuresLeaveNothing(t *testing.T) {
	dir := t.TempDir()
	c := Clip{Media: player.Media{Path: demo}, Range: player.Range{From: time.Second, To: 2 * time.Second}}
	// No transcript to write.
	if _, err := Write(context.Background(), c, []Output{{Path: filepath.Join(dir, "a.srt"), Kind: Transcript, Format: tsync.FormatSRT}}, false, nil); err == nil {
		t.Error("a transcript output without a transcript was written")
	}
	// Canceled before it starts.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, c, []Output{{Path: filepath.Join(dir, "a.wav"), Kind: WAV}}, false, nil); !errors.Is(err, player.ErrCanceled) {
		t.Errorf("canceled: %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
}

// TestMP3ClipsCarryTheirChapters: an MP3 clip's tag holds the episode's
// title and show and the chapters within the clip, cut to it and
// re-based to its start, as ffprobe reads them; a chapters output holds
// the same as JSON.
func TestMP3ClipsCarryTheirChapters(t *testing.T) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Fatal("ffprobe is missing: run make deps")
	}
	in, err := player.Inspect(demo, false)
	if err != nil {
		t.Fatal(err)
	}
	list := chapters.List{
		{Start: 0, End: 20 * time.Second, Title: "Welcome"},
		{Start: 20 * time.Second, End: 40 * time.Second, Title: "How it works", URL: "https://example.com/how"},
		{Start: 40 * time.Second, End: 60 * time.Second, Title: "Hidden", Hidden: true},
		{Start: 60 * time.Second, End: in.Duration, Title: "The end"},
	}
	dir := t.TempDir()
	c := Clip{Media: player.Media{Path: demo}, Range: player.Range{From: 10 * time.Second, To: 45 * time.Second},
		Duration: in.Duration, Chapters: list, Title: "Readalong demo", Artist: "Readalong"}
	mp3, js := filepath.Join(dir, "clip.mp3"), filepath.Join(dir, "clip.chapters.json")
	if _, err := Write(context.Background(), c, []Output{{Path: mp3, Kind: MP3}, {Path: js, Kind: Chapters}}, false, nil); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-show_entries", "format_tags=title,artist", "-of", "json", mp3).Output()
	if err != nil {
		t.Fatal(err)
	}
	var probe struct {
		Chapters []struct {
			StartTime string `json:"start_time"`
			EndTime   string `json:"end_time"`
			Tags      struct{ Title string }
		}
		Format struct {
			Tags struct{ Title, Artist string }
		}
	}
	if err := json.Unmarshal(out, &probe); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range probe.Chapters {
		got = append(got, ch.StartTime+"-"+ch.EndTime+" "+ch.Tags.Title)
	}
	want := []string{"0.000000-10.000000 Welcome", "10.000000-30.000000 How it works", "30.000000-35.000000 Hidden"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ffprobe reads chapters %q, want %q", got, want)
	}
	if probe.Format.Tags.Title != "Readalong demo" || probe.Format.Tags.Artist != "Readalong" {
		t.Errorf("tags %+v", probe.Format.Tags)
	}
	// The clip still plays its 35 s exactly.
	if got, err := player.Inspect(mp3, false); err != nil || got.Duration != 35*time.Second {
		t.Errorf("the clip lasts %v, %v", got.Duration, err)
	}
	back, _, err := chapters.ReadFile(js)
	if err != nil || len(back) != 3 || back[1].Start != 10*time.Second || back[1].URL != "https://example.com/how" || !back[2].Hidden {
		t.Errorf("chapters file: %v %+v", err, back)
	}
	// A clip without chapters in it has no chapters file to write.
	c.Range = player.Range{From: 61 * time.Second, To: 62 * time.Second}
	c.Chapters = list[:3]
	if _, err := Write(context.Background(), c, []Output{{Path: filepath.Join(dir, "none.chapters.json"), Kind: Chapters}}, false, nil); err == nil {
		t.Error("a chapters file for a clip without chapters")
	}
}

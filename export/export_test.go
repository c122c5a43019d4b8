package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

const demo = "../assets/demo/episode.mp3"

func TestOutputFor(t *testing.T) {
	for path, want := range map[string]Output{
		"a.MP3":       {Path: "a.MP3", Kind: MP3},
		"b/a.wav":     {Path: "b/a.wav", Kind: WAV},
		"a.srt":       {Path: "a.srt", Kind: Transcript, Format: tsync.FormatSRT},
		"a.htm":       {Path: "a.htm", Kind: Transcript, Format: tsync.FormatHTML},
		"a.html":      {Path: "a.html", Kind: Transcript, Format: tsync.FormatHTML},
		"x/y.txt":     {Path: "x/y.txt", Kind: Transcript, Format: tsync.FormatText},
		"clip.vtt":    {Path: "clip.vtt", Kind: Transcript, Format: tsync.FormatWebVTT},
		"clip.e.json": {Path: "clip.e.json", Kind: Transcript, Format: tsync.FormatJSON},
	} {
		if got, err := OutputFor(path); err != nil || got != want {
			t.Errorf("OutputFor(%q) = %+v, %v; want %+v", path, got, err, want)
		}
	}
	if got := Types(); got != ".mp3, .wav, .txt, .srt, .vtt, .json or .html" {
		t.Errorf("Types() = %q", got)
	}
	_, err := OutputFor("out/e.xyz")
	if err == nil || err.Error() != "unsupported output type .xyz (a clip is written as .mp3, .wav, .txt, .srt, .vtt, .json or .html)" {
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
		outs = append(outs, Output{Path: filepath.Join(dir, "clip"+ch.Ext), Kind: ch.Kind, Format: ch.Format})
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

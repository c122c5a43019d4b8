package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"readalong/assets"
	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

// TestExportWritesExactFiles exports a clip of the real demo episode in
// MP3, WAV and SubRip and checks what was written.
func TestExportWritesExactFiles(t *testing.T) {
	test.NewTempApp(t)
	src, err := player.OpenBytes("demo.mp3", assets.DemoEpisode)
	if err != nil {
		t.Fatal(err)
	}
	eng := player.New(player.NewPullSink(0))
	eng.Start()
	eng.Load(src)
	u := New(fyne.CurrentApp(), eng, nil)
	stillClock(u)
	tr, err := tsync.ParseText(strings.NewReader(string(assets.DemoTranscript)))
	if err != nil {
		t.Fatal(err)
	}
	u.SetMedia(player.Media{Name: "demo.mp3", Data: assets.DemoEpisode})
	u.ShowEpisode("Demo", tr)
	u.selectLines(2, 3)
	dir := t.TempDir()
	base := filepath.Join(dir, "clip")
	var last float64
	files, err := u.Export(context.Background(), base, ExportFormats{MP3: true, WAV: true, Transcript: tsync.FormatSRT}, false, func(v float64) { last = v })
	if err != nil || len(files) != 3 || last != 1 {
		t.Fatalf("files %v, %v, progress ended at %v", files, err, last)
	}
	want := u.ep.sel.Out - u.ep.sel.In
	for _, f := range files[:2] {
		in, err := player.Inspect(f, false)
		if err != nil {
			t.Fatal(err)
		}
		if d := in.Duration - want; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("%s lasts %v, the clip %v", filepath.Base(f), in.Duration, want)
		}
	}
	srt, _ := os.ReadFile(base + ".srt")
	if !strings.Contains(string(srt), "00:00:00,000 --> ") || !strings.Contains(string(srt), tr.Segments[3].Text) || strings.Contains(string(srt), tr.Segments[4].Text) {
		t.Errorf("excerpt:\n%s", srt)
	}
	// Again without overwrite: refused, and the files are untouched.
	before, _ := os.ReadFile(base + ".mp3")
	u.selectLines(5, 5)
	if _, err := u.Export(context.Background(), base, ExportFormats{MP3: true}, false, nil); !errors.Is(err, safefile.ErrExists) {
		t.Errorf("export over a file without asking: %v", err)
	}
	if after, _ := os.ReadFile(base + ".mp3"); string(before) != string(after) {
		t.Error("a refused export changed the file")
	}
}

// TestExportDialogAnswersKeys: Ctrl+E asks what to export; Enter goes on
// to choose where, Escape declines; with nothing selected, the line being
// spoken is the clip.
func TestExportDialogAnswersKeys(t *testing.T) {
	u, eng := newTestUI(t, 10)
	eng.set(u.ep.tr.Segments[2].Start)
	u.sync()
	var said []string
	u.Debug = func(f string, a ...any) { said = append(said, f) }
	shortcut(u, hotkeys.export)
	if !u.ep.sel.Active() || u.ep.sel.In != u.ep.tr.Segments[2].Start || u.asking == nil {
		t.Fatalf("Ctrl+E: selection %+v, asking %v", u.ep.sel, u.asking != nil)
	}
	press(u, fyne.KeyEscape)
	if u.asking != nil || u.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close the export dialog")
	}
	shortcut(u, hotkeys.export)
	press(u, fyne.KeyReturn)
	if !strings.Contains(strings.Join(said, "|"), "export where") {
		t.Errorf("Enter did not go on to the save dialog: %q", said)
	}
	if got := u.defaultClipName(); got != "Test episode 0m12s-0m17s.mp3" {
		t.Errorf("clip named %q", got)
	}
}

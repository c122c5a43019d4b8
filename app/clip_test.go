package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"readalong/assets"
	"readalong/player"
	tsync "readalong/sync"
)

func shift(u *UI, down bool) {
	u.modifiers = func() fyne.KeyModifier {
		if down {
			return fyne.KeyModifierShift
		}
		return 0
	}
}

func TestShiftClickSelectsLines(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 1))
	seeks := len(eng.seeks)
	shift(u, true)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if len(eng.seeks) != seeks {
		t.Error("shift-click seeked")
	}
	if !u.sel.active || u.sel.in != u.tr.Segments[1].Start || u.sel.out != u.tr.Segments[4].Start {
		t.Fatalf("selection %+v, want lines 1–3", u.sel)
	}
	if first, last := u.selectedLines(); first != 1 || last != 3 {
		t.Errorf("selected lines %d–%d", first, last)
	}
	if !u.clip.box.Visible() || !strings.Contains(u.clip.label.Text, "0:07.0 → 0:22.0 (15.0 s)") {
		t.Errorf("clip bar %v %q", u.clip.box.Visible(), u.clip.label.Text)
	}
	marked := 0
	for _, r := range rows(u) {
		if r.selected {
			marked++
		}
	}
	if marked != 3 {
		t.Errorf("%d rows marked as selected, want 3", marked)
	}
	// A plain click starts over.
	shift(u, false)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 4))
	if u.sel.active {
		t.Error("plain click kept the selection")
	}
}

func TestMarksAndNudges(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(12 * time.Second)
	press(u, fyne.KeyI)
	eng.set(20 * time.Second)
	press(u, fyne.KeyO)
	if u.sel.in != 12*time.Second || u.sel.out != 20*time.Second {
		t.Fatalf("marks %+v", u.sel)
	}
	u.nudge(true, -Nudge)
	u.nudge(false, Nudge)
	u.nudge(false, Nudge)
	if u.sel.in != 11900*time.Millisecond || u.sel.out != 20200*time.Millisecond {
		t.Errorf("after nudges %+v", u.sel)
	}
	// The start never passes the end.
	for i := 0; i < 200; i++ {
		u.nudge(true, Nudge)
	}
	if u.sel.in >= u.sel.out {
		t.Errorf("start %v passed end %v", u.sel.in, u.sel.out)
	}
	press(u, fyne.KeyEscape)
	if u.sel.active || u.clip.box.Visible() {
		t.Error("Escape kept the selection")
	}
}

func TestPreviewStopsAtTheEnd(t *testing.T) {
	u, eng := newTestUI(t, 40)
	u.setSelection(10*time.Second, 14*time.Second)
	u.preview()
	if !eng.Playing() || eng.Position() != 10*time.Second {
		t.Fatalf("preview: playing %v at %v", eng.Playing(), eng.Position())
	}
	eng.set(13 * time.Second)
	u.sync()
	if !eng.Playing() {
		t.Fatal("preview stopped early")
	}
	eng.set(14 * time.Second)
	u.sync()
	if eng.Playing() {
		t.Error("preview played past the clip")
	}
}

func TestCopyQuote(t *testing.T) {
	u, _ := newTestUI(t, 10)
	u.selectLines(2, 3)
	u.copyQuote()
	got := fyne.CurrentApp().Clipboard().Content()
	want := "Maya: " + u.tr.Segments[2].Text + "\nTheo: " + u.tr.Segments[3].Text + "\n— Test episode, at 0:12\n"
	if got != want {
		t.Errorf("clipboard:\n%q\nwant\n%q", got, want)
	}
}

// TestExportWritesExactFiles exports a clip of the real demo episode in
// every format and checks what was written.
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
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || last != 1 {
		t.Fatalf("files %v, progress ended at %v", files, last)
	}
	want := u.sel.out - u.sel.in
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
	if _, err := u.Export(context.Background(), base, ExportFormats{MP3: true}, false, nil); err == nil {
		t.Error("export overwrote without asking")
	}
	after, _ := os.ReadFile(base + ".mp3")
	if string(before) != string(after) {
		t.Error("a refused export changed the file")
	}
	// A canceled export leaves nothing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := u.Export(ctx, filepath.Join(dir, "gone"), ExportFormats{WAV: true}, false, nil); err == nil {
		t.Error("canceled export succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "gone.wav")); err == nil {
		t.Error("canceled export left a file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d entries, want the 3 exported files", len(entries))
	}
}

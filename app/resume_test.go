package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"readalong/places"
	tsync "readalong/sync"
)

// episodes writes n small files of different content (an episode's
// place is keyed by its content), each with a transcript of 60 lines
// beside it, and returns their paths.
func episodes(t *testing.T, n int) []string {
	dir := t.TempDir()
	var out []string
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, string(rune('a'+i))+".mp3")
		os.WriteFile(p, []byte("audio of episode "+itoa(i)), 0o644)
		f, _ := os.Create(strings.TrimSuffix(p, ".mp3") + ".txt")
		tsync.WriteText(f, testTranscript(60))
		f.Close()
		out = append(out, p)
	}
	return out
}

func TestResumeAndRecent(t *testing.T) {
	u, eng := newTestUI(t, 30)
	eng.dur = 10 * time.Minute
	eps := episodes(t, 2)
	a, b := eps[0], eps[1]
	if err := u.OpenFiles(a, ""); err != nil {
		t.Fatal(err)
	}
	eng.Play()
	eng.set(100 * time.Second)
	u.setSpeed(1.5)
	eng.Pause()
	u.sync() // pausing stores the place
	if err := u.OpenFiles(b, ""); err != nil {
		t.Fatal(err)
	}
	if eng.position() != 0 {
		t.Errorf("a new episode starts at %v", eng.position())
	}
	u.setSpeed(1)
	// Moved and renamed, it is the same episode.
	moved := filepath.Join(filepath.Dir(a), "renamed.mp3")
	os.Rename(a, moved)
	if err := u.OpenFiles(moved, ""); err != nil {
		t.Fatal(err)
	}
	if eng.position() != 100*time.Second || eng.Status().Speed != 1.5 {
		t.Errorf("reopened at %v, speed %v; want 1:40 at 1.5×", eng.position(), eng.Status().Speed)
	}
	if !strings.Contains(u.notes.text(), "Resumed at 1:40") {
		t.Errorf("notice %q", u.notes.text())
	}
	var recent []string
	for _, p := range u.places.Recent(10) {
		recent = append(recent, p.Path)
	}
	if len(recent) != 2 || recent[0] != moved || recent[1] != b {
		t.Errorf("recent %v", recent)
	}
	if items := menuItem(t, u, "File", "Open Recent").ChildMenu.Items; len(items) != 2 || items[0].Label != "renamed.mp3" {
		t.Errorf("File › Open Recent lists %d", len(items))
	}
}

// TestResumedLineIsInView: an episode reopened at 2:32 shows the line
// spoken there in the upper third of the view, not the top of the
// transcript, also when it is opened before the window is shown (as the
// command line does).
func TestResumedLineIsInView(t *testing.T) {
	u, eng := newTestUI(t, 60)
	eng.dur = 10 * time.Minute
	a := episodes(t, 1)[0]
	u.OpenFiles(a, "")
	eng.set(152 * time.Second) // line 30
	u.remember(true)

	v := New(fyne.CurrentApp(), eng, u.places)
	stillClock(v)
	v.win.Resize(fyne.NewSize(800, 600))
	v.OpenFiles(a, "")
	v.win.Show()
	defer v.win.Close()
	v.sync()
	if v.current() != 30 {
		t.Fatalf("current line %d, want 30", v.current())
	}
	y, _ := v.view.RowY(v.rowOf(30))
	if y < 0 || y > v.view.Size().Height/3+1 {
		t.Errorf("line 30 at y=%.0f of a %.0f-high view, want in the upper third", y, v.view.Size().Height)
	}
}

// TestPlaceIsStoredWhilePlaying: every 5 s of playing the place reaches
// the file, not only on pause.
func TestPlaceIsStoredWhilePlaying(t *testing.T) {
	u, eng := newTestUI(t, 30)
	eng.dur = 10 * time.Minute
	a := episodes(t, 1)[0]
	u.OpenFiles(a, "")
	key, _ := places.KeyOf(a)
	u.setSpeed(1.3)
	eng.Play()
	u.sync()
	eng.set(70 * time.Second)
	u.ep.savedAt = time.Now().Add(-saveEvery) // the last store was 5 s ago
	u.sync()
	u.saving.Wait()
	f, err := places.Open(u.places.(*places.File).Path())
	if p, ok := f.Get(key); err != nil || !ok || p.Position != 70*time.Second || p.Speed != 1.3 {
		t.Errorf("stored %+v, %v, %v; want 1:10 at 1.3×", p, ok, err)
	}
}

// Opening another episode while one plays keeps the place of the one
// being left (and does not store the new one at 0:00 over its own).
func TestReopenWhilePlayingKeepsThePlace(t *testing.T) {
	u, eng := newTestUI(t, 3)
	eng.dur = 10 * time.Minute
	eps := episodes(t, 2)
	a, b := eps[0], eps[1]
	u.OpenFiles(a, "")
	eng.Play()
	eng.set(40 * time.Second)
	u.sync()
	u.OpenFiles(b, "") // while a plays
	eng.Play()
	eng.set(90 * time.Second)
	u.sync()
	u.OpenFiles(a, "") // while b plays
	if eng.position() != 40*time.Second {
		t.Errorf("a reopened at %v, want 0:40", eng.position())
	}
	u.OpenFiles(b, "")
	if eng.position() != 90*time.Second {
		t.Errorf("b reopened at %v, want 1:30", eng.position())
	}
}

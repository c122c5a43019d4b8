package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"readalong/desktop"
	"readalong/player"
)

// fakeDesktop records what the window tells the desktop.
type fakeDesktop struct {
	mu     sync.Mutex
	states []desktop.State
	seeks  []time.Duration
}

func (f *fakeDesktop) Update(st desktop.State) {
	f.mu.Lock()
	f.states = append(f.states, st)
	f.mu.Unlock()
}

func (f *fakeDesktop) Seeked(d time.Duration) {
	f.mu.Lock()
	f.seeks = append(f.seeks, d)
	f.mu.Unlock()
}

func (f *fakeDesktop) last() desktop.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.states) == 0 {
		return desktop.State{}
	}
	return f.states[len(f.states)-1]
}

func (f *fakeDesktop) takeSeeks() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.seeks
	f.seeks = nil
	return s
}

// volumeEngine is the fake engine with a volume control.
type volumeEngine struct {
	*fakeEngine
	volume float64
	muted  bool
}

func (v *volumeEngine) SetVolume(x float64) { v.mu.Lock(); v.volume = x; v.mu.Unlock() }
func (v *volumeEngine) SetMuted(m bool)     { v.mu.Lock(); v.muted = m; v.mu.Unlock() }
func (v *volumeEngine) Status() player.Status {
	st := v.fakeEngine.Status()
	v.mu.Lock()
	defer v.mu.Unlock()
	st.Volume, st.Muted = v.volume, v.muted
	return st
}

func TestDesktopControlsTheWindow(t *testing.T) {
	u, eng := newTestUI(t, 20)
	ve := &volumeEngine{fakeEngine: eng}
	u.engine = ve
	d := &fakeDesktop{}
	u.ConnectDesktop(d)
	t.Cleanup(u.CloseDesktop)
	p := u.Desktop()

	st := d.last() // told on connecting
	if len(d.states) != 1 {
		t.Fatalf("connecting told %d states, want 1", len(d.states))
	}
	if st.Status != desktop.Paused || st.Length != eng.dur || st.Title != "Test episode" || st.Rate != 1 {
		t.Errorf("state told: %+v", st)
	}

	p.Play()
	if !eng.isPlaying() || d.last().Status != desktop.Playing {
		t.Errorf("Play: engine playing %v, told %v", eng.isPlaying(), d.last().Status)
	}
	p.Play() // already playing: stays so
	if !eng.isPlaying() {
		t.Error("Play while playing paused")
	}
	p.Toggle()
	if eng.isPlaying() || d.last().Status != desktop.Paused {
		t.Errorf("Toggle: engine playing %v, told %v", eng.isPlaying(), d.last().Status)
	}
	p.Toggle()
	p.Stop()
	if eng.isPlaying() {
		t.Error("Stop left it playing")
	}

	p.SeekTo(40 * time.Second)
	if got := eng.position(); got != 40*time.Second {
		t.Errorf("SeekTo 40s: at %v", got)
	}
	p.SeekBy(-15 * time.Second)
	if got := eng.position(); got != 25*time.Second {
		t.Errorf("SeekBy -15s: at %v", got)
	}
	// Next with no chapters: the next line (lines start every 5 s from 2 s).
	p.Next()
	if got := eng.position(); got != 27*time.Second {
		t.Errorf("Next without chapters: at %v, want the next line at 27s", got)
	}
	p.Previous()
	if got := eng.position(); got != 22*time.Second {
		t.Errorf("Previous without chapters: at %v, want 22s", got)
	}
	// A seek from the keyboard is told too.
	press(u, fyne.KeyRight)
	want := []time.Duration{40 * time.Second, 25 * time.Second, 27 * time.Second, 22 * time.Second, 52 * time.Second}
	if got := d.takeSeeks(); len(got) != len(want) || !equalDurations(got, want) {
		t.Errorf("seeks told: %v, want %v", got, want)
	}
	if got := d.last().Position; got != 52*time.Second {
		t.Errorf("position told after the seeks: %v", got)
	}

	eng.set(33 * time.Second) // the engine moved on by itself
	if got := p.(desktop.Positioner).Position(); got != 33*time.Second {
		t.Errorf("Position = %v, want the engine's 33s", got)
	}

	p.SetRate(1.5)
	if got := d.last().Rate; got != 1.5 || u.ctl.speed.Text != "1.5×" {
		t.Errorf("SetRate 1.5: told %v, button %q", got, u.ctl.speed.Text)
	}
	ve.SetMuted(true)
	u.sync()
	if got := d.last().Volume; got != 0 {
		t.Errorf("muted: volume told %v, want 0", got)
	}
	p.SetVolume(0.3)
	if ve.volume != 0.3 || ve.muted || d.last().Volume != 0.3 {
		t.Errorf("SetVolume 0.3: engine at %v muted %v, told %v", ve.volume, ve.muted, d.last().Volume)
	}
}

func TestDesktopOpens(t *testing.T) {
	u, eng := newTestUI(t, 20)
	d := &fakeDesktop{}
	u.ConnectDesktop(d)
	t.Cleanup(u.CloseDesktop)
	p := u.Desktop()
	dir := t.TempDir()
	ep := filepath.Join(dir, "episode two.mp3")
	tr := filepath.Join(dir, "episode two.txt")
	os.WriteFile(ep, []byte("not read by the fake engine"), 0o644)
	os.WriteFile(tr, []byte("00:00:01 Maya: Hello there.\n\n00:00:04 Theo: Hi.\n"), 0o644)

	if err := p.Open(desktop.FileURI(ep)); err != nil {
		t.Fatal(err)
	}
	if eng.loaded != ep || u.ep.tr.Len() != 2 {
		t.Errorf("Open: engine loaded %q, %d lines shown", eng.loaded, u.ep.tr.Len())
	}
	if st := d.last(); st.TrackID != ep || st.Title != "episode two" {
		t.Errorf("Open: told track %q title %q", st.TrackID, st.Title)
	}
	for _, bad := range []string{"ftp://example.org/x.mp3", desktop.FileURI(filepath.Join(dir, "notes.doc"))} {
		err := p.Open(bad)
		if err == nil || !strings.Contains(err.Error(), "cannot open") {
			t.Errorf("Open(%s) = %v", bad, err)
		}
	}
}

func TestDesktopArt(t *testing.T) {
	u, _ := newTestUI(t, 5)
	d := &fakeDesktop{}
	u.ConnectDesktop(d)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 100)...)
	u.ep.cover = fyne.NewStaticResource("cover", png)
	u.sync()
	path := d.last().ArtPath
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, png) || filepath.Ext(path) != ".png" {
		t.Fatalf("art %q: %v (%d bytes)", path, err, len(b))
	}
	u.ep.cover = nil
	u.sync()
	if d.last().ArtPath != "" {
		t.Errorf("art told after the cover went: %q", d.last().ArtPath)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("old cover %s still there: %v", path, err)
	}
	u.CloseDesktop()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("art folder left after CloseDesktop: %v", err)
	}
}

func equalDurations(a, b []time.Duration) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

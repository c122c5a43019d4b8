package app

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"readalong/app/session"
	"readalong/places"
	"readalong/player"
	tsync "readalong/sync"
)

// fakeEngine stands in for the player: it records what the window asks
// and reports whatever position a test sets.
type fakeEngine struct {
	mu       sync.Mutex
	pos, dur time.Duration
	playing  bool
	loaded   string
	src      player.Source // the source loaded, if any
	loadErr  error
	seeks    []time.Duration
	err      error
	warning  string
	damage   []player.Damage
	speed    float64
	vol      float64 // set by SetVolume (volSet); 1 before
	volSet   bool
	muted    bool
	// opening, noSound and lost give the sound device's state: opening,
	// silent with noSound as the reason (lost too, when lost is set),
	// else playing.
	opening bool
	noSound error
	lost    bool
	retries int
}

// Load takes a source as the player does: its length is the episode's,
// and it stays open (a download goes on) until the next is loaded.
func (f *fakeEngine) Load(src player.Source) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.src != nil {
		f.src.Close()
	}
	f.src = src
	f.loaded, f.pos, f.playing = "source", 0, false
	f.dur = src.Format().SampleRate.D(src.Len())
}

func (f *fakeEngine) LoadFile(p string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loadErr != nil {
		return f.loadErr
	}
	f.loaded, f.pos, f.playing = p, 0, false
	return nil
}
func (f *fakeEngine) Play()  { f.mu.Lock(); f.playing = true; f.mu.Unlock() }
func (f *fakeEngine) Pause() { f.mu.Lock(); f.playing = false; f.mu.Unlock() }
func (f *fakeEngine) Seek(d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pos = max(0, min(d, f.dur))
	f.seeks = append(f.seeks, d)
	return nil
}
func (f *fakeEngine) SetSpeed(v float64) { f.mu.Lock(); f.speed = v; f.mu.Unlock() }
func (f *fakeEngine) Warning() string    { return f.warning }
func (f *fakeEngine) Damage() []player.Damage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]player.Damage(nil), f.damage...)
}
func (f *fakeEngine) Status() player.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	sp := f.speed
	if sp == 0 {
		sp = 1
	}
	vol := 1.0
	if f.volSet {
		vol = f.vol
	}
	st := player.Status{Position: f.pos, At: time.Now(), Playing: f.playing, Duration: f.dur, Speed: sp,
		Volume: vol, Muted: f.muted, Err: f.err, Damage: len(f.damage), Loaded: true, Output: player.OutputSound}
	switch {
	case f.opening:
		st.Output = player.OutputOpening
	case f.noSound != nil && f.lost:
		st.Output, st.OutputErr = player.OutputLost, f.noSound
	case f.noSound != nil:
		st.Output, st.OutputErr = player.OutputSilent, f.noSound
	}
	return st
}
func (f *fakeEngine) SetVolume(v float64) { f.mu.Lock(); f.vol, f.volSet = v, true; f.mu.Unlock() }
func (f *fakeEngine) SetMuted(m bool)     { f.mu.Lock(); f.muted = m; f.mu.Unlock() }
func (f *fakeEngine) RetryOutput()        { f.mu.Lock(); f.retries++; f.mu.Unlock() }
func (f *fakeEngine) set(pos time.Duration) {
	f.mu.Lock()
	f.pos = pos
	f.mu.Unlock()
}
func (f *fakeEngine) position() time.Duration { return f.Status().Position }
func (f *fakeEngine) isPlaying() bool         { return f.Status().Playing }

// testTranscript has lines every 5 s from 0:02; every third line is long
// enough to wrap.
func testTranscript(n int) *tsync.Transcript {
	var segs []tsync.Segment
	for i := 0; i < n; i++ {
		text := "Line " + strings.Repeat("x", i%7) + " number " + itoa(i)
		if i%3 == 0 {
			text += strings.Repeat(" and it goes on for a while so that it wraps", 4)
		}
		sp := "Maya"
		if i%2 == 1 {
			sp = "Theo"
		}
		segs = append(segs, tsync.Segment{Start: time.Duration(2+5*i) * time.Second, Speaker: sp, Text: text})
	}
	return tsync.New(segs)
}

func itoa(i int) string { return strconv.Itoa(i) }

// stillClock makes the transcript view's timers never fire: the tests
// move the position themselves and call sync, as the poller does.
func stillClock(u *UI) {
	u.view.SetClock(time.Now, func(time.Duration, func()) func() { return func() {} })
}

func newTestUI(t *testing.T, n int) (*UI, *fakeEngine) {
	t.Helper()
	a := test.NewTempApp(t)
	eng := &fakeEngine{dur: time.Duration(5*n+10) * time.Second}
	pl, err := places.Open(filepath.Join(t.TempDir(), "places.json"))
	if err != nil {
		t.Fatal(err)
	}
	u := New(a, eng, pl)
	stillClock(u)
	u.win.Resize(fyne.NewSize(800, 600))
	u.ShowEpisode("Test episode", testTranscript(n))
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.focusKeys()
	return u, eng
}

// rowCentre is where on the canvas the row showing line seg is.
func rowCentre(t *testing.T, u *UI, seg int) fyne.Position {
	t.Helper()
	row := u.rowOf(seg)
	if !u.view.InView(row) {
		t.Fatalf("line %d is not on screen", seg)
	}
	y, h := u.view.RowY(row)
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.view)
	inset, _ := u.win.Canvas().InteractiveArea()
	return p.Add(inset).Add(fyne.NewPos(u.view.Size().Width/2, y+min(h/2, 20)))
}

// press delivers a key the way the desktop driver does: to the focused
// widget when there is one, else to the canvas.
func press(u *UI, name fyne.KeyName) {
	c := u.win.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// shortcut delivers a shortcut the way the desktop driver does: to the
// main menu's item holding it first, then to the canvas.
func shortcut(u *UI, s fyne.Shortcut) {
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
				it.Action()
				return
			}
		}
	}
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// shift holds Shift down (or lets it go) as far as the window can tell.
func shift(u *UI, down bool) {
	u.modifiers = func() fyne.KeyModifier {
		if down {
			return fyne.KeyModifierShift
		}
		return 0
	}
}

// menuItem finds the item labelled label in the main menu's menu.
func menuItem(t *testing.T, u *UI, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range u.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s", menu, label)
	return nil
}

// tapOverlayText taps the item of the pop-up on top (a menu's, say) that
// shows text: the smallest tappable object holding the text.
func tapOverlayText(t *testing.T, u *UI, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no pop-up to find %q in", text)
	}
	var best fyne.Tappable
	var area float32
	for _, c := range test.LaidOutObjects(top) {
		tp, ok := c.(fyne.Tappable)
		if !ok || c == top {
			continue
		}
		for _, o := range test.LaidOutObjects(c) {
			if tx, ok := o.(*canvas.Text); ok && tx.Text == text && tx.Visible() {
				if a := c.Size().Width * c.Size().Height; best == nil || a < area {
					best, area = tp, a
				}
			}
		}
	}
	if best == nil {
		t.Fatalf("%q is not in the pop-up", text)
	}
	best.Tapped(&fyne.PointEvent{})
}

func TestTitleAndRows(t *testing.T) {
	u, _ := newTestUI(t, 40)
	if got := u.win.Title(); got != "Test episode — Readalong" {
		t.Errorf("title = %q", got)
	}
	rows := u.view.Rows()
	if len(rows) != 40 || rows[0].Stamp != "0:02" || rows[0].Speaker != "Maya" || rows[1].Speaker != "Theo" {
		t.Fatalf("%d rows, first %+v", len(rows), rows[0])
	}
	if rows[0].SpeakerColor == rows[1].SpeakerColor || rows[0].SpeakerColor != rows[2].SpeakerColor {
		t.Error("speakers' colours")
	}
	if rows[0].End != rows[1].Start || rows[39].End != u.last.Duration {
		t.Errorf("ends %v, %v", rows[0].End, rows[39].End)
	}
	// An hour-long transcript shows hours on every stamp.
	tr := testTranscript(3)
	tr.Segments[2].Start = time.Hour + 2*time.Second
	u.ShowEpisode("Long", tr)
	if got := u.view.Rows()[0].Stamp; got != "0:00:02" {
		t.Errorf("stamp %q in a transcript past an hour", got)
	}
}

func TestOpenFilesPairsTranscriptAndReportsProblems(t *testing.T) {
	u, eng := newTestUI(t, 3)
	dir := t.TempDir()
	mp3 := filepath.Join(dir, "Episode 7.mp3")
	os.WriteFile(mp3, []byte("audio"), 0o644)
	os.WriteFile(filepath.Join(dir, "Episode 7.txt"), []byte("00:00:01 Ann: One.\n\n00:00:04 Bob: Two.\n"), 0o644)
	if err := u.OpenFiles(mp3, ""); err != nil {
		t.Fatal(err)
	}
	if eng.loaded != mp3 || u.ep.tr.Len() != 2 || u.win.Title() != "Episode 7 — Readalong" {
		t.Fatalf("loaded %q, %d lines, title %q", eng.loaded, u.ep.tr.Len(), u.win.Title())
	}
	if u.notes.text() != "" {
		t.Errorf("notice shown for a good episode: %q", u.notes.text())
	}
	broken := filepath.Join(dir, "broken.txt")
	os.WriteFile(broken, []byte("00:00:01 fine\n\n00:0x:02 bad\n"), 0o644)
	if err := u.OpenFiles(mp3, broken); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u.notes.text(), "broken.txt:3") || u.ep.tr.Len() != 0 {
		t.Errorf("broken transcript: notice %q, %d lines", u.notes.text(), u.ep.tr.Len())
	}
	lone := filepath.Join(dir, "lonely.mp3")
	os.WriteFile(lone, []byte("more audio"), 0o644)
	u.OpenFiles(lone, "")
	if !strings.Contains(u.notes.text(), "No transcript found beside lonely.mp3") {
		t.Errorf("notice %q", u.notes.text())
	}
	eng.loadErr = os.ErrNotExist
	if err := u.OpenFiles(filepath.Join(dir, "gone.mp3"), ""); err == nil {
		t.Error("OpenFiles of a file the engine cannot load returned nil")
	}
	if u.win.Title() != "lonely — Readalong" {
		t.Errorf("a failed open replaced the episode: title %q", u.win.Title())
	}
}

func TestOpenTranscriptKeepsTheSync(t *testing.T) {
	u, _ := newTestUI(t, 40)
	dir := t.TempDir()
	same := filepath.Join(dir, "same.txt")
	other := filepath.Join(dir, "other.txt")
	f, _ := os.Create(same)
	tsync.WriteText(f, testTranscript(40))
	f.Close()
	tr := testTranscript(40)
	tr.Segments[10].Text = "another text"
	f, _ = os.Create(other)
	tsync.WriteText(f, tr)
	f.Close()
	u.ep.sync = u.ep.sync.Pinned(10, 112*time.Second).Nudged(time.Second)
	u.applySync()
	if err := u.OpenTranscript(same); err != nil {
		t.Fatal(err)
	}
	if len(u.ep.sync.Pins) != 1 || u.ep.sync.Offset != time.Second || u.ep.tr.Segments[10].Start != 113*time.Second {
		t.Errorf("the same lines: sync %+v, line 10 at %v", u.ep.sync, u.ep.tr.Segments[10].Start)
	}
	if err := u.OpenTranscript(other); err != nil {
		t.Fatal(err)
	}
	if len(u.ep.sync.Pins) != 0 || u.ep.sync.Offset != time.Second || u.ep.tr.Segments[0].Start != 3*time.Second {
		t.Errorf("other lines: sync %+v, line 0 at %v; want the pins dropped and the offset kept", u.ep.sync, u.ep.tr.Segments[0].Start)
	}
}

// selectionOf is the selection [in, out) as the window makes it.
func selectionOf(in, out time.Duration) session.Selection { return session.Selection{In: in, Out: out} }

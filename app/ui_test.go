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
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	loadErr  error
	seeks    []time.Duration
	err      error
	warning  string
	damage   []player.Damage
	speed    float64
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
func (f *fakeEngine) Playing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.playing
}
func (f *fakeEngine) Seek(d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pos = d
	f.seeks = append(f.seeks, d)
	return nil
}
func (f *fakeEngine) Position() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pos
}
func (f *fakeEngine) Duration() time.Duration { return f.dur }
func (f *fakeEngine) Warning() string         { return f.warning }
func (f *fakeEngine) SetSpeed(v float64)      { f.mu.Lock(); f.speed = v; f.mu.Unlock() }
func (f *fakeEngine) Speed() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.speed == 0 {
		return 1
	}
	return f.speed
}
func (f *fakeEngine) Damage() []player.Damage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.damage
}
func (f *fakeEngine) Err() error { return f.err }
func (f *fakeEngine) set(pos time.Duration) {
	f.mu.Lock()
	f.pos = pos
	f.mu.Unlock()
}

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

func newTestUI(t *testing.T, n int) (*UI, *fakeEngine) {
	t.Helper()
	a := test.NewTempApp(t)
	eng := &fakeEngine{dur: time.Duration(5*n+10) * time.Second}
	pl, err := places.Open(filepath.Join(t.TempDir(), "places.json"))
	if err != nil {
		t.Fatal(err)
	}
	u := New(a, eng, pl)
	u.win.Resize(fyne.NewSize(800, 600))
	u.ShowEpisode("Test episode", testTranscript(n))
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.focusKeys()
	return u, eng
}

// rows returns the list rows on screen, by the line they show.
func rows(u *UI) map[string]*lineRow {
	out := map[string]*lineRow{}
	for _, o := range test.LaidOutObjects(u.list) {
		if r, ok := o.(*lineRow); ok && r.Visible() && r.seg >= 0 && r.seg < u.tr.Len() {
			out[u.tr.Segments[r.seg].Text] = r
		}
	}
	return out
}

func highlighted(u *UI) []string {
	var out []string
	for text, r := range rows(u) {
		if r.current {
			out = append(out, text)
		}
	}
	return out
}

// rowCentre finds where on the canvas the row showing line id sits, from
// the list's position, its scroll offset and the row heights it was given.
func rowCentre(t *testing.T, u *UI, id int) fyne.Position {
	t.Helper()
	if _, ok := rows(u)[u.tr.Segments[id].Text]; !ok {
		t.Fatalf("line %d is not on screen", id)
	}
	row, _ := u.rowOf(id)
	top, h := u.rowTop(row)
	y := top - u.list.GetScrollOffset() + h/2
	if y < 0 || y > u.list.Size().Height {
		t.Fatalf("the middle of line %d is outside the list's view", id)
	}
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.list)
	return p.Add(fyne.NewPos(u.list.Size().Width/2, y))
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
	if u.list.Length() != 40 {
		t.Errorf("list length %d, want 40", u.list.Length())
	}
	r := rows(u)[u.tr.Segments[0].Text]
	if r == nil || r.stamp.Text != "0:02" || r.speaker.String() != "Maya" || !r.speaker.Visible() {
		t.Fatalf("row 0 = %+v", r)
	}
	// A wrapped line is taller than a one-line one.
	if u.heights[0] <= u.heights[1] {
		t.Errorf("wrapped row height %v not above one-line row %v", u.heights[0], u.heights[1])
	}
}

func TestTapRowSeeksThereAndPlays(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play() // clicking while playing moves the highlight, not the text
	off := u.list.GetScrollOffset()
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if eng.Position() != u.tr.Segments[3].Start || !eng.Playing() {
		t.Fatalf("after tapping line 3: pos %v playing %v, want %v playing", eng.Position(), eng.Playing(), u.tr.Segments[3].Start)
	}
	if u.list.GetScrollOffset() != off {
		t.Errorf("the text moved under the pointer: offset %v → %v", off, u.list.GetScrollOffset())
	}
	if got := highlighted(u); len(got) != 1 || got[0] != u.tr.Segments[3].Text {
		t.Errorf("highlighted %q, want line 3", got)
	}
	// Tapping the same line again replays it: no selection lingers to
	// swallow the second tap.
	eng.set(u.tr.Segments[3].Start + 3*time.Second)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if n := len(eng.seeks); n != 2 || eng.Position() != u.tr.Segments[3].Start {
		t.Errorf("second tap on line 3: %d seeks, pos %v", n, eng.Position())
	}
}

func TestSpaceAndArrowsWorkAfterTappingARow(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	if !eng.Playing() {
		t.Fatal("tap did not play")
	}
	if f := u.win.Canvas().Focused(); f != fyne.Focusable(u.keys) {
		t.Fatalf("focus after tap is %T, want the window's key handler", f)
	}
	press(u, fyne.KeySpace)
	if eng.Playing() {
		t.Fatal("Space after tapping a row did not pause")
	}
	press(u, fyne.KeySpace)
	if !eng.Playing() {
		t.Fatal("second Space did not resume")
	}
	at := eng.Position()
	press(u, fyne.KeyRight)
	if got := eng.Position(); got != at+SkipForward {
		t.Errorf("Right: %v, want %v", got, at+SkipForward)
	}
	press(u, fyne.KeyLeft)
	if got := eng.Position(); got != at+SkipForward-SkipBack {
		t.Errorf("Left: %v, want %v", got, at+SkipForward-SkipBack)
	}
	eng.set(u.tr.Segments[5].Start + time.Second)
	u.sync()
	press(u, fyne.KeyDown)
	if got := eng.Position(); got != u.tr.Segments[6].Start {
		t.Errorf("Down: %v, want start of line 6 %v", got, u.tr.Segments[6].Start)
	}
	u.sync()
	press(u, fyne.KeyUp)
	if got := eng.Position(); got != u.tr.Segments[5].Start {
		t.Errorf("Up: %v, want start of line 5", got)
	}
	// Clicking the seek bar takes the focus too; it is given back.
	test.Tap(u.slider)
	if f := u.win.Canvas().Focused(); f != fyne.Focusable(u.keys) {
		t.Errorf("focus after tapping the seek bar is %T", f)
	}
}

func TestHighlightFollowsPosition(t *testing.T) {
	u, eng := newTestUI(t, 40)
	cases := []struct {
		pos  time.Duration
		want int
	}{
		{time.Second, -1}, // before the first line
		{u.tr.Segments[0].Start, 0},
		{u.tr.Segments[4].Start + 4*time.Second, 4},
		{u.tr.Segments[5].Start, 5},
		{u.tr.Segments[1].Start, 1}, // backwards, as after a seek
	}
	for _, c := range cases {
		eng.set(c.pos)
		u.sync()
		got := highlighted(u)
		if c.want < 0 {
			if len(got) != 0 {
				t.Errorf("at %v highlighted %q, want none", c.pos, got)
			}
			continue
		}
		if len(got) != 1 || got[0] != u.tr.Segments[c.want].Text {
			t.Errorf("at %v highlighted %q, want exactly line %d", c.pos, got, c.want)
		}
	}
}

func TestOnlyChangedRowsRefresh(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(u.tr.Segments[2].Start)
	u.sync()
	before := map[*lineRow]bool{}
	for _, r := range rows(u) {
		before[r] = r.current
	}
	var updated []int
	orig := u.list.UpdateItem
	u.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		updated = append(updated, id)
		orig(id, o)
	}
	eng.set(u.tr.Segments[2].Start + time.Second) // same line: nothing changes
	u.sync()
	eng.set(u.tr.Segments[3].Start)
	u.sync()
	if len(updated) != 0 {
		t.Errorf("rows %v were rebuilt; only the highlight should change", updated)
	}
	var changed []int
	for r, was := range before {
		if r.current != was {
			changed = append(changed, r.id)
		}
	}
	if len(changed) != 2 || !(changed[0] == 2 && changed[1] == 3 || changed[0] == 3 && changed[1] == 2) {
		t.Errorf("highlight changed on rows %v, want exactly 2 and 3", changed)
	}
}

func TestPlayingLineIsKeptInView(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	for _, id := range []int{30, 120, 199, 5} {
		eng.set(u.tr.Segments[id].Start)
		u.sync()
		if _, ok := rows(u)[u.tr.Segments[id].Text]; !ok {
			t.Errorf("playing line %d is not on screen", id)
		}
	}
}

func TestSeekBarDoesNotFightTheDrag(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play()
	eng.set(10 * time.Second)
	u.sync()
	w := u.slider.Size().Width
	// The user grabs the bar and drags it to about 3/4.
	u.slider.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(w*0.75, 5)}})
	held := u.slider.Value
	if held < u.slider.Max/2 {
		t.Fatalf("drag moved the bar to %v of %v", held, u.slider.Max)
	}
	// Playback moves on while the bar is held: the bar must stay put.
	eng.set(11 * time.Second)
	u.sync()
	if u.slider.Value != held {
		t.Errorf("bar moved from %v to %v under the user's drag", held, u.slider.Value)
	}
	if u.elapsed.Text != clock(seconds(held)) {
		t.Errorf("elapsed label %q while dragging, want the drag's %q", u.elapsed.Text, clock(seconds(held)))
	}
	if len(eng.seeks) != 0 {
		t.Errorf("seeked %v during the drag", eng.seeks)
	}
	u.slider.DragEnd()
	if len(eng.seeks) != 1 || eng.seeks[0] != seconds(held) {
		t.Fatalf("seeks after release: %v, want one to %v", eng.seeks, seconds(held))
	}
	// Moving the bar from the ticker never seeks.
	for i := 0; i < 5; i++ {
		eng.set(eng.Position() + 3*time.Second)
		u.sync()
	}
	if len(eng.seeks) != 1 {
		t.Errorf("the ticker's bar updates seeked: %v", eng.seeks)
	}
	if got := seconds(u.slider.Value); got != eng.Position() {
		t.Errorf("bar at %v, engine at %v", got, eng.Position())
	}
}

func TestPlayButtonAndSkipButtons(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.Tap(u.play)
	if !eng.Playing() || u.play.Icon.Name() != "media-pause.svg" && !strings.Contains(u.play.Icon.Name(), "pause") {
		t.Errorf("after play tap: playing %v icon %s", eng.Playing(), u.play.Icon.Name())
	}
	eng.set(20 * time.Second)
	var back, fwd *widget.Button
	for _, o := range test.LaidOutObjects(u.win.Content()) {
		if b, ok := o.(*widget.Button); ok {
			switch b.Text {
			case "15":
				back = b
			case "30":
				fwd = b
			}
		}
	}
	test.Tap(back)
	if eng.Position() != 5*time.Second {
		t.Errorf("back 15: %v", eng.Position())
	}
	test.Tap(back)
	if eng.Position() != 0 {
		t.Errorf("back past the start: %v, want 0", eng.Position())
	}
	eng.set(eng.dur - 10*time.Second)
	test.Tap(fwd)
	if eng.Position() != eng.dur {
		t.Errorf("forward past the end: %v, want %v", eng.Position(), eng.dur)
	}
	test.Tap(u.play)
	if eng.Playing() {
		t.Error("second tap did not pause")
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
	if eng.loaded != mp3 || u.tr.Len() != 2 || u.win.Title() != "Episode 7 — Readalong" {
		t.Fatalf("loaded %q, %d lines, title %q", eng.loaded, u.tr.Len(), u.win.Title())
	}
	if u.status.Visible() {
		t.Errorf("notice shown for a good episode: %q", u.status.Text)
	}

	broken := filepath.Join(dir, "broken.txt")
	os.WriteFile(broken, []byte("00:00:01 fine\n\n00:0x:02 bad\n"), 0o644)
	if err := u.OpenFiles(mp3, broken); err != nil {
		t.Fatal(err)
	}
	if !u.status.Visible() || !strings.Contains(u.status.Text, "broken.txt:3") {
		t.Errorf("broken transcript notice %q, want the file and line", u.status.Text)
	}
	if u.tr.Len() != 0 {
		t.Errorf("broken transcript shows %d lines", u.tr.Len())
	}

	lone := filepath.Join(dir, "lonely.mp3")
	os.WriteFile(lone, []byte("audio"), 0o644)
	u.OpenFiles(lone, "")
	if !strings.Contains(u.status.Text, "No transcript found beside lonely.mp3") {
		t.Errorf("notice %q", u.status.Text)
	}

	eng.loadErr = os.ErrNotExist
	if err := u.OpenFiles(filepath.Join(dir, "gone.mp3"), ""); err == nil {
		t.Error("OpenFiles of a file the engine cannot load returned nil")
	}
	if u.win.Title() != "lonely — Readalong" {
		t.Errorf("a failed open replaced the episode: title %q", u.win.Title())
	}
}

func TestNoticesStackAndClear(t *testing.T) {
	u, eng := newTestUI(t, 3)
	u.ShowDeviceProblem(os.ErrNotExist)
	eng.err = os.ErrClosed
	u.sync()
	if n := strings.Count(u.status.Text, "\n"); n != 1 || !strings.HasPrefix(u.status.Text, "Playing silently") {
		t.Errorf("notices %q, want the device one then the playback one", u.status.Text)
	}
	u.SetNotice(noticeDevice, "")
	eng.err = nil
	u.SetNotice(noticePlayback, "")
	if u.status.Visible() {
		t.Errorf("notice still shown: %q", u.status.Text)
	}
}

func TestDebugLines(t *testing.T) {
	u, eng := newTestUI(t, 10)
	var lines []string
	u.Debug = func(f string, a ...any) { lines = append(lines, f) }
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 1))
	eng.set(u.tr.Segments[1].Start)
	u.sync()
	joined := strings.Join(lines, "|")
	if !strings.Contains(joined, "seek line=%d") || !strings.Contains(joined, "state pos=") {
		t.Errorf("debug lines %q", lines)
	}
}

func TestClockFormat(t *testing.T) {
	cases := map[time.Duration]string{
		-time.Second:              "0:00",
		0:                         "0:00",
		59*time.Second + 9e8:      "0:59",
		61 * time.Second:          "1:01",
		time.Hour + 2*time.Second: "1:00:02",
	}
	for d, want := range cases {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDamageAndWarningAreShown(t *testing.T) {
	u, eng := newTestUI(t, 5)
	eng.warning = "odd.mp3: MPEG-2 22.05 kHz audio at 32 kbit/s"
	u.ShowEpisode("Odd", testTranscript(5))
	if !strings.Contains(u.status.Text, "22.05 kHz") {
		t.Errorf("warning not shown: %q", u.status.Text)
	}
	eng.mu.Lock()
	eng.damage = []player.Damage{{At: 754 * time.Second, Skipped: 200 * time.Millisecond, What: "corrupt audio"}}
	eng.mu.Unlock()
	u.sync()
	if !strings.Contains(u.status.Text, "corrupt audio at 12:34.000, skipped 0.20 s") {
		t.Errorf("damage notice %q", u.status.Text)
	}
	eng.mu.Lock()
	eng.damage = append(eng.damage, player.Damage{At: time.Hour, What: "junk between frames", Bytes: 10})
	eng.mu.Unlock()
	u.sync()
	if !strings.Contains(u.status.Text, "and 1 more spot.") {
		t.Errorf("damage notice %q", u.status.Text)
	}
}

func TestSpeedKeys(t *testing.T) {
	u, eng := newTestUI(t, 5)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 1)) // keys work after a click
	press(u, fyne.KeyRightBracket)
	press(u, fyne.KeyRightBracket)
	if eng.Speed() != 1.2 || u.speedBtn.Text != "1.2×" {
		t.Errorf("after ] ]: speed %v, button %q", eng.Speed(), u.speedBtn.Text)
	}
	for i := 0; i < 30; i++ {
		press(u, fyne.KeyRightBracket)
	}
	if eng.Speed() != 3 {
		t.Errorf("speed %v, want the maximum 3", eng.Speed())
	}
	for i := 0; i < 40; i++ {
		press(u, fyne.KeyLeftBracket)
	}
	if eng.Speed() != 0.5 || u.speedBtn.Text != "0.5×" {
		t.Errorf("speed %v, want the minimum 0.5", eng.Speed())
	}
	test.Tap(u.speedBtn) // the speed menu, under the button
	tapOverlayText(t, u, "1.0×")
	if eng.Speed() != 1 || u.speedBtn.Text != "1.0×" {
		t.Errorf("speed menu: %v", eng.Speed())
	}
}

func TestScrollingAwayPausesFollowing(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	eng.set(u.tr.Segments[10].Start)
	u.sync()
	// The user scrolls far down to read ahead.
	u.list.ScrollToOffset(5000)
	u.sync()
	if u.following || !u.backToNow.Visible() {
		t.Fatalf("following %v, back-to-now shown %v after the user scrolled", u.following, u.backToNow.Visible())
	}
	off := u.list.GetScrollOffset()
	eng.set(u.tr.Segments[30].Start) // playback moves on: the view stays
	u.sync()
	if u.list.GetScrollOffset() != off {
		t.Error("the view jumped back while the user was reading elsewhere")
	}
	// Ctrl+G returns to the playing line.
	shortcut(u, ctrl(fyne.KeyG))
	if !u.following || u.backToNow.Visible() {
		t.Fatal("following did not resume")
	}
	if _, ok := rows(u)[u.tr.Segments[30].Text]; !ok {
		t.Error("the playing line is not on screen after Back to now")
	}
	// Escape does the same when no clip is selected.
	u.list.ScrollToOffset(0)
	u.sync()
	press(u, fyne.KeyEscape)
	if !u.following {
		t.Error("Escape did not resume following")
	}
	// Following moves the view by itself without pausing.
	for _, id := range []int{60, 90, 150} {
		eng.set(u.tr.Segments[id].Start)
		u.sync()
		u.sync()
		if !u.following {
			t.Fatalf("following paused by its own scrolling at line %d", id)
		}
	}
}

func TestDropOpensEpisodeAndTranscript(t *testing.T) {
	u, eng := newTestUI(t, 3)
	dir := t.TempDir()
	mp3 := filepath.Join(dir, "Talk.mp3")
	os.WriteFile(mp3, []byte("audio"), 0o644)
	os.WriteFile(filepath.Join(dir, "Talk.en.vtt"), []byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hello.\n"), 0o644)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("00:00:01 Bob: One.\n\n00:00:02 Bob: Two.\n\n00:00:03 Bob: Three.\n"), 0o644)
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(mp3)})
	if eng.loaded != mp3 || u.tr.Len() != 1 || u.tr.Segments[0].Speaker != "Ann" {
		t.Fatalf("dropping the MP3: loaded %q, %d lines", eng.loaded, u.tr.Len())
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other)})
	if eng.loaded != mp3 || u.tr.Len() != 3 {
		t.Errorf("dropping a transcript: loaded %q, %d lines", eng.loaded, u.tr.Len())
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other), storage.NewFileURI(mp3)})
	if u.tr.Len() != 3 || u.tr.Segments[0].Speaker != "Bob" {
		t.Errorf("dropping both: %d lines", u.tr.Len())
	}
}

// episodes writes n small files of different content (an episode's
// place is keyed by its content) and returns their paths.
func episodes(t *testing.T, n int) []string {
	dir := t.TempDir()
	var out []string
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, string(rune('a'+i))+".mp3")
		os.WriteFile(p, []byte("audio of episode "+itoa(i)), 0o644)
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
	if eng.Position() != 0 {
		t.Errorf("a new episode starts at %v", eng.Position())
	}
	u.setSpeed(1)
	// Moved and renamed, it is the same episode.
	moved := filepath.Join(filepath.Dir(a), "renamed.mp3")
	os.Rename(a, moved)
	if err := u.OpenFiles(moved, ""); err != nil {
		t.Fatal(err)
	}
	if eng.Position() != 100*time.Second || eng.Speed() != 1.5 {
		t.Errorf("reopened at %v, speed %v; want 1:40 at 1.5×", eng.Position(), eng.Speed())
	}
	if !strings.Contains(u.status.Text, "Resumed at 1:40") {
		t.Errorf("notice %q", u.status.Text)
	}
	var recent []string
	for _, p := range u.places.Recent(10) {
		recent = append(recent, p.Path)
	}
	if len(recent) != 2 || recent[0] != moved || recent[1] != b {
		t.Errorf("recent %v", recent)
	}
}

// TestResumedLineIsInView: an episode reopened at 2:32 shows the line
// spoken there highlighted in the upper third of the view, not the top of
// the transcript, also when it is opened before the window is shown (as
// the command line does).
func TestResumedLineIsInView(t *testing.T) {
	u, eng := newTestUI(t, 60)
	eng.dur = 10 * time.Minute
	a := episodes(t, 1)[0]
	f, _ := os.Create(strings.TrimSuffix(a, ".mp3") + ".txt")
	tsync.WriteText(f, testTranscript(60))
	f.Close()
	u.OpenFiles(a, "")
	eng.set(152 * time.Second) // line 30
	u.remember(true)

	v := New(fyne.CurrentApp(), eng, u.places)
	v.win.Resize(fyne.NewSize(800, 600))
	v.OpenFiles(a, "")
	v.win.Show()
	defer v.win.Close()
	v.sync() // the first tick
	if v.current != 30 {
		t.Fatalf("current line %d, want 30", v.current)
	}
	r := v.row(30)
	if r == nil || !r.current {
		t.Fatalf("line 30 is not on screen, highlighted")
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(r).Y - d.AbsolutePositionForObject(v.list).Y
	if y < 0 || y > v.list.Size().Height/3+1 {
		t.Errorf("line 30 at y=%.0f of a %.0f-high view, want in the upper third", y, v.list.Size().Height)
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
	eng.set(70 * time.Second)
	u.savedAt = time.Now().Add(-saveEvery) // the last store was 5 s ago
	u.sync()
	path := u.places.(*places.File).Path()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f, err := places.Open(path)
		if p, ok := f.Get(key); err == nil && ok && p.Position == 70*time.Second && p.Speed == 1.3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the place 1:10 at 1.3× never reached %s", path)
		}
		time.Sleep(10 * time.Millisecond)
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
	if eng.Position() != 40*time.Second {
		t.Errorf("a reopened at %v, want 0:40", eng.Position())
	}
	u.OpenFiles(b, "")
	if eng.Position() != 90*time.Second {
		t.Errorf("b reopened at %v, want 1:30", eng.Position())
	}
}

// TestSeekBringsTheLineIntoView: a seek the user makes (the seek bar, the
// timeline, the skip keys) brings the line being spoken into view, unless
// they had scrolled away to read elsewhere.
func TestSeekBringsTheLineIntoView(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.dur = 20 * time.Minute
	eng.set(12 * time.Second) // line 2, paused: only the seek moves the view
	u.sync()
	onScreen := func(seg int) bool {
		r := u.row(seg)
		if r == nil {
			return false
		}
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(r).Y - d.AbsolutePositionForObject(u.list).Y
		return y >= 0 && y+min(r.Size().Height, 40) <= u.list.Size().Height
	}
	for _, c := range []struct {
		how  string
		seek func()
		line int
	}{
		{"seek bar", func() { u.slider.OnChangeEnded(492) }, 98},                                // 8:12
		{"timeline", func() { u.band.onTap(777 * time.Second) }, 155},                           // 12:57
		{"Left", func() { press(u, fyne.KeyLeft) }, 152},                                        // 15 s back
		{"seek bar back", func() { u.slider.OnChangeEnded(62) }, 12},                            // 1:02
		{"Right", func() { eng.set(300 * time.Second); u.sync(); press(u, fyne.KeyRight) }, 65}, // 5:30
	} {
		c.seek()
		u.sync()
		if u.current != c.line || !onScreen(c.line) {
			t.Errorf("%s: line %d is current (want %d), on screen: %v", c.how, u.current, c.line, onScreen(c.line))
		}
	}
	// Scrolled away: the view stays where the user is reading.
	u.pauseFollowing()
	off := u.list.GetScrollOffset()
	u.slider.OnChangeEnded(900)
	u.sync()
	if u.list.GetScrollOffset() != off {
		t.Errorf("the view moved from %.0f to %.0f while the user read elsewhere", off, u.list.GetScrollOffset())
	}
}

package app

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"readalong/app/transcriptview"
	"readalong/clock"
	"readalong/places"
	"readalong/player"
)

func TestTapRowSeeksThereAndPlays(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play() // clicking while playing moves the highlight, not the text
	u.sync()
	off := u.view.Offset()
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if eng.position() != u.ep.tr.Segments[3].Start || !eng.isPlaying() {
		t.Fatalf("after tapping line 3: pos %v playing %v", eng.position(), eng.isPlaying())
	}
	if u.view.Offset() != off {
		t.Errorf("the text moved under the pointer: offset %v → %v", off, u.view.Offset())
	}
	if u.current() != 3 || u.view.Outlined() != 3 {
		t.Errorf("current %d, outlined %d; want line 3", u.current(), u.view.Outlined())
	}
	// Tapping the same line again replays it.
	eng.set(u.ep.tr.Segments[3].Start + 3*time.Second)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if n := len(eng.seeks); n != 2 || eng.position() != u.ep.tr.Segments[3].Start {
		t.Errorf("second tap on line 3: %d seeks, pos %v", n, eng.position())
	}
}

func TestKeysWorkAfterTappingARow(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	if !eng.isPlaying() {
		t.Fatal("tap did not play")
	}
	if f := u.win.Canvas().Focused(); f != fyne.Focusable(u.keys) {
		t.Fatalf("focus after tap is %T, want the window's key handler", f)
	}
	press(u, fyne.KeySpace)
	if eng.isPlaying() {
		t.Fatal("Space after tapping a row did not pause")
	}
	press(u, fyne.KeySpace)
	if !eng.isPlaying() {
		t.Fatal("second Space did not resume")
	}
	at := eng.position()
	press(u, fyne.KeyRight)
	if got := eng.position(); got != at+SkipForward {
		t.Errorf("Right: %v, want %v", got, at+SkipForward)
	}
	press(u, fyne.KeyLeft)
	if got := eng.position(); got != at+SkipForward-SkipBack {
		t.Errorf("Left: %v, want %v", got, at+SkipForward-SkipBack)
	}
	eng.set(u.ep.tr.Segments[5].Start + time.Second)
	u.sync()
	press(u, fyne.KeyDown)
	if got := eng.position(); got != u.ep.tr.Segments[6].Start || u.view.Outlined() != 6 {
		t.Errorf("Down: %v (outlined %d), want the start of line 6 %v", got, u.view.Outlined(), u.ep.tr.Segments[6].Start)
	}
	press(u, fyne.KeyUp)
	if got := eng.position(); got != u.ep.tr.Segments[5].Start {
		t.Errorf("Up: %v, want the start of line 5", got)
	}
	// Clicking the seek bar: the keys still reach the window.
	test.Tap(u.bar)
	if f := u.win.Canvas().Focused(); f != fyne.Focusable(u.keys) {
		t.Errorf("focus after tapping the seek bar is %T", f)
	}
}

func TestHighlightFollowsPosition(t *testing.T) {
	u, eng := newTestUI(t, 40)
	tr := u.ep.tr
	for _, c := range []struct {
		pos  time.Duration
		want int
	}{
		{time.Second, -1},
		{tr.Segments[0].Start, 0},
		{tr.Segments[4].Start + 4*time.Second, 4},
		{tr.Segments[5].Start, 5},
		{tr.Segments[1].Start, 1}, // backwards, as after a seek
	} {
		eng.set(c.pos)
		u.sync()
		if u.current() != c.want {
			t.Errorf("at %v the line shown as spoken is %d, want %d", c.pos, u.current(), c.want)
		}
	}
}

// TestTicksTouchNothingThatDidNotChange: a poll of an engine whose state
// moved as predicted gives the view nothing new, and the readouts change
// only when what they show does.
func TestTicksTouchNothingThatDidNotChange(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(12 * time.Second)
	u.sync()
	before := u.view.Playhead()
	label := u.ctl.elapsed.Text
	for i := 0; i < 5; i++ {
		u.sync()
	}
	if u.view.Playhead() != before || u.ctl.elapsed.Text != label {
		t.Errorf("paused: the view was given a new playhead %+v (was %+v)", u.view.Playhead(), before)
	}
	if !playheadMoved(transcriptview.Playhead{}, before) || playheadMoved(before, before) {
		t.Error("playheadMoved")
	}
	at := time.Now()
	a := transcriptview.Playhead{Pos: time.Minute, At: at, Rate: 1}
	b := transcriptview.Playhead{Pos: time.Minute + 200*time.Millisecond + time.Millisecond, At: at.Add(200 * time.Millisecond), Rate: 1}
	if playheadMoved(a, b) {
		t.Error("1 ms of drift over 200 ms moved the playhead")
	}
	b.Pos += 10 * time.Millisecond
	if !playheadMoved(a, b) {
		t.Error("11 ms of drift did not move the playhead")
	}
}

func TestSeekBarDoesNotFightTheDrag(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play()
	eng.set(10 * time.Second)
	u.sync()
	w := u.bar.Size().Width
	u.bar.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(w*0.75, 5)}})
	held := u.bar.Value()
	if held < u.last.Duration/2 {
		t.Fatalf("drag moved the bar to %v of %v", held, u.last.Duration)
	}
	eng.set(11 * time.Second) // playback moves on while the bar is held
	u.sync()
	if u.bar.Value() != held || u.ctl.elapsed.Text != clock.Short(held) {
		t.Errorf("bar %v, label %q under the user's drag to %v", u.bar.Value(), u.ctl.elapsed.Text, held)
	}
	if len(eng.seeks) != 0 {
		t.Errorf("seeked %v during the drag", eng.seeks)
	}
	u.bar.DragEnd()
	if len(eng.seeks) != 1 || eng.seeks[0] != held {
		t.Fatalf("seeks after release: %v, want one to %v", eng.seeks, held)
	}
	for i := 0; i < 5; i++ {
		eng.set(eng.position() + 3*time.Second)
		u.sync()
	}
	if len(eng.seeks) != 1 || u.bar.Value() != eng.position() {
		t.Errorf("the ticks' bar updates seeked (%v) or the bar lags (%v, engine %v)", eng.seeks, u.bar.Value(), eng.position())
	}
}

func TestPlayButtonAndSkipButtons(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.Tap(u.ctl.play)
	if !eng.isPlaying() || !strings.Contains(u.ctl.play.Icon.Name(), "pause") {
		t.Errorf("after play tap: playing %v icon %s", eng.isPlaying(), u.ctl.play.Icon.Name())
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
	if eng.position() != 5*time.Second {
		t.Errorf("back 15: %v", eng.position())
	}
	test.Tap(back)
	if eng.position() != 0 {
		t.Errorf("back past the start: %v, want 0", eng.position())
	}
	eng.set(eng.dur - 10*time.Second)
	test.Tap(fwd)
	if eng.position() != eng.dur {
		t.Errorf("forward past the end: %v, want %v", eng.position(), eng.dur)
	}
	test.Tap(u.ctl.play)
	if eng.isPlaying() {
		t.Error("second tap did not pause")
	}
}

// TestSeekBringsTheLineIntoView: a seek the user makes (the seek bar, the
// skip keys, the line keys) brings the line spoken there into view,
// unless they had scrolled away to read elsewhere.
func TestSeekBringsTheLineIntoView(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.dur = 20 * time.Minute
	eng.set(12 * time.Second) // paused: only the seeks move the view
	u.sync()
	for _, c := range []struct {
		how  string
		seek func()
		line int
	}{
		{"seek bar", func() { u.bar.OnSeek(492 * time.Second) }, 98},
		{"seek bar, far", func() { u.bar.OnSeek(777 * time.Second) }, 155},
		{"Left", func() { press(u, fyne.KeyLeft) }, 152},
		{"seek bar back", func() { u.bar.OnSeek(62 * time.Second) }, 12},
		{"Right", func() { eng.set(300 * time.Second); u.sync(); press(u, fyne.KeyRight) }, 65},
	} {
		c.seek()
		if u.current() != c.line || !u.view.InView(u.rowOf(c.line)) {
			t.Errorf("%s: line %d is current (want %d), in view: %v", c.how, u.current(), c.line, u.view.InView(u.rowOf(c.line)))
		}
	}
	// Scrolled away: the view stays where the user is reading.
	u.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -300}})
	off := u.view.Offset()
	u.bar.OnSeek(900 * time.Second)
	if u.view.Offset() != off {
		t.Errorf("the view moved from %.0f to %.0f while the user read elsewhere", off, u.view.Offset())
	}
}

func TestScrollingAwayShowsBackToNow(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	eng.set(u.ep.tr.Segments[10].Start)
	u.sync()
	u.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -3000}})
	if u.view.Following() || !u.ctl.backToNow.Visible() {
		t.Fatalf("following %v, Back to now shown %v after the user scrolled", u.view.Following(), u.ctl.backToNow.Visible())
	}
	eng.set(u.ep.tr.Segments[30].Start)
	u.sync()
	shortcut(u, hotkeys.now) // Ctrl+G
	if !u.view.Following() || u.ctl.backToNow.Visible() || !u.view.InView(30) {
		t.Fatalf("Ctrl+G: following %v, line 30 in view %v", u.view.Following(), u.view.InView(30))
	}
	u.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: 3000}})
	press(u, fyne.KeyEscape) // Escape does the same when no clip is selected
	if !u.view.Following() {
		t.Error("Escape did not resume following")
	}
	test.Tap(u.ctl.backToNow)
}

func TestNoticesStackAndClear(t *testing.T) {
	u, eng := newTestUI(t, 3)
	eng.noSound = &player.DeviceError{Err: player.ErrNoDevice}
	eng.err = os.ErrClosed
	u.sync()
	if text := u.notes.text(); strings.Count(text, "\n") != 1 || !strings.HasPrefix(text, "No sound device: playing silently") {
		t.Errorf("notices %q, want the device one then the playback one", text)
	}
	u.notes.dismiss(noticeDevice)
	eng.err = nil
	u.notes.set(noticePlayback, "")
	if u.notes.box.Visible() {
		t.Errorf("notice still shown: %q", u.notes.text())
	}
}

// TestSoundDeviceNotices: a device slow to open is waited for aloud after
// a moment, a missing or lost one is named with the reason and can be
// tried again from the menu, and the notice goes once there is sound.
func TestSoundDeviceNotices(t *testing.T) {
	u, eng := newTestUI(t, 3)
	retry := menuItem(t, u, "Playback", "Try Sound Again")
	if !retry.Disabled {
		t.Error("Try Sound Again offered while the device plays")
	}
	eng.opening = true
	u.sync()
	if text := u.notes.text(); text != "" {
		t.Errorf("notice %q as soon as the device is opening", text)
	}
	u.outputSince = u.outputSince.Add(-2 * time.Second)
	u.sync()
	if text := u.notes.text(); !strings.HasPrefix(text, "Waiting for the sound device") {
		t.Errorf("notice %q after 2 s of opening", text)
	}
	eng.opening = false
	eng.noSound = &player.DeviceError{Err: player.ErrNoDevice, Reason: "Connection refused"}
	u.sync()
	if text := u.notes.text(); !strings.HasPrefix(text, "No sound device (Connection refused): playing silently") {
		t.Errorf("notice %q with no device", text)
	}
	retry = menuItem(t, u, "Playback", "Try Sound Again")
	if retry.Disabled {
		t.Fatal("Try Sound Again not offered with no device")
	}
	retry.Action()
	if eng.retries != 1 || !strings.HasPrefix(u.notes.text(), "Trying the sound device again") {
		t.Errorf("after Try Sound Again: %d retries, notice %q", eng.retries, u.notes.text())
	}
	u.retriedAt = u.retriedAt.Add(-retryShown)
	eng.lost = true
	eng.noSound = &player.DeviceError{Err: player.ErrDeviceLost, Reason: "Broken pipe"}
	u.sync()
	if text := u.notes.text(); !strings.HasPrefix(text, "Sound device lost (Broken pipe): paused") {
		t.Errorf("notice %q with the device lost", text)
	}
	eng.noSound, eng.lost = nil, false
	u.sync()
	if text := u.notes.text(); text != "" {
		t.Errorf("notice %q once there is sound", text)
	}
	if !menuItem(t, u, "Playback", "Try Sound Again").Disabled {
		t.Error("Try Sound Again still offered once there is sound")
	}
}

func TestDebugLines(t *testing.T) {
	u, eng := newTestUI(t, 10)
	var lines []string
	u.Debug = func(f string, a ...any) { lines = append(lines, f) }
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 1))
	eng.set(u.ep.tr.Segments[2].Start)
	u.sync()
	joined := strings.Join(lines, "|")
	if !strings.Contains(joined, "seek line=%d") || !strings.Contains(joined, "state pos=") {
		t.Errorf("debug lines %q", lines)
	}
}

func TestDamageAndWarningAreShown(t *testing.T) {
	u, eng := newTestUI(t, 5)
	eng.warning = "odd.mp3: MPEG-2 22.05 kHz audio at 32 kbit/s"
	u.ShowEpisode("Odd", testTranscript(5))
	if !strings.Contains(u.notes.text(), "22.05 kHz") {
		t.Errorf("warning not shown: %q", u.notes.text())
	}
	eng.mu.Lock()
	eng.damage = []player.Damage{{At: 754 * time.Second, Skipped: 200 * time.Millisecond, What: "corrupt audio"}}
	eng.mu.Unlock()
	u.sync()
	if !strings.Contains(u.notes.text(), "corrupt audio at 12:34.000, skipped 0.20 s") {
		t.Errorf("damage notice %q", u.notes.text())
	}
	eng.mu.Lock()
	eng.damage = append(eng.damage, player.Damage{At: time.Hour, What: "junk between frames", Bytes: 10})
	eng.mu.Unlock()
	u.sync()
	if !strings.Contains(u.notes.text(), "and 1 more spot.") {
		t.Errorf("damage notice %q", u.notes.text())
	}
}

func TestSpeedKeysAndMenu(t *testing.T) {
	u, eng := newTestUI(t, 5)
	press(u, fyne.KeyRightBracket)
	press(u, fyne.KeyRightBracket)
	press(u, fyne.KeyRightBracket)
	if eng.Status().Speed != 1.3 || u.ctl.speed.Text != "1.3×" {
		t.Errorf("after ] ] ]: speed %v, button %q", eng.Status().Speed, u.ctl.speed.Text)
	}
	// The menu lists 1.3× and marks it, though it is none of its presets.
	test.Tap(u.ctl.speed)
	var checked []string
	for _, it := range u.speedMenu().Items {
		if it.Checked {
			checked = append(checked, it.Label)
		}
	}
	if len(checked) != 1 || checked[0] != "1.3×" {
		t.Errorf("the speed menu marks %q at 1.3×", checked)
	}
	tapOverlayText(t, u, "1.0×")
	if eng.Status().Speed != 1 || u.ctl.speed.Text != "1.0×" {
		t.Errorf("speed menu: %v", eng.Status().Speed)
	}
	for i := 0; i < 30; i++ {
		press(u, fyne.KeyRightBracket)
	}
	if eng.Status().Speed != 3 {
		t.Errorf("speed %v, want the maximum 3", eng.Status().Speed)
	}
	for i := 0; i < 40; i++ {
		press(u, fyne.KeyLeftBracket)
	}
	if eng.Status().Speed != 0.5 || u.ctl.speed.Text != "0.5×" {
		t.Errorf("speed %v, want the minimum 0.5", eng.Status().Speed)
	}
}

// TestPollWakesAsTheClockTurns: playing, the window reads the engine
// again just as the clock it shows reaches the next whole second (when the
// transcript view moves its progress mark), so both change in one frame;
// the clock shows the second that is on screen when it is heard.
func TestPollWakesAsTheClockTurns(t *testing.T) {
	u, eng := newTestUI(t, 40)
	stillClock(u)
	lead := transcriptview.DefaultLead
	eng.set(12900*time.Millisecond - lead)
	eng.Play()
	u.sync()
	if d, want := u.nextPoll(u.last.At), 100*time.Millisecond+time.Millisecond; d != want {
		t.Errorf("0.1 s before the clock turns, the next poll is in %v, want %v", d, want)
	}
	eng.set(12300*time.Millisecond - lead)
	u.sync()
	if d := u.nextPoll(u.last.At); d != pollEvery {
		t.Errorf("0.7 s before the clock turns, the next poll is in %v, want %v", d, pollEvery)
	}
	eng.SetSpeed(2)
	eng.set(12900*time.Millisecond - 2*lead) // the lead is wall time
	u.sync()
	if d, want := u.nextPoll(u.last.At), 50*time.Millisecond+time.Millisecond; d != want {
		t.Errorf("at 2×, the next poll is in %v, want %v", d, want)
	}
	eng.set(13*time.Second - lead/2)
	u.sync()
	if u.ctl.elapsed.Text != "0:13" {
		t.Errorf("half the lead before 0:13, the clock shows %q", u.ctl.elapsed.Text)
	}
	eng.Pause()
	u.sync()
	if d := u.nextPoll(time.Now()); d != pollEvery {
		t.Errorf("paused, the next poll is in %v", d)
	}
}

// TestPlaceStoredWhenTheLoopEndsWithoutOnStopped: Fyne's shutdown can
// drop its OnStopped callback and still return from its loop (seen in
// make test: SIGTERM, exit 0, no place); the place is stored all the
// same. The loop here is one that returns at once, calling nothing.
func TestPlaceStoredWhenTheLoopEndsWithoutOnStopped(t *testing.T) {
	u, eng := newTestUI(t, 30)
	ep := episodes(t, 1)[0]
	key, _ := places.KeyOf(ep)
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	eng.Play()
	eng.set(70 * time.Second)
	u.sync()
	u.run(func() {})
	p, ok := u.places.Get(key)
	if !ok || p.Position != 70*time.Second {
		t.Fatalf("stored %+v, %v; want 1:10", p, ok)
	}
	f, err := places.Open(u.places.(*places.File).Path())
	if p, ok := f.Get(key); err != nil || !ok || p.Position != 70*time.Second {
		t.Errorf("on disk %+v, %v, %v; want 1:10", p, ok, err)
	}
}

// TestASignalEndsAStuckApp: when the app has not stopped by itself within
// stopGrace of SIGTERM (Fyne's shutdown lost its OnStopped and waits for
// ever), endOnSignal stores the place and ends the process. The app runs
// in a child process, this test's binary again, which plays to 1:10 and
// then never stops.
func TestASignalEndsAStuckApp(t *testing.T) {
	if ep := os.Getenv("READALONG_STUCK_EPISODE"); ep != "" {
		u, eng := newTestUI(t, 30)
		pl, err := places.Open(os.Getenv("READALONG_STUCK_PLACES"))
		if err != nil {
			t.Fatal(err)
		}
		u.places = pl
		eng.dur = 10 * time.Minute
		u.OpenFiles(ep, "")
		eng.Play()
		eng.set(70 * time.Second)
		u.sync()
		u.endOnSignal()
		fmt.Println("ready")
		select {} // stuck, as Fyne's shutdown can be
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	ep := episodes(t, 1)[0]
	key, _ := places.KeyOf(ep)
	stored := filepath.Join(t.TempDir(), "places.json")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestASignalEndsAStuckApp$")
	// The child ends without its test's clean-up: its temporary files go
	// where this test's are removed.
	cmd.Env = append(os.Environ(), "READALONG_STUCK_EPISODE="+ep, "READALONG_STUCK_PLACES="+stored, "TMPDIR="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewScanner(out)
	for r.Scan() && r.Text() != "ready" {
	}
	signalled := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() {
		for r.Scan() {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the stuck app ended with %v, want exit 0", err)
		}
	case <-time.After(stopGrace + 10*time.Second):
		t.Fatalf("the stuck app did not end within %v of SIGTERM", stopGrace+10*time.Second)
	}
	took := time.Since(signalled)
	t.Logf("the stuck app ended %v after SIGTERM", took.Round(time.Millisecond))
	if took < stopGrace {
		t.Errorf("the app was ended %v after SIGTERM, before Fyne's own shutdown had its %v", took, stopGrace)
	}
	f, err := places.Open(stored)
	if p, ok := f.Get(key); err != nil || !ok || p.Position != 70*time.Second {
		t.Errorf("stored %+v, %v, %v; want 1:10", p, ok, err)
	}
}

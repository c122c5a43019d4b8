package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"readalong/app/session"
	"readalong/clock"
)

// syncEpisode opens a 10-minute episode whose transcript beside it has
// 40 lines, 5 s apart from 0:02 ("Line 0." to "Line 39.").
func syncEpisode(t *testing.T) (*UI, *fakeEngine, string) {
	t.Helper()
	u, eng := newTestUI(t, 40)
	eng.dur = 10 * time.Minute
	dir := t.TempDir()
	ep := filepath.Join(dir, "ep.mp3")
	os.WriteFile(ep, []byte("audio"), 0o644)
	var segs []string
	for i := 0; i < 40; i++ {
		segs = append(segs, clock.Stamp(time.Duration(2+5*i)*time.Second)+" Line "+itoa(i)+".")
	}
	os.WriteFile(filepath.Join(dir, "ep.txt"), []byte(strings.Join(segs, "\n\n")+"\n"), 0o644)
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	return u, eng, ep
}

func TestSyncOffsetAndPins(t *testing.T) {
	u, eng, ep := syncEpisode(t)
	dir := filepath.Dir(ep)
	if u.syncBar.box.Visible() {
		t.Fatal("the sync bar shows at zero")
	}
	line := func(i int) time.Duration { return u.ep.tr.Segments[i].Start }
	for i := 0; i < 3; i++ {
		press(u, fyne.KeyPeriod)
	}
	if line(0) != 2300*time.Millisecond || !u.syncBar.box.Visible() || !strings.Contains(u.syncBar.label.Text, "0.3 s later") {
		t.Fatalf(". three times: line 0 at %v, bar %v %q", line(0), u.syncBar.box.Visible(), u.syncBar.label.Text)
	}
	if u.view.Rows()[0].Start != 2300*time.Millisecond {
		t.Error("the view does not show the new times")
	}
	shift(u, true)
	press(u, fyne.KeyComma) // <
	shift(u, false)
	if line(0) != 1300*time.Millisecond {
		t.Errorf("<: line 0 at %v", line(0))
	}
	eng.set(1400 * time.Millisecond)
	u.sync()
	if u.current() != 0 {
		t.Errorf("at 1.4 s the line is %d, want 0", u.current())
	}
	menuItem(t, u, "Transcript", "Reset Sync").Action()
	if line(0) != 2*time.Second || u.syncBar.box.Visible() {
		t.Errorf("reset: line 0 at %v", line(0))
	}
	// An ad of 60 s plays before line 10: the listener pins line 10 when
	// it starts, then line 30 when it does (after another 30 s ad).
	u.setCursor(10)
	eng.set(52*time.Second + 60*time.Second)
	shift(u, true)
	press(u, fyne.KeyReturn)
	shift(u, false)
	if line(10) != 112*time.Second || line(0) != 62*time.Second {
		t.Fatalf("one pin: line 10 at %v, line 0 at %v; want all 60 s later", line(10), line(0))
	}
	eng.set(152*time.Second + 90*time.Second)
	u.setCursor(30)
	u.lineMenu(30, fyne.NewPos(100, 100))
	tapOverlayText(t, u, "This line is being spoken now (4:02)")
	if line(10) != 112*time.Second || line(30) != 242*time.Second || line(20) != 177*time.Second {
		t.Fatalf("two pins: line 10 at %v, line 20 at %v, line 30 at %v", line(10), line(20), line(30))
	}
	if !strings.Contains(u.notes.text(), "re-timed between lines 11 and 31") {
		t.Errorf("notice %q", u.notes.text())
	}
	// A third pin, between them, where the listener hears line 20 later
	// than the two pins made it: the re-timing bends there.
	eng.set(200 * time.Second)
	u.setCursor(20)
	u.lineMenu(20, fyne.NewPos(100, 100))
	tapOverlayText(t, u, "This line is being spoken now (3:20)")
	if line(10) != 112*time.Second || line(15) != 156*time.Second || line(20) != 200*time.Second || line(25) != 221*time.Second || line(30) != 242*time.Second {
		t.Fatalf("three pins: lines 10, 15, 20, 25, 30 at %v %v %v %v %v", line(10), line(15), line(20), line(25), line(30))
	}
	if !strings.Contains(u.notes.text(), "re-timed through lines 11, 21 and 31") {
		t.Errorf("notice %q", u.notes.text())
	}
	// Stored with the episode: reopening it brings the re-timing back.
	eng.Pause()
	u.sync()
	u.OpenFiles(ep, "")
	if line(30) != 242*time.Second || len(u.ep.sync.Pins) != 3 {
		t.Errorf("reopened: line 30 at %v, %d pins", line(30), len(u.ep.sync.Pins))
	}
	// Opened once without its transcript, the episode keeps its pins.
	os.Rename(filepath.Join(dir, "ep.txt"), filepath.Join(dir, "ep.keep"))
	u.OpenFiles(ep, "")
	if u.ep.tr.Len() != 0 || len(u.ep.sync.Pins) != 3 || strings.Contains(u.notes.text(), "re-timed") {
		t.Errorf("without its transcript: %d lines, %d pins kept, notice %q", u.ep.tr.Len(), len(u.ep.sync.Pins), u.notes.text())
	}
	u.remember(true)
	os.Rename(filepath.Join(dir, "ep.keep"), filepath.Join(dir, "ep.txt"))
	u.OpenFiles(ep, "")
	if line(30) != 242*time.Second {
		t.Errorf("with its transcript back: line 30 at %v", line(30))
	}
	// An offset alone is stored too.
	u.resetSync()
	u.nudgeSync(SyncStepLarge)
	u.OpenFiles(ep, "")
	if u.ep.sync.Offset != time.Second || line(0) != 3*time.Second {
		t.Errorf("offset after reopening: %v, line 0 at %v", u.ep.sync.Offset, line(0))
	}
	// Another transcript drops the pins, not the offset.
	u.setCursor(5)
	eng.set(70 * time.Second)
	u.lineIsNow(5)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("00:00:10 A different line.\n\n00:00:20 And another.\n"), 0o644)
	u.nudgeSync(SyncStepLarge)
	if err := u.OpenTranscript(other); err != nil {
		t.Fatal(err)
	}
	if len(u.ep.sync.Pins) != 0 || u.ep.sync.Offset != time.Second || line(0) != 11*time.Second {
		t.Errorf("another transcript: sync %+v, line 0 at %v; want the offset of 1 s kept", u.ep.sync, line(0))
	}
	if strings.Contains(u.notes.text(), "now starts at") {
		t.Errorf("the pin's notice outlived the transcript: %q", u.notes.text())
	}
}

// Stored pins that contradict each other (two lines pinned out of their
// order): the older is dropped, and the notice says which, numbered as
// the listener sees the lines.
func TestContradictingPinsSayWhichWasDropped(t *testing.T) {
	u, _, _ := syncEpisode(t)
	u.ep.sync = session.Sync{Pins: []session.Pin{{Line: 10, At: 300 * time.Second}, {Line: 30, At: 100 * time.Second}}}
	u.applySync()
	want := "Pins contradict each other: line 11 at 5:00.0 dropped, the newer pins stand"
	if got := u.notes.text(); !strings.Contains(got, want) {
		t.Errorf("notice %q, want %q", got, want)
	}
	if len(u.ep.sync.Pins) != 1 || u.ep.sync.Pins[0].Line != 30 || u.ep.tr.Segments[30].Start != 100*time.Second {
		t.Errorf("sync %+v, line 31 at %v; want the newer pin alone, applied", u.ep.sync, u.ep.tr.Segments[30].Start)
	}
}

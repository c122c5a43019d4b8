package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/align"
	tsync "readalong/sync"
)

// demoCopy copies the demo episode and its transcript into a folder of
// the test's own.
func demoCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"episode.mp3", "episode.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "assets", "demo", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	return filepath.Join(dir, "episode.mp3")
}

// alignUI is a test window whose alignment answers on the test's
// goroutine (see waitUntil), with its cache in a temp folder.
func alignUI(t *testing.T) (*UI, *fakeEngine, chan func()) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	u, eng := newTestUI(t, 3)
	ch := make(chan func(), 256)
	u.aligner.do = func(f func()) { ch <- f }
	return u, eng, ch
}

func TestAlignWithoutTheEngine(t *testing.T) {
	u, _, _ := alignUI(t)
	var said []string
	u.Debug = func(f string, a ...any) { said = append(said, strings.TrimSpace(fmt.Sprintf(f, a...))) }
	u.aligner.available = func() error { return align.ErrUnavailable }
	if err := u.OpenFiles(demoCopy(t), ""); err != nil {
		t.Fatal(err)
	}
	u.alignTranscript()
	if !strings.Contains(strings.Join(said, "\n"), "dialog: Alignment is not available") {
		t.Errorf("no message saying alignment is not available: %q", said)
	}
	if u.aligner.cancel != nil || u.aligner.before != nil {
		t.Error("an alignment started without the engine")
	}
	// Align on open says nothing then: the episode opens as before.
	said = nil
	u.setAlignOnOpen(true)
	if err := u.OpenFiles(demoCopy(t), ""); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(said, "\n"), "dialog:") {
		t.Errorf("align on open without the engine showed a dialog: %q", said)
	}
}

func TestAlignTheDemo(t *testing.T) {
	if err := align.Available(); err != nil {
		t.Skipf("alignment is not built in: %v", err)
	}
	u, _, ch := alignUI(t)
	ep := demoCopy(t)
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	own := append([]tsync.Segment(nil), u.ep.tr.Segments...)
	if menuItem(t, u, "Transcript", "Undo Alignment").Disabled == false {
		t.Error("Undo Alignment is enabled before any alignment")
	}
	started := time.Now()
	u.alignTranscript()
	if menuItem(t, u, "Transcript", "Stop Aligning").Disabled {
		t.Error("Stop Aligning is disabled while aligning")
	}
	if _, ok := u.notes.done[noticeAlign]; !ok || u.notes.acts[noticeAlign] == nil {
		t.Error("no progress bar and Stop button while aligning")
	}
	for end := time.Now().Add(3 * time.Minute); u.aligner.cancel != nil; {
		select {
		case f := <-ch:
			f()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(end) {
			t.Fatal("not aligned within 3 minutes")
		}
	}
	t.Logf("aligned in %v: %s", time.Since(started).Round(time.Millisecond), u.notes.msgs[noticeAlign])
	if n := u.notes.msgs[noticeAlign]; !strings.HasPrefix(n, "Aligned ") {
		t.Fatalf("notice %q", n)
	}
	if _, ok := u.notes.done[noticeAlign]; ok {
		t.Error("the progress bar stayed after the alignment")
	}
	// The demo's lines start exactly on their whole-second stamps: the
	// aligned starts are found there (where the sound rises), and the
	// lines now carry where they end and their words' times, which the
	// transcript as written has not.
	near, ended, worded := 0, 0, 0
	for i, s := range u.ep.tr.Segments {
		if d := s.Start - own[i].Start; d > -50*time.Millisecond && d < 50*time.Millisecond {
			near++
		}
		if s.End > s.Start && own[i].End == 0 {
			ended++
		}
		if len(s.Words) > 1 {
			worded++
		}
	}
	if near < len(own)-1 || ended < len(own)-1 || worded < len(own)/2 {
		t.Errorf("of %d lines %d start within 50 ms of where they are spoken, %d have their ends and %d word times from the alignment", len(own), near, ended, worded)
	}
	rows := u.view.Rows()
	if len(rows[u.rowOf(1)].Words) == 0 {
		t.Error("the view has no word times for line 1")
	}
	// Saved as WebVTT, with a stamp before each word.
	out := filepath.Join(t.TempDir(), "aligned.vtt")
	if err := u.saveTranscript(out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); strings.Count(string(b), "<00:") < len(own) {
		t.Errorf("the saved WebVTT has %d word stamps", strings.Count(string(b), "<00:"))
	}
	// Undo: the transcript's own times again.
	u.undoAlignment()
	for i, s := range u.ep.tr.Segments {
		if s.Start != own[i].Start {
			t.Fatalf("after Undo line %d starts at %v, its stamp is %v", i, s.Start, own[i].Start)
		}
	}
	// Aligned again: from the cache, the key read off the UI goroutine.
	u.alignTranscript()
	waitUntil(t, ch, "the alignment from the cache", func() bool { return u.aligner.cancel == nil })
	if !strings.Contains(u.notes.msgs[noticeAlign], "aligned before") || u.aligner.before == nil {
		t.Errorf("aligning again did not use the cache: %q", u.notes.msgs[noticeAlign])
	}
	if _, ok := u.notes.done[noticeAlign]; ok {
		t.Error("the progress bar stayed after the alignment from the cache")
	}
	// Another transcript: the alignment goes with the old one.
	if err := u.OpenTranscript(filepath.Join(filepath.Dir(ep), "episode.txt")); err != nil {
		t.Fatal(err)
	}
	if u.aligner.before != nil || u.ep.tr.Segments[1].Start != own[1].Start {
		t.Error("the alignment stayed with a new transcript")
	}
}

// TestPinsWinOverTheAlignment: a line pinned by the listener starts at
// the pin over what the alignment found; the lines the alignment placed
// elsewhere stay where it placed them, and those the pin contradicts
// move between their neighbours.
func TestPinsWinOverTheAlignment(t *testing.T) {
	u, eng, _ := alignUI(t)
	if err := u.OpenFiles(demoCopy(t), ""); err != nil {
		t.Fatal(err)
	}
	own := u.ep.base
	n := own.Len()
	res := &align.Result{Lines: make([]align.LineTiming, n)}
	for i, s := range own.Segments {
		end := s.Start + 2*time.Second
		if i+1 < n {
			end = own.Segments[i+1].Start + 400*time.Millisecond
		}
		res.Lines[i] = align.LineTiming{Index: i, Start: s.Start + 500*time.Millisecond, End: end, Found: true,
			Words: []align.WordTiming{{Text: "w", Start: s.Start + 500*time.Millisecond, End: end}}}
	}
	u.applyAlignment(own, res, false)
	aligned := append([]tsync.Segment(nil), u.ep.tr.Segments...)
	if aligned[3].Start != own.Segments[3].Start+500*time.Millisecond {
		t.Fatalf("aligned: line 4 at %v", aligned[3].Start)
	}
	// The listener hears line 5 start 3 s later than the alignment says
	// (past where it put line 6, when the lines are that close).
	pin := aligned[4].Start + 3*time.Second
	eng.set(pin)
	u.lineIsNow(4)
	got := u.ep.tr.Segments
	if got[4].Start != pin || got[4].Words[0].Start != pin {
		t.Fatalf("the pinned line starts at %v (its word at %v), want %v", got[4].Start, got[4].Words[0].Start, pin)
	}
	for i := range got {
		switch {
		case i < 4 && aligned[i].Start < pin, i > 4 && aligned[i].Start > pin:
			if got[i].Start != aligned[i].Start {
				t.Errorf("line %d moved from %v to %v: the pin does not contradict it", i+1, aligned[i].Start, got[i].Start)
			}
		case i > 4:
			if got[i].Start <= pin {
				t.Errorf("line %d at %v, before the pin on line 5 (%v)", i+1, got[i].Start, pin)
			}
		}
		if i > 0 && got[i].Start < got[i-1].Start {
			t.Errorf("line %d at %v, before line %d at %v", i+1, got[i].Start, i, got[i-1].Start)
		}
	}
	if len(u.ep.sync.Pins) != 1 || u.aligner.before == nil {
		t.Errorf("pins %v; aligned %v", u.ep.sync.Pins, u.aligner.before != nil)
	}
	// Undo Alignment: the transcript's own times, and no pin.
	u.undoAlignment()
	if u.ep.tr.Segments[4].Start != own.Segments[4].Start || len(u.ep.sync.Pins) != 0 {
		t.Errorf("after Undo line 5 at %v, pins %v", u.ep.tr.Segments[4].Start, u.ep.sync.Pins)
	}
}

// TestAlignTakesOneCoreWhilePlaying: while the episode plays the
// alignment decodes on one core, while it is paused on every core.
func TestAlignTakesOneCoreWhilePlaying(t *testing.T) {
	u, eng, _ := alignUI(t)
	eng.Play()
	u.sync()
	if n := u.aligner.cores(); n != 1 {
		t.Errorf("playing: the alignment may take %d cores, want 1", n)
	}
	eng.Pause()
	u.sync()
	if n := u.aligner.cores(); n < 2 {
		t.Errorf("paused: the alignment may take %d cores, want all", n)
	}
}

func TestAlignProgress(t *testing.T) {
	if got := alignProgress(30*time.Second, 120*time.Second, 10*time.Second); got != "25 %, about 0:30 left" {
		t.Errorf("alignProgress = %q", got)
	}
	if got := alignProgress(0, 0, 0); got != "0 %" {
		t.Errorf("alignProgress of nothing = %q", got)
	}
}

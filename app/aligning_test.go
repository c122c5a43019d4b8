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
	// The lines move off their whole-second stamps, and carry their words.
	moved, worded := 0, 0
	for i, s := range u.ep.tr.Segments {
		if s.Start != own[i].Start {
			moved++
		}
		if len(s.Words) > 1 {
			worded++
		}
	}
	if moved < len(own)/2 || worded < len(own)/2 {
		t.Errorf("of %d lines %d moved and %d have word times", len(own), moved, worded)
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
	// Aligned again: from the cache, at once.
	u.alignTranscript()
	if u.aligner.cancel != nil || !strings.Contains(u.notes.msgs[noticeAlign], "aligned before") {
		t.Errorf("aligning again did not use the cache: %q", u.notes.msgs[noticeAlign])
	}
	// Another transcript: the alignment goes with the old one.
	if err := u.OpenTranscript(filepath.Join(filepath.Dir(ep), "episode.txt")); err != nil {
		t.Fatal(err)
	}
	if u.aligner.before != nil || u.ep.tr.Segments[1].Start != own[1].Start {
		t.Error("the alignment stayed with a new transcript")
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

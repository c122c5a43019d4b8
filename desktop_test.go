package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readalong/desktop"
	"readalong/desktop/testbus"
)

func TestWindowArgs(t *testing.T) {
	rest, newInstance := windowArgs([]string{"file:///srv/a%20b/ep.mp3", "--new-instance", "notes.vtt"})
	if fmt.Sprint(rest) != "[/srv/a b/ep.mp3 notes.vtt]" || !newInstance {
		t.Errorf("windowArgs = %q, %v", rest, newInstance)
	}
	rest, newInstance = windowArgs([]string{"ep.mp3"})
	if fmt.Sprint(rest) != "[ep.mp3]" || newInstance {
		t.Errorf("windowArgs = %q, %v", rest, newInstance)
	}
}

// runningWindow stands in for the window already open: what it was
// handed.
type runningWindow struct {
	mu    sync.Mutex
	calls []string
}

func (w *runningWindow) add(s string) { w.mu.Lock(); w.calls = append(w.calls, s); w.mu.Unlock() }
func (w *runningWindow) take() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := strings.Join(w.calls, ", ")
	w.calls = nil
	return s
}
func (w *runningWindow) Play()                 {}
func (w *runningWindow) Pause()                {}
func (w *runningWindow) Toggle()               {}
func (w *runningWindow) Stop()                 {}
func (w *runningWindow) Next()                 {}
func (w *runningWindow) Previous()             {}
func (w *runningWindow) SeekBy(time.Duration)  {}
func (w *runningWindow) SeekTo(time.Duration)  {}
func (w *runningWindow) SetRate(float64)       {}
func (w *runningWindow) SetVolume(float64)     {}
func (w *runningWindow) Quit()                 {}
func (w *runningWindow) Raise()                { w.add("Raise") }
func (w *runningWindow) Open(uri string) error { w.add("Open " + uri); return nil }

func TestSecondStartHandsOver(t *testing.T) {
	testbus.Use(t)
	t.Setenv("DISPLAY", "") // a window opening here would fail the test
	t.Setenv("WAYLAND_DISPLAY", "")
	w := &runningWindow{}
	s, err := desktop.Start(w, desktop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	ep := filepath.Join(dir, "episode.mp3")
	tr := filepath.Join(dir, "episode.vtt")
	os.WriteFile(ep, nil, 0o644)
	os.WriteFile(tr, []byte("WEBVTT\n"), 0o644)

	code, _, errs := runCmd(desktop.FileURI(ep), tr)
	if code != exitOK || errs != "" {
		t.Fatalf("second start: exit %d, %q", code, errs)
	}
	if got, want := w.take(), "Open "+desktop.FileURI(ep)+", Open "+desktop.FileURI(tr)+", Raise"; got != want {
		t.Errorf("the running window got %s, want %s", got, want)
	}

	// --new-instance opens a window of its own (here: no display).
	code, _, errs = runCmd(ep, "--new-instance")
	if code != exitFailed || !strings.Contains(errs, "no display") || w.take() != "" {
		t.Errorf("--new-instance: exit %d, %q", code, errs)
	}
	// The command-line verbs never hand over.
	code, _, _ = runCmd("info", "player/testdata/speech-64k-mono.mp3")
	if code != exitOK || w.take() != "" {
		t.Errorf("info: exit %d, handed over", code)
	}
	// A missing file is said here, not handed over.
	code, _, errs = runCmd(filepath.Join(dir, "missing.mp3"))
	if code != exitFailed || !strings.Contains(errs, "missing.mp3") || w.take() != "" {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

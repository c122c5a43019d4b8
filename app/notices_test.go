package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"readalong/player"
)

// TestNoticesCanBeDismissedAndNewsGoes: every notice has a button that
// dismisses it; news ("Quote copied.") goes by itself.
func TestNoticesCanBeDismissedAndNewsGoes(t *testing.T) {
	u, _ := newTestUI(t, 3)
	u.notes.set(noticeEpisode, "No transcript found beside x.mp3.")
	u.notes.set(noticeDamage, "Damaged audio: corrupt audio at 1:00.000.")
	if len(u.notes.box.Objects) != 2 {
		t.Fatalf("%d notices shown", len(u.notes.box.Objects))
	}
	for _, o := range test.LaidOutObjects(u.notes.box) {
		if l, ok := o.(*widget.Label); ok && l.Truncation == 0 {
			t.Error("a notice wraps: a long one would eat the transcript's room")
		}
	}
	test.Tap(u.notes.closes[noticeEpisode])
	if u.notes.text() != "Damaged audio: corrupt audio at 1:00.000." || len(u.notes.box.Objects) != 1 {
		t.Errorf("after dismissing: %q", u.notes.text())
	}
	var due time.Duration
	var fire func()
	u.notes.after = func(d time.Duration, f func()) func() { due, fire = d, f; return func() {} }
	u.notes.set(noticeExport, "Quote copied.")
	if due != newsFor[noticeExport] || fire == nil {
		t.Fatalf("the news is not timed: %v", due)
	}
	fire()
	if u.notes.msgs[noticeExport] != "" {
		t.Error("the news stayed")
	}
	if u.notes.msgs[noticeDamage] == "" {
		t.Error("a notice that is no news went by itself")
	}
}

// TestNoticeProgressAndStop: a notice of work under way shows a progress
// bar and a Stop button beside its text; the bar follows the work, and
// both go when the work ends or the notice does.
func TestNoticeProgressAndStop(t *testing.T) {
	u, _ := newTestUI(t, 3)
	stopped := 0
	u.notes.set(noticeAlign, "Aligning the transcript to the audio…")
	u.notes.setProgress(noticeAlign, 0, "Stop", func() { stopped++ })
	u.notes.setProgress(noticeAlign, 0.25, "Stop", func() { stopped++ })
	shown := func() (bar *widget.ProgressBar, stop *widget.Button) {
		for _, o := range test.LaidOutObjects(u.notes.box) {
			switch w := o.(type) {
			case *widget.ProgressBar:
				bar = w
			case *widget.Button:
				if w.Text == "Stop" {
					stop = w
				}
			}
		}
		return bar, stop
	}
	bar, stop := shown()
	if bar == nil || stop == nil || bar.Value != 0.25 {
		t.Fatalf("bar %v, Stop button %v", bar, stop)
	}
	test.Tap(stop)
	if stopped != 1 {
		t.Errorf("Stop called the action %d times", stopped)
	}
	u.notes.setProgress(noticeAlign, -1, "", nil)
	if bar, stop := shown(); bar != nil || stop != nil || u.notes.text() == "" {
		t.Errorf("after the work: bar %v, Stop %v, notice %q", bar, stop, u.notes.text())
	}
	// A notice removed takes its bar with it.
	u.notes.setProgress(noticeAlign, 0.5, "Stop", func() {})
	u.notes.set(noticeAlign, "")
	u.notes.set(noticeAlign, "Aligned.")
	if bar, _ := shown(); bar != nil {
		t.Error("a new notice from the same source showed the old progress bar")
	}
}

// A notice begins with a capital, whatever the error it quotes; a
// device error without words is named for what failed (it panicked).
func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"aligned 3 of 3 lines":       "Aligned 3 of 3 lines",
		"pins contradict each other": "Pins contradict each other",
		"écoute: the device is busy": "Écoute: the device is busy",
		"":                           "",
		"Already a sentence":         "Already a sentence",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
	if got := outputNotice(player.Status{Output: player.OutputLost, OutputErr: errors.New("")}, 0); !strings.HasPrefix(got, "The sound device failed: paused") {
		t.Errorf("a device error without words: notice %q", got)
	}
}

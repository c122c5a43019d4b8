package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
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

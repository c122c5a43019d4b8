package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestSkipLengthsAreSettings(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(100 * time.Second)
	u.setSkips(10*time.Second, 45*time.Second)
	press(u, fyne.KeyRight)
	if eng.position() != 145*time.Second {
		t.Errorf("Right: %v", eng.position())
	}
	press(u, fyne.KeyLeft)
	if eng.position() != 135*time.Second {
		t.Errorf("Left: %v", eng.position())
	}
	if u.ctl.back.Text != "10" || u.ctl.fwd.Text != "45" {
		t.Errorf("buttons %q %q", u.ctl.back.Text, u.ctl.fwd.Text)
	}
	menuItem(t, u, "Playback", "Forward 45 s")
	u2 := New(fyne.CurrentApp(), eng, nil)
	defer u2.win.Close()
	if u2.skips != [2]time.Duration{10 * time.Second, 45 * time.Second} {
		t.Errorf("stored skips read back as %v", u2.skips)
	}
	u.showSettings()
	found := 0
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok && (s.Selected == "10 s" || s.Selected == "45 s") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("settings dialog shows %d of the two lengths", found)
	}
}

// TestTextSize: Ctrl+=, Ctrl+- and Ctrl+0 change the transcript's text,
// stored; the rows are measured again and the line in view stays.
func TestTextSize(t *testing.T) {
	u, eng := newTestUI(t, 100)
	eng.set(u.ep.tr.Segments[50].Start)
	u.sync()
	u.backToNowAction()
	_, h := u.view.RowY(0)
	shortcut(u, hotkeys.larger)
	shortcut(u, hotkeys.larger)
	_, h2 := u.view.RowY(0)
	if u.reading.scale != 1.2 || h2 <= h || !u.view.InView(50) {
		t.Errorf("Ctrl+= twice: scale %v, row 0 %v high (was %v), line 50 in view %v", u.reading.scale, h2, h, u.view.InView(50))
	}
	if s := u.prefs().Float(prefTextScale); s != 1.2 {
		t.Errorf("text size stored as %v", s)
	}
	shortcut(u, hotkeys.smaller)
	if u.reading.scale != 1.1 {
		t.Errorf("Ctrl+-: %v", u.reading.scale)
	}
	shortcut(u, hotkeys.actual)
	if _, h3 := u.view.RowY(0); u.reading.scale != 1 || h3 != h {
		t.Errorf("Ctrl+0: scale %v, row 0 %v high, want %v", u.reading.scale, h3, h)
	}
}

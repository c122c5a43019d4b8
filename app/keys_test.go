package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestKeysActOnTheOutlinedLine(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	// Down outlines and plays the next line; Enter plays the outlined line.
	press(u, fyne.KeyDown)
	if u.ep.cursor != 3 || u.view.Outlined() != 3 || eng.position() != u.ep.tr.Segments[3].Start {
		t.Fatalf("Down: cursor %d at %v", u.ep.cursor, eng.position())
	}
	eng.set(u.ep.tr.Segments[3].Start + 3*time.Second)
	press(u, fyne.KeyReturn)
	if eng.position() != u.ep.tr.Segments[3].Start {
		t.Errorf("Enter: %v", eng.position())
	}
	press(u, fyne.KeyUp)
	press(u, fyne.KeyUp)
	if u.ep.cursor != 1 {
		t.Fatalf("Up twice from line 3 outlined line %d", u.ep.cursor)
	}
	// Ctrl+C copies the outlined line with its time.
	shortcut(u, &fyne.ShortcutCopy{})
	if got, want := fyne.CurrentApp().Clipboard().Content(), "[0:07] Theo: "+u.ep.tr.Segments[1].Text+"\n"; got != want {
		t.Errorf("Ctrl+C copied %q, want %q", got, want)
	}
	// With lines 1–3 selected, Ctrl+C copies them.
	u.selectLines(1, 3)
	shortcut(u, &fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); strings.Count(got, "\n") != 3 || !strings.HasPrefix(got, "[0:07] Theo:") {
		t.Errorf("Ctrl+C on lines 1–3 copied %q", got)
	}
	// F1 and ? show the shortcuts sheet.
	press(u, fyne.KeyF1)
	if !sheetShown(u) {
		t.Fatal("F1 did not show the shortcuts sheet")
	}
	u.sheet.Hide()
	shift(u, true)
	press(u, fyne.KeySlash)
	shift(u, false)
	if !sheetShown(u) {
		t.Error("? did not show the shortcuts sheet")
	}
}

// sheetShown reports whether the shortcuts sheet is on the canvas.
func sheetShown(u *UI) bool {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && (l.Text == "Keyboard shortcuts" || l.Text == "Ctrl+F") {
			return true
		}
	}
	return false
}

// Playback moving on by itself makes the keys act on the line spoken
// again; a line outlined while reading elsewhere stays outlined.
func TestOutlineFollowsPlayback(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play()
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	if u.ep.cursor != 2 {
		t.Fatalf("cursor %d after the click", u.ep.cursor)
	}
	eng.set(u.ep.tr.Segments[3].Start)
	u.sync()
	if u.ep.cursor != -1 || u.cursorOrCurrent() != 3 {
		t.Errorf("after playback reached line 3 the keys act on line %d", u.cursorOrCurrent())
	}
	u.view.StopFollowing()
	u.setCursor(10)
	eng.set(u.ep.tr.Segments[4].Start)
	u.sync()
	if u.ep.cursor != 10 {
		t.Errorf("the outline moved to %d while reading elsewhere", u.ep.cursor)
	}
}

// The keyboard comes back to the window's shortcuts from any widget but
// the search field, and not while a dialog is open; keys do not reach the
// window behind a dialog, but Escape closes the shortcuts sheet.
func TestKeysComeBackAndStayOutOfDialogs(t *testing.T) {
	u, eng := newTestUI(t, 10)
	u.win.Canvas().Focus(u.find.entry)
	u.sync()
	if u.win.Canvas().Focused() != fyne.Focusable(u.keys) {
		t.Errorf("focus stayed on %T", u.win.Canvas().Focused())
	}
	u.openSearch()
	u.sync()
	if u.win.Canvas().Focused() != fyne.Focusable(u.find.entry) {
		t.Error("the search field lost the keyboard")
	}
	u.closeSearch()
	press(u, fyne.KeyF1)
	press(u, fyne.KeySpace)
	if eng.isPlaying() {
		t.Error("Space behind the shortcuts sheet played")
	}
	press(u, fyne.KeyEscape)
	if sheetShown(u) {
		t.Error("Escape did not close the shortcuts sheet")
	}
	u.sync()
	press(u, fyne.KeySpace)
	if !eng.isPlaying() {
		t.Error("Space after the sheet closed did not play")
	}
}

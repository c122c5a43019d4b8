package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestShiftClickSelectsLines(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 1))
	seeks := len(eng.seeks)
	shift(u, true)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 3))
	if len(eng.seeks) != seeks {
		t.Error("shift-click seeked")
	}
	s := u.ep.sel
	if !s.Active() || s.In != u.ep.tr.Segments[1].Start || s.Out != u.ep.tr.Segments[4].Start {
		t.Fatalf("selection %+v, want lines 1–3", s)
	}
	if !u.clip.box.Visible() || !strings.Contains(u.clip.label.Text, "0:07.0 → 0:22.0 (15.0 s)") {
		t.Errorf("clip bar %v %q", u.clip.box.Visible(), u.clip.label.Text)
	}
	// A plain click starts over.
	shift(u, false)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 4))
	if u.ep.sel.Active() {
		t.Error("plain click kept the selection")
	}
	// Dragging across rows selects them too.
	u.view.OnDragged(5, 7, true)
	if s := u.ep.sel; s.In != u.ep.tr.Segments[5].Start || s.Out != u.ep.tr.Segments[8].Start {
		t.Errorf("drag over lines 5–7 selected %+v", s)
	}
}

func TestMarksAndNudges(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(12 * time.Second)
	press(u, fyne.KeyI)
	eng.set(20 * time.Second)
	press(u, fyne.KeyO)
	if u.ep.sel.In != 12*time.Second || u.ep.sel.Out != 20*time.Second {
		t.Fatalf("marks %+v", u.ep.sel)
	}
	tapClipButton := func(n int) { // the clip bar's nth button
		k := 0
		for _, o := range u.clip.box.Objects {
			if b, ok := o.(interface{ Tapped(*fyne.PointEvent) }); ok {
				if k == n {
					b.Tapped(&fyne.PointEvent{})
					return
				}
				k++
			}
		}
		t.Fatalf("no button %d in the clip bar", n)
	}
	tapClipButton(0) // start earlier
	tapClipButton(3) // end later
	tapClipButton(3)
	if u.ep.sel.In != 11900*time.Millisecond || u.ep.sel.Out != 20200*time.Millisecond {
		t.Errorf("after nudges %+v", u.ep.sel)
	}
	press(u, fyne.KeyEscape)
	if u.ep.sel.Active() || u.clip.box.Visible() {
		t.Error("Escape kept the selection")
	}
}

func TestPreviewStopsAtTheEnd(t *testing.T) {
	u, eng := newTestUI(t, 40)
	u.setSelection(selectionOf(10*time.Second, 14*time.Second))
	u.preview()
	if !eng.isPlaying() || eng.position() != 10*time.Second {
		t.Fatalf("preview: playing %v at %v", eng.isPlaying(), eng.position())
	}
	eng.set(13 * time.Second)
	u.sync()
	if !eng.isPlaying() {
		t.Fatal("preview stopped early")
	}
	eng.set(14 * time.Second)
	u.sync()
	if eng.isPlaying() {
		t.Error("preview played past the clip")
	}
}

func TestCopyQuoteAndLines(t *testing.T) {
	u, _ := newTestUI(t, 10)
	u.selectLines(2, 3)
	u.copyQuote()
	got := fyne.CurrentApp().Clipboard().Content()
	want := "Maya: " + u.ep.tr.Segments[2].Text + "\nTheo: " + u.ep.tr.Segments[3].Text + "\n— Test episode, at 0:12\n"
	if got != want {
		t.Errorf("clipboard:\n%q\nwant\n%q", got, want)
	}
	shortcut(u, &fyne.ShortcutCopy{}) // Ctrl+C
	got = fyne.CurrentApp().Clipboard().Content()
	if want := "[0:12] Maya: " + u.ep.tr.Segments[2].Text + "\n[0:17] Theo: " + u.ep.tr.Segments[3].Text + "\n"; got != want {
		t.Errorf("Ctrl+C:\n%q\nwant\n%q", got, want)
	}
	// In the search field, Ctrl+C copies the field's selection.
	u.openSearch()
	u.find.entry.SetText("Line")
	u.find.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	shortcut(u, &fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "Line" {
		t.Errorf("Ctrl+C in the search field copied %q", got)
	}
}

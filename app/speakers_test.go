package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestSpeakerLegendAndFilter(t *testing.T) {
	u, eng := newTestUI(t, 40)
	if !u.legend.box.Visible() || len(u.legend.chips.Objects) != 3 {
		t.Fatalf("legend shown %v with %d chips, want All, Maya, Theo", u.legend.box.Visible(), len(u.legend.chips.Objects))
	}
	v := variant()
	if u.reading.Color(speakerColorName(0), v) == u.reading.Color(speakerColorName(1), v) {
		t.Error("both speakers have the same colour")
	}
	// Tapping Theo lists his lines only.
	test.Tap(u.legend.chips.Objects[2].(*speakerChip))
	if len(u.view.Rows()) != 20 {
		t.Fatalf("%d rows listed for Theo, want 20", len(u.view.Rows()))
	}
	for row := range u.view.Rows() {
		if s := u.segOf(row); u.ep.tr.Segments[s].Speaker != "Theo" {
			t.Errorf("line %d of %s listed", s, u.ep.tr.Segments[s].Speaker)
		}
	}
	// Down steps through Theo's lines; a click plays the line tapped.
	eng.set(u.ep.tr.Segments[3].Start)
	u.sync()
	press(u, fyne.KeyDown)
	if eng.position() != u.ep.tr.Segments[5].Start {
		t.Errorf("Down among Theo's lines went to %v, want line 5", eng.position())
	}
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 7))
	if eng.position() != u.ep.tr.Segments[7].Start {
		t.Errorf("tap on Theo's row went to %v, want line 7", eng.position())
	}
	// While Maya speaks (line 8), Theo's line before her is shown as spoken.
	eng.set(u.ep.tr.Segments[8].Start + time.Second)
	u.sync()
	if u.current() != 7 {
		t.Errorf("during line 8 (Maya's) the view shows line %d", u.current())
	}
	// Ctrl+C on a selection made while filtered copies his lines only.
	u.selectLines(3, 7)
	shortcut(u, &fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); strings.Count(got, "\n") != 3 || strings.Contains(got, "Maya") {
		t.Errorf("Ctrl+C while filtered copied %q", got)
	}
	u.clearSelection()
	if !menuSpeakers(u)["Theo only"] {
		t.Error("View › Speakers does not check Theo")
	}
	test.Tap(u.legend.chips.Objects[0].(*speakerChip))
	if len(u.view.Rows()) != 40 {
		t.Errorf("%d rows after All", len(u.view.Rows()))
	}
}

// menuSpeakers lists the View › Speakers items, checked or not.
func menuSpeakers(u *UI) map[string]bool {
	out := map[string]bool{}
	for _, m := range u.win.MainMenu().Items {
		for _, i := range m.Items {
			if i.Label == "Speakers" && i.ChildMenu != nil {
				for _, c := range i.ChildMenu.Items {
					out[c.Label] = c.Checked
				}
			}
		}
	}
	return out
}

package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	tsync "readalong/sync"
)

func TestSearchCountsJumpsAndCloses(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	eng.set(u.ep.tr.Segments[40].Start)
	u.sync()
	shortcut(u, hotkeys.find)
	if !u.find.box.Visible() || u.win.Canvas().Focused() != fyne.Focusable(u.find.entry) {
		t.Fatal("Ctrl+F did not open the search bar and focus it")
	}
	// "number 1" is in lines 1, 10–19 and 100–199: 111 lines. The first
	// one at or after the playing line (40) is line 100, match 12.
	test.Type(u.find.entry, "NUMBER 1")
	want := 0
	for _, s := range u.ep.tr.Segments {
		if strings.Contains(s.Text, "number 1") {
			want++
		}
	}
	s := &u.ep.search
	if len(s.Matches) != want || u.find.count.Text != "12 of "+itoa(want) {
		t.Fatalf("%d matches, count %q; want 12 of %d", len(s.Matches), u.find.count.Text, want)
	}
	if tg, _ := s.Current(); tg.Seg != 100 || u.ep.cursor != 100 || !u.view.InView(100) {
		t.Fatalf("went to line %d (cursor %d, in view %v), want 100", tg.Seg, u.ep.cursor, u.view.InView(100))
	}
	if u.view.Following() || !u.ctl.backToNow.Visible() {
		t.Error("following did not pause at the match")
	}
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	u.find.entry.TypedKey(enter)
	if tg, _ := s.Current(); u.find.count.Text != "13 of "+itoa(want) || tg.Seg != 101 {
		t.Errorf("Enter: %q at line %d", u.find.count.Text, tg.Seg)
	}
	shift(u, true)
	for i := 0; i < 13; i++ {
		u.find.entry.TypedKey(enter)
	}
	shift(u, false)
	if tg, _ := s.Current(); u.find.count.Text != itoa(want)+" of "+itoa(want) || tg.Seg != 199 {
		t.Errorf("Shift+Enter 13 times from 13: %q at line %d, want round to the last", u.find.count.Text, tg.Seg)
	}
	// Enter outside the bar plays the line found.
	u.focusKeys()
	press(u, fyne.KeyReturn)
	if eng.position() != u.ep.tr.Segments[199].Start {
		t.Errorf("Enter played from %v, want line 199", eng.position())
	}
	shortcut(u, hotkeys.find)
	test.Type(u.find.entry, "zzz")
	if u.find.count.Text != "No matches" {
		t.Errorf("no match: %q", u.find.count.Text)
	}
	eng.set(u.ep.tr.Segments[60].Start)
	u.sync()
	u.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.find.box.Visible() || !u.view.Following() || s.Query != "" || !u.view.InView(60) {
		t.Fatal("Escape did not close the search and return to the playing line")
	}
	// Opened again at line 61: the last query is searched again from
	// there, selected, so that typing replaces it.
	eng.set(u.ep.tr.Segments[61].Start)
	u.sync()
	shortcut(u, hotkeys.find)
	if s.Query != "zzz" || u.find.count.Text != "No matches" || u.find.entry.SelectedText() != "zzz" {
		t.Errorf("reopened: query %q, count %q, selected %q", s.Query, u.find.count.Text, u.find.entry.SelectedText())
	}
	test.Type(u.find.entry, "number 7")
	if tg, _ := s.Current(); u.find.entry.Text != "number 7" || tg.Seg != 70 {
		t.Errorf("typed over the old query: %q, went to line %d, want 70 (the first after 61)", u.find.entry.Text, tg.Seg)
	}
	u.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !u.view.InView(61) {
		t.Error("the second Escape did not return to the playing line")
	}
}

func TestSearchMarksRowsAndTheSeekBar(t *testing.T) {
	u, _ := newTestUI(t, 3)
	u.ShowEpisode("Café", tsync.New([]tsync.Segment{
		{Start: time.Second, Text: "We met at the Café de Flore."},
		{Start: 3 * time.Second, Text: "Nothing here."},
		{Start: 5 * time.Second, Text: "Another cafe, and a CAFÉ."},
	}))
	u.openSearch()
	test.Type(u.find.entry, "cafe")
	if len(u.ep.search.Matches) != 2 || u.find.count.Text != "1 of 2" {
		t.Fatalf("matches %v, count %q", u.ep.search.Matches, u.find.count.Text)
	}
	spans := u.ep.search.Spans()
	if len(spans[2]) != 2 || len(spans[0]) != 1 {
		t.Errorf("spans %v", spans)
	}
	// Only one speaker's lines listed: the matches are theirs only.
	tr := testTranscript(20)
	u.ShowEpisode("Two", tr)
	u.filterSpeaker("Theo")
	u.openSearch()
	test.Type(u.find.entry, "number 1")
	for _, m := range u.ep.search.Matches {
		if tr.Segments[m.Segment].Speaker != "Theo" {
			t.Errorf("match in line %d, not Theo's", m.Segment)
		}
	}
}
